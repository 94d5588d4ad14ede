package autograd

import (
	"sort"

	"github.com/gograd/gograd/tensor"
)

// The op table, part 2: reductions. A reduction's gradient broadcasts the output
// gradient back over the reduced dims (expand), scaled or masked as the op needs.

// Sum adds all elements (SumBackward0).
func (t *Tensor) Sum() *Tensor {
	out := t.data.Sum()
	n := newNode("SumBackward0", out, t)
	if n == nil {
		return wrap(out)
	}
	n.attrs = sumAttrs
	n.grads[0] = func(n *Node, g *Tensor) *Tensor { return expandGrad(g, n.selfSizes(0)) }
	return n.output(out)
}

// The attributes of Sum and Mean, read from the node's input metadata when listed.
var (
	sumAttrs  = []Attr{{"self_sym_sizes", inputShape(0)}}
	meanAttrs = []Attr{{"self_numel", inputNumel(0)}, {"self_sizes", inputShape(0)}}
)

// SumDims sums over dims (SumBackward1); keepdim keeps them as size 1.
func (t *Tensor) SumDims(dims []int, keepdim bool) *Tensor {
	out := t.data.SumDims(dims, keepdim)
	n := newNode("SumBackward1", out, t)
	if n == nil {
		return wrap(out)
	}
	sizes := t.shape()
	n.attr("dim", append([]int(nil), dims...))
	n.attr("keepdim", keepdim)
	n.attr("self_sym_sizes", sizes)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return expandGrad(unreduce(g, dims, keepdim, sizes), sizes) }
	return n.output(out)
}

// expandGrad is g.Expand(sizes...) in a reduction's formula. When the backward is not
// being recorded the engine only reads the result, so a broadcast array will do and
// the view bookkeeping of Tensor.Expand is skipped (the hot path of every loss.Backward).
func expandGrad(g *Tensor, sizes []int) *Tensor {
	if !gradEnabled {
		return wrap(g.data.Expand(sizes...))
	}
	return g.Expand(sizes...)
}

// unreduce puts back the reduced dims of g as size 1 so it broadcasts to sizes.
func unreduce(g *Tensor, dims []int, keepdim bool, sizes []int) *Tensor {
	if keepdim || len(sizes) == 0 {
		return g
	}
	ds := normDims(dims, len(sizes))
	sort.Ints(ds)
	for _, d := range ds {
		g = g.Unsqueeze(d)
	}
	return g
}

func normDims(dims []int, ndim int) []int {
	out := make([]int, len(dims))
	for i, d := range dims {
		if d < 0 {
			d += ndim
		}
		out[i] = d
	}
	return out
}

// Mean averages all elements (MeanBackward0).
func (t *Tensor) Mean() *Tensor {
	out := t.data.Mean()
	n := newNode("MeanBackward0", out, t)
	if n == nil {
		return wrap(out)
	}
	n.attrs = meanAttrs
	n.grads[0] = func(n *Node, g *Tensor) *Tensor {
		sizes := n.selfSizes(0)
		return expandGrad(g, sizes).Div(Size(sizes).Numel())
	}
	return n.output(out)
}

// MeanDims averages over dims (MeanBackward1).
func (t *Tensor) MeanDims(dims []int, keepdim bool) *Tensor {
	out := t.data.MeanDims(dims, keepdim)
	n := newNode("MeanBackward1", out, t)
	if n == nil {
		return wrap(out)
	}
	sizes := t.shape()
	count := 1
	for _, d := range normDims(dims, len(sizes)) {
		count *= sizes[d]
	}
	n.attr("dim", append([]int(nil), dims...))
	n.attr("keepdim", keepdim)
	n.save(savedSelf, t, true) // torch 1.13 keeps self here although the formula only needs sizes
	n.attr("self_sym_sizes", sizes)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor {
		return expandGrad(unreduce(g, dims, keepdim, sizes), sizes).Div(count)
	}
	return n.output(out)
}

// Max is the largest element (MaxBackward1); tied maxima share the gradient evenly.
func (t *Tensor) Max() *Tensor { return extremum("MaxBackward1", t, t.data.Max()) }

// Min is the smallest element (MinBackward1).
func (t *Tensor) Min() *Tensor { return extremum("MinBackward1", t, t.data.Min()) }

func extremum(name string, t *Tensor, out *tensor.Array) *Tensor {
	n := newNode(name, out, t)
	if n == nil {
		return wrap(out)
	}
	r := n.output(out)
	sRes := n.save(savedResult, r, true)
	sSelf := n.save(savedSelf, t, true)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor {
		mask := sSelf.get().data.Eq(sRes.get().data).To(g.data.DType())
		share := mask.Div(mask.Sum())
		return g.Mul(wrap(share))
	}
	return r
}

// MaxDim returns the max over dim and its indices (MaxBackward0 on the values).
func (t *Tensor) MaxDim(dim int, keepdim bool) (values, indices *Tensor) {
	v, i := t.data.MaxDim(dim, keepdim)
	return selectReduction("MaxBackward0", t, v, i, dim, keepdim), wrap(i)
}

// MinDim returns the min over dim and its indices (MinBackward0).
func (t *Tensor) MinDim(dim int, keepdim bool) (values, indices *Tensor) {
	v, i := t.data.MinDim(dim, keepdim)
	return selectReduction("MinBackward0", t, v, i, dim, keepdim), wrap(i)
}

// selectReduction routes the gradient to the selected index along dim.
func selectReduction(name string, t *Tensor, out, idx *tensor.Array, dim int, keepdim bool) *Tensor {
	n := newNode(name, out, t)
	if n == nil {
		return wrap(out)
	}
	sizes := t.shape()
	n.attr("dim", dim)
	n.save(savedIndices, wrap(idx), true)
	n.attr("keepdim", keepdim)
	n.attr("self_sizes", sizes)
	d := dim
	if d < 0 {
		d += len(sizes)
	}
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor {
		ix := idx
		if !keepdim {
			ix = ix.Unsqueeze(d)
			g = g.Unsqueeze(d)
		}
		// one-hot along dim: position == index
		shape := make([]int, len(sizes))
		for i := range shape {
			shape[i] = 1
		}
		shape[d] = sizes[d]
		pos := tensor.Arange(sizes[d]).Reshape(shape...)
		onehot := pos.Eq(ix).To(g.data.DType())
		return g.Mul(wrap(onehot))
	}
	return n.output(out)
}

// Norm is the 2-norm of all elements (NormBackward1): d/dself = self * g / norm.
func (t *Tensor) Norm() *Tensor {
	out := t.data.Norm()
	n := newNode("NormBackward1", out, t)
	if n == nil {
		return wrap(out)
	}
	r := n.output(out)
	n.attr("dim", []int{})
	n.attr("keepdim", false)
	n.attr("p", 2)
	sRes := n.save(savedResult, r, true)
	sSelf := n.save(savedSelf, t, true)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor {
		res := sRes.get()
		if res.Item() == 0 {
			return wrap(tensor.ZerosLike(sSelf.get().data))
		}
		return sSelf.get().Mul(g.Div(res))
	}
	return r
}

// Prod multiplies all elements (ProdBackward0): d/dx_i = g * prod / x_i (no zeros).
func (t *Tensor) Prod() *Tensor {
	out := t.data.Prod()
	n := newNode("ProdBackward0", out, t)
	if n == nil {
		return wrap(out)
	}
	r := n.output(out)
	sRes := n.save(savedResult, r, true)
	sSelf := n.save(savedSelf, t, true)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Mul(sRes.get()).Div(sSelf.get()) }
	return r
}

// Argmax is the flat index of the largest element (an int64 tensor outside the graph).
func (t *Tensor) Argmax() *Tensor { return wrap(t.data.Argmax()) }

// Argmin is the flat index of the smallest element.
func (t *Tensor) Argmin() *Tensor { return wrap(t.data.Argmin()) }
