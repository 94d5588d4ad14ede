#!/usr/bin/python3
"""Goldens for package lrscheduler, produced by real PyTorch 1.13 (Debian python3-torch).

    /usr/bin/python3 gen.py > lrscheduler.json

Learning rates are Python floats and JSON keeps them exactly (repr round-trips), so the
Go side can ask for bit-exact agreement. Each case builds an SGD optimizer with one or
two parameter groups, attaches a scheduler and records every group's lr after each
step (for ReduceLROnPlateau, after each step with the given metric), what verbose=True
printed, and the optimizer's repr once the scheduler is attached.
"""

import contextlib
import io
import math
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../internal/golden"))
from golden import dumps, use_openblas  # noqa: E402

use_openblas()  # before torch loads a BLAS

import torch  # noqa: E402
from torch.optim import lr_scheduler as S  # noqa: E402

CLASSES = {"step": S.StepLR, "exponential": S.ExponentialLR, "cosine": S.CosineAnnealingLR,
           "plateau": S.ReduceLROnPlateau}


def optimizer(lrs):
    groups = [{"params": [torch.nn.Parameter(torch.zeros(1))], "lr": lr} for lr in lrs]
    return torch.optim.SGD(groups, lr=lrs[0], momentum=0.9)


def plain(v):
    return list(v) if isinstance(v, tuple) else v


# a validation loss that falls, stalls, wobbles inside and outside the thresholds and
# falls again; and the same negated for mode="max"
METRICS = [1.0, 0.8, 0.7, 0.69995, 0.7, 0.71, 0.69, 0.6899, 0.6899, 0.68, 0.5, 0.5,
           0.5, 0.5, 0.49, 0.495, 0.45, 0.46, 0.47, 0.48, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3,
           0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.2, float("nan"), 0.1, 0.1, 0.1, 0.1]

CASES = [
    ("step", [0.1], {"step_size": 3}, 12),
    ("step", [0.1, 0.03], {"step_size": 2, "gamma": 0.5}, 12),
    ("step", [0.7], {"step_size": 1, "gamma": 0.9}, 40),
    ("exponential", [0.1], {"gamma": 0.9}, 40),
    ("exponential", [0.5, 0.01], {"gamma": 0.99}, 40),
    ("cosine", [0.1], {"T_max": 10}, 45),
    ("cosine", [0.1, 0.05], {"T_max": 7, "eta_min": 0.001}, 45),
    ("cosine", [1.0], {"T_max": 3, "eta_min": 0.25}, 20),
    ("cosine", [0.3], {"T_max": 100}, 120),
    ("plateau", [0.1], {}, None),
    ("plateau", [0.1], {"patience": 2}, None),
    ("plateau", [0.1, 0.01], {"mode": "max", "factor": 0.5, "patience": 1, "cooldown": 2}, None),
    ("plateau", [0.1], {"threshold_mode": "abs", "threshold": 0.05, "patience": 1, "min_lr": 0.02}, None),
    ("plateau", [0.1], {"threshold": 0.0, "patience": 0, "factor": 0.5, "cooldown": 1}, None),
    ("plateau", [0.1, 0.2], {"min_lr": [0.05, 0.001], "patience": 0, "factor": 0.3, "eps": 1e-3}, None),
    ("plateau", [0.1], {"mode": "max", "threshold_mode": "abs", "threshold": 0.01, "patience": 3}, None),
]

cases = []
for kind, lrs, kw, steps in CASES:
    opt = optimizer(lrs)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        sched = CLASSES[kind](opt, verbose=True, **kw)
        attached = repr(opt)
        lr_steps = []
        metrics = None
        if kind == "plateau":
            metrics = [-m for m in METRICS] if kw.get("mode") == "max" else METRICS
            for m in metrics:
                sched.step(m)
                lr_steps.append([g["lr"] for g in opt.param_groups])
        else:
            lr_steps.append(sched.get_last_lr())
            for _ in range(steps):
                opt.step()
                sched.step()
                lr_steps.append([g["lr"] for g in opt.param_groups])
    case = {"kind": kind, "lrs": lrs, "kwargs": {k: plain(v) for k, v in kw.items()}, "steps": lr_steps,
            "verbose": out.getvalue(), "repr": attached, "last_epoch": sched.last_epoch}
    if metrics is not None:
        case["metrics"] = [m if not math.isnan(m) else "nan" for m in metrics]
    cases.append(case)

# Resuming: a first scheduler sets initial_lr and runs a few steps, then a second one is
# made with last_epoch where the first stopped (the path a restarted run takes).
resume = []
for kind, kw, first in [("step", {"step_size": 3, "gamma": 0.5}, 4), ("exponential", {"gamma": 0.8}, 3),
                        ("cosine", {"T_max": 10, "eta_min": 0.01}, 4), ("cosine", {"T_max": 4}, 6)]:
    opt = optimizer([0.1, 0.02])
    a = CLASSES[kind](opt, **kw)
    for _ in range(first):
        opt.step()
        a.step()
    b = CLASSES[kind](opt, last_epoch=a.last_epoch, **kw)
    lr_steps = [b.get_last_lr()]
    for _ in range(12):
        opt.step()
        b.step()
        lr_steps.append(b.get_last_lr())
    resume.append({"kind": kind, "kwargs": kw, "first": first, "steps": lr_steps})

errors = []
for kind, kw in [("plateau", {"factor": 1.0}), ("plateau", {"factor": 1.5}), ("plateau", {"mode": "maximum"}),
                 ("plateau", {"threshold_mode": "relative"}), ("plateau", {"min_lr": [0.1, 0.2, 0.3]}),
                 ("step", {"step_size": 3, "last_epoch": 2}), ("exponential", {"gamma": 0.5, "last_epoch": 0}),
                 ("cosine", {"T_max": 5, "last_epoch": 7})]:
    try:
        CLASSES[kind](optimizer([0.1, 0.2]), **kw)
        errors.append({"kind": kind, "kwargs": kw, "error": "no error"})
    except Exception as e:
        errors.append({"kind": kind, "kwargs": kw, "error": type(e).__name__ + ": " + str(e)})

# Arguments PyTorch does not check, whose error comes from a later step: the exception
# and the number of steps (the constructor's own included) taken before it.
step_errors = []
for kind, kw in [("step", {"step_size": 0}), ("cosine", {"T_max": 0}), ("step", {"step_size": -2})]:
    opt = optimizer([0.1])
    sched = None
    taken = 0
    try:
        sched = CLASSES[kind](opt, **kw)
        taken = 1
        for _ in range(4):
            sched.step()
            taken += 1
        error = "no error"
    except Exception as e:
        error = type(e).__name__ + ": " + str(e)
    step_errors.append({"kind": kind, "kwargs": kw, "steps": taken, "error": error,
                        "lrs": [g["lr"] for g in opt.param_groups]})

print(dumps({"cases": cases, "resume": resume, "errors": errors, "step_errors": step_errors}))
