package functional

import (
	"fmt"
	"slices"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Tuples is the result of JacobianN and HessianN: entry [i][j] relates output (or
// input) i to input j. It prints like the nested tuple PyTorch returns.
type Tuples []autograd.Tuple

// String is Python's repr of a tuple of tuples of tensors.
func (ts Tuples) String() string {
	items := make([]string, len(ts))
	for i, t := range ts {
		items[i] = t.String()
	}
	return autograd.PyTuple(items)
}

// Option is a keyword argument of the functions here.
type Option int

const (
	// CreateGraph makes the results differentiable: they keep a grad_fn linking them to
	// the inputs, so higher derivatives can be taken (create_graph=True).
	CreateGraph Option = iota + 1
	// Strict turns the "output independent of input" cases, which otherwise give zeros,
	// into PyTorch's errors (strict=True).
	Strict
)

type config struct{ create, strict bool }

func configure(opts []Option) config {
	var c config
	for _, o := range opts {
		switch o {
		case CreateGraph:
			c.create = true
		case Strict:
			c.strict = true
		}
	}
	return c
}

func rtErr(format string, args ...any) *tensor.Error {
	return &tensor.Error{Kind: "RuntimeError", Msg: fmt.Sprintf(format, args...)}
}

// preprocess gives the function fresh tensors to work on, PyTorch's _grad_preprocess:
// with create_graph an input that requires grad goes through a view (so the results stay
// connected to it); otherwise it is detached, and requires grad when needGraph says the
// computation must be recorded.
func preprocess(inputs []*autograd.Tensor, create, needGraph bool) []*autograd.Tensor {
	out := make([]*autograd.Tensor, len(inputs))
	for i, in := range inputs {
		if create && in.RequiresGrad() {
			out[i] = in.View(in.Shape()...)
		} else {
			out[i] = in.Detach().RequiresGrad_(needGraph)
		}
	}
	return out
}

// preprocessWithV is how jvp, vhp and hvp start, all taking v shaped like the inputs:
// the inputs' working copies, and v's, checked against them. v may be missing only for
// a single one-element input.
func preprocessWithV(inputs, v []*autograd.Tensor, tuple bool, c config) (ins, vs []*autograd.Tensor) {
	ins = preprocess(inputs, c.create, true)
	if v != nil {
		vs = preprocess(v, c.create, false)
		validateV(vs, ins, tuple)
	} else if len(ins) != 1 || ins[0].Numel() != 1 {
		panic(rtErr("The vector v can only be None if the input to the user-provided function is a single Tensor with a single element."))
	}
	return ins, vs
}

// postprocess hides the graph from the caller unless it asked for one.
func postprocess(ts []*autograd.Tensor, create bool) autograd.Tuple {
	out := make(autograd.Tuple, len(ts))
	for i, t := range ts {
		if t != nil && !create {
			t = t.Detach()
		}
		out[i] = t
	}
	return out
}

// gradOf is PyTorch's _autograd_grad: autograd.Grad that skips outputs which do not
// require grad (nil entries included) and answers nil for inputs no output reaches.
// grads may be nil (no grad_outputs) or hold one entry per output.
func gradOf(outputs, inputs, grads []*autograd.Tensor, create bool) []*autograd.Tensor {
	var outs, gs []*autograd.Tensor
	for i, o := range outputs {
		if o != nil && o.RequiresGrad() {
			outs = append(outs, o)
			if grads != nil {
				gs = append(gs, grads[i])
			} else {
				gs = append(gs, nil)
			}
		}
	}
	if len(outs) == 0 {
		return make([]*autograd.Tensor, len(inputs))
	}
	opts := []autograd.GradOption{autograd.AllowUnused, autograd.RetainGraph, autograd.GradOutputs(gs...)}
	if create {
		opts = append(opts, autograd.CreateGraph)
	}
	return autograd.Grad(outs, inputs, opts...)
}

// checkRequiresGrad is PyTorch's _check_requires_grad: in strict mode, every tensor of
// a stage (the function's "outputs", the "grad_inputs" of jvp's first pass, the
// "jacobian" or "hessian" of a second-order function) must exist and require grad, or
// the result would silently be zero.
func checkRequiresGrad(ts []*autograd.Tensor, stage string, strict bool) {
	if !strict {
		return
	}
	for i, t := range ts {
		switch {
		case t == nil:
			panic(rtErr("The output of the user-provided function is independent of input %d. This is not allowed in strict mode.", i))
		case t.RequiresGrad():
			continue
		case stage == "hessian":
			panic(rtErr("The hessian of the user-provided function with respect to input %d is independent of the input. This is not allowed in strict mode. You should ensure that your function is thrice differentiable and that the hessian depends on the inputs.", i))
		case stage == "jacobian":
			panic(rtErr("While computing the hessian, found that the jacobian of the user-provided function with respect to input %d is independent of the input. This is not allowed in strict mode. You should ensure that your function is twice differentiable and that the jacobian depends on the inputs (this would be violated by a linear function for example).", i))
		case stage == "grad_inputs":
			panic(rtErr("The gradient with respect to input %d is independent of the inputs of the user-provided function. This is not allowed in strict mode.", i))
		default:
			panic(rtErr("Output %d of the user-provided function does not require gradients. The outputs must be computed in a differentiable manner from the input when running in strict mode.", i))
		}
	}
}

// validateV checks that v has one tensor of the right size per entry of other.
func validateV(v, other []*autograd.Tensor, isTuple bool) {
	if len(v) != len(other) {
		if isTuple {
			panic(rtErr("v is a tuple of invalid length: should be %d but got %d.", len(other), len(v)))
		}
		panic(rtErr("The given v should contain a single Tensor."))
	}
	for i := range v {
		if !slices.Equal(v[i].Shape(), other[i].Shape()) {
			prefix := ""
			if isTuple {
				prefix = fmt.Sprintf("Entry %d in ", i)
			}
			panic(rtErr("%sv has invalid size: should be %v but got %v.", prefix, other[i].Shape(), v[i].Shape()))
		}
	}
}

// withGrad runs f with grad mode on, as PyTorch's functions do inside torch.enable_grad().
func withGrad(f func()) { autograd.EnableGrad(f) }

// withGradIf runs f with grad mode on if on is set, else in the caller's mode: the last
// backward pass of each function records a graph only for create_graph, as PyTorch's
// set_grad_enabled(create_graph or is_grad_enabled()) does.
func withGradIf(on bool, f func()) {
	if on {
		withGrad(f)
	} else {
		f()
	}
}

// one adapts a function of one tensor to the form the implementations take, a function
// of several tensors returning several.
func one(f func(*autograd.Tensor) *autograd.Tensor) func([]*autograd.Tensor) []*autograd.Tensor {
	return func(in []*autograd.Tensor) []*autograd.Tensor { return []*autograd.Tensor{f(in[0])} }
}

// optional is v as a list of one, or nil when v is missing.
func optional(v *autograd.Tensor) []*autograd.Tensor {
	if v == nil {
		return nil
	}
	return []*autograd.Tensor{v}
}
