package autograd

import (
	"math"

	"github.com/gograd/gograd/tensor"
)

// The op table, part 3: shape ops. Most are views: the result shares storage and the
// version counter with its input and remembers how to remake itself from its base, so
// that writing into it (y[0] = v) can be replayed on the base as torch's CopySlices.

// view finishes a view op: r shares t's storage and version counter.
func view(t *Tensor, n *Node, out *tensor.Array, remake func(*Tensor) *Tensor, region func(*tensor.Array) *tensor.Array) *Tensor {
	r := n.output(out)
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
	z := tensor.Zeros(sizes...).To(g.data.DType())
	region(z).Copy_(g.data)
	n := newNode(name, z, g)
	if n == nil {
		return wrap(z)
	}
	n.grads[0] = func(_ *Node, gg *Tensor) *Tensor { return remake(gg) }
	return n.output(z)
}

// Select indexes dim at index, dropping the dim (x[0], A[:, 0]).
func (t *Tensor) Select(dim, index int) *Tensor {
	out := t.data.Select(dim, index)
	n := newNode("SelectBackward0", out, t)
	remake := func(b *Tensor) *Tensor { return b.Select(dim, index) }
	region := func(a *tensor.Array) *tensor.Array { return a.Select(dim, index) }
	if n != nil {
		sizes := t.shape()
		n.attr("dim", dim)
		n.attr("index", index)
		n.attr("self_sizes", sizes)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return embed("SelectBackwardBackward0", g, sizes, region, remake) }
	}
	return view(t, n, out, remake, region)
}

// Slice is t[start:stop:step] along dim, with Python's clamping (x[1:]).
func (t *Tensor) Slice(dim, start, stop, step int) *Tensor {
	out := t.data.Slice(dim, start, stop, step)
	n := newNode("SliceBackward0", out, t)
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
	return view(t, n, out, remake, region)
}

// Diagonal is the diagonal of dims dim1, dim2 moved to the last dim (DiagonalBackward0).
func (t *Tensor) Diagonal(offset, dim1, dim2 int) *Tensor {
	out := t.data.Diagonal(offset, dim1, dim2)
	n := newNode("DiagonalBackward0", out, t)
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
	return view(t, n, out, remake, region)
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

func reshapeNode(name string, t *Tensor, out *tensor.Array, shape []int, isView bool) *Tensor {
	n := newNode(name, out, t)
	if n != nil {
		sizes := t.shape()
		n.attr("self_sym_sizes", sizes)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Reshape(sizes...) }
	}
	if !isView {
		return n.output(out)
	}
	return view(t, n, out,
		func(b *Tensor) *Tensor { return b.Reshape(shape...) },
		func(a *tensor.Array) *tensor.Array { return a.View(shape...) })
}

// Transpose swaps two dims (TransposeBackward0).
func (t *Tensor) Transpose(dim0, dim1 int) *Tensor {
	out := t.data.Transpose(dim0, dim1)
	n := newNode("TransposeBackward0", out, t)
	if n != nil {
		n.attr("dim0", dim0)
		n.attr("dim1", dim1)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Transpose(dim0, dim1) }
	}
	return view(t, n, out,
		func(b *Tensor) *Tensor { return b.Transpose(dim0, dim1) },
		func(a *tensor.Array) *tensor.Array { return a.Transpose(dim0, dim1) })
}

// Permute reorders the dims (PermuteBackward0).
func (t *Tensor) Permute(dims ...int) *Tensor {
	out := t.data.Permute(dims...)
	n := newNode("PermuteBackward0", out, t)
	if n != nil {
		ds := normDims(dims, t.Dim())
		inv := make([]int, len(ds))
		for i, d := range ds {
			inv[d] = i
		}
		n.attr("dims", append([]int(nil), dims...))
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Permute(inv...) }
	}
	return view(t, n, out,
		func(b *Tensor) *Tensor { return b.Permute(dims...) },
		func(a *tensor.Array) *tensor.Array { return a.Permute(dims...) })
}

// T reverses the dims, like torch's x.T (a permute; tensors under 2-D come back as is).
func (t *Tensor) T() *Tensor {
	d := t.Dim()
	if d < 2 {
		return t
	}
	dims := make([]int, d)
	for i := range dims {
		dims[i] = d - 1 - i
	}
	return t.Permute(dims...)
}

// tr is torch's t(): the transpose of a 2-D tensor (TBackward0), used by the matrix
// product formulas as torch's are.
func (t *Tensor) tr() *Tensor {
	if t.Dim() < 2 {
		return t
	}
	out := t.data.Transpose(0, 1)
	n := newNode("TBackward0", out, t)
	if n != nil {
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.tr() }
	}
	return view(t, n, out,
		func(b *Tensor) *Tensor { return b.tr() },
		func(a *tensor.Array) *tensor.Array { return a.Transpose(0, 1) })
}

// Unsqueeze inserts a size-1 dim (UnsqueezeBackward0).
func (t *Tensor) Unsqueeze(dim int) *Tensor {
	out := t.data.Unsqueeze(dim)
	n := newNode("UnsqueezeBackward0", out, t)
	if n != nil {
		n.attr("dim", dim)
		d := dim
		if d < 0 {
			d += t.Dim() + 1
		}
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Squeeze(d) }
	}
	return view(t, n, out,
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
	out := t.data.Squeeze(dims...)
	n := newNode(name, out, t)
	if n != nil {
		sizes := t.shape()
		if len(dims) > 0 {
			n.attr("dim", dims[0])
		}
		n.attr("self_sizes", sizes)
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Reshape(sizes...) }
	}
	return view(t, n, out,
		func(b *Tensor) *Tensor { return b.Squeeze(dims...) },
		func(a *tensor.Array) *tensor.Array { return a.Squeeze(dims...) })
}

// Expand broadcasts size-1 dims to shape without copying (-1 keeps a dim).
func (t *Tensor) Expand(shape ...int) *Tensor {
	out := t.data.Expand(shape...)
	n := newNode("ExpandBackward0", out, t)
	if n != nil {
		n.attr("self_sym_sizes", t.shape())
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g } // the engine sums back to self's shape
	}
	return view(t, n, out,
		func(b *Tensor) *Tensor { return b.Expand(shape...) },
		func(a *tensor.Array) *tensor.Array { return a.Expand(shape...) })
}

// Clone copies t, keeping the copy in the graph (CloneBackward0).
func (t *Tensor) Clone() *Tensor {
	out := t.data.Clone()
	n := newNode("CloneBackward0", out, t)
	if n != nil {
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g }
	}
	return n.output(out)
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
	out := t.data.To(dt)
	n := newNode("ToCopyBackward0", out, t)
	if n != nil {
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g } // the engine casts back
	}
	return n.output(out)
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
	out := tensor.Stack(arraysOf(ts), dim)
	n := newNode("StackBackward0", out, ts...)
	if n == nil {
		return wrap(out)
	}
	d := dim
	if d < 0 {
		d += out.Dim()
	}
	n.attr("dim", dim)
	for i := range ts {
		i := i
		n.formulas()[i] = func(_ *Node, g *Tensor) *Tensor { return g.Select(d, i) }
	}
	return n.output(out)
}

// Cat joins tensors along an existing dim (CatBackward0).
func Cat(ts []*Tensor, dim int) *Tensor {
	out := tensor.Cat(arraysOf(ts), dim)
	n := newNode("CatBackward0", out, ts...)
	if n == nil {
		return wrap(out)
	}
	d := dim
	if d < 0 {
		d += out.Dim()
	}
	n.attr("dim", dim)
	off := 0
	for i, t := range ts {
		i, start, size := i, off, t.shape()[d]
		off += size
		n.formulas()[i] = func(_ *Node, g *Tensor) *Tensor { return g.Slice(d, start, start+size, 1) }
	}
	return n.output(out)
}

// sliceEnd is what torch records as the end of an open slice (x[1:]).
const sliceEnd = math.MaxInt64
