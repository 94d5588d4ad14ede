#!/usr/bin/python3
"""PyTorch side of bench/autograd_vs_torch.sh, and the driver that alternates it with the
Go side: the workloads of bench/autograd/bench_test.go, run eagerly on the CPU.

    /usr/bin/python3 autograd_torch.py THREADS SECONDS ROUNDS GO_TEST_BINARY [WORKLOADS]

WORKLOADS, comma-separated (ScalarGraph,Seed001GD,Seed004MLP,CrossEntropy64x1000,
Conv2dLeNet64), picks some; default all.

The machine's speed drifts from minute to minute (on a shared 2-core box, by 30-50%), so
the two sides alternate in short rounds: for each workload and round, the Go benchmark
runs once (GO_TEST_BINARY, `go test -c` of ./bench/autograd, for about SECONDS) and then the
same workload in PyTorch for about as long. A round's ratio compares runs a second
apart; the table gives the spread of those ratios, and the ratio of each side's fastest
round. Times are wall and CPU time (the whole process, all threads) per operation.
"""
import os
import statistics
import subprocess
import sys
import time

import torch

threads = int(sys.argv[1])
min_seconds = float(sys.argv[2])
rounds = int(sys.argv[3])
go_binary = sys.argv[4]
only = set(sys.argv[5].split(",")) if len(sys.argv) > 5 and sys.argv[5] else None
torch.set_num_threads(threads)


def torch_round(fn, min_runs, per_call):
    """Times fn (which does per_call operations) until min_seconds have passed and it
    ran min_runs times; returns wall and CPU ns per operation."""
    n, start, cpu = 0, time.perf_counter(), time.process_time()
    while True:
        fn()
        n += 1
        elapsed = time.perf_counter() - start
        if n >= min_runs and elapsed >= min_seconds:
            break
    return elapsed / (n * per_call) * 1e9, (time.process_time() - cpu) / (n * per_call) * 1e9


def go_round(name, benchtime):
    """Runs one Go benchmark once; returns its ns/op and cpu-ns/op. The Go side sees
    the environment this side runs in (OpenBLAS's kernel, threads and library path), with
    GOMAXPROCS at the thread count unless the environment sets it."""
    env = dict(os.environ, GOMAXPROCS=os.environ.get("GOMAXPROCS") or str(threads))
    out = subprocess.run([go_binary, "-test.run", "^$", "-test.bench", f"^Benchmark{name}$",
                          "-test.benchtime", benchtime, "-test.count", "1"],
                         capture_output=True, text=True, check=True, env=env).stdout
    for line in out.splitlines():
        if line.startswith("Benchmark" + name):
            f = line.split()
            return float(f[2]), float(f[4])
    raise SystemExit(f"no result for {name} in:\n{out}")


rows = []


def measure(name, fn, min_runs=3, per_call=1, benchtime=None, n_rounds=None):
    """Alternates Go and PyTorch rounds of one workload and records the results."""
    if only is not None and name not in only:
        return
    fn()  # warm up
    go_round(name, "1x")
    res = []
    for _ in range(n_rounds or rounds):
        g = go_round(name, benchtime or f"{min_seconds}s")
        t = torch_round(fn, min_runs, per_call)
        res.append((g, t))
    rows.append((name, res))


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


# seconds a run: two rounds of one run a side
measure("Seed004MLP", seed004_mlp, min_runs=1, benchtime="1x", n_rounds=2)

# F.cross_entropy over a 64x1000 batch of logits, forward and backward
torch.manual_seed(42)
logits = torch.randn(64, 1000, requires_grad=True)
target = torch.tensor([i * 7 % 1000 for i in range(64)])


def cross_entropy():
    torch.nn.functional.cross_entropy(logits, target).backward()
    logits.grad = None


measure("CrossEntropy64x1000", cross_entropy)

# the blitz LeNet's two convolutions on a batch of 64, forward and backward
torch.manual_seed(42)
cx1, cx2 = torch.randn(64, 1, 32, 32), torch.randn(64, 6, 14, 14)
cw1, cb1 = torch.randn(6, 1, 5, 5, requires_grad=True), torch.randn(6, requires_grad=True)
cw2, cb2 = torch.randn(16, 6, 5, 5, requires_grad=True), torch.randn(16, requires_grad=True)


def conv2d_lenet():
    F = torch.nn.functional
    (F.conv2d(cx1, cw1, cb1).sum() + F.conv2d(cx2, cw2, cb2).sum()).backward()
    for p in (cw1, cb1, cw2, cb2):
        p.grad = None


measure("Conv2dLeNet64", conv2d_lenet)

try:  # which BLAS torch's products ran on, to check that the sides compare like with like
    import threadpoolctl
    blas = ", ".join(f"{i['internal_api']} {i.get('architecture', '?')} x{i['num_threads']}"
                     for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas")
except ImportError:
    blas = "unknown (no threadpoolctl)"
print(f"threads: {threads}   rounds: {rounds} of {min_seconds}s a side   PyTorch {torch.__version__}"
      f"   torch BLAS: {blas}")
print("ratio = PyTorch time / Go time (> 1: Go is faster), per round (min, median, max), "
      "then of each side's fastest round (wall, CPU)")
print(f"{'workload':<19} {'Go ns':>12} {'Torch ns':>12} {'min':>8} {'median':>8} {'max':>8} {'best':>8} {'cpu best':>9}")
for name, res in rows:
    ratios = sorted(t[0] / g[0] for g, t in res)
    gw, gc = min(g[0] for g, _ in res), min(g[1] for g, _ in res)
    tw, tc = min(t[0] for _, t in res), min(t[1] for _, t in res)
    print(f"{name:<19} {gw:12.0f} {tw:12.0f} {ratios[0]:7.2f}x {statistics.median(ratios):7.2f}x "
          f"{ratios[-1]:7.2f}x {tw / gw:7.2f}x {tc / gc:8.2f}x")
