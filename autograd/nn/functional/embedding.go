package F

import (
	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Embedding is F.embedding(input, weight, padding_idx=None) of PyTorch 1.13
// (EmbeddingBackward0): the rows of weight (num_embeddings, embedding_dim) at the int64
// indices of input, shaped input's shape plus embedding_dim. paddingIdx, when given
// (negative counts from the end), names a row whose gradient stays zero.
//
// The gradient of weight adds each index's output gradient into its row, in index
// order and in the dtype, as torch's dense CPU backward does; it is a recorded op
// (EmbeddingDenseBackwardBackward0, as torch's) whose own gradient picks the rows
// again, so create_graph works. max_norm, scale_grad_by_freq and sparse are not here.
func Embedding(input, weight *Tensor, paddingIdx ...int) *Tensor {
	pad := -1
	if len(paddingIdx) > 0 {
		v := weight.Shape()[0]
		pad = paddingIdx[0]
		if pad >= v || pad < -v {
			panic(&tensor.Error{Kind: "AssertionError", Msg: "Padding_idx must be within num_embeddings"})
		}
		if pad < 0 {
			pad += v
		}
	}
	if weight.Dim() != 2 {
		runtimeErr("'weight' must be 2-D")
	}
	if input.Array().DType() != tensor.Int64 {
		runtimeErr("Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got torch.%sTensor instead (while checking arguments for embedding)", torchTypeName(input))
	}
	idx := input.Array().Int64s()
	v := weight.Shape()[0]
	for _, i := range idx {
		if i < 0 || i >= int64(v) {
			panic(&tensor.Error{Kind: "IndexError", Msg: "index out of range in self"})
		}
	}
	shape := append(append([]int(nil), input.Shape()...), weight.Shape()[1])
	r, op := autograd.NewOp("EmbeddingBackward0", gatherRows(weight.Array(), idx).Reshape(shape...), weight)
	if op == nil {
		return r
	}
	op.Save("indices", input, true)
	// torch saves padding_idx as an int64 and shows it as unsigned: None (-1) is
	// 18446744073709551615 in its grad_fn and torchviz pictures
	op.Attr("padding_idx", uint64(int64(pad)))
	op.Attr("scale_grad_by_freq", false)
	op.Attr("sparse", false)
	op.Save("weight", weight, true)
	op.SetBackward(func(g *Tensor) []*Tensor {
		op.Unpack("indices")
		return []*Tensor{embeddingDenseBackward(g, idx, v, pad)}
	})
	return r
}

// embeddingDenseBackward adds the rows of g (one per index) into a (v, dim) gradient,
// the padding row left zero: torch's embedding_dense_backward, recorded as its node
// EmbeddingDenseBackwardBackward0. It is linear in g; its gradient picks the rows at
// the indices, as torch's embedding_dense_double_backward: an index_select
// (IndexSelectBackward0), the padding rows filled with zeros (MaskedFillBackward0),
// viewed as g (ViewBackward0).
func embeddingDenseBackward(g *Tensor, idx []int64, v, pad int) *Tensor {
	s := g.Shape()
	d := s[len(s)-1]
	var out *tensor.Array
	if ga := g.Array(); ga.DType() == tensor.Float64 {
		out = tensor.FromFloat64(addRows(ga.Float64s(), idx, v, d, pad), v, d)
	} else {
		out = tensor.FromFloat32(addRows(ga.Float32s(), idx, v, d, pad), v, d)
	}
	r, op := autograd.NewOp("EmbeddingDenseBackwardBackward0", out, g)
	if op != nil {
		op.SetBackward(func(gg *Tensor) []*Tensor {
			rows, sel := autograd.NewOp("IndexSelectBackward0", gatherRows(gg.Array(), idx), gg)
			if sel != nil {
				sel.SetBackward(func(h *Tensor) []*Tensor { return []*Tensor{embeddingDenseBackward(h, idx, v, -1)} })
			}
			if pad >= 0 {
				rows = maskRows(rows, idx, pad)
			}
			return []*Tensor{rows.View(s...)}
		})
	}
	return r
}

// maskRows is x (one row per index) with the rows of index pad zeroed
// (MaskedFillBackward0, its gradient the same masking).
func maskRows(x *Tensor, idx []int64, pad int) *Tensor {
	rows := make([]*tensor.Array, len(idx))
	zero := tensor.Zeros(x.Shape()[1]).To(x.Array().DType())
	for i, k := range idx {
		rows[i] = x.Array().Select(0, i)
		if int(k) == pad {
			rows[i] = zero
		}
	}
	var a *tensor.Array
	if len(rows) == 0 {
		a = x.Array().Clone()
	} else {
		a = tensor.Stack(rows, 0)
	}
	r, op := autograd.NewOp("MaskedFillBackward0", a, x)
	if op != nil {
		op.SetBackward(func(g *Tensor) []*Tensor { return []*Tensor{maskRows(g, idx, pad)} })
	}
	return r
}

// addRows adds row i of g (rows of d values) into row idx[i] of a (v, d) result, in
// index order and in T's arithmetic, skipping the padding row.
func addRows[T float32 | float64](g []T, idx []int64, v, d, pad int) []T {
	out := make([]T, v*d)
	for i, k := range idx {
		if int(k) == pad {
			continue
		}
		row := out[int(k)*d : int(k+1)*d]
		for j, x := range g[i*d : (i+1)*d] {
			row[j] += x
		}
	}
	return out
}

// gatherRows is the rows of the (v, d) array w at idx, as (len(idx), d).
func gatherRows(w *tensor.Array, idx []int64) *tensor.Array {
	if len(idx) == 0 {
		return tensor.Zeros(0, w.Shape()[1]).To(w.DType())
	}
	rows := make([]*tensor.Array, len(idx))
	for i, k := range idx {
		rows[i] = w.Select(0, int(k))
	}
	return tensor.Stack(rows, 0)
}
