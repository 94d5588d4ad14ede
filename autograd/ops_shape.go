package autograd

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/gograd/gograd/tensor"
)

// The op table, part 3: shape ops. Most are views: the result shares storage and the
// version counter with its input and remembers how to remake itself from its base, so
// that writing into it (y[0] = v) can be replayed on the base as torch's CopySlices.

// view makes r, a view op's result, a view of t: it shares t's storage and version
// counter, and remembers how to remake itself from its base, with autograd ops
// (remake) and on arrays (region).
func view(t, r *Tensor, remake func(*Tensor) *Tensor, region func(*tensor.Array) *tensor.Array) *Tensor {
	base, rm, rg := t, remake, region
	if v := t.viewOf(); v != nil {
		base = v.base
		prevM, prevG := v.remake, v.region
		rm = func(b *Tensor) *Tensor { return remake(prevM(b)) }
		rg = func(a *tensor.Array) *tensor.Array { return region(prevG(a)) }
	}
	r.more = &tensorMore{version: t.ver(), view: &viewInfo{base: base, remake: rm, region: rg, baseFn: base.gradFn}}
	return r
}

// embed is the backward of a view that picks part of its input (select, slice,
// diagonal): zeros of the input's sizes with g written into the picked region. Its own
// backward picks the region again, so second derivatives flow.
func embed(name string, g *Tensor, sizes []int, region func(*tensor.Array) *tensor.Array, remake func(*Tensor) *Tensor) *Tensor {
	r, n := record(name, func(*tensor.Small) *tensor.Array {
		z := tensor.Zeros(sizes...).To(g.data.DType())
		region(z).Copy_(g.data)
		return z
	}, g)
	if n != nil {
		n.grads[0] = func(_ *Node, gg *Tensor) *Tensor { return remake(gg) }
	}
	return r
}

// Select indexes dim at index, dropping the dim (x[0], A[:, 0]).
func (t *Tensor) Select(dim, index int) *Tensor {
	r, n := record("SelectBackward0", func(*tensor.Small) *tensor.Array { return t.data.Select(dim, index) }, t)
	remake := func(b *Tensor) *Tensor { return b.Select(dim, index) }
	region := func(a *tensor.Array) *tensor.Array { return a.Select(dim, index) }
	if n != nil {
		sizes := t.shape()
		n.attr("dim", dim)
		n.attr("index", index)
		n.attr("self_sizes", sizes)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return embed("SelectBackwardBackward0", g, sizes, region, remake) }
	}
	return view(t, r, remake, region)
}

// Slice is t[start:stop:step] along dim, with Python's clamping (x[1:]).
func (t *Tensor) Slice(dim, start, stop, step int) *Tensor {
	r, n := record("SliceBackward0", func(*tensor.Small) *tensor.Array { return t.data.Slice(dim, start, stop, step) }, t)
	remake := func(b *Tensor) *Tensor { return b.Slice(dim, start, stop, step) }
	region := func(a *tensor.Array) *tensor.Array { return a.Slice(dim, start, stop, step) }
	if n != nil {
		sizes := t.shape()
		n.attr("dim", dim)
		n.attr("end", stop)
		n.attr("self_sym_sizes", sizes)
		n.attr("start", start)
		n.attr("step", step)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return embed("SliceBackwardBackward0", g, sizes, region, remake) }
	}
	return view(t, r, remake, region)
}

// Diagonal is the diagonal of dims dim1, dim2 moved to the last dim (DiagonalBackward0).
func (t *Tensor) Diagonal(offset, dim1, dim2 int) *Tensor {
	r, n := record("DiagonalBackward0", func(*tensor.Small) *tensor.Array { return t.data.Diagonal(offset, dim1, dim2) }, t)
	remake := func(b *Tensor) *Tensor { return b.Diagonal(offset, dim1, dim2) }
	region := func(a *tensor.Array) *tensor.Array { return a.Diagonal(offset, dim1, dim2) }
	if n != nil {
		sizes := t.shape()
		n.attr("dim1", dim1)
		n.attr("dim2", dim2)
		n.attr("offset", offset)
		n.attr("self_sym_sizes", sizes)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return embed("DiagonalBackwardBackward0", g, sizes, region, remake) }
	}
	return view(t, r, remake, region)
}

// View reshapes without copying (ViewBackward0); it fails as torch does when the
// strides do not allow it.
func (t *Tensor) View(shape ...int) *Tensor {
	out := t.data.View(shape...)
	return reshapeNode("ViewBackward0", t, out, shape, true)
}

// Reshape is View when possible (ReshapeAliasBackward0 in torch 1.13) and otherwise a
// copy (CloneBackward0 then UnsafeViewBackward0).
func (t *Tensor) Reshape(shape ...int) *Tensor {
	out := t.data.Reshape(shape...)
	if out.SameStorage(t.data) {
		return reshapeNode("ReshapeAliasBackward0", t, out, shape, true)
	}
	c := t.Clone()
	return reshapeNode("UnsafeViewBackward0", c, c.data.View(shape...), shape, false)
}

// Flatten is torch.flatten(t, start_dim, end_dim): the dims start..end merged into
// one, by Reshape (so a view, ReshapeAliasBackward0, when t's strides allow it, else a
// copy, UnsafeViewBackward0). Flatten() is (0, -1), Flatten(1) is (1, -1). t itself
// comes back when the range is one dim, and shape (1) for a 0-d t, as in torch.
func (t *Tensor) Flatten(dims ...int) *Tensor {
	start, end := 0, -1
	switch len(dims) {
	case 0:
	case 1:
		start = dims[0]
	case 2:
		start, end = dims[0], dims[1]
	default:
		panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("flatten() received an invalid combination of arguments - got (%s), but expected (int start_dim, int end_dim)",
			strings.TrimSuffix(strings.Repeat("int, ", len(dims)), ", "))})
	}
	shape := t.shape()
	start, end = wrapDim(start, len(shape)), wrapDim(end, len(shape))
	if start > end {
		panic(rtErr("flatten() has invalid args: start_dim cannot come after end_dim"))
	}
	if len(shape) == 0 {
		return t.Reshape(1)
	}
	if start == end {
		return t
	}
	merged := 1
	for _, s := range shape[start : end+1] {
		merged *= s
	}
	return t.Reshape(slices.Concat(shape[:start], []int{merged}, shape[end+1:])...)
}

// wrapDim turns a possibly negative dim into an index among rank dims, as torch's
// maybe_wrap_dim does (a 0-d tensor counts as having one dim), with torch's IndexError.
func wrapDim(d, rank int) int {
	rank = max(rank, 1)
	if d < -rank || d >= rank {
		panic(&tensor.Error{Kind: "IndexError", Msg: fmt.Sprintf("Dimension out of range (expected to be in range of [%d, %d], but got %d)", -rank, rank-1, d)})
	}
	if d < 0 {
		d += rank
	}
	return d
}

func reshapeNode(name string, t *Tensor, out *tensor.Array, shape []int, isView bool) *Tensor {
	r, n := record(name, func(*tensor.Small) *tensor.Array { return out }, t)
	if n != nil {
		sizes := t.shape()
		n.attr("self_sym_sizes", sizes)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Reshape(sizes...) }
	}
	if !isView {
		return r
	}
	return view(t, r,
		func(b *Tensor) *Tensor { return b.Reshape(shape...) },
		func(a *tensor.Array) *tensor.Array { return a.View(shape...) })
}

// Transpose swaps two dims (TransposeBackward0).
func (t *Tensor) Transpose(dim0, dim1 int) *Tensor {
	r, n := record("TransposeBackward0", func(*tensor.Small) *tensor.Array { return t.data.Transpose(dim0, dim1) }, t)
	if n != nil {
		n.attr("dim0", savedDim(dim0))
		n.attr("dim1", savedDim(dim1))
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Transpose(dim0, dim1) }
	}
	return view(t, r,
		func(b *Tensor) *Tensor { return b.Transpose(dim0, dim1) },
		func(a *tensor.Array) *tensor.Array { return a.Transpose(dim0, dim1) })
}

// savedDim is a dim argument as torch's node shows it: a negative dim, kept as given in
// an int64 field, reads back through an unsigned conversion (-1 shows as 2⁶⁴-1).
func savedDim(d int) any {
	if d < 0 {
		return uint64(d)
	}
	return d
}

// savedDims is a list of dims as torch's node shows it: a tuple, negative dims read
// back unsigned as savedDim's.
func savedDims(dims []int) any {
	out := make([]any, len(dims))
	for i, d := range dims {
		out[i] = savedDim(d)
	}
	return out
}

// Permute reorders the dims (PermuteBackward0).
func (t *Tensor) Permute(dims ...int) *Tensor {
	r, n := record("PermuteBackward0", func(*tensor.Small) *tensor.Array { return t.data.Permute(dims...) }, t)
	if n != nil {
		ds := normDims(dims, t.Dim())
		inv := make([]int, len(ds))
		for i, d := range ds {
			inv[d] = i
		}
		n.attr("dims", append([]int(nil), dims...))
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Permute(inv...) }
	}
	return view(t, r,
		func(b *Tensor) *Tensor { return b.Permute(dims...) },
		func(a *tensor.Array) *tensor.Array { return a.Permute(dims...) })
}

// T reverses the dims, like torch's x.T (a permute; tensors under 2-D come back as is).
func (t *Tensor) T() *Tensor {
	d := t.Dim()
	dims := make([]int, d)
	for i := range dims {
		dims[i] = d - 1 - i
	}
	return t.Permute(dims...)
}

// MT is x.mT: the last two dims swapped (TransposeBackward0 with dims -2 and -1), for a
// matrix or a batch of them.
func (t *Tensor) MT() *Tensor {
	if t.Dim() < 2 {
		panic(rtErr(fmt.Sprintf("tensor.mT is only supported on matrices or batches of matrices. Got %d-D tensor.", t.Dim())))
	}
	return t.Transpose(-2, -1)
}

// Tt is x.t() (torch.t, TBackward0; Go cannot name a method both T and t): the
// transpose of a matrix, a view of a 0-d or 1-D tensor as it is. nn.Linear and the
// matrix product formulas use it, as torch's do, so their graphs show TBackward0.
func (t *Tensor) Tt() *Tensor {
	if t.Dim() > 2 {
		panic(rtErr(fmt.Sprintf("t() expects a tensor with <= 2 dimensions, but self is %dD", t.Dim())))
	}
	r, n := record("TBackward0", func(*tensor.Small) *tensor.Array { return transposed(t.data) }, t)
	if n != nil {
		n.grads[0] = tGrad
	}
	return view(t, r, (*Tensor).Tt, transposed)
}

func tGrad(_ *Node, g *Tensor) *Tensor { return g.Tt() }

// transposed is a's t(): a view with dims 0 and 1 swapped, or with a's own shape below
// two dims.
func transposed(a *tensor.Array) *tensor.Array {
	if a.Dim() < 2 {
		return a.View(a.Shape()...)
	}
	return a.Transpose(0, 1)
}

// Unsqueeze inserts a size-1 dim (UnsqueezeBackward0).
func (t *Tensor) Unsqueeze(dim int) *Tensor {
	r, n := record("UnsqueezeBackward0", func(*tensor.Small) *tensor.Array { return t.data.Unsqueeze(dim) }, t)
	if n != nil {
		n.attr("dim", dim)
		d := dim
		if d < 0 {
			d += t.Dim() + 1
		}
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Squeeze(d) }
	}
	return view(t, r,
		func(b *Tensor) *Tensor { return b.Unsqueeze(dim) },
		func(a *tensor.Array) *tensor.Array { return a.Unsqueeze(dim) })
}

// Squeeze drops size-1 dims: all of them (SqueezeBackward0) or the one given
// (SqueezeBackward1).
func (t *Tensor) Squeeze(dims ...int) *Tensor {
	name := "SqueezeBackward0"
	if len(dims) > 0 {
		name = "SqueezeBackward1"
	}
	return t.squeeze(name, dims...)
}

// squeeze records a squeeze under name: matmul's row-times-matrix case squeezes in
// place in torch, which shows as SqueezeBackward3.
func (t *Tensor) squeeze(name string, dims ...int) *Tensor {
	r, n := record(name, func(*tensor.Small) *tensor.Array { return t.data.Squeeze(dims...) }, t)
	if n != nil {
		sizes := t.shape()
		if len(dims) > 0 {
			n.attr("dim", dims[0])
		}
		n.attr("self_sizes", sizes)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Reshape(sizes...) }
	}
	return view(t, r,
		func(b *Tensor) *Tensor { return b.Squeeze(dims...) },
		func(a *tensor.Array) *tensor.Array { return a.Squeeze(dims...) })
}

// Expand broadcasts size-1 dims to shape without copying (-1 keeps a dim).
func (t *Tensor) Expand(shape ...int) *Tensor {
	r, n := record("ExpandBackward0", func(*tensor.Small) *tensor.Array { return t.data.Expand(shape...) }, t)
	if n != nil {
		n.attr("self_sym_sizes", t.shape())
		n.grads[0] = passGrad // the engine sums back to self's shape
	}
	return view(t, r,
		func(b *Tensor) *Tensor { return b.Expand(shape...) },
		func(a *tensor.Array) *tensor.Array { return a.Expand(shape...) })
}

// Clone copies t, keeping the copy in the graph (CloneBackward0).
func (t *Tensor) Clone() *Tensor {
	r, n := record("CloneBackward0", func(*tensor.Small) *tensor.Array { return t.data.Clone() }, t)
	if n != nil {
		n.grads[0] = passGrad
	}
	return r
}

// Contiguous returns t when its data is row-major already, else a clone.
func (t *Tensor) Contiguous() *Tensor {
	if t.data.IsContiguous() {
		return t
	}
	return t.Clone()
}

// To converts to dtype (ToCopyBackward0); the same tensor when the dtype matches.
func (t *Tensor) To(dtype DType) *Tensor {
	dt := tensor.DType(dtype)
	if t.data.DType() == dt {
		return t
	}
	r, n := record("ToCopyBackward0", func(*tensor.Small) *tensor.Array { return t.data.To(dt) }, t)
	if n != nil {
		n.grads[0] = passGrad // the engine casts back
	}
	return r
}

// Float is To(Float32), torch's .float().
func (t *Tensor) Float() *Tensor { return t.To(Float32) }

// Double is To(Float64).
func (t *Tensor) Double() *Tensor { return t.To(Float64) }

// Long is To(Int64).
func (t *Tensor) Long() *Tensor { return t.To(Int64) }

// arraysOf is the data of each tensor, for the ops that join several.
func arraysOf(ts []*Tensor) []*tensor.Array {
	arrs := make([]*tensor.Array, len(ts))
	for i, t := range ts {
		arrs[i] = t.data
	}
	return arrs
}

// Stack joins same-shaped tensors along a new dim (StackBackward0).
func Stack(ts []*Tensor, dim int) *Tensor {
	r, n := record("StackBackward0", func(*tensor.Small) *tensor.Array { return tensor.Stack(arraysOf(ts), dim) }, ts...)
	if n == nil {
		return r
	}
	d := dim
	if d < 0 {
		d += r.Dim()
	}
	n.attr("dim", dim)
	for i := range ts {
		n.formulas()[i] = func(_ *Node, g *Tensor) *Tensor { return g.Select(d, i) }
	}
	return r
}

// Cat joins tensors along an existing dim (CatBackward0).
func Cat(ts []*Tensor, dim int) *Tensor {
	r, n := record("CatBackward0", func(*tensor.Small) *tensor.Array { return tensor.Cat(arraysOf(ts), dim) }, ts...)
	if n == nil {
		return r
	}
	d := dim
	if d < 0 {
		d += r.Dim()
	}
	n.attr("dim", dim)
	off := 0
	for i, t := range ts {
		start, size := off, t.shape()[d]
		off += size
		n.formulas()[i] = func(_ *Node, g *Tensor) *Tensor { return g.Slice(d, start, start+size, 1) }
	}
	return r
}

// sliceEnd is what torch records as the end of an open slice (x[1:]).
const sliceEnd = math.MaxInt64
