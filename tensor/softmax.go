package tensor

import "math"

// LogSoftmaxLast is log_softmax over the last dim of a float array, in one pass per
// row: the row's max m, e = exp(x - m) (the float64 exponential, rounded once for
// float32), s = Σe, and x - m - log s. It also returns the softmax e/s, which the
// gradient needs (exp of the result) and which is at hand here. The sums run in the
// array's dtype, left to right.
func (a *Array) LogSoftmaxLast() (logp, probs *Array) {
	switch a.dtype {
	case Float32:
		return logSoftmaxLast[float32](a)
	case Float64:
		return logSoftmaxLast[float64](a)
	}
	runtimeErr("\"log_softmax_lastdim_kernel_impl\" not implemented for '%s'", a.dtype.torchName())
	return nil, nil
}

func logSoftmaxLast[T float32 | float64](a *Array) (*Array, *Array) {
	shape := a.shape()
	src := contig[T](a)
	lp, out := allocT[T](shape)
	pr, p := allocT[T](shape)
	n := 1
	if len(shape) > 0 {
		n = shape[len(shape)-1]
	}
	if n == 0 {
		return lp, pr
	}
	for r := 0; r+n <= len(src); r += n {
		row, o, q := src[r:r+n], out[r:r+n], p[r:r+n]
		m := row[0]
		for _, v := range row[1:] {
			if v > m || v != v {
				m = v
			}
		}
		var s T
		for i, v := range row {
			e := T(math.Exp(float64(v - m)))
			q[i] = e
			s += e
		}
		ls := T(math.Log(float64(s)))
		inv := 1 / s
		for i, v := range row {
			o[i] = v - m - ls
			q[i] *= inv
		}
	}
	return lp, pr
}

// LogSoftmaxBackwardLast is the gradient of log_softmax over the last dim given the
// output's gradient g and the softmax p (both of a's shape): g - p·Σg per row.
func LogSoftmaxBackwardLast(g, p *Array) *Array {
	if g.dtype != p.dtype || !g.SameShape(p) {
		return g.Sub(p.Mul(g.SumDims([]int{-1}, true)))
	}
	switch g.dtype {
	case Float32:
		return logSoftmaxBackwardLast[float32](g, p)
	case Float64:
		return logSoftmaxBackwardLast[float64](g, p)
	}
	return g.Sub(p.Mul(g.SumDims([]int{-1}, true)))
}

func logSoftmaxBackwardLast[T float32 | float64](g, p *Array) *Array {
	shape := g.shape()
	gs, ps := contig[T](g), contig[T](p)
	res, out := allocT[T](shape)
	n := 1
	if len(shape) > 0 {
		n = shape[len(shape)-1]
	}
	if n == 0 {
		return res
	}
	for r := 0; r+n <= len(gs); r += n {
		var s T
		for _, v := range gs[r : r+n] {
			s += v
		}
		for i := r; i < r+n; i++ {
			out[i] = gs[i] - ps[i]*s
		}
	}
	return res
}
