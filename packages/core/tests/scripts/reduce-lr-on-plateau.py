# Generates fixtures/reduce-lr-on-plateau.json with PyTorch (Debian's python3-torch 1.13):
#   /usr/bin/python3 packages/core/tests/scripts/reduce-lr-on-plateau.py > packages/core/tests/fixtures/reduce-lr-on-plateau.json
import json
import torch

metrics = [1.0, 0.9, 0.95, 0.95, 0.96, 0.89999, 0.97, 0.98, 0.99, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.49995, 0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2]
configs = [
    {},
    {"mode": "min", "factor": 0.5, "patience": 1, "threshold": 0.01, "threshold_mode": "abs", "cooldown": 2, "min_lr": [0.02, 0.001]},
    {"mode": "max", "factor": 0.3, "patience": 2, "threshold": 1e-3, "threshold_mode": "rel", "cooldown": 0, "min_lr": 0.0},
    {"mode": "max", "factor": 0.9, "patience": 0, "threshold": 0.05, "threshold_mode": "abs", "eps": 0.05},
]
cases = []
for cfg in configs:
    p1, p2 = torch.nn.Parameter(torch.zeros(2)), torch.nn.Parameter(torch.zeros(3))
    opt = torch.optim.SGD([{"params": [p1], "lr": 0.1}, {"params": [p2], "lr": 0.01}], lr=0.1)
    kw = dict(cfg)
    if kw.get("patience") is None:
        kw["patience"] = 3
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, **kw)
    lrs = []
    for m in metrics:
        sched.step(m)
        lrs.append([g["lr"] for g in opt.param_groups])
    sd = sched.state_dict()
    state = {k: sd[k] for k in ["best", "num_bad_epochs", "cooldown_counter", "last_epoch"]}
    cases.append({"options": kw, "lrs": lrs, "finalState": state})
print(json.dumps({"torch": torch.__version__, "initialLrs": [0.1, 0.01], "metrics": metrics, "cases": cases}, indent=1))
