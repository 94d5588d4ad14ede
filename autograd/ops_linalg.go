package autograd

import (
	"fmt"

	"github.com/gograd/gograd/tensor"
)

// The op table, part 4: products. Matmul dispatches on the operands' dims exactly as
// torch.matmul does, so the grad_fn names match (DotBackward0, MvBackward0, MmBackward0).

// Dot is the inner product of two 1-D tensors (DotBackward0).
func (t *Tensor) Dot(other *Tensor) *Tensor {
	r, n := record("DotBackward0", func(*tensor.Small) *tensor.Array { return t.data.Dot(other.data) }, t, other)
	if n != nil {
		n.save(savedSelf, t, n.needs(1))
		n.save(savedTensor, other, n.needs(0))
		n.grads[0], n.grads[1] = dotSelfGrad, dotTensorGrad
	}
	return r
}

func dotSelfGrad(n *Node, g *Tensor) *Tensor   { return g.Mul(n.unpack(savedTensor)) }
func dotTensorGrad(n *Node, g *Tensor) *Tensor { return g.Mul(n.unpack(savedSelf)) }

// Mm is the product of two matrices (MmBackward0).
func (t *Tensor) Mm(mat2 *Tensor) *Tensor {
	r, n := record("MmBackward0", func(*tensor.Small) *tensor.Array { return t.data.Mm(mat2.data) }, t, mat2)
	if n != nil {
		n.save(savedMat2, mat2, n.needs(0))
		n.attr("mat2_sym_sizes", mat2.shape())
		n.attr("mat2_sym_strides", stridesIf(mat2, n.needs(1)))
		n.save(savedSelf, t, n.needs(1))
		n.attr("self_sym_sizes", t.shape())
		n.attr("self_sym_strides", stridesIf(t, n.needs(0)))
		m1, m2 := columnMajor(t.data), columnMajor(mat2.data)
		n.grads[0] = func(n *Node, g *Tensor) *Tensor { return mmMat1Backward(g, n.unpack(savedMat2), m1) }
		n.grads[1] = func(n *Node, g *Tensor) *Tensor { return mmMat2Backward(g, n.unpack(savedSelf), m2) }
	}
	return r
}

// Addmm is input + mat1·mat2 (torch.addmm with beta = alpha = 1, AddmmBackward0), what
// F.linear computes for a batch with a bias. The forward is tensor.Addmm, which sums in
// PyTorch's BLAS order with input (broadcast) as the first term. It saves what torch
// saves: mat1 when mat2 wants a gradient and mat2 when mat1 does, both matrices' sizes,
// and the strides of each matrix that wants a gradient (its formula picks the product
// by them).
func (t *Tensor) Addmm(mat1, mat2 *Tensor) *Tensor {
	r, n := record("AddmmBackward0", func(*tensor.Small) *tensor.Array { return tensor.Addmm(t.data, mat1.data, mat2.data) }, t, mat1, mat2)
	if n != nil {
		n.attrs = []Attr{{"alpha", 1}, {"beta", 1},
			{"mat1_sym_sizes", mat1.shape()}, {"mat1_sym_strides", stridesIf(mat1, n.needs(1))},
			{"mat2_sym_sizes", mat2.shape()}, {"mat2_sym_strides", stridesIf(mat2, n.needs(2))}}
		n.save(savedMat1, mat1, n.needs(2))
		n.save(savedMat2, mat2, n.needs(1))
		m1, m2 := columnMajor(mat1.data), columnMajor(mat2.data)
		f := n.formulas()
		f[0] = passGrad
		f[1] = func(n *Node, g *Tensor) *Tensor { return mmMat1Backward(g, n.unpack(savedMat2), m1) }
		f[2] = func(n *Node, g *Tensor) *Tensor { return mmMat2Backward(g, n.unpack(savedMat1), m2) }
	}
	return r
}

// stridesIf is a's strides when the op saves them, else the empty tuple torch shows.
func stridesIf(t *Tensor, saved bool) []int {
	if !saved {
		return []int{}
	}
	return t.data.Strides()
}

// columnMajor is derivatives.yaml's test in mm_mat1_backward and mm_mat2_backward: the
// matrix is stored column by column (the transpose of a contiguous matrix, as
// nn.Linear's weight.t()). The product's shape decides how BLAS splits its sums, so
// computing such a matrix's gradient as the transpose of a row-major product keeps
// PyTorch's rounding.
func columnMajor(a *tensor.Array) bool {
	st := a.Strides()
	return a.Dim() == 2 && st[0] == 1 && st[1] == a.Size(0)
}

// mmMat1Backward is the gradient of mat1 in mat1·mat2: g·mat2ᵀ, or (mat2·gᵀ)ᵀ when mat1
// is column-major.
func mmMat1Backward(g, mat2 *Tensor, colMajor bool) *Tensor {
	if colMajor {
		return mat2.Mm(g.Tt()).Tt()
	}
	return g.Mm(mat2.Tt())
}

// mmMat2Backward is the gradient of mat2 in mat1·mat2: mat1ᵀ·g, or (gᵀ·mat1)ᵀ when mat2
// is column-major.
func mmMat2Backward(g, mat1 *Tensor, colMajor bool) *Tensor {
	if colMajor {
		return g.Tt().Mm(mat1).Tt()
	}
	return mat1.Tt().Mm(g)
}

// Mv is the product of a matrix and a vector (MvBackward0).
func (t *Tensor) Mv(vec *Tensor) *Tensor {
	r, n := record("MvBackward0", func(*tensor.Small) *tensor.Array { return t.data.Mv(vec.data) }, t, vec)
	if n != nil {
		n.save(savedSelf, t, n.needs(1))
		n.save(savedVec, vec, n.needs(0))
		n.grads[0], n.grads[1] = mvSelfGrad, mvVecGrad
	}
	return r
}

func mvSelfGrad(n *Node, g *Tensor) *Tensor { return g.Outer(n.unpack(savedVec)) }
func mvVecGrad(n *Node, g *Tensor) *Tensor  { return n.unpack(savedSelf).Tt().Mv(g) }

// Outer is the outer product of two vectors (torch 1.13 records it as a reshape times
// the other vector: MulBackward0).
func (t *Tensor) Outer(other *Tensor) *Tensor {
	return t.Reshape(t.Numel(), 1).Mul(other)
}

// Matmul is torch.matmul: 1-D·1-D dot, 2-D·2-D mm, 2-D·1-D mv, 1-D·2-D a row times a
// matrix, and batched products for more dims (broadcasting the batch dims).
func (t *Tensor) Matmul(other *Tensor) *Tensor {
	switch da, db := t.Dim(), other.Dim(); {
	case da == 0 || db == 0:
		panic(rtErr(fmt.Sprintf("both arguments to matmul need to be at least 1D, but they are %dD and %dD", da, db)))
	case da == 1 && db == 1:
		return t.Dot(other)
	case da == 2 && db == 1:
		return t.Mv(other)
	case da == 1 && db == 2:
		return t.Unsqueeze(0).Mm(other).squeeze("SqueezeBackward3", 0)
	case da == 2 && db == 2:
		return t.Mm(other)
	}
	return batchedMatmul(t, other)
}

// batchedMatmul is torch.matmul's cases beyond two dims, decomposed as torch 1.13's
// _matmul_impl does, so the gradients are torch's products (a gradient summed by one
// GEMM over the folded rows, not batch by batch and then added) and the graph has
// torch's nodes:
//   - a batch times a matrix or vector (or a matrix or vector times a batch, through
//     the batch's mT) folds the batch into rows: reshape, mm or mv, _unsafe_view;
//   - other batches expand to a common batch shape, reshape to 3-D, bmm, _unsafe_view.
func batchedMatmul(a, b *Tensor) *Tensor {
	da, db := a.Dim(), b.Dim()
	if shouldFold(a, db) || shouldFold(b, da) {
		transpose := db > da
		t1, t2 := a, b
		if transpose {
			t1, t2 = b.MT(), a
			if da == 2 {
				t2 = a.Tt()
			}
		}
		sizes1 := t1.shape()
		outShape := append([]int{}, sizes1[:len(sizes1)-1]...)
		folded := Size(outShape).Numel()
		t1f := t1.Reshape(folded, sizes1[len(sizes1)-1])
		if t2.Dim() == 1 {
			return t1f.Mv(t2).unsafeView(outShape...)
		}
		outShape = append(outShape, t2.shape()[1])
		out := t1f.Mm(t2).unsafeView(outShape...)
		if transpose {
			return out.MT().Contiguous()
		}
		return out
	}
	sa, sb := a.shape(), b.shape()
	n, m1 := 1, sa[len(sa)-1]
	if da > 1 {
		n = sa[len(sa)-2]
	}
	m2, p := sb[0], 1
	if db > 1 {
		m2, p = sb[len(sb)-2], sb[len(sb)-1]
	}
	batch := tensor.BroadcastShapes(sa[:max(da-2, 0)], sb[:max(db-2, 0)])
	bp := Size(batch).Numel()
	x := a.Expand(append(append([]int{}, batch...), n, m1)...).Reshape(bp, n, m1)
	var y *Tensor
	if db == 1 {
		y = b.Expand(append(append([]int{}, batch...), m2)...).Reshape(bp, m2).Unsqueeze(2)
	} else {
		y = b.Expand(append(append([]int{}, batch...), m2, p)...).Reshape(bp, m2, p)
	}
	outShape := append([]int{}, batch...)
	if da > 1 {
		outShape = append(outShape, n)
	}
	if db > 1 {
		outShape = append(outShape, p)
	}
	out := x.bmm(y)
	if db == 1 {
		out = out.Squeeze(-1)
	}
	return out.unsafeView(outShape...)
}

// shouldFold is torch's should_fold: t (3-D or more) times a matrix or vector folds its
// batch into rows, unless t is 3-D with its last two dims transposed over a contiguous
// first one (permute(0, 2, 1)), which torch leaves to bmm rather than copy.
func shouldFold(t *Tensor, otherDim int) bool {
	if t.Dim() < 3 || otherDim != 1 && otherDim != 2 {
		return false
	}
	sizes, strides := t.shape(), t.data.Strides()
	return !(t.Dim() == 3 && otherDim == 2 && strides[2] != 1 && strides[0] == sizes[1]*sizes[2])
}

// unsafeView is torch's _unsafe_view of a fresh result (UnsafeViewBackward0): a
// reshape autograd does not track as a view.
func (t *Tensor) unsafeView(shape ...int) *Tensor {
	return reshapeNode("UnsafeViewBackward0", t, t.data.Reshape(shape...), shape, false)
}

// bmm is the product of two batches of matrices, 3-D each (BmmBackward0).
func (t *Tensor) bmm(mat2 *Tensor) *Tensor {
	r, n := record("BmmBackward0", func(*tensor.Small) *tensor.Array { return t.data.Matmul(mat2.data) }, t, mat2)
	if n != nil {
		n.save(savedMat2, mat2, n.needs(0))
		n.save(savedSelf, t, n.needs(1))
		n.grads[0], n.grads[1] = bmmSelfGrad, bmmMat2Grad
	}
	return r
}

func bmmSelfGrad(n *Node, g *Tensor) *Tensor { return g.bmm(n.unpack(savedMat2).Transpose(1, 2)) }
func bmmMat2Grad(n *Node, g *Tensor) *Tensor { return n.unpack(savedSelf).Transpose(1, 2).bmm(g) }
