package tensor

// Elu is elu(x) with scale and input scale 1, as PyTorch's kernel computes it: x where
// x > 0, else (exp(x) - 1)·alpha, the exponential by Exp's kernel (SLEEF's) on whole
// blocks of two vectors (16 float32, 8 float64) and by std::exp (libmExp) on the rest,
// which PyTorch's loop leaves to its scalar code. Float32 results are PyTorch's bits.
func (a *Array) Elu(alpha float64) *Array {
	switch a.dtype {
	case Float32:
		x := contig[float32](a)
		res, out := allocRaw[float32](a.shape())
		eluInto(out, x, float32(alpha), 16, func(d, s []float32) { opExp.f32s(d, s) })
		return res
	case Float64:
		x := contig[float64](a)
		res, out := allocRaw[float64](a.shape())
		eluInto(out, x, alpha, 8, exp64s)
		return res
	}
	runtimeErr("\"elu_cpu\" not implemented for '%s'", a.dtype.torchName())
	return nil
}

func eluInto[T float](out, x []T, alpha T, block int, exp func(d, s []T)) {
	v := len(x) - len(x)%block
	exp(out[:v], x[:v])
	for i, e := range x {
		switch {
		case e > 0 || e != e && i >= v: // the scalar code's test is x <= 0
			out[i] = e
		case i < v:
			out[i] = (out[i] - 1) * alpha
		default:
			out[i] = (libmExp(e) - 1) * alpha
		}
	}
}

// EluBackward is elu's gradient given the output's gradient g and the input x (scale
// and input scale 1), PyTorch's kernel: g where x > 0, else (g·alpha)·exp(x), the
// exponential as in Elu.
func EluBackward(g, x *Array, alpha float64) *Array {
	if g.dtype != x.dtype || !g.SameShape(x) {
		return Where(x.Gt(0), g, g.Mul(alpha).Mul(x.Exp()))
	}
	switch g.dtype {
	case Float32:
		res, out := allocRaw[float32](x.shape())
		eluBackwardInto(out, contig[float32](g), contig[float32](x), float32(alpha), 16, func(d, s []float32) { opExp.f32s(d, s) })
		return res
	case Float64:
		res, out := allocRaw[float64](x.shape())
		eluBackwardInto(out, contig[float64](g), contig[float64](x), alpha, 8, exp64s)
		return res
	}
	runtimeErr("\"elu_backward_cpu\" not implemented for '%s'", g.dtype.torchName())
	return nil
}

func eluBackwardInto[T float](out, g, x []T, alpha T, block int, exp func(d, s []T)) {
	v := len(x) - len(x)%block
	exp(out[:v], x[:v])
	for i, e := range x {
		switch {
		case e > 0:
			out[i] = g[i]
		case i < v:
			out[i] = g[i] * alpha * out[i]
		default:
			out[i] = g[i] * alpha * libmExp(e)
		}
	}
}
