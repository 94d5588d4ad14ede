#!/usr/bin/python3
"""A slider change from the front end, on gograd and on ipykernel with ipywidgets, in one run.

    /usr/bin/python3 bench/widgets_vs_ipykernel.py [--updates 300] [--gograd BIN]

For each kernel a cell makes an integer slider with an observer that keeps the
new value, then this client plays the front end: it sends comm_msg
{"method": "update", "state": {"value": n}} for n = 1, 2, ... and waits for the
message's idle status, as @jupyter-widgets/base does before it sends the next
change of a dragged slider. Printed: the median time per update on each kernel
and the ratio; a last cell checks that every update reached the observer.

The peer is Debian's python3-ipywidgets (6.0): its front-end protocol is older
(the change comes as {"method": "backbone", "sync_data": {...}}), but its
kernel side does what a protocol 2 kernel does with an update (decode the
state, validate the value, set it, run the observers). Without --gograd,
./kernel/cmd/gograd is built with `go build` (run from the module root).
"""

import argparse
import asyncio
import os
import statistics
import sys
import time

from jupyter_client import AsyncKernelManager

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from kernel_vs_ipykernel import CONTEXT, kernel_specs, run_cell  # noqa: E402

SETUP = {
    "gograd": 's := widget.NewIntSlider("n", 0, 1000000, 0)\n'
              'seen := 0\n'
              's.Observe(func(old, new int) { seen = new })\n'
              'fmt.Println(s.ModelID())',
    "python3": "import ipywidgets\n"
               "s = ipywidgets.IntSlider(min=0, max=1000000, value=0)\n"
               "seen = 0\n"
               "def keep(change):\n"
               "    global seen\n"
               "    seen = change['new']\n"
               "s.observe(keep, names='value')\n"
               "print(s.model_id)",
}
# The front end's message for a new value: protocol 2's update for gograd,
# ipywidgets 6's backbone sync for the peer.
UPDATE = {
    "gograd": lambda v: {"method": "update", "state": {"value": v}, "buffer_paths": []},
    "python3": lambda v: {"method": "backbone", "sync_data": {"value": v}},
}
CHECK = {"gograd": "fmt.Println(seen)", "python3": "print(seen)"}


async def updates(ksm, name, n):
    km = AsyncKernelManager(kernel_name=name, kernel_spec_manager=ksm, context=CONTEXT)
    await km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        await kc.wait_for_ready(timeout=60)
        comm_id = (await run_cell(kc, SETUP[name])).strip()
        times = []
        for i in range(1, n + 6):
            msg = kc.session.msg("comm_msg", {"comm_id": comm_id, "data": UPDATE[name](i)})
            t0 = time.perf_counter()
            kc.shell_channel.send(msg)
            msg_id = msg["header"]["msg_id"]
            while True:
                m = await kc.get_iopub_msg(timeout=60)
                if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                        and m["content"]["execution_state"] == "idle"):
                    break
            if i > 5:  # the first few warm up both sides
                times.append(time.perf_counter() - t0)
        seen = int((await run_cell(kc, CHECK[name])).strip())
        if seen != n + 5:
            raise SystemExit(f"{name}: the observer saw {seen}, want {n + 5}")
        return times
    finally:
        kc.stop_channels()
        await km.shutdown_kernel(now=True)


async def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--updates", type=int, default=300)
    ap.add_argument("--gograd", help="kernel binary (default: go build ./kernel/cmd/gograd)")
    args = ap.parse_args()
    ksm = kernel_specs(args.gograd)
    med = {}
    for name in ("gograd", "python3"):
        med[name] = statistics.median(await updates(ksm, name, args.updates))
        print(f"{name:8s} slider update median {1e3 * med[name]:7.3f} ms ({args.updates} updates)", flush=True)
    print(f"slider update gograd/ipykernel+ipywidgets = {med['gograd'] / med['python3']:.3f}")


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
