"""Samples/s of the MLP (784-512-512-10, SGD, cross entropy) on 1 process and with DDP (gloo,
CPU) on 2, a fixed batch per rank, one thread per process: as Flint's ddp-scaling bench.

argv: steps batch master_port. Prints one JSON line {"value": [sps_1, sps_2], "blas": ...}.
"""
import json
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from blas import loaded_blas


def model():
    torch.manual_seed(0)
    return torch.nn.Sequential(
        torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10)
    )


def train(m, steps, batch):
    opt = torch.optim.SGD(m.parameters(), lr=0.01)
    x = torch.randn(batch, 784)
    y = torch.randint(0, 10, (batch,))

    def step():
        opt.zero_grad()
        torch.nn.functional.cross_entropy(m(x), y).backward()
        opt.step()

    for _ in range(3):
        step()
    if dist.is_initialized():
        dist.barrier()
    start = time.perf_counter()
    for _ in range(steps):
        step()
    if dist.is_initialized():
        dist.barrier()
    return time.perf_counter() - start


def rank_main(rank, world, port, steps, batch, queue):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    seconds = train(torch.nn.parallel.DistributedDataParallel(model()), steps, batch)
    if rank == 0:
        queue.put(seconds)
    dist.destroy_process_group()


if __name__ == "__main__":
    steps, batch, port = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    torch.set_num_threads(1)
    one = steps * batch / train(model(), steps, batch)
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    mp.spawn(rank_main, args=(2, port, steps, batch, q), nprocs=2)
    two = 2 * steps * batch / q.get()
    print(json.dumps({"value": [one, two], "blas": loaded_blas()}))
