package autograd

import (
	"fmt"
	"sort"

	"github.com/gograd/gograd/tensor"
)

// The op table, part 2: reductions. A reduction's gradient broadcasts the output
// gradient back over the reduced dims (expand), scaled or masked as the op needs.
//
// One form for dims and keepdim, on methods and functions alike, as torch's x.sum(0,
// keepdim=True) and torch.sum(x, 0, keepdim=True): the dims as ints, then KeepDim if
// wanted. No dim reduces everything:
//
//	x.Sum()                    // torch: x.sum()                  SumBackward0
//	x.Sum(0, 1)                // torch: x.sum((0, 1))            SumBackward1
//	x.Mean(1, autograd.KeepDim) // torch: x.mean(1, keepdim=True) MeanBackward1
//	autograd.Sum(x, 0, autograd.KeepDim)
//
// SumDims and MeanDims take the dims as a slice and keepdim as a bool, for code that
// computes them. Max and Min by a dim return values and indices (MaxDim, MinDim), as
// torch's max(dim) returns a pair.

// KeepDim, after a reduction's dims, keeps the reduced dims with size 1 (torch's
// keepdim=True).
var KeepDim = keepDim{}

type keepDim struct{}

// reduceArgs splits a reduction's arguments into dims and the KeepDim flag.
func reduceArgs(op string, args []any) (dims []int, keep bool) {
	for _, a := range args {
		switch v := a.(type) {
		case int:
			dims = append(dims, v)
		case []int:
			dims = append(dims, v...)
		case keepDim:
			keep = true
		case bool:
			keep = v
		default:
			panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("%s(): dims must be ints followed by KeepDim, got %T", op, a)})
		}
	}
	return dims, keep
}

// Sum adds all elements (SumBackward0), or those along dims (SumBackward1): the dims,
// then KeepDim if wanted (see above).
func (t *Tensor) Sum(dimsKeep ...any) *Tensor {
	if len(dimsKeep) > 0 {
		dims, keep := reduceArgs("sum", dimsKeep)
		if len(dims) > 0 || keep {
			return t.SumDims(dims, keep)
		}
	}
	r, n := record("SumBackward0", func(*tensor.Small) *tensor.Array { return t.data.Sum() }, t)
	if n != nil {
		n.attrs = sumAttrs
		n.grads[0] = sumGrad
	}
	return r
}

func sumGrad(n *Node, g *Tensor) *Tensor { return expandGrad(g, n.selfSizes(0)) }

// The attributes of Sum and Mean, read from the node's input metadata when listed.
var (
	sumAttrs  = []Attr{{"self_sym_sizes", inputShape(0)}}
	meanAttrs = []Attr{{"self_numel", inputNumel(0)}, {"self_sizes", inputShape(0)}}
)

// SumDims sums over dims (SumBackward1); keepdim keeps them as size 1. Its formula is a
// closure over the op's parameters, as the formulas of every op with dims are.
func (t *Tensor) SumDims(dims []int, keepdim bool) *Tensor {
	r, n := record("SumBackward1", func(*tensor.Small) *tensor.Array { return t.data.SumDims(dims, keepdim) }, t)
	if n == nil {
		return r
	}
	sizes := t.shape()
	n.attr("dim", savedDims(dims))
	n.attr("keepdim", keepdim)
	n.attr("self_sym_sizes", sizes)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return expandGrad(unreduce(g, dims, keepdim, sizes), sizes) }
	return r
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

// Mean averages all elements (MeanBackward0), or along dims (MeanBackward1): the dims,
// then KeepDim if wanted.
func (t *Tensor) Mean(dimsKeep ...any) *Tensor {
	if len(dimsKeep) > 0 {
		dims, keep := reduceArgs("mean", dimsKeep)
		if len(dims) > 0 || keep {
			return t.MeanDims(dims, keep)
		}
	}
	r, n := record("MeanBackward0", func(*tensor.Small) *tensor.Array { return t.data.Mean() }, t)
	if n != nil {
		n.attrs = meanAttrs
		n.grads[0] = meanGrad
	}
	return r
}

func meanGrad(n *Node, g *Tensor) *Tensor {
	sizes := n.selfSizes(0)
	return expandGrad(g, sizes).Div(Size(sizes).Numel())
}

// MeanDims averages over dims (MeanBackward1).
func (t *Tensor) MeanDims(dims []int, keepdim bool) *Tensor {
	r, n := record("MeanBackward1", func(*tensor.Small) *tensor.Array { return t.data.MeanDims(dims, keepdim) }, t)
	if n == nil {
		return r
	}
	sizes := t.shape()
	count := 1
	for _, d := range normDims(dims, len(sizes)) {
		count *= sizes[d]
	}
	n.attr("dim", savedDims(dims))
	n.attr("keepdim", keepdim)
	n.save(savedSelf, t, true) // torch 1.13 keeps self here although the formula only needs sizes
	n.attr("self_sym_sizes", sizes)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor {
		return expandGrad(unreduce(g, dims, keepdim, sizes), sizes).Div(count)
	}
	return r
}

// Max is the largest element (MaxBackward1); tied maxima share the gradient evenly.
func (t *Tensor) Max() *Tensor { return extremum("MaxBackward1", t, (*tensor.Array).Max) }

// Min is the smallest element (MinBackward1).
func (t *Tensor) Min() *Tensor { return extremum("MinBackward1", t, (*tensor.Array).Min) }

// extremum is Max or Min, fwd being the array op.
func extremum(name string, t *Tensor, fwd func(*tensor.Array) *tensor.Array) *Tensor {
	r, n := record(name, func(*tensor.Small) *tensor.Array { return fwd(t.data) }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.save(savedSelf, t, true)
		n.grads[0] = extremumGrad
	}
	return r
}

// extremumGrad is torch's evenly_distribute_backward: zeros, with g/count where self
// equals the result (where self is NaN if the result is), count being how many do.
func extremumGrad(n *Node, g *Tensor) *Tensor {
	self, res := n.unpack(savedSelf).data, n.unpack(savedResult).data
	mask := self.Eq(res)
	if res.Ne(res).Item() != 0 {
		mask = self.Ne(self)
	}
	count := wrap(mask.To(tensor.Int64).Sum())
	return maskedFillZeros(mask, g.Div(count), self.Shape())
}

// maskedFillZeros is zeros of shape, filled with the 0-d value where mask is true:
// torch's new_zeros(...).masked_fill_(mask, value), recorded as MaskedFillBackward1
// (the zeros have no history: its first edge is none).
func maskedFillZeros(mask *tensor.Array, value *Tensor, shape []int) *Tensor {
	r, n := record("MaskedFillBackward1", func(*tensor.Small) *tensor.Array {
		return tensor.Where(mask, value.data, tensor.New(0.0).To(value.data.DType())).Expand(shape...).Contiguous()
	}, nil, value)
	if n != nil {
		n.save(savedMask, wrap(mask), true)
		// torch's masked_fill_backward: the sum of the gradient where mask is true
		n.grads[1] = func(n *Node, g *Tensor) *Tensor { return Where(n.unpack(savedMask), g, zeroOf(g)).Sum() }
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

// scatterZeros is zeros of sizes with g at the positions onehot marks along dim:
// torch's value_selecting_reduction_backward, zeros.scatter_(dim, indices, g), recorded
// as ScatterBackward0 (its gradient for g gathers at the indices, here the sum along
// dim of the gradient where onehot is true, one element each).
func scatterZeros(onehot *tensor.Array, g *Tensor, dim int, sizes []int) *Tensor {
	r, n := record("ScatterBackward0", func(*tensor.Small) *tensor.Array {
		return tensor.Where(onehot, g.data, tensor.New(0.0).To(g.data.DType())).Expand(sizes...).Contiguous()
	}, nil, g)
	if n != nil {
		n.attr("dim", dim)
		n.save(savedMask, wrap(onehot), true)
		n.grads[1] = func(n *Node, gg *Tensor) *Tensor {
			return Where(n.unpack(savedMask), gg, zeroOf(gg)).SumDims([]int{dim}, true)
		}
	}
	return r
}

// selectReduction routes the gradient to the selected index along dim.
func selectReduction(name string, t *Tensor, out, idx *tensor.Array, dim int, keepdim bool) *Tensor {
	r, n := record(name, func(*tensor.Small) *tensor.Array { return out }, t)
	if n == nil {
		return r
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
		return scatterZeros(pos.Eq(ix), g, d, sizes)
	}
	return r
}

// Norm is the 2-norm of all elements (NormBackward1): d/dself = self * g / norm.
func (t *Tensor) Norm() *Tensor {
	r, n := record("NormBackward1", func(*tensor.Small) *tensor.Array { return t.data.Norm() }, t)
	if n != nil {
		n.attrs = normAttrs
		n.save(savedResult, r, true)
		n.save(savedSelf, t, true)
		n.grads[0] = normGrad
	}
	return r
}

var normAttrs = []Attr{{"dim", []int{}}, {"keepdim", false}, {"p", 2}}

// normGrad is torch's norm_backward for p = 2, g·(self/norm).masked_fill_(norm == 0, 0).
func normGrad(n *Node, g *Tensor) *Tensor {
	res, self := n.unpack(savedResult), n.unpack(savedSelf)
	return g.Mul(self.Div(res).maskedFill(res.data.Eq(0), 0))
}

// Prod multiplies all elements (ProdBackward0): d/dx_i = g * prod / x_i (no zeros); or
// along one dim (ProdBackward1): x.Prod(1, autograd.KeepDim).
func (t *Tensor) Prod(dimKeep ...any) *Tensor {
	if len(dimKeep) > 0 {
		dims, keep := reduceArgs("prod", dimKeep)
		if len(dims) != 1 {
			panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("prod(): takes one dim, got %d", len(dims))})
		}
		return t.prodDim(dims[0], keep)
	}
	r, n := record("ProdBackward0", func(*tensor.Small) *tensor.Array { return t.data.Prod() }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.save(savedSelf, t, true)
		n.grads[0] = prodGrad
	}
	return r
}

// prodDim is the product along dim (ProdBackward1); its gradient g·(result/self) with
// g and result unreduced, or as ProdBackward0's where self holds a zero.
func (t *Tensor) prodDim(dim int, keepdim bool) *Tensor {
	r, n := record("ProdBackward1", func(*tensor.Small) *tensor.Array { return t.data.ProdDim(dim, keepdim) }, t)
	if n != nil {
		sizes := t.shape()
		dims := []int{dim}
		n.attr("dim", savedDim(dim))
		n.attr("keepdim", keepdim)
		n.save(savedResult, r, true)
		n.save(savedSelf, t, true)
		n.grads[0] = func(n *Node, g *Tensor) *Tensor {
			res := unreduce(n.unpack(savedResult), dims, keepdim, sizes)
			self := n.unpack(savedSelf)
			g = unreduce(g, dims, keepdim, sizes)
			if hasZero(self) {
				return g.Mul(prodOthers(self, dim))
			}
			return g.Mul(res.Div(self))
		}
	}
	return r
}

// prodGrad is torch's prod_backward: g·(result/self), or with a zero in self, where
// result/self is 0/0, g times the product of the other elements.
func prodGrad(n *Node, g *Tensor) *Tensor {
	res, self := n.unpack(savedResult), n.unpack(savedSelf)
	if self.Dim() == 0 {
		return g
	}
	switch zeros := zeroCount(self); {
	case zeros > 1 && !gradEnabled:
		return wrap(tensor.ZerosLike(self.data)) // as torch: +0, where the products give ±0
	case zeros > 0:
		return g.Mul(prodOthers(self.Reshape(-1), 0).View(self.shape()...))
	}
	return g.Mul(res.Div(self))
}

func zeroCount(t *Tensor) float64 { return t.data.Eq(0).To(tensor.Int64).Sum().Item() }

func hasZero(t *Tensor) bool { return zeroCount(t) != 0 }

// prodOthers is, for each element of t, the product of the others along dim, as torch's
// prod_safe_zeros_backward makes it: the exclusive cumulative products from each end,
// multiplied. A cumulative product accumulates in float64 (PyTorch's accumulate type
// on the CPU) and rounds each step to t's dtype. Its derivative is not made here: under
// create_graph, a second derivative through it is refused rather than wrong.
func prodOthers(t *Tensor, dim int) *Tensor {
	if gradEnabled && t.requiresGrad {
		panic(&tensor.Error{Kind: "NotImplementedError", Msg: "gograd: the derivative of prod's gradient where the input holds a zero is not implemented (create_graph through prod of a tensor with zeros)"})
	}
	x := t.data
	last := x.Dim() - 1
	if dim < 0 {
		dim += x.Dim()
	}
	moved := x.Transpose(dim, last).Contiguous()
	vals := moved.Float64s()
	n := moved.Size(last)
	f32 := x.DType() == tensor.Float32
	round := func(v float64) float64 {
		if f32 {
			return float64(float32(v))
		}
		return v
	}
	out := make([]float64, len(vals))
	for start := 0; start < len(vals); start += n {
		row, o := vals[start:start+n], out[start:start+n]
		cum := 1.0
		for i := range row { // from the left: 1, x0, x0x1, ...
			o[i] = round(cum)
			cum *= row[i]
		}
		cum = 1.0
		for i := n - 1; i >= 0; i-- { // times those from the right
			o[i] = round(o[i] * round(cum))
			cum *= row[i]
		}
	}
	res := tensor.FromFloat64(out, moved.Shape()...).To(x.DType()).Transpose(dim, last)
	return wrap(res.Contiguous())
}

// Argmax is the flat index of the largest element (an int64 tensor outside the graph),
// or the indices along one dim: x.Argmax(1), x.Argmax(1, autograd.KeepDim).
func (t *Tensor) Argmax(dimKeep ...any) *Tensor {
	if dim, keep, ok := oneDim("argmax", dimKeep); ok {
		return wrap(t.data.ArgmaxDim(dim, keep))
	}
	return wrap(t.data.Argmax())
}

// oneDim reads the arguments of a reduction over at most one dim (argmax, argmin):
// ok is false when no dim is given.
func oneDim(op string, dimKeep []any) (dim int, keep, ok bool) {
	if len(dimKeep) == 0 {
		return 0, false, false
	}
	dims, keep := reduceArgs(op, dimKeep)
	switch len(dims) {
	case 0:
		return 0, keep, false
	case 1:
		return dims[0], keep, true
	}
	panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("%s(): takes one dim, got %d", op, len(dims))})
}

// Argmin is the flat index of the smallest element, or the indices along one dim.
func (t *Tensor) Argmin(dimKeep ...any) *Tensor {
	if dim, keep, ok := oneDim("argmin", dimKeep); ok {
		return wrap(t.data.ArgminDim(dim, keep))
	}
	return wrap(t.data.Argmin())
}
