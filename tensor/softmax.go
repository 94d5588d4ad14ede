package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// LogSoftmaxLast is log_softmax over the last dim of a float array: per row, its max m,
// e = exp(x - m), s = Σe, and x - m - log s.
//
// Float32 follows the passes of PyTorch's lastdim kernel, bit for bit: x - m over the
// row; the exponentials by Exp's kernel (PyTorch's SIMD expf); s summed in eight lanes
// as its AVX2 reduction splits a row, and its log by SLEEF's logf_u1 (logf32) as
// PyTorch's vectorised log takes it; then (x - m) - log s. Float64 takes the float64
// exponential and sums left to right.
func (a *Array) LogSoftmaxLast() *Array {
	switch a.dtype {
	case Float32:
		return logSoftmaxLast32(a)
	case Float64:
		return logSoftmaxLast64(a)
	}
	runtimeErr("\"log_softmax_lastdim_kernel_impl\" not implemented for '%s'", a.dtype.torchName())
	return nil
}

func logSoftmaxLast64(a *Array) *Array {
	shape := a.shape()
	src := contig[float64](a)
	lp, out := allocRaw[float64](shape)
	if len(out) == 0 {
		return lp
	}
	n := shape[len(shape)-1]
	for r := 0; r < len(src); r += n {
		row, o := src[r:r+n], out[r:r+n]
		m := row[0]
		for _, v := range row[1:] {
			if v > m || v != v {
				m = v
			}
		}
		var s float64
		for _, v := range row {
			s += math.Exp(v - m)
		}
		ls := math.Log(s)
		for i, v := range row {
			o[i] = v - m - ls
		}
	}
	return lp
}

func logSoftmaxLast32(a *Array) *Array {
	shape := a.shape()
	lp, x := allocRaw[float32](shape) // x - m, then the result
	if len(x) == 0 {
		return lp
	}
	src := contig[float32](a)
	n := shape[len(shape)-1]
	_, e := allocRaw[float32](shape) // the exponentials
	byRows(len(x)/n, n, softmaxGrain(n), func(r0, r1 int) {
		lo, hi := r0*n, r1*n
		copy(x[lo:hi], src[lo:hi])
		for r := lo; r < hi; r += n {
			row := x[r : r+n : r+n]
			vs(fastSub, row, row, rowMax(row))
		}
		opExp.f32s(e[lo:hi], x[lo:hi])
		for r := lo; r < hi; r += n {
			row := x[r : r+n : r+n]
			vs(fastSub, row, row, logf32(laneSum8(e[r:r+n:r+n])))
		}
	})
	return lp
}

// rowMax is the largest element of a non-empty row, NaN if there is one (the builtin
// max propagates NaN, as PyTorch's vectorised maximum does), in eight running maxima.
func rowMax(row []float32) float32 {
	// The SIMD kernel's maximum is the one value that is largest unless there is a NaN
	// or it is a zero (whose sign the kernel does not order): those rows take the loop.
	if m, done, nan := asm.Max32(row); done > 0 && !nan && m != 0 {
		for _, v := range row[done:] {
			m = max(m, v)
		}
		return m
	}
	var a [8]float32
	for j := range a {
		a[j] = row[0]
	}
	i := 0
	for ; i+8 <= len(row); i += 8 {
		v := row[i : i+8 : i+8]
		a[0], a[1], a[2], a[3] = max(a[0], v[0]), max(a[1], v[1]), max(a[2], v[2]), max(a[3], v[3])
		a[4], a[5], a[6], a[7] = max(a[4], v[4]), max(a[5], v[5]), max(a[6], v[6]), max(a[7], v[7])
	}
	m := max(a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7])
	for _, v := range row[i:] {
		m = max(m, v)
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
	i := 8 + asm.LaneSum8(&a, row[8:])
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
// output's gradient g and the output y (both of one shape): g - exp(y)·Σg per row, as
// PyTorch computes it. Float32 follows its kernel bit for bit: Σg in eight lanes
// (laneSum8), exp by Exp's kernel, and g - e·Σg as one fused multiply-add (the
// compiler contracts PyTorch's vectorised expression). Float64 sums in order with the
// float64 exponential (PyTorch's takes SLEEF's double exp).
func LogSoftmaxBackwardLast(g, y *Array) *Array {
	if g.dtype != y.dtype || !g.SameShape(y) || g.Dim() == 0 || !g.dtype.IsFloat() {
		return g.Sub(y.Exp().Mul(g.SumDims([]int{-1}, true)))
	}
	shape := g.shape()
	n := shape[len(shape)-1]
	if g.dtype == Float64 {
		gs, ys := contig[float64](g), contig[float64](y)
		res, out := allocRaw[float64](shape)
		for r := 0; r+n <= len(gs) && n > 0; r += n {
			var s float64
			for _, v := range gs[r : r+n] {
				s += v
			}
			for i := r; i < r+n; i++ {
				out[i] = gs[i] - float64(math.Exp(ys[i])*s)
			}
		}
		return res
	}
	gs, ys := contig[float32](g), contig[float32](y)
	res, out := allocRaw[float32](shape)
	if n == 0 {
		return res
	}
	byRows(len(gs)/n, n, softmaxGrain(n), func(r0, r1 int) {
		opExp.f32s(out[r0*n:r1*n], ys[r0*n:r1*n]) // exp(y), then the result
		for r := r0 * n; r < r1*n; r += n {
			s := laneSum8(gs[r : r+n : r+n])
			o, gr := out[r:r+n:r+n], gs[r:r+n:r+n]
			for i := asm.SubMulScalar(o, gr, o, s); i < n; i++ {
				o[i] = fmaf(-o[i], s, gr[i])
			}
		}
	})
	return res
}
