package functional

import (
	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Jacobian is torch.autograd.functional.jacobian for a function of one tensor returning
// one tensor: the result has shape out.shape + x.shape, entry [i..., j...] being
// d out[i...] / d x[j...].
func Jacobian(f func(x *autograd.Tensor) *autograd.Tensor, x *autograd.Tensor, opts ...Option) *autograd.Tensor {
	return jacobian(one(f), []*autograd.Tensor{x}, configure(opts))[0][0]
}

// JacobianN is Jacobian for a function of several tensors returning several: J[i][j] is
// the Jacobian of output i with respect to input j, shaped out_i.shape + in_j.shape.
// (PyTorch returns the same numbers as nested tuples.)
func JacobianN(f func(inputs []*autograd.Tensor) []*autograd.Tensor, inputs []*autograd.Tensor, opts ...Option) Tuples {
	return jacobian(f, inputs, configure(opts))
}

// jacobian is PyTorch's reverse-mode strategy: one backward pass per output element,
// each giving one row of every input's Jacobian; the rows are stacked and viewed as
// out.shape + in.shape. Elements an input does not influence give zero rows.
func jacobian(f func([]*autograd.Tensor) []*autograd.Tensor, inputs []*autograd.Tensor, c config) Tuples {
	var jac Tuples
	withGrad(func() {
		ins := preprocess(inputs, c.create, true)
		outs := f(ins)
		checkRequiresGrad(outs, "outputs", c.strict)
		for i, out := range outs {
			rows := make([][]*autograd.Tensor, len(ins))
			flat := out.Reshape(-1)
			for e := 0; e < out.Numel(); e++ {
				vj := gradOf([]*autograd.Tensor{flat.Select(0, e)}, ins, nil, c.create)
				for k, g := range vj {
					if g == nil {
						if c.strict {
							panic(rtErr("Output %d of the user-provided function is independent of input %d. This is not allowed in strict mode.", i, k))
						}
						g = zerosLike(ins[k])
					} else if c.strict && c.create && !g.RequiresGrad() {
						panic(rtErr("The jacobian of the user-provided function is independent of input %d. This is not allowed in strict mode when create_graph=True.", i))
					}
					rows[k] = append(rows[k], g)
				}
			}
			row := make([]*autograd.Tensor, len(ins))
			for k := range ins {
				shape := append(append([]int{}, out.Shape()...), ins[k].Shape()...)
				if len(rows[k]) == 0 { // an empty output has an empty Jacobian
					row[k] = autograd.FromArray(tensor.Zeros(shape...).To(ins[k].Array().DType()))
					continue
				}
				row[k] = autograd.Stack(rows[k], 0).View(shape...)
			}
			jac = append(jac, postprocess(row, c.create))
		}
	})
	return jac
}

func zerosLike(t *autograd.Tensor) *autograd.Tensor {
	return autograd.FromArray(tensor.ZerosLike(t.Array()))
}

// Hessian is torch.autograd.functional.hessian for a scalar function of one tensor: the
// result has shape x.shape + x.shape. f must return a tensor with a single element.
func Hessian(f func(x *autograd.Tensor) *autograd.Tensor, x *autograd.Tensor, opts ...Option) *autograd.Tensor {
	g := func(in []*autograd.Tensor) *autograd.Tensor { return f(in[0]) }
	return hessian(g, []*autograd.Tensor{x}, configure(opts))[0][0]
}

// HessianN is Hessian for a scalar function of several tensors: H[i][j] holds the second
// derivatives with respect to inputs i and j, shaped in_i.shape + in_j.shape.
func HessianN(f func(inputs []*autograd.Tensor) *autograd.Tensor, inputs []*autograd.Tensor, opts ...Option) Tuples {
	return hessian(f, inputs, configure(opts))
}

// hessian is the Jacobian of the gradient, as PyTorch computes it: the inner Jacobian
// (of the scalar output, so the gradient) is built with create_graph so that the outer
// one can differentiate it again.
func hessian(f func([]*autograd.Tensor) *autograd.Tensor, inputs []*autograd.Tensor, c config) Tuples {
	single := func(in []*autograd.Tensor) []*autograd.Tensor {
		out := f(in)
		checkRequiresGrad([]*autograd.Tensor{out}, "outputs", c.strict)
		if out.Numel() != 1 {
			panic(rtErr("The Tensor returned by the function given to hessian should contain a single element"))
		}
		return []*autograd.Tensor{out.Squeeze()}
	}
	gradient := func(in []*autograd.Tensor) []*autograd.Tensor {
		jac := jacobian(single, in, config{create: true})[0]
		checkRequiresGrad(jac, "jacobian", c.strict)
		return jac
	}
	return jacobian(gradient, inputs, c)
}
