#!/usr/bin/python3
"""gograd's kernel against ipykernel, from one jupyter_client, in one run.

    /usr/bin/python3 bench/kernel_vs_ipykernel.py [--starts 10] [--cells 200] [--loops 5] [--gograd BIN]

Measures, for each kernel:
  start-up   time from KernelManager.start_kernel to the first kernel_info
             reply (median of --starts fresh kernels);
  round trip time from sending execute_request for a trivial cell (1+1) to
             having both its execute_reply and its idle status, as a frontend
             waits (median of --cells executes on one warm kernel);
  scalar graph in a cell
             relu(x*w+b) forward and backward on one-element tensors, looped
             20000 times in one cell (Go through yaegi, Python through
             PyTorch), timed inside the cell: what a notebook user's own loop
             costs an iteration (median of --loops cells, the two kernels'
             cells alternating);
  integer loop in a cell
             `n += i` for i below 10^7, timed inside the cell: the
             interpreter's own speed, without calls (median of --loops
             cells, alternating as above);
and prints the ratios, and each kernel's resident set after the loops. The client is jupyter_client's asyncio one, as
nbclient (nbconvert --execute) drives kernels. Goals: gograd's start-up <= 1/20 of ipykernel's,
round trip <= 1/2.

Without --gograd it builds ./kernel/cmd/gograd with `go build` (run from the
module root). The gograd kernelspec is written to a temporary JUPYTER_PATH;
ipykernel is Debian's python3 kernelspec.
"""

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

import zmq
import zmq.asyncio
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager


def gograd_spec_dir(binary):
    d = tempfile.mkdtemp(prefix="gograd-bench-")
    k = os.path.join(d, "kernels", "gograd")
    os.makedirs(k)
    with open(os.path.join(k, "kernel.json"), "w") as f:
        # A private data dir keeps the benchmark's cells out of the user's history.
        json.dump({"argv": [binary, "--connection-file", "{connection_file}"],
                   "display_name": "Go (gograd)", "language": "go",
                   "interrupt_mode": "message", "env": {"JUPYTER_DATA_DIR": d}}, f)
    return d


# One ZeroMQ context for every kernel manager: each KernelManager would
# otherwise make its own, and their I/O threads' descriptors pile up.
CONTEXT = zmq.asyncio.Context()


def kernel_specs(binary=None):
    """A KernelSpecManager that finds gograd (binary, or one built from ./kernel/cmd/gograd)
    and Debian's ipykernel."""
    if not binary:
        binary = os.path.join(tempfile.mkdtemp(prefix="gograd-bin-"), "gograd")
        subprocess.run(["go", "build", "-o", binary, "./kernel/cmd/gograd"], check=True)
    ksm = KernelSpecManager()
    ksm.kernel_dirs = [os.path.join(gograd_spec_dir(binary), "kernels"), "/usr/share/jupyter/kernels"]
    return ksm


async def start_once(ksm, name):
    """Seconds from start_kernel to the kernel_info reply."""
    km = AsyncKernelManager(kernel_name=name, kernel_spec_manager=ksm, context=CONTEXT)
    t0 = time.perf_counter()
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        msg_id = kc.kernel_info()
        while True:
            reply = await kc.get_shell_msg(timeout=60)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        return time.perf_counter() - t0
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


async def round_trips(ksm, name, cells, code="1+1"):
    """Seconds per execute round trip of code, over cells executes."""
    km = AsyncKernelManager(kernel_name=name, kernel_spec_manager=ksm, context=CONTEXT)
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        times = []
        for i in range(cells + 5):
            t0 = time.perf_counter()
            msg_id = kc.execute(code)
            # The cell is done for a frontend when it has both the reply and
            # the idle status; waiting for one then the other measures the
            # later of the two.
            while True:
                r = await kc.get_shell_msg(timeout=60)
                if r["parent_header"].get("msg_id") == msg_id:
                    assert r["content"]["status"] == "ok", r["content"]
                    break
            while True:
                m = await kc.get_iopub_msg(timeout=60)
                if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                        and m["content"]["execution_state"] == "idle"):
                    break
            if i >= 5:  # the first few warm up both sides
                times.append(time.perf_counter() - t0)
        return times
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


# The scalar graph of bench/autograd, as a loop in a cell: each prints its time per
# iteration in ns.
LOOP_SETUP = {
    "gograd": 'import "time"\n'
              'x := autograd.New([]float32{3}, autograd.RequiresGrad)\n'
              'w := autograd.New([]float32{2}, autograd.RequiresGrad)\n'
              'b := autograd.New([]float32{1}, autograd.RequiresGrad)',
    "python3": "import time, torch\ntorch.set_num_threads(1)\n"
               "x = torch.tensor([3.0], requires_grad=True)\n"
               "w = torch.tensor([2.0], requires_grad=True)\n"
               "b = torch.tensor([1.0], requires_grad=True)",
}
LOOP = {
    "gograd": "{\nt0 := time.Now()\nfor i := 0; i < 20000; i++ {\n"
              "\ta := x.Mul(w).Add(b).Relu()\n\ta.Backward()\n"
              "\tx.SetGrad(nil)\n\tw.SetGrad(nil)\n\tb.SetGrad(nil)\n}\n"
              "fmt.Println(time.Since(t0).Nanoseconds() / 20000)\n}",
    "python3": "t0 = time.perf_counter()\nfor i in range(20000):\n"
               "    a = torch.relu(x * w + b)\n    a.backward()\n"
               "    x.grad = None\n    w.grad = None\n    b.grad = None\n"
               "print(int((time.perf_counter() - t0) / 20000 * 1e9))",
}

# The 10^7 integer loop: each prints its time in ns.
INT_LOOP = {
    "gograd": "{\nt0 := time.Now()\nn := 0\nfor i := 0; i < 10000000; i++ {\n\tn += i\n}\n"
              "fmt.Println(time.Since(t0).Nanoseconds())\n}",
    "python3": "t0 = time.perf_counter()\nn = 0\nfor i in range(10000000):\n    n += i\n"
               "print(int((time.perf_counter() - t0) * 1e9))",
}


async def run_cell(kc, code):
    """Executes code, returns its stream output; fails on an error."""
    msg_id = kc.execute(code)
    out = []
    while True:
        m = await kc.get_iopub_msg(timeout=600)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "stream":
            out.append(m["content"]["text"])
        elif m["msg_type"] == "error":
            raise SystemExit(f"cell failed: {m['content']['ename']}: {m['content']['evalue']}")
        elif m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            return "".join(out)


def rss_mb(pid):
    """The resident set of process pid in MB (0 where /proc is not there)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0


async def loop_times(ksm, loops, cells=(LOOP,)):
    """What each of cells prints (ns), per kernel, over loops runs of each, and each
    kernel's resident set after them (MB); both kernels run at once and their cells
    alternate, so a slow minute of the machine hits both."""
    kms, kcs = {}, {}
    try:
        for name in ("gograd", "python3"):
            kms[name] = AsyncKernelManager(kernel_name=name, kernel_spec_manager=ksm, context=CONTEXT)
            await kms[name].start_kernel()
            kcs[name] = kms[name].client()
            kcs[name].start_channels()
            await kcs[name].wait_for_ready(timeout=60)
            await run_cell(kcs[name], LOOP_SETUP[name])
            await run_cell(kcs[name], cells[0][name])  # warm up
        times = [{name: [] for name in kcs} for _ in cells]
        for _ in range(loops):
            for i, cell in enumerate(cells):
                for name, kc in kcs.items():
                    times[i][name].append(int(await run_cell(kc, cell[name])))
        return times, {name: rss_mb(km.provisioner.pid) for name, km in kms.items()}
    finally:
        for name, kc in kcs.items():
            kc.stop_channels()
            await kms[name].shutdown_kernel(now=True)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=10)
    ap.add_argument("--cells", type=int, default=200)
    ap.add_argument("--loops", type=int, default=5, help="scalar-graph cells a kernel (0: skip)")
    ap.add_argument("--gograd", help="kernel binary (default: go build ./kernel/cmd/gograd)")
    args = ap.parse_args()

    ksm = kernel_specs(args.gograd)

    results = {}
    for name in ("gograd", "python3"):
        starts = [await start_once(ksm, name) for _ in range(args.starts)]
        rt = await round_trips(ksm, name, args.cells)
        results[name] = (statistics.median(starts), statistics.median(rt))
        print(f"{name:8s} start-up median {1e3 * results[name][0]:8.2f} ms ({args.starts} starts)   "
              f"round trip median {1e3 * results[name][1]:7.3f} ms ({args.cells} cells)", flush=True)
    if args.loops:
        (graph, ints), rss = await loop_times(ksm, args.loops, (LOOP, INT_LOOP))
        loops = {name: statistics.median(t) for name, t in graph.items()}
        ints = {name: statistics.median(t) for name, t in ints.items()}
        print(f"scalar graph in a cell: gograd {loops['gograd']} ns, PyTorch {loops['python3']} ns an iteration: "
              f"PyTorch/gograd = {loops['python3'] / loops['gograd']:.1f}x (goal >= 10x): "
              f"{'met' if loops['python3'] / loops['gograd'] >= 10 else 'NOT met'}", flush=True)
        print(f"10^7 n += i in a cell: gograd {ints['gograd'] / 1e6:.0f} ms, Python {ints['python3'] / 1e6:.0f} ms: "
              f"Python/gograd = {ints['python3'] / ints['gograd']:.2f}x", flush=True)
        print(f"resident set after the loops: gograd {rss['gograd']:.0f} MB, ipykernel with PyTorch "
              f"{rss['python3']:.0f} MB", flush=True)
    g, p = results["gograd"], results["python3"]
    print(f"start-up   gograd/ipykernel = {g[0] / p[0]:.3f}  (goal <= 0.050): {'met' if g[0] / p[0] <= 0.05 else 'NOT met'}")
    print(f"round trip gograd/ipykernel = {g[1] / p[1]:.3f}  (goal <= 0.500): {'met' if g[1] / p[1] <= 0.5 else 'NOT met'}")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
