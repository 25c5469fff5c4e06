"""The char-level GPT of `npm run example -- gpt` in PyTorch, on the same names and split.

argv[1]: JSON {config, run, names: [paths of names.json], mode: "train" | "speed", speedSteps}.
"train" runs the example's whole schedule and prints the final validation loss and seconds;
"speed" times `speedSteps` training steps and prints training tokens/s. One CPU thread.
"""
import json
import math
import sys
import time

import torch
import torch.nn.functional as F
from torch import nn
from blas import loaded_blas

spec = json.loads(sys.argv[1])
cfg, run = spec['config'], spec['run']
torch.set_num_threads(1)
torch.manual_seed(0)

names = sorted({n.lower() for path in spec['names'] for n in json.load(open(path))})
vocab = '.' + ''.join(sorted(set(''.join(names))))
encode = lambda ns: torch.tensor([vocab.index(c) for c in ''.join(n + '.' for n in ns)], dtype=torch.long)
train = encode([n for i, n in enumerate(names) if i % 10 != 0])
val = encode([n for i, n in enumerate(names) if i % 10 == 0])
T = cfg['blockSize']


def windows(stream, stride):
    starts = torch.arange(0, len(stream) - T, stride)
    idx = starts[:, None] + torch.arange(T + 1)[None, :]
    w = stream[idx]
    return w[:, :-1], w[:, 1:]


class Block(nn.Module):
    def __init__(self, e, h):
        super().__init__()
        self.h = h
        self.ln_1, self.ln_2 = nn.LayerNorm(e), nn.LayerNorm(e)
        self.c_attn, self.attn_proj = nn.Linear(e, 3 * e), nn.Linear(e, e)
        self.c_fc, self.c_proj = nn.Linear(e, 4 * e), nn.Linear(4 * e, e)

    def forward(self, x):
        b, t, e = x.shape
        q, k, v = self.c_attn(self.ln_1(x)).split(e, 2)
        split = lambda z: z.view(b, t, self.h, e // self.h).transpose(1, 2)
        q, k, v = split(q), split(k), split(v)
        s = (q @ k.transpose(-2, -1)) / math.sqrt(e // self.h)
        s = s.masked_fill(torch.ones(t, t, dtype=torch.bool).triu(1), float('-inf'))
        y = (s.softmax(-1) @ v).transpose(1, 2).reshape(b, t, e)
        x = x + self.attn_proj(y)
        return x + self.c_proj(F.gelu(self.c_fc(self.ln_2(x)), approximate='tanh'))


class Gpt(nn.Module):
    def __init__(self):
        super().__init__()
        e = cfg['nEmbd']
        self.wte, self.wpe = nn.Embedding(len(vocab), e), nn.Embedding(T, e)
        self.h = nn.ModuleList([Block(e, cfg['nHead']) for _ in range(cfg['nLayer'])])
        self.ln_f = nn.LayerNorm(e)
        self.lm_head = nn.Linear(e, len(vocab), bias=False)
        self.lm_head.weight = self.wte.weight
        for name, p in self.named_parameters():
            if name.endswith('bias'):
                nn.init.zeros_(p)
            elif p.dim() == 2:
                std = 0.02 / math.sqrt(2 * cfg['nLayer']) if name.endswith(('c_proj.weight', 'attn_proj.weight')) else 0.02
                nn.init.normal_(p, 0, std)

    def forward(self, idx):
        x = self.wte(idx) + self.wpe(torch.arange(idx.shape[1]))
        for blk in self.h:
            x = blk(x)
        return self.lm_head(self.ln_f(x))


model = Gpt()
params = list(model.parameters())
opt = torch.optim.AdamW([{'params': [p for p in params if p.dim() >= 2], 'weight_decay': 0.1},
                         {'params': [p for p in params if p.dim() < 2], 'weight_decay': 0.0}], lr=run['lr'], betas=(0.9, 0.95))
steps, warmup = run['steps'], run['warmup']
sched = torch.optim.lr_scheduler.SequentialLR(opt, [
    torch.optim.lr_scheduler.LinearLR(opt, start_factor=0.1, total_iters=warmup),
    torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps - warmup, eta_min=run['lr'] / 10)], milestones=[warmup])
xs, ys = windows(train, 1)
vx, vy = windows(val, T)
B = run['batchSize']


def batches():
    while True:
        perm = torch.randperm(len(xs))
        for i in range(0, len(perm) - B + 1, B):
            yield xs[perm[i:i + B]], ys[perm[i:i + B]]


def train_step(x, y):
    logits = model(x)
    loss = F.cross_entropy(logits.reshape(-1, len(vocab)), y.reshape(-1))
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    sched.step()
    return loss


data = batches()
if spec['mode'] == 'speed':
    n = spec.get('speedSteps', 30)
    for _ in range(5):
        train_step(*next(data))
    t0 = time.perf_counter()
    for _ in range(n):
        train_step(*next(data))
    print(json.dumps({'value': n * B * T / (time.perf_counter() - t0), 'blas': loaded_blas()}))
else:
    t0 = time.perf_counter()
    for _ in range(steps):
        train_step(*next(data))
    with torch.no_grad():
        logits = model(vx)
        vloss = F.cross_entropy(logits.reshape(-1, len(vocab)), vy.reshape(-1)).item()
    print(json.dumps({'value': vloss, 'seconds': time.perf_counter() - t0, 'blas': loaded_blas()}))
