"""Median microseconds of a 4-element add in PyTorch; argv[1] == 'grad' records autograd."""
import json
import sys
import time

import torch
from blas import loaded_blas

torch.set_num_threads(1)
grad = len(sys.argv) > 1 and sys.argv[1] == "grad"
a = torch.rand(4, requires_grad=grad)
b = torch.rand(4)
for _ in range(2000):
    torch.add(a, b)
samples = []
for _ in range(20):
    t = time.perf_counter()
    for _ in range(2000):
        torch.add(a, b)
    samples.append((time.perf_counter() - t) / 2000 * 1e6)
samples.sort()
print(json.dumps({"value": samples[len(samples) // 2], "blas": loaded_blas()}))
