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

// linear is F.linear of PyTorch 1.13: addmm(b, x, Wᵀ) for a matrix with bias (one
// AddmmBackward0 node), a contiguous 3-D input flattened to that case and viewed back,
// otherwise matmul(x, Wᵀ) followed by an add of the bias (AddBackward0).
func linear(x, w, b *autograd.Tensor) *autograd.Tensor {
	wt := w.T()
	switch {
	case b != nil && x.Dim() == 2:
		return addmm(b, x, wt)
	case b != nil && x.Dim() == 3 && x.Array().IsContiguous():
		s := x.Shape()
		return addmm(b, x.View(-1, s[2]), wt).View(s[0], s[1], -1)
	}
	y := x.Matmul(wt)
	if b != nil {
		y = y.Add(b)
	}
	return y
}

// addmm is bias + mat1·mat2 (AddmmBackward0, beta = alpha = 1). The forward is
// tensor.Addmm, which sums in PyTorch's BLAS order with the bias as the first term.
// Gradients, as derivatives.yaml's mm_mat1_backward / mm_mat2_backward compute them:
// bias gets grad (summed over the batch by the engine); mat1 grad·mat2ᵀ; mat2 mat1ᵀ·grad,
// except that a column-major operand (nn.Linear's Wᵀ is one) gets its gradient as the
// transpose of a row-major product, (gradᵀ·mat1)ᵀ. The product's shape decides how BLAS
// splits the sums, so this is what keeps the rounding PyTorch's. Only the gradients
// that are needed are computed.
func addmm(bias, mat1, mat2 *autograd.Tensor) *autograd.Tensor {
	out := tensor.Addmm(bias.Array(), mat1.Array(), mat2.Array())
	return autograd.NewFunction("AddmmBackward0", out, []*autograd.Tensor{bias, mat1, mat2},
		func(g *autograd.Tensor) []*autograd.Tensor {
			grads := make([]*autograd.Tensor, 3)
			if bias.RequiresGrad() {
				grads[0] = g
			}
			if mat1.RequiresGrad() {
				if columnMajor(mat1) {
					grads[1] = mat2.Mm(g.T()).T()
				} else {
					grads[1] = g.Mm(mat2.T())
				}
			}
			if mat2.RequiresGrad() {
				if columnMajor(mat2) {
					grads[2] = g.T().Mm(mat1).T()
				} else {
					grads[2] = mat1.T().Mm(g)
				}
			}
			return grads
		})
}

// columnMajor is PyTorch's test in mm_mat1_backward and mm_mat2_backward: the matrix is
// stored column by column (the transpose of a contiguous matrix).
func columnMajor(t *autograd.Tensor) bool {
	a := t.Array()
	st, sz := a.Strides(), a.Shape()
	return st[0] == 1 && st[1] == sz[0]
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
