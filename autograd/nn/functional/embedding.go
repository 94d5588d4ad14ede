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
// (EmbeddingDenseBackward0) whose own gradient picks the rows again, so create_graph
// works. max_norm, scale_grad_by_freq and sparse are not here.
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
	r, op := autograd.NewOp("EmbeddingBackward0", gatherRows(weight.Array(), idx, -1).Reshape(shape...), weight)
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

// embeddingDenseBackward adds the rows of g (one per index) into a (v, dim) gradient
// (EmbeddingDenseBackward0), the padding row left zero. It is linear in g; its
// gradient picks g's rows at the indices (padding rows zero), an index_select as
// torch's embedding_dense_double_backward.
func embeddingDenseBackward(g *Tensor, idx []int64, v, pad int) *Tensor {
	s := g.Shape()
	d := s[len(s)-1]
	gv := g.Array().Float64s()
	rnd := roundTo(g.Array().DType())
	out := make([]float64, v*d)
	for i, k := range idx {
		if int(k) == pad {
			continue
		}
		row, src := out[int(k)*d:int(k+1)*d], gv[i*d:(i+1)*d]
		for j := range row {
			row[j] = rnd(row[j] + src[j])
		}
	}
	r, op := autograd.NewOp("EmbeddingDenseBackward0", tensor.FromFloat64(out, v, d).To(g.Array().DType()), g)
	if op != nil {
		op.SetBackward(func(gg *Tensor) []*Tensor {
			rows := gatherRows(gg.Array(), idx, pad).Reshape(s...)
			r, op := autograd.NewOp("IndexSelectBackward0", rows, gg)
			if op != nil {
				op.SetBackward(func(h *Tensor) []*Tensor { return []*Tensor{embeddingDenseBackward(h, idx, v, pad)} })
			}
			return []*Tensor{r}
		})
	}
	return r
}

// gatherRows is the rows of the (v, d) array w at idx, as (len(idx), d), with the row
// of index zeroRow (if any) given as zeros.
func gatherRows(w *tensor.Array, idx []int64, zeroRow int) *tensor.Array {
	d := w.Shape()[1]
	wv := w.Float64s()
	out := make([]float64, len(idx)*d)
	for i, k := range idx {
		if int(k) != zeroRow {
			copy(out[i*d:(i+1)*d], wv[int(k)*d:int(k+1)*d])
		}
	}
	return tensor.FromFloat64(out, len(idx), d).To(w.DType())
}
