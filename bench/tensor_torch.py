#!/usr/bin/python3
"""PyTorch's side of bench/tensor_vs_torch.sh, and the table that compares.

    tensor_torch.py --threads N --count C    time the workloads in PyTorch
    tensor_torch.py --table GO.txt TORCH.txt print the gograd/torch ratios

The workloads mirror the Go benchmarks in tensor/bench_test.go, float32 as
there: sin and sum over 1e6 elements, mm of (64x1000)(1000x100) and of two
1024x1024 matrices. Timings print in `go test -bench` format so both sides
go through one parser; each of the C samples is the mean over enough calls
to last about 0.2 s. The table compares the medians of the samples and the
best samples: on a shared, loaded machine the best is the steadier figure.
"""
import argparse
import re
import statistics
import sys
import time


def workloads(torch):
    g = torch.Generator().manual_seed(0)
    x = torch.rand(1_000_000, generator=g)
    a, b = torch.rand(64, 1000, generator=g), torch.rand(1000, 100, generator=g)
    c, d = torch.rand(1024, 1024, generator=g), torch.rand(1024, 1024, generator=g)
    return [
        ("Sin1e6", lambda: torch.sin(x)),
        ("Sum1e6", lambda: x.sum()),
        ("Mm64x1000x100", lambda: torch.mm(a, b)),
        ("Mm1024", lambda: torch.mm(c, d)),
    ]


def sample(fn, target=0.2):
    """Mean seconds per call over a loop sized to last about target seconds."""
    fn()
    n = 1
    while True:
        t0 = time.perf_counter()
        for _ in range(n):
            fn()
        dt = time.perf_counter() - t0
        if dt >= target or n >= 1 << 24:
            return dt / n, n
        n = max(n * 2, int(n * target / max(dt, 1e-9) * 1.1))


def run(threads, count):
    import torch
    torch.set_num_threads(threads)
    print("# torch %s, %d threads" % (torch.__version__, torch.get_num_threads()))
    for name, fn in workloads(torch):
        for _ in range(count):
            sec, n = sample(fn)
            print("Benchmark%s-torch\t%d\t%.1f ns/op" % (name, n, sec * 1e9), flush=True)


LINE = re.compile(r"^Benchmark(\w+?)(?:-\w+)?\s+\d+\s+([\d.]+) ns/op")


def parse(path):
    out = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m:
                out.setdefault(m.group(1), []).append(float(m.group(2)))
    return out


def human(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return "%.3g %s" % (ns / scale, unit)
    return "%.3g ns" % ns


def table(go_path, torch_path):
    go, pt = parse(go_path), parse(torch_path)
    print("%-16s %10s %10s %8s   %10s %10s %8s" % (
        "workload", "gograd", "torch", "ratio", "gograd", "torch", "ratio"))
    print("%-16s %-30s   %-30s" % ("", "  ---- median of samples ----", "     ---- best sample ----"))
    for name in ("Sin1e6", "Sum1e6", "Mm64x1000x100", "Mm1024"):
        if name not in go or name not in pt:
            print("%-16s %s" % (name, "missing: " + ", ".join(
                side for side, d in (("gograd", go), ("torch", pt)) if name not in d)))
            continue
        gm, tm = statistics.median(go[name]), statistics.median(pt[name])
        gb, tb = min(go[name]), min(pt[name])
        print("%-16s %10s %10s %8.2f   %10s %10s %8.2f" % (
            name, human(gm), human(tm), gm / tm, human(gb), human(tb), gb / tb))
    print("ratio = gograd time / torch time (above 1: gograd slower)")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--count", type=int, default=5)
    p.add_argument("--table", nargs=2, metavar=("GO", "TORCH"))
    args = p.parse_args()
    if args.table:
        table(*args.table)
    else:
        run(args.threads, args.count)


if __name__ == "__main__":
    sys.exit(main())
