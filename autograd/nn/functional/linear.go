package F

// Linear is F.linear(x, w, b) of PyTorch 1.13 (b may be nil): addmm(b, x, w.t()) for
// a matrix with bias (one AddmmBackward0 node over a TBackward0), a contiguous 3-D
// input flattened to that case and viewed back, otherwise matmul(x, w.t()) followed by
// an add of the bias (AddBackward0).
func Linear(x, w, b *Tensor) *Tensor {
	wt := w.Tt()
	switch {
	case b != nil && x.Dim() == 2:
		return b.Addmm(x, wt)
	case b != nil && x.Dim() == 3 && x.Array().IsContiguous():
		s := x.Shape()
		return b.Addmm(x.View(-1, s[2]), wt).View(s[0], s[1], -1)
	}
	y := x.Matmul(wt)
	if b != nil {
		y = y.Add(b)
	}
	return y
}
