package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// LogSoftmaxLast is log_softmax over the last dim of a float array: per row, its max m,
// e = exp(x - m), s = Σe, and x - m - log s. It also returns the softmax e/s, which the
// gradient needs (exp of the result) and which is at hand here.
//
// Float32 follows the passes of PyTorch's lastdim kernel, bit for bit: x - m over the
// row; the exponentials by Exp's kernel (PyTorch's SIMD expf); s summed in eight lanes
// as its AVX2 reduction splits a row, and its log by SLEEF's logf_u1 (logf32) as
// PyTorch's vectorised log takes it; then (x - m) - log s and e·(1/s). Float64 takes
// the float64 exponential and sums left to right.
func (a *Array) LogSoftmaxLast() (logp, probs *Array) {
	switch a.dtype {
	case Float32:
		return logSoftmaxLast32(a)
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

func logSoftmaxLast32(a *Array) (*Array, *Array) {
	shape := a.shape()
	lp, x := allocRaw[float32](shape) // x - m, then the result
	pr, e := allocRaw[float32](shape) // the exponentials, then the softmax
	if len(x) == 0 {
		return lp, pr
	}
	copy(x, contig[float32](a))
	n := shape[len(shape)-1]
	for r := 0; r < len(x); r += n {
		row := x[r : r+n : r+n]
		scalarOp(asm.Sub, row, rowMax(row))
	}
	opExp.f32s(e, x)
	for r := 0; r < len(x); r += n {
		row, er := x[r:r+n:r+n], e[r:r+n:r+n]
		s := laneSum8(er)
		scalarOp(asm.Sub, row, logf32(s))
		scalarOp(asm.Mul, er, 1/s)
	}
	return lp, pr
}

// scalarOp sets d[i] = d[i] op y (asm.Sub or asm.Mul), whole vectors by the SIMD
// kernel and the rest here: one rounding per element either way.
func scalarOp(op asm.Op, d []float32, y float32) {
	for i := asm.BinaryScalar(op, d, d, y); i < len(d); i++ {
		if op == asm.Sub {
			d[i] -= y
		} else {
			d[i] *= y
		}
	}
}

// rowMax is the largest element of a non-empty row, NaN if there is one: four
// running maxima (in registers, not a chain of dependent comparisons), then the tail.
func rowMax(row []float32) float32 {
	m0, m1, m2, m3 := row[0], row[0], row[0], row[0]
	i := 0
	for ; i+4 <= len(row); i += 4 {
		v := row[i : i+4 : i+4]
		if v[0] > m0 || v[0] != v[0] {
			m0 = v[0]
		}
		if v[1] > m1 || v[1] != v[1] {
			m1 = v[1]
		}
		if v[2] > m2 || v[2] != v[2] {
			m2 = v[2]
		}
		if v[3] > m3 || v[3] != v[3] {
			m3 = v[3]
		}
	}
	m := m0
	for _, v := range [3]float32{m1, m2, m3} {
		if v > m || v != v {
			m = v
		}
	}
	for _, v := range row[i:] {
		if v > m || v != v {
			m = v
		}
	}
	return m
}

// laneSum8 is the sum of a row as PyTorch's AVX2 map_reduce_all takes it: in eight
// lanes (lane j takes elements j, j+8, ...; the tail goes to the first lanes), then
// the lanes combined as its reduce_all shuffles them (halves, pairs, neighbours). A row
// shorter than eight is summed in order.
func laneSum8(row []float32) float32 {
	if len(row) < 8 {
		var s float32
		for _, v := range row {
			s += v
		}
		return s
	}
	a := [8]float32(row[:8])
	i := 8
	for ; i+8 <= len(row); i += 8 {
		v := row[i : i+8 : i+8]
		a[0] += v[0]
		a[1] += v[1]
		a[2] += v[2]
		a[3] += v[3]
		a[4] += v[4]
		a[5] += v[5]
		a[6] += v[6]
		a[7] += v[7]
	}
	for j, v := range row[i:] {
		a[j] += v
	}
	b0, b1, b2, b3 := a[0]+a[4], a[1]+a[5], a[2]+a[6], a[3]+a[7]
	return (b0 + b2) + (b1 + b3)
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
	res, out := allocRaw[T](shape)
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
		// out = g - p·s: the product rounded, then the difference (the conversion
		// keeps the compiler from fusing them), whole vectors by the kernels
		o, g, p := out[r:r+n:r+n], gs[r:r+n:r+n], ps[r:r+n:r+n]
		i := asm.BinaryScalar(asm.Mul, o, p, s)
		i = min(i, asm.Binary(asm.Sub, o[:i], g[:i], o[:i]))
		for ; i < n; i++ {
			o[i] = g[i] - T(p[i]*s)
		}
	}
	return res
}
