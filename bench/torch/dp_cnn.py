"""Training samples/s of the seed CNN (Conv2d(3,64,3,1,1) -> ReLU -> flatten -> Linear(65536,10),
batch 64, SGD lr 0.01, cross entropy) on one CPU thread, plain and wrapped in nn.DataParallel.
Without CUDA, DataParallel has no device ids and calls the module directly (PyTorch does not
split a batch over CPU "devices"). argv[1]: timed steps (default 8)."""
import json
import sys
import time

import torch
from torch import nn
from blas import loaded_blas

steps = int(sys.argv[1]) if len(sys.argv) > 1 else 8
torch.set_num_threads(1)
torch.manual_seed(0)


class SeedCnn(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 64, 3, 1, 1)
        self.fc = nn.Linear(64 * 32 * 32, 10)

    def forward(self, x):
        return self.fc(torch.relu(self.conv1(x)).view(x.size(0), -1))


def samples_per_second(model):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(64, 3, 32, 32)
    y = torch.randint(0, 10, (64,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    for _ in range(2):
        step()
    t = time.perf_counter()
    for _ in range(steps):
        step()
    return 64 * steps / (time.perf_counter() - t)


single = samples_per_second(SeedCnn())
dp_model = nn.DataParallel(SeedCnn())
dp = samples_per_second(dp_model)
print(json.dumps({"value": dp, "blas": loaded_blas(), "figures": {"single": single, "dataParallel": dp, "deviceIds": len(dp_model.device_ids)}}))
