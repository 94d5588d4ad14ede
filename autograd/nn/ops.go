package nn

import (
	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// The differentiable ops behind the modules (torch.nn.functional's linear and mse_loss),
// declared once here: the name PyTorch gives their node, the forward, and the backward
// written with autograd ops so that it can itself be differentiated.
//
// The backward closures read their inputs when backward runs. PyTorch's saved variables
// also check that nothing modified them in place in between (an optimizer step before
// backward); these do not.
// TODO(autograd): an exported saved-tensor helper with autograd's version check.

// newParameter makes a parameter (torch.nn.Parameter) from freshly initialised data.
func newParameter(a *tensor.Array) *autograd.Tensor {
	return autograd.NewParameter(autograd.FromArray(a))
}

// linear is F.linear of PyTorch 1.13: addmm(b, x, W.t()) for a matrix with bias (one
// AddmmBackward0 node after a TBackward0), a contiguous 3-D input flattened to that case and viewed back,
// otherwise matmul(x, Wᵀ) followed by an add of the bias (AddBackward0).
func linear(x, w, b *autograd.Tensor) *autograd.Tensor {
	wt := w.Tt()
	switch {
	case b != nil && x.Dim() == 2:
		return b.Addmm(x, wt)
	case b != nil && x.Dim() == 3 && x.Array().IsContiguous():
		s := x.Shape()
		return b.Addmm(x.View(-1, s[2]), wt).View(s[0], s[1], -1)
	}
	y := x.Matmul(wt)
	if b != nil {
		y = y.Add(b)
	}
	return y
}

// mseLoss is F.mse_loss (MseLossBackward0): (input-target)² reduced. The gradient for
// input is norm·(input-target)·grad with norm = 2/numel for "mean" and 2 otherwise, the
// order of PyTorch's mse_backward kernel; target gets the same with the roles swapped.
func mseLoss(input, target *autograd.Tensor, reduction string) *autograd.Tensor {
	checkReduction(reduction)
	d := input.Array().Sub(target.Array())
	out := d.Mul(d)
	norm := 2.0
	switch reduction {
	case "sum":
		out = out.Sum()
	case "mean":
		norm = 2.0 / float64(out.Numel())
		out = out.Mean()
	}
	return autograd.NewFunction("MseLossBackward0", out, []*autograd.Tensor{input, target},
		func(g *autograd.Tensor) []*autograd.Tensor {
			grads := make([]*autograd.Tensor, 2)
			if input.RequiresGrad() {
				grads[0] = input.Sub(target).Mul(norm).Mul(g)
			}
			if target.RequiresGrad() {
				grads[1] = target.Sub(input).Mul(norm).Mul(g)
			}
			return grads
		})
}
