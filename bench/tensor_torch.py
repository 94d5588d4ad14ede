#!/usr/bin/python3
"""PyTorch's side of bench/tensor_vs_torch.sh, and the table that compares.

    tensor_torch.py --threads N --count C    time the workloads in PyTorch
    tensor_torch.py --table GO.txt TORCH.txt print the gograd/torch ratios
    tensor_torch.py --gemm ...               time the GEMM table's products
    tensor_torch.py --ops ...                time the op survey's workloads
    tensor_torch.py --only NAME ...          time one workload
    tensor_torch.py --threads N --gemm-table GO.txt GO_PURE.txt TORCH.txt
                                             print the GEMM table (GFLOPS)

The workloads mirror the Go benchmarks in tensor/bench_test.go, float32
unless named F64: sin, exp, sum, sigmoid's backward over 1e6 elements, a
1000x1000 matrix plus a broadcast row, a float64 product of 1e6 elements,
mm of (64x100)(100x10), of (64x1000)(1000x100) contiguous and as transposed
views, and of two 1024x1024 matrices. With --gemm: the GEMM table's
products. With --ops: the op survey, many common ops on a 1000x1000 float32
matrix (tensor/bench_test.go's BenchmarkOps), so the comparison reaches
beyond the ten workloads. Timings print in `go test -bench` format so both sides go
through one parser; each of the C samples is the mean over enough calls
to last about 0.2 s, in wall time and in the process's CPU time (cpu-ns/op). The
table compares the medians of the samples and the best samples (on a shared,
loaded machine the best is the steadier wall figure), then the CPU times.
"""
import argparse
import re
import statistics
import sys
import time


def workloads(torch):
    g = torch.Generator().manual_seed(0)
    x = torch.rand(1_000_000, generator=g)
    y = torch.rand(1_000_000, generator=g)
    m, row = torch.rand(1000, 1000, generator=g), torch.rand(1000, generator=g)
    x64, y64 = x.double(), y.double()
    a, b = torch.rand(64, 1000, generator=g), torch.rand(1000, 100, generator=g)
    at, bt = torch.rand(1000, 64, generator=g).t(), torch.rand(100, 1000, generator=g).t()
    s, t = torch.rand(64, 100, generator=g), torch.rand(100, 10, generator=g)
    c, d = torch.rand(1024, 1024, generator=g), torch.rand(1024, 1024, generator=g)
    sig = torch.sigmoid(y)
    return [
        ("Sin1e6", lambda: torch.sin(x)),
        ("Exp1e6", lambda: torch.exp(x)),
        ("Sum1e6", lambda: x.sum()),
        ("Add1e6Row", lambda: m + row),
        ("Mul1e6F64", lambda: x64 * y64),
        ("SigmoidBackward1e6", lambda: torch.ops.aten.sigmoid_backward(x, sig)),
        ("Mm64x100x10", lambda: torch.mm(s, t)),
        ("Mm64x1000x100", lambda: torch.mm(a, b)),
        ("MmT64x1000x100", lambda: torch.mm(at, bt)),
        ("Mm1024", lambda: torch.mm(c, d)),
    ]


def op_workloads(torch):
    """The op survey: the same names and operands as tensor/bench_test.go's opSurvey."""
    g = torch.Generator().manual_seed(0)
    x = torch.rand(1000, 1000, generator=g) * 2 - 1
    y = torch.rand(1000, 1000, generator=g) * 2 - 1
    pos = x.abs() + 0.1
    col, row = torch.rand(1000, 1, generator=g), torch.rand(1, 1000, generator=g)
    v = torch.rand(1000, generator=g)
    x64 = x.double()
    i64 = (x * 1000).long()
    b3 = torch.rand(64, 16, 1000, generator=g)
    b4 = torch.rand(64, 16, 28, 28, generator=g)
    h3 = torch.rand(64, 8, 784, generator=g)
    ops = [
        ("SumDim0", lambda: x.sum(0)), ("SumDim1", lambda: x.sum(1)),
        ("MeanDim1Keep", lambda: x.mean(1, keepdim=True)), ("MaxDim1", lambda: x.max(1)),
        ("ArgmaxDim1", lambda: x.argmax(1)), ("MaxAll", lambda: x.max()), ("Norm", lambda: x.norm()),
        ("ProdDim1", lambda: pos.prod(1)), ("TContiguous", lambda: x.t().contiguous()),
        ("AddTransposed", lambda: x + y.t()), ("AddColumn", lambda: x + col), ("ColumnPlusRow", lambda: col + row),
        ("Relu", lambda: x.relu()), ("Tanh", lambda: x.tanh()), ("Sqrt", lambda: pos.sqrt()),
        ("Log", lambda: pos.log()), ("Abs", lambda: x.abs()), ("Neg", lambda: -x),
        ("Clamp", lambda: x.clamp(-0.5, 0.5)), ("Pow2", lambda: x.pow(2)), ("PowHalf", lambda: pos.pow(0.5)),
        ("Sigmoid", lambda: x.sigmoid()), ("GtScalar", lambda: x > 0.5), ("Maximum", lambda: torch.maximum(x, y)),
        ("MulScalar", lambda: x * 2.5), ("Div", lambda: x / pos), ("Mv", lambda: x.mv(v)),
        ("AddF64", lambda: x64 + x64), ("ExpF64", lambda: x64.exp()), ("SumF64", lambda: x64.sum()),
        ("Cos", lambda: x.cos()), ("Sign", lambda: x.sign()), ("ToF64", lambda: x.double()),
        ("ToF32FromF64", lambda: x64.float()), ("ToI64", lambda: x.long()), ("ToF32FromI64", lambda: i64.float()),
        ("Clone", lambda: x.clone()),
        ("SumMid3d", lambda: b3.sum(1)), ("MaxMid3d", lambda: b3.max(1)), ("MeanLast3d", lambda: b3.mean(2)),
        ("LogSoftmaxLast3d", lambda: b3.log_softmax(2)), ("SoftmaxMid3d", lambda: b3.softmax(1)),
        ("PermuteNHWC", lambda: b4.permute(0, 2, 3, 1).contiguous()),
        ("Permute0213", lambda: b4.permute(0, 2, 1, 3).contiguous()),
        ("CatDim1", lambda: torch.cat([h3, h3], 1)), ("AddChannel4d", lambda: b4 + b4.mean((0, 2, 3), keepdim=True)),
    ]
    return [("Ops/" + name, fn) for name, fn in ops]


# The GEMM table's products, r x k x c (tensor/bench_test.go's gemmShapes).
GEMM_SHAPES = [(64, 100, 10), (64, 1000, 100), (256, 256, 256), (1024, 1024, 1024), (4096, 4096, 64)]


def gemm_workloads(torch):
    g = torch.Generator().manual_seed(0)
    out = []
    for r, k, c in GEMM_SHAPES:
        p, q = torch.rand(r, k, generator=g), torch.rand(k, c, generator=g)
        out.append(("GemmTable/%dx%dx%d" % (r, k, c), lambda p=p, q=q: torch.mm(p, q)))
    return out


def sample(fn, target=0.2):
    """Mean seconds per call over a loop sized to last about target seconds: wall
    time, and the process's CPU time (all its threads')."""
    fn()
    n = 1
    while True:
        c0, t0 = time.process_time(), time.perf_counter()
        for _ in range(n):
            fn()
        dt, dc = time.perf_counter() - t0, time.process_time() - c0
        if dt >= target or n >= 1 << 24:
            return dt / n, dc / n, n
        n = max(n * 2, int(n * target / max(dt, 1e-9) * 1.1))


def run(threads, count, gemm, only, ops=False):
    import torch
    torch.set_num_threads(threads)
    print("# torch %s, %d threads" % (torch.__version__, torch.get_num_threads()))
    chosen = gemm_workloads if gemm else op_workloads if ops else workloads
    for name, fn in chosen(torch):
        if only and name != only:
            continue
        for _ in range(count):
            sec, cpu, n = sample(fn)
            print("Benchmark%s-torch\t%d\t%.1f ns/op\t%.1f cpu-ns/op" % (name, n, sec * 1e9, cpu * 1e9), flush=True)


LINE = re.compile(r"^Benchmark([\w/]+?)(?:-\w+)?\s+\d+\s+([\d.]+) ns/op(?:\s+([\d.]+) cpu-ns/op)?")


def parse(path, cpu=False):
    """Samples by workload: wall ns/op, or with cpu the cpu-ns/op where printed."""
    out = {}
    with open(path) as f:
        for line in f:
            m = LINE.match(line)
            if m and (not cpu or m.group(3)):
                out.setdefault(m.group(1), []).append(float(m.group(3 if cpu else 2)))
    return out


def human(ns):
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if ns >= scale:
            return "%.3g %s" % (ns / scale, unit)
    return "%.3g ns" % ns


def table(go_path, torch_path):
    go, pt = parse(go_path), parse(torch_path)
    print("%-18s %10s %10s %8s   %10s %10s %8s" % (
        "workload", "gograd", "torch", "ratio", "gograd", "torch", "ratio"))
    print("%-18s %-30s   %-30s" % ("", "  ---- median of samples ----", "     ---- best sample ----"))
    for name in [n for n in pt if n in go or not n.startswith("GemmTable")]:
        if name not in go or name not in pt:
            print("%-18s %s" % (name, "missing: " + ", ".join(
                side for side, d in (("gograd", go), ("torch", pt)) if name not in d)))
            continue
        gm, tm = statistics.median(go[name]), statistics.median(pt[name])
        gb, tb = min(go[name]), min(pt[name])
        print("%-18s %10s %10s %8.2f   %10s %10s %8.2f" % (
            name, human(gm), human(tm), gm / tm, human(gb), human(tb), gb / tb))
    print("ratio = gograd time / torch time (above 1: gograd slower)")
    gc, tc = parse(go_path, cpu=True), parse(torch_path, cpu=True)
    if not gc or not tc:
        return
    print()
    print("CPU time per op (every thread's; median of samples): steadier than wall time on a")
    print("shared machine, but at N threads a parallel op spends up to N times its wall time")
    print("%-18s %10s %10s %8s" % ("workload", "gograd", "torch", "ratio"))
    for name in [n for n in tc if n in gc]:
        g, t = statistics.median(gc[name]), statistics.median(tc[name])
        print("%-18s %10s %10s %8.2f" % (name, human(g), human(t), g / t))


def gemm_table(threads, go_path, pure_path, torch_path):
    """GFLOPS (2rkc / best time) of each side, best sample of each."""
    sides = [parse(p) for p in (go_path, pure_path, torch_path)]
    print("GEMM, float32, %d thread(s): GFLOPS of the best sample (higher is better)" % threads)
    print("%-16s %16s %14s %10s %14s" % ("r x k x c", "gograd+OpenBLAS", "gograd Go", "torch", "OpenBLAS/torch"))
    for r, k, c in GEMM_SHAPES:
        name = "GemmTable/%dx%dx%d" % (r, k, c)
        fl = [2 * r * k * c / min(d[name]) if name in d else float("nan") for d in sides]
        print("%-16s %16.1f %14.1f %10.1f %14.2f" % ("%dx%dx%d" % (r, k, c), fl[0], fl[1], fl[2], fl[0] / fl[2]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--count", type=int, default=5)
    p.add_argument("--gemm", action="store_true", help="the GEMM table's workloads")
    p.add_argument("--ops", action="store_true", help="the op survey's workloads")
    p.add_argument("--only", default="", help="time only this workload")
    p.add_argument("--table", nargs=2, metavar=("GO", "TORCH"))
    p.add_argument("--gemm-table", nargs=3, metavar=("GO", "GO_PURE", "TORCH"))
    args = p.parse_args()
    if args.table:
        table(*args.table)
    elif args.gemm_table:
        gemm_table(args.threads, *args.gemm_table)
    else:
        run(args.threads, args.count, args.gemm, args.only, args.ops)


if __name__ == "__main__":
    sys.exit(main())
