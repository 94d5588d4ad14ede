"""Writes flatten_golden.json: torch.Tensor.flatten on arange(n) of a shape (transposed
when asked), with dims as given: the result's shape and values, grad_fn name, whether it
is the input itself, the input's gradient of sum(out * arange), or the error raised.
Run with Debian's python: /usr/bin/python3 gen_flatten.py"""
import json
import torch

cases = [
    ([2, 3, 4], False, []),
    ([2, 3, 4], False, [1]),
    ([2, 3, 4], False, [0, 1]),
    ([2, 3, 4], False, [-2]),
    ([2, 3, 4], False, [1, 1]),
    ([2, 3, 4], True, [1]),
    ([2, 3, 4], True, []),
    ([], False, []),
    ([5], False, [0]),
    ([2, 3, 4], False, [2, 1]),
    ([2, 3, 4], False, [3]),
    ([2, 3, 4], False, [0, -4]),
]
out = []
for shape, transposed, dims in cases:
    n = 1
    for s in shape:
        n *= s
    x = torch.arange(float(n)).reshape(shape).requires_grad_()
    y = x.transpose(0, 2) if transposed else x
    case = {"shape": shape, "transposed": transposed, "dims": dims}
    try:
        r = y.flatten(*dims)
    except Exception as e:
        case["error"] = type(e).__name__ + ": " + str(e)
        out.append(case)
        continue
    case["out_shape"] = list(r.shape)
    case["values"] = r.detach().reshape(-1).tolist()
    case["same"] = r is y
    case["grad_fn"] = r.grad_fn.name() if r.grad_fn is not None else None
    (r * torch.arange(float(r.numel())).reshape(r.shape)).sum().backward()
    case["grad"] = x.grad.reshape(-1).tolist()
    out.append(case)
with open("flatten_golden.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
