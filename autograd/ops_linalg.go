package autograd

import "fmt"

// The op table, part 4: products. Matmul dispatches on the operands' dims exactly as
// torch.matmul does, so the grad_fn names match (DotBackward0, MvBackward0, MmBackward0).

// Dot is the inner product of two 1-D tensors (DotBackward0).
func (t *Tensor) Dot(other *Tensor) *Tensor {
	out := t.data.Dot(other.data)
	n := newNode("DotBackward0", out, t, other)
	if n == nil {
		return wrap(out)
	}
	sSelf := n.save(savedSelf, t, n.needs(1))
	sTensor := n.save(savedTensor, other, n.needs(0))
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Mul(sTensor.get()) }
	n.grads[1] = func(_ *Node, g *Tensor) *Tensor { return g.Mul(sSelf.get()) }
	return n.output(out)
}

// Mm is the product of two matrices (MmBackward0).
func (t *Tensor) Mm(mat2 *Tensor) *Tensor {
	out := t.data.Mm(mat2.data)
	n := newNode("MmBackward0", out, t, mat2)
	if n == nil {
		return wrap(out)
	}
	sMat2 := n.save(savedMat2, mat2, n.needs(0))
	n.attr("mat2_sym_sizes", mat2.shape())
	n.attr("mat2_sym_strides", mat2.data.Strides())
	sSelf := n.save(savedSelf, t, n.needs(1))
	n.attr("self_sym_sizes", t.shape())
	n.attr("self_sym_strides", t.data.Strides())
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Mm(sMat2.get().tr()) }
	n.grads[1] = func(_ *Node, g *Tensor) *Tensor { return sSelf.get().tr().Mm(g) }
	return n.output(out)
}

// Mv is the product of a matrix and a vector (MvBackward0).
func (t *Tensor) Mv(vec *Tensor) *Tensor {
	out := t.data.Mv(vec.data)
	n := newNode("MvBackward0", out, t, vec)
	if n == nil {
		return wrap(out)
	}
	sSelf := n.save(savedSelf, t, n.needs(1))
	sVec := n.save(savedVec, vec, n.needs(0))
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Outer(sVec.get()) }
	n.grads[1] = func(_ *Node, g *Tensor) *Tensor { return sSelf.get().tr().Mv(g) }
	return n.output(out)
}

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
	out := x.data.Matmul(y.data)
	n := newNode("UnsafeViewBackward0", out, x, y)
	var r *Tensor
	if n == nil {
		r = wrap(out)
	} else {
		sx := n.save(savedSelf, x, n.needs(1))
		sy := n.save(savedOther, y, n.needs(0))
		n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Matmul(sy.get().Transpose(-1, -2)) }
		n.grads[1] = func(_ *Node, g *Tensor) *Tensor { return sx.get().Transpose(-1, -2).Matmul(g) }
		r = n.output(out)
	}
	if a.Dim() == 1 {
		r = r.Squeeze(-2)
	}
	if b.Dim() == 1 {
		r = r.Squeeze(-1)
	}
	return r
}
