"""Trains an MLP on the real Iris data with an exported optimizer and with torch.optim.AdamW,
each tuned on the same learning-rate grid (factors of its usual default) and weight-decay grid,
and prints one JSON object with the held-out losses (test/cli/export-pytorch-iris.test.ts).

Usage: train_iris.py IRIS_JSON EXPORT_DIR
  IRIS_JSON   {"x": [[4 floats] * 150], "y": [150 class indices]}
  EXPORT_DIR  holds export_module.py with DiscoveredOptimizer (symdisc export --to pytorch)
"""
import inspect
import json
import math
import sys

import torch

sys.path.insert(0, sys.argv[2])
from export_module import DiscoveredOptimizer  # noqa: E402

torch.set_num_threads(1)
LR_FACTORS = [0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0]
WEIGHT_DECAYS = [0.0, 1e-4, 1e-3, 1e-2, 1e-1]
SEEDS = [0, 1]
STEPS = 250
BATCH = 16
HIDDEN = 16
ADAMW_USUAL_LR = 1e-3

with open(sys.argv[1]) as f:
    data = json.load(f)
X_ALL = torch.tensor(data["x"], dtype=torch.float32)
Y_ALL = torch.tensor(data["y"], dtype=torch.long)
assert X_ALL.shape == (150, 4) and Y_ALL.shape == (150,)


def split(seed):
    """100 training and 50 held-out flowers, standardized by the training rows."""
    g = torch.Generator().manual_seed(1000 + seed)
    order = torch.randperm(150, generator=g)
    train, held = order[:100], order[100:]
    mean, std = X_ALL[train].mean(0), X_ALL[train].std(0)
    return (X_ALL[train] - mean) / std, Y_ALL[train], (X_ALL[held] - mean) / std, Y_ALL[held]


def model(seed):
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Linear(4, HIDDEN), torch.nn.Tanh(), torch.nn.Linear(HIDDEN, 3))


def held_out(net, xh, yh):
    with torch.no_grad():
        out = net(xh)
        return torch.nn.functional.cross_entropy(out, yh).item(), (out.argmax(1) == yh).float().mean().item()


def train(make_optimizer, seed):
    xt, yt, xh, yh = split(seed)
    net = model(seed)
    initial, _ = held_out(net, xh, yh)
    opt = make_optimizer(net.parameters())
    g = torch.Generator().manual_seed(seed)
    for _ in range(STEPS):
        idx = torch.randint(0, xt.shape[0], (BATCH,), generator=g)
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(xt[idx]), yt[idx])
        loss.backward()
        opt.step()
    loss, acc = held_out(net, xh, yh)
    if not math.isfinite(loss):
        loss = math.inf
    return initial, loss, acc


def tune(name, make, lrs, decays):
    """Mean held-out loss over the seeds at every (lr, weight decay); the best setting wins."""
    best = None
    for lr in lrs:
        for wd in decays:
            runs = [train(lambda params: make(params, lr, wd), s) for s in SEEDS]
            mean_loss = sum(r[1] for r in runs) / len(runs)
            if best is None or mean_loss < best["heldOutLoss"]:
                best = {
                    "name": name, "lr": lr, "weightDecay": wd, "heldOutLoss": mean_loss,
                    "accuracy": sum(r[2] for r in runs) / len(runs),
                    "initialLoss": sum(r[0] for r in runs) / len(runs),
                }
    return best


rule_default_lr = inspect.signature(DiscoveredOptimizer.__init__).parameters["lr_value"].default
has_decay = "weight_decay" in inspect.signature(DiscoveredOptimizer.__init__).parameters


def make_rule(params, lr, wd):
    return DiscoveredOptimizer(params, lr_value=lr, weight_decay=wd) if has_decay else DiscoveredOptimizer(params, lr_value=lr)


adamw = tune("torch.optim.AdamW", lambda params, lr, wd: torch.optim.AdamW(params, lr=lr, weight_decay=wd), [ADAMW_USUAL_LR * f for f in LR_FACTORS], WEIGHT_DECAYS)
# The rule's decay grid is AdamW's in the rule's own units: its default (the discovered or selected
# value) times 0.01 to 10, and 0. For a decay selected on select's grid (1e-5, per unit of the lr
# input) that is 0, 1e-7, ..., 1e-4, which is AdamW's 0, 1e-4, ..., 1e-1 at AdamW's lr 1e-3.
rule_default_decay = inspect.signature(DiscoveredOptimizer.__init__).parameters["weight_decay"].default if has_decay else None
rule_decays = [0.0] + [float("%.3g" % (rule_default_decay * f)) for f in (0.01, 0.1, 1.0, 10.0)] if rule_default_decay else WEIGHT_DECAYS
rule = tune("exported rule", make_rule, [rule_default_lr * f for f in LR_FACTORS], rule_decays if has_decay else [None])
print(json.dumps({"adamw": adamw, "rule": rule, "ruleDefaultLr": rule_default_lr, "ruleHasWeightDecay": has_decay, "steps": STEPS, "seeds": len(SEEDS)}))
