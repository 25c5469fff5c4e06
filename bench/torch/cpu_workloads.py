"""The `npm run bench -- cpu` workloads in PyTorch: prints one JSON line of figures.

W0 matmul 1024^2 float32 (GF/s, 1 and 2 threads); W1 MLP 784-256-256-10 batch 128, W2 the seed
CNN batch 64, W3 LeNet-5 batch 64 (training samples/s, SGD lr 0.01, cross entropy, 1 thread).
argv[1] (optional) scales the number of timed steps. Every figure is given twice: by wall time,
and by this process's CPU time (steadier on a shared machine; W0 on 2 threads only by wall time).
"""
import json
import sys
import time

import torch
from torch import nn
from blas import loaded_blas

scale = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def matmul_gfs(threads, n=1024):
    torch.set_num_threads(threads)
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    for _ in range(2):
        torch.matmul(a, b)
    wall, cpu = [], []
    for _ in range(7):
        t, c = time.perf_counter(), time.process_time()
        torch.matmul(a, b)
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return 2 * n**3 / median(wall) / 1e9, 2 * n**3 / median(cpu) / 1e9


def train_rate(model, input_shape, batch, steps):
    torch.set_num_threads(1)
    torch.manual_seed(0)
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, *input_shape)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(max(2, steps // 5)):
        step()
    t, c = time.perf_counter(), time.process_time()
    for _ in range(steps):
        step()
    return batch * steps / (time.perf_counter() - t), batch * steps / (time.process_time() - c)


def steps(n):
    return max(2, int(n * scale))


mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
cnn = nn.Sequential(nn.Conv2d(3, 64, 3, 1, 1), nn.ReLU(), nn.Flatten(), nn.Linear(64 * 32 * 32, 10))
lenet = nn.Sequential(
    nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
    nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
    nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.ReLU(), nn.Linear(84, 10),
)

both = {
    "w0_1t": matmul_gfs(1),
    "w0_2t": matmul_gfs(2),
    "w1": train_rate(mlp, (784,), 128, steps(40)),
    "w2": train_rate(cnn, (3, 32, 32), 64, steps(8)),
    "w3": train_rate(lenet, (1, 28, 28), 64, steps(30)),
}
wall = {k: v[0] for k, v in both.items()}
cpu = {k: v[1] for k, v in both.items()}
cpu["w0_2t"] = None
print(json.dumps({"value": wall["w0_1t"], "figures": wall, "cpuFigures": cpu, "blas": loaded_blas()}))
