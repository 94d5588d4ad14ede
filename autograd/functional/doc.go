// Package functional computes whole derivative objects of a function, as
// torch.autograd.functional does: the Jacobian, the Hessian, the vector-Jacobian and
// Jacobian-vector products (Vjp, Jvp) and the vector-Hessian and Hessian-vector products
// (Vhp, Hvp).
//
// The function is ordinary Go that builds its result with autograd ops. Each entry point
// comes in two shapes: one for a function of one tensor returning one tensor,
//
//	J := functional.Jacobian(func(x *autograd.Tensor) *autograd.Tensor {
//		return autograd.Pow(x, 3).Sub(x)
//	}, x)                                   // J[i, j] = d out[i] / d x[j]
//
// and an N variant for several inputs and/or outputs, where the function takes and
// returns slices and the result is indexed [output][input] as PyTorch's nested tuples
// are:
//
//	J := functional.JacobianN(func(in []*autograd.Tensor) []*autograd.Tensor {
//		return []*autograd.Tensor{in[0].Mul(in[1])}
//	}, []*autograd.Tensor{x, y})            // J[0][1] = d (x*y) / d y
//
// The algorithms are PyTorch's reverse-mode ones: the Jacobian runs one backward pass per
// output element and stacks the rows, the Hessian is the Jacobian of the gradient, and Jvp
// and Hvp use the double-backward trick (the backward pass is linear in its grad_output,
// so differentiating it with respect to that grad_output gives J·v). As in PyTorch the
// inputs are detached copies, so gradients never leak into the caller's tensors, and the
// results carry no graph unless CreateGraph is given.
package functional
