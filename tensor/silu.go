package tensor

import "math"

// Silu is x·sigmoid(x), PyTorch's silu, computed as its kernel computes it:
// x / (1 + exp(-x)), the exponential by Exp's kernel (SLEEF's, as PyTorch's
// vectorised loop takes it) on whole blocks of two vectors (16 float32, 8 float64),
// and by std::exp (libmExp) on the rest, which PyTorch's loop leaves to its scalar
// code. Float32 results are PyTorch's bits.
func (a *Array) Silu() *Array {
	switch a.dtype {
	case Float32:
		x := contig[float32](a)
		res, out := allocRaw[float32](a.shape())
		negExp(out, x, 16, func(d, s []float32) { opExp.f32s(d, s) })
		for i, v := range x {
			out[i] = v / (1 + out[i])
		}
		return res
	case Float64:
		x := contig[float64](a)
		res, out := allocRaw[float64](a.shape())
		negExp(out, x, 8, exp64s)
		for i, v := range x {
			out[i] = v / (1 + out[i])
		}
		return res
	}
	runtimeErr("\"silu_cpu\" not implemented for '%s'", a.dtype.torchName())
	return nil
}

// negExp writes exp(-x) to d: by exp on whole blocks of block elements, by std::exp
// on the rest.
func negExp[T float](d, x []T, block int, exp func(d, s []T)) {
	for i, v := range x {
		d[i] = -v
	}
	v := len(x) - len(x)%block
	exp(d[:v], d[:v])
	for i := v; i < len(x); i++ {
		d[i] = libmExp(d[i])
	}
}

// SiluBackward is silu's gradient given the output's gradient g and the input x (one
// shape): g·s·(1 + x·(1 - s)) with s = 1/(1 + exp(-x)), PyTorch's kernel, whose
// 1 + x·(1 - s) the compiler fuses into one multiply-add; the exponential as in Silu.
func SiluBackward(g, x *Array) *Array {
	if g.dtype != x.dtype || !g.SameShape(x) {
		s := x.Sigmoid()
		return g.Mul(s).Mul(x.Mul(OnesLike(s).Sub(s)).Add(1))
	}
	switch g.dtype {
	case Float32:
		xs, gs := contig[float32](x), contig[float32](g)
		res, out := allocRaw[float32](x.shape())
		negExp(out, xs, 16, func(d, s []float32) { opExp.f32s(d, s) })
		for i, v := range xs {
			s := 1 / (1 + out[i])
			out[i] = gs[i] * s * fmaf(v, 1-s, 1)
		}
		return res
	case Float64:
		xs, gs := contig[float64](x), contig[float64](g)
		res, out := allocRaw[float64](x.shape())
		negExp(out, xs, 8, exp64s)
		for i, v := range xs {
			s := 1 / (1 + out[i])
			out[i] = gs[i] * s * math.FMA(v, 1-s, 1)
		}
		return res
	}
	runtimeErr("\"silu_backward_cpu\" not implemented for '%s'", g.dtype.torchName())
	return nil
}

// exp64s is Exp's float64 function over a run.
func exp64s(d, s []float64) {
	for i, v := range s {
		d[i] = opExp.f64(v)
	}
}
