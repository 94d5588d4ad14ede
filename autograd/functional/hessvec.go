package functional

import "github.com/gograd/gograd/autograd"

// Vhp is torch.autograd.functional.vhp for a scalar function of one tensor: it returns
// f(x) and vᵀ·H, shaped like x. v must be shaped like x; it may be nil when x has one
// element.
func Vhp(f func(x *autograd.Tensor) *autograd.Tensor, x, v *autograd.Tensor, opts ...Option) (out, vhp *autograd.Tensor) {
	o, r := hessVec("vhp", func(in []*autograd.Tensor) *autograd.Tensor { return f(in[0]) },
		[]*autograd.Tensor{x}, optional(v), false, configure(opts))
	return o, r[0]
}

// VhpN is Vhp for a scalar function of several tensors: v holds one tensor per input, and
// so does the result.
func VhpN(f func(inputs []*autograd.Tensor) *autograd.Tensor, inputs, v []*autograd.Tensor, opts ...Option) (out *autograd.Tensor, vhp autograd.Tuple) {
	return hessVec("vhp", f, inputs, v, true, configure(opts))
}

// Hvp is torch.autograd.functional.hvp for a scalar function of one tensor: it returns
// f(x) and H·v, shaped like x. For a twice continuously differentiable f, H is symmetric
// and Vhp gives the same numbers with one backward pass less.
func Hvp(f func(x *autograd.Tensor) *autograd.Tensor, x, v *autograd.Tensor, opts ...Option) (out, hvp *autograd.Tensor) {
	o, r := hessVec("hvp", func(in []*autograd.Tensor) *autograd.Tensor { return f(in[0]) },
		[]*autograd.Tensor{x}, optional(v), false, configure(opts))
	return o, r[0]
}

// HvpN is Hvp for a scalar function of several tensors.
func HvpN(f func(inputs []*autograd.Tensor) *autograd.Tensor, inputs, v []*autograd.Tensor, opts ...Option) (out *autograd.Tensor, hvp autograd.Tuple) {
	return hessVec("hvp", f, inputs, v, true, configure(opts))
}

// hessVec computes the gradient g of f with a graph, then either differentiates g·v
// (vhp: vᵀH) or, for hvp, uses the double-backward trick on g: the backward of g with a
// dummy grad_jacobian u is Hᵀu, linear in u, and differentiating it with respect to u
// along v gives H·v.
func hessVec(name string, f func([]*autograd.Tensor) *autograd.Tensor, inputs, v []*autograd.Tensor, tuple bool, c config) (*autograd.Tensor, autograd.Tuple) {
	var out *autograd.Tensor
	var ins, vs, jac, us, doubleBack []*autograd.Tensor
	withGrad(func() {
		ins, vs = preprocessWithV(inputs, v, tuple, c)
		out = f(ins)
		checkRequiresGrad([]*autograd.Tensor{out}, "outputs", c.strict)
		if out.Numel() != 1 {
			panic(rtErr("The Tensor returned by the function given to %s should contain a single element", name))
		}
		jac = gradOf([]*autograd.Tensor{out}, ins, nil, true)
		checkRequiresGrad(jac, "jacobian", c.strict)
		if name == "hvp" {
			us = make([]*autograd.Tensor, len(ins))
			for i, in := range ins {
				us[i] = zerosLike(in).RequiresGrad_()
			}
			doubleBack = gradOf(jac, ins, us, true)
			checkRequiresGrad(jac, "hessian", c.strict)
		}
	})
	var res []*autograd.Tensor
	withGradIf(c.create, func() {
		if name == "vhp" {
			res = fillZeros(gradOf(jac, ins, vs, c.create), ins, c, "double_back")
		} else {
			res = fillZeros(gradOf(doubleBack, us, vs, c.create), ins, c, "double_back_trick")
		}
	})
	return postprocess([]*autograd.Tensor{out}, c.create)[0], postprocess(res, c.create)
}
