"""Seconds per float32 all_reduce (gloo, CPU) for each size, on WORLD processes (torch.multiprocessing).

argv: world master_port size[,size...]. Prints one JSON line {"value": [...], "blas": ...}: the
mean over a few calls after a warm-up, between barriers, as Flint's bench measures.
"""
import json
import os
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
from blas import loaded_blas


def iters_for(n):
    return 10 if n <= 1 << 20 else 3 if n <= 10 << 20 else 1


def run(rank, world, port, sizes, queue):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(1)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    times = []
    for n in sizes:
        t = torch.ones(n)
        dist.all_reduce(t)
        iters = iters_for(n)
        dist.barrier()
        start = time.perf_counter()
        for _ in range(iters):
            dist.all_reduce(t)
        dist.barrier()
        times.append((time.perf_counter() - start) / iters)
        del t
    if rank == 0:
        queue.put(times)
    dist.destroy_process_group()


if __name__ == "__main__":
    world, port = int(sys.argv[1]), int(sys.argv[2])
    sizes = [int(s) for s in sys.argv[3].split(",")]
    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    mp.spawn(run, args=(world, port, sizes, q), nprocs=world)
    print(json.dumps({"value": q.get(), "blas": loaded_blas()}))
