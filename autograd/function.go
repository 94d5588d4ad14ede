package autograd

import "github.com/gograd/gograd/tensor"

// NewFunction records a custom op so that packages built on autograd declare their ops
// once without touching this package's table (NewOp does the same and saves tensors by
// name). A user's own op, with torch.autograd.Function's ctx, is a Function. out is the forward result; backward, written with autograd ops
// so create_graph works, returns one gradient per input (nil: none). The engine fits
// each gradient to its input's shape and dtype. With grad mode off or no input requiring
// grad, out comes back as a plain tensor.
func NewFunction(name string, out *tensor.Array, inputs []*Tensor, backward func(grad *Tensor) []*Tensor) *Tensor {
	r, n := record(name, func(*tensor.Small) *tensor.Array { return out }, inputs...)
	if n != nil {
		n.x().all = backward
	}
	return r
}

// NewParameter is nn.Parameter(data): a leaf sharing data's storage that requires grad
// and prints as "Parameter containing:\n" + its repr. Results of ops on it are plain
// tensors.
func NewParameter(data *Tensor) *Tensor {
	if !data.data.DType().IsFloat() {
		panic(rtErr("Only Tensors of floating point and complex dtype can require gradients"))
	}
	p := data.sharing(data.data)
	p.requiresGrad, p.isParam = true, true
	return p
}

// IsParameter reports whether t was made by NewParameter.
func (t *Tensor) IsParameter() bool { return t.isParam }

// Op is a node being recorded for an op defined outside this package (package
// nn/functional's losses and activations): what record and the op's node give an op
// of this package (doc.go, "Adding an op"), for code that cannot see them. It saves
// tensors under torch's names, so that torchviz shows them and a formula that reads
// one after a backward freed it, or after an in-place change, fails with torch's
// errors.
//
//	r, op := autograd.NewOp("MseLossBackward0", out, input, target)
//	if op != nil {
//		op.Save("self", input, true)
//		op.Save("target", target, true)
//		op.Attr("reduction", 1)
//		op.SetBackward(func(g *autograd.Tensor) []*autograd.Tensor { ... op.Unpack("self") ... })
//	}
type Op struct{ n *Node }

// NewOp records an op named name (its torch grad_fn name) whose forward gave out, with
// one edge per input (nil inputs are constants). op is nil when nothing is recorded
// (grad mode off or no input requiring grad); r is then a plain tensor.
func NewOp(name string, out *tensor.Array, inputs ...*Tensor) (r *Tensor, op *Op) {
	r, n := record(name, func(*tensor.Small) *tensor.Array { return out }, inputs...)
	if n == nil {
		return r, nil
	}
	return r, &Op{n}
}

// Needs reports whether input i wants a gradient.
func (o *Op) Needs(i int) bool { return o.n.needs(i) }

// Save keeps t for backward under name when cond holds (torch saves only what the
// needed gradients read; torchviz shows the others as None).
func (o *Op) Save(name string, t *Tensor, cond bool) { o.n.save(savedNameOf(name), t, cond) }

// Unpack is the tensor saved under name, for the backward, with torch's errors when a
// backward freed it or an in-place op changed it since.
func (o *Op) Unpack(name string) *Tensor { return o.n.unpack(savedNameOf(name)) }

// Attr records a non-tensor attribute torchviz lists (an int, a float64, a bool, a
// []int shown as a tuple, a string).
func (o *Op) Attr(name string, v any) { o.n.attr(name, v) }

// SetBackward sets the op's backward: given the output's gradient, one gradient per
// input (nil where none is wanted), written with autograd ops so that create_graph can
// differentiate it again. The engine fits each to its input's shape and dtype.
func (o *Op) SetBackward(backward func(g *Tensor) []*Tensor) { o.n.x().all = backward }
