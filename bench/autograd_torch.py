#!/usr/bin/python3
"""PyTorch side of bench/autograd_vs_torch.sh: the workloads of autograd/bench_test.go,
run eagerly on the CPU, printed as `name wall-ns/op cpu-ns/op` lines (CPU time of the
whole process, all threads). Each workload is timed in `rounds` rounds of at least
min_seconds and the fastest round is reported, which keeps the noise of a shared
machine out of the figure (the Go side does the same).

    /usr/bin/python3 autograd_torch.py [threads] [min_seconds] [rounds]
"""
import sys
import time

import torch

threads = int(sys.argv[1]) if len(sys.argv) > 1 else 1
min_seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 3
torch.set_num_threads(threads)


def measure(name, fn, min_runs=3, per_call=1):
    """Times fn (which does per_call operations) after one warm-up call: in each round,
    until min_seconds have passed and it ran min_runs times. Prints the fastest round's
    wall and CPU time per operation in nanoseconds."""
    fn()
    best_wall = best_cpu = float("inf")
    for _ in range(rounds):
        n, start, cpu = 0, time.perf_counter(), time.process_time()
        while True:
            fn()
            n += 1
            elapsed = time.perf_counter() - start
            if n >= min_runs and elapsed >= min_seconds:
                break
        best_wall = min(best_wall, elapsed / (n * per_call))
        best_cpu = min(best_cpu, (time.process_time() - cpu) / (n * per_call))
    print(f"{name} {best_wall * 1e9:.0f} {best_cpu * 1e9:.0f}", flush=True)


# seed 000: relu(x*w + b) on one-element tensors, forward and backward
x = torch.tensor([3.0], requires_grad=True)
w = torch.tensor([2.0], requires_grad=True)
b = torch.tensor([1.0], requires_grad=True)


def scalar_graph(reps=1000):
    for _ in range(reps):
        a = torch.relu(x * w + b)
        a.backward()
        x.grad = None
        w.grad = None
        b.grad = None


# in batches of 1000 so that the timing loop's own overhead is spread thin
measure("ScalarGraph", scalar_graph, per_call=1000)

# seed 001, cell 32: 10 epochs of gradient descent by hand
X = torch.tensor([1, 2, 3, 4], dtype=torch.float32)
Y = torch.tensor([2, 4, 6, 8], dtype=torch.float32)


def seed001_gd():
    W = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)
    for epoch in range(10):
        y_pred = W * X
        l = ((Y - y_pred) ** 2).mean()
        l.backward()
        with torch.no_grad():
            W -= 0.01 * W.grad
        W.grad.zero_()


measure("Seed001GD", seed001_gd)

# seed 004, cells 39-40: two-layer network, 500 Adam steps
torch.manual_seed(42)
xm = torch.randn(64, 1000)
ym = torch.randn(64, 10)


def seed004_mlp():
    model = torch.nn.Sequential(torch.nn.Linear(1000, 100), torch.nn.ReLU(), torch.nn.Linear(100, 10))
    loss_fn = torch.nn.MSELoss(reduction="sum")
    opt = torch.optim.Adam(model.parameters(), lr=1e-4)
    for t in range(500):
        loss = loss_fn(model(xm), ym)
        opt.zero_grad()
        loss.backward()
        opt.step()


measure("Seed004MLP", seed004_mlp, min_runs=1)
