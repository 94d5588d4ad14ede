"""A scripted `jupyter console` session (Debian's jupyter-console) on a kernel.

    /usr/bin/python3 console.py --kernel gograd

The console runs in a pseudo-terminal, as a person would run it; the script
waits for the prompt, types a cell, and reads the console's own rendering of
the result (`Out[1]: ...`) and of printed output. Exit status 0 when both
appear as expected.
"""

import argparse
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

# The console's cells, per kernel, with what must come back (here rather than
# in cells.mjs so this runs without node). The tensor text is what PyTorch
# prints for torch.tensor([1., 2., 3.]).
CELLS = {
    "gograd": [
        ("autograd.New([]float64{1, 2, 3})", "Out[1]: tensor([1., 2., 3.])"),
        ('fmt.Println("six times seven is", 6*7)', "six times seven is 42"),
    ],
    "python3": [
        ("import torch; torch.tensor([1., 2., 3.])", "Out[1]: tensor([1., 2., 3.])"),
        ('print("six times seven is", 6*7)', "six times seven is 42"),
    ],
}

ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\r")


class Session:
    def __init__(self, argv, env):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(
            argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
        )
        os.close(slave)
        self.raw = b""

    @property
    def text(self):
        return ANSI.sub("", self.raw.decode("utf-8", "replace"))

    def expect(self, pattern, timeout):
        """Read until pattern (a regex) matches the text after `since`."""
        deadline = time.monotonic() + timeout
        while True:
            m = re.search(pattern, self.text[self.since :])
            if m:
                self.since += m.end()
                return m
            left = deadline - time.monotonic()
            if left <= 0 or self.proc.poll() is not None and not self._read(0.1):
                raise TimeoutError(f"no {pattern!r} in console output:\n{self.text[-2000:]}")
            self._read(min(left, 0.5))

    def _read(self, timeout):
        r, _, _ = select.select([self.master], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(self.master, 65536)
        except OSError:  # the child closed the terminal
            return False
        self.raw += data
        return bool(data)

    since = 0

    def send(self, line):
        os.write(self.master, line.encode() + b"\n")

    def close(self):
        try:
            os.write(self.master, b"\x04")  # Ctrl-D: leave the console
            self.proc.wait(timeout=20)
        except (OSError, subprocess.TimeoutExpired):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        os.close(self.master)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="gograd", choices=sorted(CELLS))
    ap.add_argument("--log", help="write the console transcript here")
    args = ap.parse_args()

    env = dict(os.environ, TERM="dumb", COLUMNS="120", LINES="40")
    argv = [
        sys.executable, "-m", "jupyter_console",
        "--kernel", args.kernel,
        "--simple-prompt",
        "--JupyterConsoleApp.confirm_exit=False",
        "--ZMQTerminalInteractiveShell.kernel_timeout=120",
    ]
    s = Session(argv, env)
    ok = True
    try:
        s.expect(r"In \[1\]: ", timeout=120)
        for n, (code, want) in enumerate(CELLS[args.kernel], start=1):
            s.send(code)
            try:
                s.expect(re.escape(want), timeout=60)
                s.expect(rf"In \[{n + 1}\]: ", timeout=60)
                print(f"ok   console-{args.kernel}: {code!r} -> {want!r}")
            except TimeoutError as err:
                ok = False
                print(f"FAIL console-{args.kernel}: {code!r}: {err}")
                break
    except TimeoutError as err:
        ok = False
        print(f"FAIL console-{args.kernel}: the console did not start: {err}")
    finally:
        s.close()
        if args.log:
            with open(args.log, "w") as f:
                f.write(s.text)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
