package functional

import (
	"strings"

	"github.com/gograd/gograd/autograd"
)

// Vjp is torch.autograd.functional.vjp for a function of one tensor: it returns f(x)
// and vᵀ·J, shaped like x. v must be shaped like f(x); it may be nil when f(x) has a
// single element.
func Vjp(f func(x *autograd.Tensor) *autograd.Tensor, x, v *autograd.Tensor, opts ...Option) (out, vjp *autograd.Tensor) {
	outs, res := vjpN(one(f), []*autograd.Tensor{x}, optional(v), false, configure(opts))
	return outs[0], res[0]
}

// VjpN is Vjp for a function of several tensors returning several: v holds one tensor
// per output (nil when the single output has a single element) and the result one
// tensor per input.
func VjpN(f func(inputs []*autograd.Tensor) []*autograd.Tensor, inputs, v []*autograd.Tensor, opts ...Option) (outputs, vjp autograd.Tuple) {
	return vjpN(f, inputs, v, true, configure(opts))
}

func vjpN(f func([]*autograd.Tensor) []*autograd.Tensor, inputs, v []*autograd.Tensor, tuple bool, c config) (autograd.Tuple, autograd.Tuple) {
	var outs, ins, vs []*autograd.Tensor
	withGrad(func() {
		ins = preprocess(inputs, c.create, true)
		outs = f(ins)
		checkRequiresGrad(outs, "outputs", c.strict)
		if v != nil {
			vs = preprocess(v, c.create, false)
			validateV(vs, outs, tuple)
		} else if len(outs) != 1 || outs[0].Numel() != 1 {
			panic(rtErr("The vector v can only be None if the user-provided function returns a single Tensor with a single element."))
		}
	})
	var res []*autograd.Tensor
	withGradIf(c.create, func() { res = fillZeros(gradOf(outs, ins, vs, c.create), ins, c, "back") })
	return postprocess(outs, c.create), postprocess(res, c.create)
}

// Jvp is torch.autograd.functional.jvp for a function of one tensor: it returns f(x) and
// J·v, shaped like f(x). v must be shaped like x; it may be nil when x has one element.
func Jvp(f func(x *autograd.Tensor) *autograd.Tensor, x, v *autograd.Tensor, opts ...Option) (out, jvp *autograd.Tensor) {
	outs, res := jvpN(one(f), []*autograd.Tensor{x}, optional(v), false, configure(opts))
	return outs[0], res[0]
}

// JvpN is Jvp for a function of several tensors returning several: v holds one tensor
// per input and the result one tensor per output.
func JvpN(f func(inputs []*autograd.Tensor) []*autograd.Tensor, inputs, v []*autograd.Tensor, opts ...Option) (outputs, jvp autograd.Tuple) {
	return jvpN(f, inputs, v, true, configure(opts))
}

// jvpN uses the double-backward trick: g = Jᵀu is linear in the dummy grad_output u, so
// differentiating g·v with respect to u gives J·v. u's value never reaches the result;
// zeros keep it free of inf and nan.
func jvpN(f func([]*autograd.Tensor) []*autograd.Tensor, inputs, v []*autograd.Tensor, tuple bool, c config) (autograd.Tuple, autograd.Tuple) {
	var outs, ins, vs, us, gradIns []*autograd.Tensor
	withGrad(func() {
		ins, vs = preprocessWithV(inputs, v, tuple, c)
		outs = f(ins)
		checkRequiresGrad(outs, "outputs", c.strict)
		us = make([]*autograd.Tensor, len(outs))
		for i, o := range outs {
			us[i] = zerosLike(o).RequiresGrad_()
		}
		gradIns = gradOf(outs, ins, us, true)
		checkRequiresGrad(gradIns, "grad_inputs", c.strict)
	})
	var res []*autograd.Tensor
	withGradIf(c.create, func() { res = fillZeros(gradOf(gradIns, us, vs, c.create), outs, c, "back_trick") })
	return postprocess(outs, c.create), postprocess(res, c.create)
}

// fillZeros is PyTorch's _fill_in_zeros: a missing gradient is the zero it stands for,
// or an error in strict mode. stage names the pass, for the error text: "back" (vjp),
// "back_trick" (jvp), "double_back" (vhp), "double_back_trick" (hvp).
func fillZeros(grads, refs []*autograd.Tensor, c config, stage string) []*autograd.Tensor {
	out := make([]*autograd.Tensor, len(grads))
	for i, g := range grads {
		if g == nil {
			if c.strict {
				switch stage {
				case "back":
					panic(rtErr("The output of the user-provided function is independent of input %d. This is not allowed in strict mode.", i))
				case "back_trick":
					panic(rtErr("The gradient with respect to the input is independent of entry %d in the grad_outputs when using the double backward trick to compute forward mode gradients. This is not allowed in strict mode.", i))
				case "double_back":
					panic(rtErr("The jacobian of the user-provided function is independent of input %d. This is not allowed in strict mode.", i))
				default:
					panic(rtErr("The hessian of the user-provided function is independent of entry %d in the grad_jacobian. This is not allowed in strict mode as it prevents from using the double backward trick to replace forward mode AD.", i))
				}
			}
			g = zerosLike(refs[i])
		} else if c.strict && c.create && !g.RequiresGrad() {
			if strings.Contains(stage, "double") {
				panic(rtErr("The hessian of the user-provided function is independent of input %d. This is not allowed in strict mode when create_graph=True.", i))
			}
			panic(rtErr("The jacobian of the user-provided function is independent of input %d. This is not allowed in strict mode when create_graph=True.", i))
		}
		out[i] = g
	}
	return out
}
