"""What the gen.py scripts of autograd/nn, autograd/optim and autograd/functional share:
running under the BLAS the goldens pin, float32 bit patterns, and the JSON layout that
the Go side (golden.go) reads.

Each script puts this directory on sys.path and calls use_openblas() before importing
torch.
"""

import json
import os
import re
import struct
import sys

# Goldens pin the BLAS the reference notebooks ran with: Debian's OpenBLAS 0.3.21
# (openblas-pthread) at its default thread count, two on this machine. Its float32 sums
# are blocked and vectorised; tensor's matrix products reproduce that order.
OPENBLAS = "/usr/lib/x86_64-linux-gnu/openblas-pthread"


def use_openblas():
    """Re-runs the calling script under OPENBLAS, whatever libblas.so.3 the system
    selects, unless it already runs there. The loader reads LD_LIBRARY_PATH only at
    start-up, hence the exec."""
    if os.environ.get("LD_LIBRARY_PATH") != OPENBLAS or "OPENBLAS_NUM_THREADS" in os.environ:
        env = dict(os.environ, LD_LIBRARY_PATH=OPENBLAS)
        env.pop("OPENBLAS_NUM_THREADS", None)
        os.execve(sys.executable, [sys.executable] + sys.argv, env)


def bits(t):
    """float32 tensor -> list of 8-digit hex bit patterns, row-major."""
    return ["%08x" % struct.unpack("<I", struct.pack("<f", v))[0]
            for v in t.detach().reshape(-1).tolist()]


def dumps(obj):
    """JSON with one item per line, except that lists of plain values stay on one line."""
    text = json.dumps(obj, indent=1)
    return re.sub(r"\[\n\s*([^\[\]{}]*?)\n\s*\]",
                  lambda m: "[" + re.sub(r",\n\s*", ", ", m.group(1)) + "]", text)


def err(f):
    """The exception f raises, as "Class: message", or "no error"."""
    try:
        f()
    except Exception as e:
        return '%s: %s' % (type(e).__name__, e)
    return 'no error'


def saved_attrs(fn):
    """A grad_fn's saved attributes as torchviz lists them: '[saved tensor]' for
    tensors, str() of anything else."""
    import torch
    out = {}
    for a in dir(fn):
        if a.startswith('_saved_'):
            v = getattr(fn, a)
            out[a[7:]] = '[saved tensor]' if torch.is_tensor(v) else str(v)
    return out
