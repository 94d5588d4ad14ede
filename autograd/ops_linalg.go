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
		n.attr("mat2_sym_strides", mat2.data.Strides())
		n.save(savedSelf, t, n.needs(1))
		n.attr("self_sym_sizes", t.shape())
		n.attr("self_sym_strides", t.data.Strides())
		n.grads[0], n.grads[1] = mmSelfGrad, mmMat2Grad
	}
	return r
}

func mmSelfGrad(n *Node, g *Tensor) *Tensor { return g.Mm(n.unpack(savedMat2).tr()) }
func mmMat2Grad(n *Node, g *Tensor) *Tensor { return n.unpack(savedSelf).tr().Mm(g) }

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
func mvVecGrad(n *Node, g *Tensor) *Tensor  { return n.unpack(savedSelf).tr().Mv(g) }

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

// batchedMatmul covers the >2-D cases with one node whose formulas are matmuls again.
func batchedMatmul(a, b *Tensor) *Tensor {
	x, y := a, b
	if x.Dim() == 1 {
		x = x.Unsqueeze(0)
	}
	if y.Dim() == 1 {
		y = y.Unsqueeze(1)
	}
	r, n := record("UnsafeViewBackward0", func(*tensor.Small) *tensor.Array { return x.data.Matmul(y.data) }, x, y)
	if n != nil {
		n.save(savedSelf, x, n.needs(1))
		n.save(savedOther, y, n.needs(0))
		n.grads[0], n.grads[1] = matmulSelfGrad, matmulOtherGrad
	}
	if a.Dim() == 1 {
		r = r.Squeeze(-2)
	}
	if b.Dim() == 1 {
		r = r.Squeeze(-1)
	}
	return r
}

func matmulSelfGrad(n *Node, g *Tensor) *Tensor {
	return g.Matmul(n.unpack(savedOther).Transpose(-1, -2))
}

func matmulOtherGrad(n *Node, g *Tensor) *Tensor {
	return n.unpack(savedSelf).Transpose(-1, -2).Matmul(g)
}
