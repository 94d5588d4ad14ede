package autograd

import (
	"fmt"
	"slices"

	"github.com/gograd/gograd/tensor"
)

// Function is a differentiable op written by its user (torch.autograd.Function): a
// forward on tensors, run without recording, and a backward that turns the gradient of
// the output into one gradient per input. Apply runs it and records one node named
// Name+"Backward", as torch names the node after the Function's class
// (LegendrePolynomial3Backward); the node goes through the engine like any op's, so
// Backward, Grad, CreateGraph, hooks and the graph picture need nothing more.
//
//	var P3 = &autograd.Function{
//		Name: "LegendrePolynomial3",
//		Forward: func(ctx *autograd.Ctx, in []*autograd.Tensor) *autograd.Tensor {
//			ctx.SaveForBackward(in[0])
//			return in[0].Pow(3).Mul(5).Sub(in[0].Mul(3)).Mul(0.5)
//		},
//		Backward: func(ctx *autograd.Ctx, g *autograd.Tensor) []*autograd.Tensor {
//			x := ctx.SavedTensors()[0]
//			return []*autograd.Tensor{g.Mul(1.5).Mul(x.Pow(2).Mul(5).Sub(1))}
//		},
//	}
//	y := P3.Apply(x) // grad_fn=<LegendrePolynomial3Backward>
//
// A Function has one output. Values other than tensors that the forward needs are
// closed over, or kept per call on the ctx (Ctx.Set).
type Function struct {
	// Name is the Function's class name; the node is Name+"Backward".
	Name string
	// Forward computes the output from the inputs (nil entries stand for Python's None
	// arguments). It runs with grad mode off, as torch's does, so its ops record
	// nothing; what the backward will read is kept with ctx.SaveForBackward.
	Forward func(ctx *Ctx, inputs []*Tensor) *Tensor
	// Backward returns one gradient per input (nil: none, or zero), given the
	// gradient of the output. It runs with grad mode on only under CreateGraph: written
	// with autograd ops, it can then be differentiated again. A gradient may have a
	// shape that sums to its input's (it is summed, as torch's sum_to), and another
	// dtype (it is cast); anything else is torch's error. Extra trailing nils are
	// allowed.
	Backward func(ctx *Ctx, grad *Tensor) []*Tensor
	// OnceDifferentiable marks a backward that is not itself differentiable (torch's
	// @once_differentiable): it runs with grad mode off, and under CreateGraph the
	// gradients it returns carry an Error node whose backward fails with torch's
	// "trying to differentiate twice" error.
	OnceDifferentiable bool
}

// Ctx is what a Function's forward and backward share for one call (torch's ctx).
type Ctx struct {
	needs   []bool
	toSave  []*Tensor // SaveForBackward's arguments, until the node saves them
	nSaved  int       // how many the node saved (the first nSaved records named savedCtx)
	node    *Node     // nil in forward, and when nothing was recorded
	dirty   []*Tensor
	nonDiff []*Tensor
	values  map[string]any
	forward bool
}

// savedCtx names the tensors a Function saved. torchviz shows none of them (a Python
// Function's node has no _saved_ attributes), so SavedAttrs skips this name.
var savedCtx = savedNameOf("saved_tensors")

// onceError is the message of the Error node behind a once-differentiable gradient.
const onceError = "trying to differentiate twice a function that was marked with @once_differentiable"

// NeedsInputGrad reports whether input i will want a gradient (torch's
// ctx.needs_input_grad[i]): grad mode is on and the input requires grad. A backward
// may skip the gradients nobody wants.
func (c *Ctx) NeedsInputGrad(i int) bool {
	if i < 0 || i >= len(c.needs) {
		panic(&tensor.Error{Kind: "IndexError", Msg: "tuple index out of range"})
	}
	return c.needs[i]
}

// SaveForBackward keeps tensors for the backward (torch's ctx.save_for_backward): the
// inputs, the output or tensors made in forward; nil keeps a None. Like torch's, the
// saved tensors are freed by a backward pass without RetainGraph, and reading one that
// an in-place op changed since is an error. It may be called in forward only.
func (c *Ctx) SaveForBackward(ts ...*Tensor) {
	if !c.forward {
		panic(rtErr("save_for_backward can only be called from inside forward"))
	}
	c.toSave = append(c.toSave[:0], ts...)
}

// SavedTensors returns what the forward saved, in order (torch's ctx.saved_tensors),
// with torch's errors when a backward freed them or an in-place op changed one.
func (c *Ctx) SavedTensors() []*Tensor {
	if c.node == nil {
		if c.forward {
			return slices.Clone(c.toSave)
		}
		return nil
	}
	out := make([]*Tensor, c.nSaved)
	for i := range out {
		s := c.node.savedVar(i)
		if s.t == nil && !s.released {
			continue // a saved None
		}
		out[i] = s.get()
	}
	return out
}

// MarkDirty says that forward changed these inputs in place (torch's ctx.mark_dirty);
// the forward must return the changed input, which then takes the Function's node as
// its history, as an in-place op's output does. A leaf that requires grad may not be
// changed so, nor (here) a view.
func (c *Ctx) MarkDirty(ts ...*Tensor) { c.dirty = append(c.dirty, ts...) }

// MarkNonDifferentiable says the output has no gradient (torch's
// ctx.mark_non_differentiable, for outputs such as masks or indices): it is returned
// without history, and does not require grad.
func (c *Ctx) MarkNonDifferentiable(ts ...*Tensor) { c.nonDiff = append(c.nonDiff, ts...) }

// Set keeps a value for the backward under key (torch's ctx.key = v).
func (c *Ctx) Set(key string, v any) {
	if c.values == nil {
		c.values = map[string]any{}
	}
	c.values[key] = v
}

// Value is what Set kept under key, nil if nothing.
func (c *Ctx) Value(key string) any { return c.values[key] }

// Apply runs the Function on inputs (torch's Function.apply). With grad mode on and an
// input requiring grad, the output has the Function's node as its grad_fn, with one
// edge per input; otherwise it is the forward's result as it is.
func (f *Function) Apply(inputs ...*Tensor) *Tensor {
	if f.Forward == nil {
		panic(rtErr(fmt.Sprintf("%s: a Function needs a Forward", f.Name)))
	}
	ctx := &Ctx{needs: make([]bool, len(inputs)), forward: true}
	rec := recording(inputs...)
	for i, t := range inputs {
		ctx.needs[i] = rec && t != nil && t.requiresGrad
	}
	var out *Tensor
	withGrad(false, func() { out = f.Forward(ctx, inputs) })
	ctx.forward = false
	if out == nil {
		panic(&tensor.Error{Kind: "TypeError", Msg: f.Name + ".Forward returned nil; a Function returns a tensor"})
	}
	dirty := slices.Contains(ctx.dirty, out)
	if dirty {
		if out.requiresGrad && out.gradFn == nil && slices.Contains(inputs, out) {
			panic(rtErr("a leaf Variable that requires grad has been used in an in-place operation."))
		}
		if out.viewOf() != nil {
			panic(rtErr(f.Name + ": MarkDirty on a view is not supported"))
		}
		*out.ver()++ // torch bumps a dirty tensor's version once more when it rebases it
	}
	if !rec || slices.Contains(ctx.nonDiff, out) {
		ctx.toSave = nil
		if out.requiresGrad {
			return out.Detach()
		}
		return out
	}
	r, n := record(f.Name+"Backward", func(*tensor.Small) *tensor.Array { return out.data }, inputs...)
	if dirty {
		// the changed input itself carries the new history, as after an in-place op
		out.gradFn, out.requiresGrad = n, true
		r = out
	}
	for _, t := range ctx.toSave {
		if t == out {
			t = r // the output is saved as the node's own output (torch's is_output)
		}
		n.save(savedCtx, t, t != nil)
	}
	ctx.nSaved, ctx.toSave, ctx.node = len(ctx.toSave), nil, n
	n.x().all = f.backwardOf(ctx, inputs)
	return r
}

// backwardOf is the node's all: the user's Backward, then torch's checks of what it
// returned (PyNode::apply's count, validate_outputs' shapes and dtypes). It keeps the
// inputs' shapes and dtypes, not the inputs.
func (f *Function) backwardOf(ctx *Ctx, inputs []*Tensor) func(g *Tensor) []*Tensor {
	type meta struct {
		shape []int
		dtype tensor.DType
		none  bool // the input was nil: torch's non-tensor argument
	}
	ms := make([]meta, len(inputs))
	for i, t := range inputs {
		if t == nil {
			ms[i].none = true
		} else {
			ms[i] = meta{shape: t.shape(), dtype: t.data.DType()}
		}
	}
	name := f.Name + "Backward"
	return func(g *Tensor) []*Tensor {
		if f.Backward == nil {
			panic(&tensor.Error{Kind: "NotImplementedError", Msg: "You must implement either the backward or vjp method for your custom autograd.Function to use it with backward mode AD."})
		}
		var gs []*Tensor
		if f.OnceDifferentiable {
			withGrad(false, func() { gs = f.Backward(ctx, g) })
			if gradEnabled && g.requiresGrad {
				for i, r := range gs {
					if r != nil {
						gs[i] = delayedError(r)
					}
				}
			}
		} else {
			gs = f.Backward(ctx, g)
		}
		if len(gs) > len(ms) && !slices.ContainsFunc(gs[len(ms):], func(t *Tensor) bool { return t != nil }) {
			gs = gs[:len(ms)]
		}
		if len(gs) != len(ms) {
			panic(rtErr(fmt.Sprintf("function %s returned an incorrect number of gradients (expected %d, got %d)", name, len(ms), len(gs))))
		}
		out := make([]*Tensor, len(gs))
		for i, r := range gs {
			m := ms[i]
			if m.none && r != nil {
				panic(rtErr(fmt.Sprintf("function %s returned a gradient different than None at position %d, but the corresponding forward input was not a Variable", name, i+1)))
			}
			if r == nil || !ctx.needs[i] {
				continue // the engine drops a gradient nobody wants, whatever it is
			}
			if !hasShape(r.data, m.shape) {
				if !expandable(m.shape, r.shape()) {
					panic(rtErr(fmt.Sprintf("Function %s returned an invalid gradient at index %d - got %s but expected shape compatible with %s", name, i, shapeList(r.shape()), shapeList(m.shape))))
				}
				r = sumTo(r, m.shape)
			}
			if r.data.DType() != m.dtype {
				r = r.To(DType(m.dtype))
			}
			out[i] = r
		}
		return out
	}
}

// expandable reports whether shape broadcasts to desired (torch's is_expandable_to):
// a gradient of shape desired can then be summed back to shape.
func expandable(shape, desired []int) bool {
	if len(shape) > len(desired) {
		return false
	}
	for i := 1; i <= len(shape); i++ {
		s, d := shape[len(shape)-i], desired[len(desired)-i]
		if s != d && s != 1 {
			return false
		}
	}
	return true
}

// delayedError is g behind torch's DelayedError node (named Error): the value passes,
// and a pass that needs its gradient fails with onceError. Its input is a detached copy
// of g that requires grad, as torch's once_differentiable makes, so the node is
// recorded but leads to nothing of the user's.
func delayedError(g *Tensor) *Tensor {
	fake := g.Detach()
	fake.requiresGrad = true
	r, n := record("Error", func(*tensor.Small) *tensor.Array { return g.data }, fake)
	n.grads[0] = func(*Node, *Tensor) *Tensor { panic(rtErr(onceError)) }
	return r
}
