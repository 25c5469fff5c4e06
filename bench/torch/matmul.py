"""GF/s of a float32 n x n matmul in PyTorch, one thread, median of several runs."""
import json
import sys
import time

import torch
from blas import loaded_blas

n = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
torch.set_num_threads(1)
a = torch.rand(n, n)
b = torch.rand(n, n)
torch.matmul(a, b)
times = []
for _ in range(5):
    t = time.perf_counter()
    torch.matmul(a, b)
    times.append(time.perf_counter() - t)
times.sort()
print(json.dumps({"value": 2 * n**3 / times[len(times) // 2] / 1e9, "blas": loaded_blas()}))
