"""Training samples/s of the MLP 784-256-256-10 (batch 128, SGD lr 0.01, cross entropy) in
PyTorch on one CPU thread. argv[1]: timed steps (default 40)."""
import json
import sys
import time

import torch
from torch import nn
from blas import loaded_blas

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 40
torch.set_num_threads(1)
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
opt = torch.optim.SGD(model.parameters(), lr=0.01)
loss_fn = nn.CrossEntropyLoss()
x = torch.rand(128, 784)
y = torch.randint(0, 10, (128,))


def step():
    opt.zero_grad()
    loss = loss_fn(model(x), y)
    loss.backward()
    opt.step()
    return loss.item()


for _ in range(max(2, steps // 5)):
    step()
t = time.perf_counter()
for _ in range(steps):
    step()
print(json.dumps({"value": 128 * steps / (time.perf_counter() - t), "blas": loaded_blas()}))
