package autograd

import (
	"github.com/gograd/gograd/tensor"
)

// Tensor is a tensor.Array that remembers how it was computed. It plays torch.Tensor:
// a leaf made by the user (New, Ones, ...) or the output of an op, with the op's
// backward Node in gradFn.
//
// What most tensors (op results, gradients) never need lives behind more, so that the
// Tensor of a small result fits beside its node and elements in one allocation.
type Tensor struct {
	data         *tensor.Array
	grad         *Tensor
	gradFn       *Node // nil for a leaf
	more         *tensorMore
	ownVersion   uint32 // the version counter (uint32, as torch's VariableVersion), unless more.version shares another's (see ver)
	requiresGrad bool
	retainsGrad  bool
	isParam      bool // made by NewParameter: prints "Parameter containing:"
}

// tensorMore holds what only some tensors have.
type tensorMore struct {
	version *uint32   // the counter shared with the tensor whose storage this one shares
	gradAcc *Node     // a leaf's AccumulateGrad, made once so every graph shares it
	view    *viewInfo // set when this tensor is an autograd view of another
}

// x returns t's rarely used fields, made on first use.
func (t *Tensor) x() *tensorMore {
	if t.more == nil {
		t.more = new(tensorMore)
	}
	return t.more
}

// viewOf is t's view information, nil when t is not an autograd view.
func (t *Tensor) viewOf() *viewInfo {
	if t.more == nil {
		return nil
	}
	return t.more.view
}

// sharing returns a tensor of a that shares t's version counter (a view, Detach,
// a Parameter).
func (t *Tensor) sharing(a *tensor.Array) *Tensor {
	return &Tensor{data: a, more: &tensorMore{version: t.ver()}}
}

// viewInfo ties a view to its base so that an in-place op on the view can be replayed on
// the base (torch's CopySlices) and the view's grad_fn regenerated afterwards.
type viewInfo struct {
	base   *Tensor                           // the root base, itself never a view
	remake func(*Tensor) *Tensor             // base -> this view, with autograd ops
	region func(*tensor.Array) *tensor.Array // the same on arrays
	baseFn *Node                             // base.gradFn when gradFn was last made
}

// wrap makes a fresh leaf that does not require grad around a.
func wrap(a *tensor.Array) *Tensor {
	return &Tensor{data: a}
}

// roomy is wrap(op(r)) for an op that can place a small result in r (tensor.Small's
// methods): the tensor and its array are then one allocation. Small graphs pay per
// allocation, and the results computed without recording (every gradient of a
// backward pass, the updates under NoGrad) are most of them.
func roomy(op func(r *tensor.Small) *tensor.Array) *Tensor {
	if rooms.on {
		return rooms.take(op)
	}
	b := new(tensorWithRoom)
	b.t.data = op(&b.room)
	return &b.t
}

// roomChunks hands out the tensorWithRooms of the results computed while a backward
// pass runs (its seeds, its gradients and their sums), a chunk at a time: a scalar
// graph's pass then allocates once for them instead of four times. A chunk lives as
// long as any of its tensors (a leaf's .grad may be one), so a slot only keeps a
// result that fits its room; a bigger result gets a tensor of its own and leaves the
// slot free, and a chunk never keeps a big array alive. The one instance is the
// package variable rooms (state.go).
type roomChunks struct {
	on    bool
	chunk *[roomChunk]tensorWithRoom
	next  int // the first free slot of chunk
}

// roomChunk is a chunk's size in results: a scalar graph's backward computes four.
const roomChunk = 4

// take is roomy on a chunk's next slot.
func (r *roomChunks) take(op func(r *tensor.Small) *tensor.Array) *Tensor {
	if r.chunk == nil || r.next == len(r.chunk) {
		r.chunk, r.next = new([roomChunk]tensorWithRoom), 0
	}
	b := &r.chunk[r.next]
	a := op(&b.room)
	if !b.room.Holds(a) {
		return wrap(a)
	}
	r.next++
	b.t.data = a
	return &b.t
}

// passRooms makes the results computed until the returned function runs share chunks;
// the function puts back the outer pass's chunk (a hook may run a pass inside a pass).
func passRooms() (restore func()) {
	old := rooms
	rooms = roomChunks{on: true}
	return func() { rooms = old }
}

// tensorWithRoom is a Tensor with room for a small array.
type tensorWithRoom struct {
	t    Tensor
	room tensor.Small
}

// Option configures a tensor made by New and the other constructors.
type Option interface{ apply(*config) }

type config struct {
	dtype        tensor.DType
	hasDType     bool
	requiresGrad bool
}

type requiresGradOption struct{}

func (requiresGradOption) apply(c *config) { c.requiresGrad = true }

// RequiresGrad makes a new tensor a leaf that requires grad (torch's requires_grad=True).
var RequiresGrad Option = requiresGradOption{}

func (d DType) apply(c *config) { c.dtype, c.hasDType = tensor.DType(d), true }

func makeConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// finish applies the dtype and requires_grad options to a freshly built array.
// floatDefault says the data was Go float data, which becomes float32 unless told.
func finish(a *tensor.Array, c config, floatDefault bool) *Tensor {
	switch {
	case c.hasDType:
		a = a.To(c.dtype)
	case floatDefault && a.DType() == tensor.Float64:
		a = a.To(tensor.Float32)
	}
	t := wrap(a)
	if c.requiresGrad {
		if !a.DType().IsFloat() {
			panic(&tensor.Error{Kind: "RuntimeError", Msg: "Only Tensors of floating point and complex dtype can require gradients"})
		}
		t.requiresGrad = true
	}
	return t
}

// New makes a leaf tensor from a Go scalar, a (nested) slice, a *tensor.Array or a
// *Tensor (copied, as torch.tensor copies). Go float data becomes float32 unless a dtype
// option says otherwise; int data becomes int64, bool data bool.
//
//	x := autograd.New([]float64{1, 2}, autograd.RequiresGrad)   // tensor([1., 2.], requires_grad=True)
func New(data any, opts ...Option) *Tensor {
	c := makeConfig(opts)
	var a *tensor.Array
	switch d := data.(type) {
	case *Tensor:
		a = d.data.Clone()
		return finish(a, c, false)
	case *tensor.Array:
		return finish(d.Clone(), c, false)
	default:
		a = tensor.New(data)
	}
	return finish(a, c, true)
}

// FromArray wraps a without copying: the tensor and the array share memory, as
// torch.from_numpy does. The dtype stays the array's (float64 stays float64).
func FromArray(a *tensor.Array) *Tensor { return wrap(a) }

// Numpy returns the array under t, sharing memory (torch's .numpy()).
func (t *Tensor) Numpy() *tensor.Array {
	if t.requiresGrad {
		panic(rtErr("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead."))
	}
	return t.data
}

// Array returns the array under t, sharing memory, whatever t requires. It is the escape
// hatch for library code (nn, optim, display); cells should use Numpy.
func (t *Tensor) Array() *tensor.Array { return t.data }

// Grad is the gradient accumulated into t by backward passes; nil (printing None) until
// the first one reaches t.
func (t *Tensor) Grad() *Tensor { return t.grad }

// SetGrad replaces t's gradient (torch's x.grad = g); nil clears it.
func (t *Tensor) SetGrad(g *Tensor) { t.grad = g }

// GradFn is the Node that computed t, nil for a leaf.
func (t *Tensor) GradFn() *Node {
	t.sync()
	return t.gradFn
}

// IsLeaf reports whether t was made by the user rather than computed by a recorded op.
func (t *Tensor) IsLeaf() bool { t.sync(); return t.gradFn == nil }

// RequiresGrad reports whether gradients flow to t.
func (t *Tensor) RequiresGrad() bool { t.sync(); return t.requiresGrad }

// RequiresGrad_ sets requires_grad on a leaf (true when no argument is given) and returns t.
func (t *Tensor) RequiresGrad_(b ...bool) *Tensor {
	on := len(b) == 0 || b[0]
	if t.gradFn != nil {
		if on {
			return t
		}
		panic(rtErr("you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."))
	}
	if on && !t.data.DType().IsFloat() {
		panic(rtErr("only Tensors of floating point dtype can require gradients"))
	}
	t.requiresGrad = on
	return t
}

// RetainGrad keeps the gradient of a non-leaf tensor in Grad after backward.
func (t *Tensor) RetainGrad() {
	if t.gradFn == nil {
		return // a leaf keeps its grad anyway
	}
	t.retainsGrad = true
	t.GradFn().x().retainer = t
}

// RetainsGrad reports whether RetainGrad was called on this non-leaf.
func (t *Tensor) RetainsGrad() bool { return t.retainsGrad }

// RegisterHook adds a function called with t's gradient during backward; a non-nil
// result replaces the gradient. The handle's Remove takes the hook off again (torch's
// RemovableHandle).
func (t *Tensor) RegisterHook(hook func(g *Tensor) *Tensor) *RemovableHandle {
	if !t.requiresGrad {
		panic(rtErr("cannot register a hook on a tensor that doesn't require gradient"))
	}
	n := t.gradFn
	if n == nil {
		n = t.gradientEdge().Node // a leaf's hooks run on its AccumulateGrad node
	} else {
		n = t.GradFn()
	}
	x := n.x()
	x.hooks = append(x.hooks, hook)
	return &RemovableHandle{n: n, i: len(x.hooks) - 1}
}

// RemovableHandle is what RegisterHook returns: Remove takes the hook off (torch's
// handle.remove()). Removing twice does nothing.
type RemovableHandle struct {
	n *Node
	i int // the hook's index in n's hooks, which removals keep (they leave a nil)
}

// Remove takes the hook off its tensor: backward passes from now on skip it.
func (h *RemovableHandle) Remove() {
	if h.n == nil {
		return
	}
	x := h.n.x()
	x.hooks[h.i] = nil
	for _, f := range x.hooks {
		if f != nil {
			h.n = nil
			return
		}
	}
	x.hooks, h.n = nil, nil // none left: the node runs as one that never had hooks
}

// Len is len(t): the size of the first dim; a 0-d tensor has none (torch's TypeError).
func (t *Tensor) Len() int {
	if t.Dim() == 0 {
		panic(&tensor.Error{Kind: "TypeError", Msg: "len() of a 0-d tensor"})
	}
	return t.data.Size(0)
}

// Tolist is t.tolist(): the elements as nested []any of float64 (float dtypes), int64
// or bool, a 0-d tensor as the bare number.
func (t *Tensor) Tolist() any {
	a := t.data
	var flat []any
	switch {
	case a.DType().IsFloat():
		for _, v := range a.Float64s() {
			flat = append(flat, v)
		}
	case a.DType() == tensor.Bool:
		for _, v := range a.Bools() {
			flat = append(flat, v)
		}
	default:
		for _, v := range a.Int64s() {
			flat = append(flat, v)
		}
	}
	if a.Dim() == 0 {
		return flat[0]
	}
	return nest(flat, a.Shape())
}

// nest cuts the row-major elements flat into nested lists of the given shape.
func nest(flat []any, shape []int) []any {
	out := make([]any, shape[0])
	if len(shape) == 1 {
		copy(out, flat)
		return out
	}
	step := len(flat) / max(shape[0], 1)
	for i := range out {
		out[i] = nest(flat[i*step:(i+1)*step], shape[1:])
	}
	return out
}

// Detach returns a tensor sharing t's data (and its version counter) outside the graph.
func (t *Tensor) Detach() *Tensor {
	return t.sharing(t.data)
}

// Data returns t's data as a new leaf that shares memory but not the version counter
// (torch's .data: changes made through it are invisible to autograd's checks).
func (t *Tensor) Data() *Tensor { return wrap(t.data) }

// Item returns the value of a one-element tensor.
func (t *Tensor) Item() float64 { return t.data.Item() }

// Shape returns t's size; it prints as torch.Size([2, 3]).
func (t *Tensor) Shape() Size { return Size(t.data.Shape()) }

// Size is Shape (torch's t.size()).
func (t *Tensor) Size() Size { return t.Shape() }

// Dim is the number of dimensions.
func (t *Tensor) Dim() int { return t.data.Dim() }

// Numel is the number of elements.
func (t *Tensor) Numel() int { return t.data.Numel() }

// DType is t's element type; it prints as torch.float32.
func (t *Tensor) DType() DType { return DType(t.data.DType()) }

// Version is how many in-place ops have changed t's storage (torch's t._version).
func (t *Tensor) Version() int { return int(*t.ver()) }

// IncrementVersion moves t's version counter as an in-place op does (torch's
// torch.autograd.graph.increment_version). It is for library code that changed t's
// elements through its array (Array().Float32Data), as an optimizer's step does, so
// that a backward pass that saved the old values still fails with torch's message.
func (t *Tensor) IncrementVersion() { *t.ver()++ }

// ver is t's version counter: its own, or the one it shares with the tensors whose
// storage it shares (views, Detach, Parameter).
func (t *Tensor) ver() *uint32 {
	if t.more != nil && t.more.version != nil {
		return t.more.version
	}
	return &t.ownVersion
}

// Float64s returns t's values in row-major order as float64.
func (t *Tensor) Float64s() []float64 { return t.data.Float64s() }

// shape is the array's shape (a fresh copy).
func (t *Tensor) shape() []int { return t.data.Shape() }

func rtErr(msg string) *tensor.Error { return &tensor.Error{Kind: "RuntimeError", Msg: msg} }

// Base is the tensor a view was made from (torch's ._base), nil when t is not a view.
func (t *Tensor) Base() *Tensor {
	if t.viewOf() == nil {
		return nil
	}
	return t.viewOf().base
}

// IsView reports whether t shares storage with a base as an autograd view.
func (t *Tensor) IsView() bool { return t.viewOf() != nil }

// floatDType is the dtype a factory that computes floats (rand, linspace) makes: the
// option's, float32 without one.
func (c config) floatDType() tensor.DType {
	if c.hasDType {
		return c.dtype
	}
	return tensor.Float32
}
