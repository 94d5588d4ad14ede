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
// PyTorch's vectorised log takes it; then (x - m) - log s. Float64 follows the same
// passes in PyTorch's Vectorized<double>: SLEEF's exp_u10 (expf64), s summed in four
// lanes (laneSum4), its log by SLEEF's log_u1 in double (logf64).
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
	// rows are independent: over the cores by PyTorch's softmax grain
	byRows(len(out)/n, n, softmaxGrain(n), func(r0, r1 int) {
		buf := takeScratch[float64]()
		defer putScratch(buf)
		e := sizedScratch(buf, n)
		for r := r0 * n; r < r1*n; r += n {
			row, o := src[r:r+n:r+n], out[r:r+n:r+n]
			m := vecRowMax(row)
			vs(fastSub, e, row, m)
			expf64s(e, e)
			ls := logf64(laneSum4(e))
			vs(fastSub, o, row, m)
			vs(fastSub, o, o, ls)
		}
	})
	return lp
}

// expf64s is expf64 over a run, whole SIMD vectors by the kernels of internal/asm.
func expf64s(dst, src []float64) {
	done := asm.Exp64(dst, src)
	for i, x := range src[done:len(dst)] {
		dst[done+i] = expf64(x)
	}
}

// laneSum4 is the sum of a row as PyTorch's float64 map_reduce_all takes it on AVX2:
// four lanes, each adding every fourth element from the first vector on (the last
// partial vector into its first lanes only), then the lanes added in order; a row
// shorter than a vector is its elements added in order.
func laneSum4(row []float64) float64 {
	if len(row) < 4 {
		s := row[0]
		for _, v := range row[1:] {
			s += v
		}
		return s
	}
	a := [4]float64{row[0], row[1], row[2], row[3]}
	i := 4
	for ; i+4 <= len(row); i += 4 {
		v := row[i : i+4 : i+4]
		a[0], a[1], a[2], a[3] = a[0]+v[0], a[1]+v[1], a[2]+v[2], a[3]+v[3]
	}
	for k, v := range row[i:] {
		a[k] += v
	}
	return ((a[0] + a[1]) + a[2]) + a[3]
}

func logSoftmaxLast32(a *Array) *Array {
	shape := a.shape()
	lp, x := allocRaw[float32](shape) // x - m, then the result
	if len(x) == 0 {
		return lp
	}
	src := contig[float32](a)
	n := shape[len(shape)-1]
	byRows(len(x)/n, n, softmaxGrain(n), func(r0, r1 int) {
		lo, hi := r0*n, r1*n
		// the exponentials of a piece of rows, in a pooled buffer (scratchPools) that
		// the next piece reuses while it is in the cache, not an array of the input's size
		buf := takeScratch[float32]()
		defer putScratch(buf)
		e := sizedScratch(buf, hi-lo)
		for r := lo; r < hi; r += n {
			in := src[r : r+n : r+n]
			vs(fastSub, x[r:r+n:r+n], in, vecRowMax(in))
		}
		opExp.f32s(e, x[lo:hi])
		for r := lo; r < hi; r += n {
			row := x[r : r+n : r+n]
			vs(fastSub, row, row, logf32(laneSum8(e[r-lo:r-lo+n:r-lo+n])))
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

// rowMaxOf is rowMax for either float type: the largest element of a non-empty row,
// NaN if there is one.
func rowMaxOf[T float](row []T) T {
	if r, ok := any(row).([]float32); ok {
		return T(rowMax(r))
	}
	if r, ok := any(row).([]float64); ok && len(r) >= 8 {
		if m, ok := rowMax64(r); ok {
			return T(m)
		}
	}
	m := row[0]
	for _, v := range row[1:] {
		m = max(m, v)
	}
	return m
}

// vecRowMax is a row's largest element as PyTorch's vectorised reduction leaves it:
// its maximum ORs an all-ones mask into a lane that meets a NaN, and the reduction
// takes lane 0 through the maximum at least once when the row has more than one
// element, so such a row's maximum is the all-ones NaN (x - max then keeps a NaN
// element's own NaN and gives every other element the all-ones one).
func vecRowMax[T float](row []T) T {
	m := rowMaxOf(row)
	if m != m && len(row) > 1 {
		var ones T
		switch p := any(&ones).(type) {
		case *float32:
			*p = math.Float32frombits(^uint32(0))
		case *float64:
			*p = math.Float64frombits(^uint64(0))
		}
		return ones
	}
	return m
}

// rowMax64 is the largest element of a float64 row in four running maxima compared
// with >, which the builtin max's NaN and signed-zero rules would hold back. It reports
// false for the rows where those rules decide: a NaN among the elements (or infinities
// of both signs, which its check cannot tell from one) and a largest element of zero.
func rowMax64(row []float64) (float64, bool) {
	m := [4]float64{row[0], row[0], row[0], row[0]}
	var sum [4]float64 // NaN if any element is one
	i := 0
	for ; i+4 <= len(row); i += 4 {
		v := row[i : i+4 : i+4]
		if v[0] > m[0] {
			m[0] = v[0]
		}
		if v[1] > m[1] {
			m[1] = v[1]
		}
		if v[2] > m[2] {
			m[2] = v[2]
		}
		if v[3] > m[3] {
			m[3] = v[3]
		}
		sum[0], sum[1], sum[2], sum[3] = sum[0]+v[0], sum[1]+v[1], sum[2]+v[2], sum[3]+v[3]
	}
	for _, v := range row[i:] {
		if v > m[0] {
			m[0] = v
		}
		sum[0] += v
	}
	s := sum[0] + sum[1] + sum[2] + sum[3]
	best := max(m[0], m[1], m[2], m[3])
	if s != s || best == 0 {
		return 0, false
	}
	return best, true
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
// compiler contracts PyTorch's vectorised expression); float64 likewise in four lanes
// (laneSum4) with SLEEF's double exp.
func LogSoftmaxBackwardLast(g, y *Array) *Array {
	if g.dtype != y.dtype || !g.SameShape(y) || g.Dim() == 0 || !g.dtype.IsFloat() {
		return g.Sub(y.Exp().Mul(g.SumDims([]int{-1}, true)))
	}
	shape := g.shape()
	n := shape[len(shape)-1]
	if g.dtype == Float64 {
		res, out := allocRaw[float64](shape)
		logSoftmaxBackwardRows(contig[float64](g), contig[float64](y), out, n, expf64s, laneSum4, func(o, g []float64, s float64) {
			for i, e := range o {
				o[i] = math.FMA(-e, s, g[i])
			}
		})
		return res
	}
	res, out := allocRaw[float32](shape)
	logSoftmaxBackwardRows(contig[float32](g), contig[float32](y), out, n, func(d, s []float32) { opExp.f32s(d, s) }, laneSum8, func(o, g []float32, s float32) {
		for i := asm.SubMulScalar(o, g, o, s); i < len(o); i++ {
			o[i] = fmaf(-o[i], s, g[i])
		}
	})
	return res
}

// logSoftmaxBackwardRows writes g - exp(y)·Σg for each row of n elements, the rows over
// the cores: exp(y) into out, then subMul(o, g, s) turns a row's exponentials o into
// g - o·s (a fused multiply-add each).
func logSoftmaxBackwardRows[T float](gs, ys, out []T, n int, exp func(d, s []T), sum func([]T) T, subMul func(o, g []T, s T)) {
	if n == 0 {
		return
	}
	byRows(len(gs)/n, n, softmaxGrain(n), func(r0, r1 int) {
		exp(out[r0*n:r1*n], ys[r0*n:r1*n]) // exp(y), then the result
		for r := r0 * n; r < r1*n; r += n {
			subMul(out[r:r+n:r+n], gs[r:r+n:r+n], sum(gs[r:r+n:r+n]))
		}
	})
}

// Softmax is softmax over dim of a float array: exp(x - max) normalised to sum 1 along
// dim. Float32 follows PyTorch's two kernels bit for bit, chosen as PyTorch chooses
// them, by the dim alone (over (3, 37, 1)'s dim 1 the second runs, though only a
// size-1 dim follows). Over the last dim, per row:
// the max, the exponentials of x - max by Exp's kernel, their sum in eight lanes
// (laneSum8), and each exponential times the sum's reciprocal. Over another dim,
// vectorised across the elements after dim: per element, the max down dim, the
// exponentials, their running sum down dim from 0, and each exponential divided by
// it. Float64 takes the same steps in PyTorch's four lanes, with Exp's float64
// exponential (SLEEF's exp_u10) and glibc's exp (libmExp64) where PyTorch's scalar
// code takes std::exp.
func (a *Array) Softmax(dim int) *Array {
	if !a.dtype.IsFloat() {
		runtimeErr("\"softmax_lastdim_kernel_impl\" not implemented for '%s'", a.dtype.torchName())
	}
	if a.Dim() == 0 {
		return a.Sub(a).Exp() // exp(x - x): 1, or NaN
	}
	d := wrapDim(dim, a.Dim())
	shape := a.shape()
	outer, n, inner := splitAt(shape, d)
	if a.dtype == Float64 {
		src := contig[float64](a)
		res, out := allocRaw[float64](shape)
		softmaxRows(src, out, outer, n, inner, d == len(shape)-1, exp64s, laneSum4)
		return res
	}
	src := contig[float32](a)
	res, out := allocRaw[float32](shape)
	softmaxRows(src, out, outer, n, inner, d == len(shape)-1, func(d, s []float32) { opExp.f32s(d, s) }, laneSum8)
	return res
}

// vecLanes is the vector width of PyTorch's kernels (its AVX2 build: 32 bytes) in
// elements of T: a kernel vectorised across elements leaves the last inner%vecLanes of
// them to scalar code.
func vecLanes[T float]() int { return 32 / sizeOf[T]() }

// shiftCols writes x - max into o for a slab of n rows of inner elements, the max
// taken down the rows for each element (NaN if any is), and leaves the max in m.
//
// The max is torch.maximum's (NaN from either side, else the larger, the running max on
// a tie) in SIMD kernels, which may keep -0 where the builtin max gives +0: x - max
// then differs only for x a zero, as -0 or +0, whose exponential is 1 either way.
func shiftCols[T float](o, x, m []T, n, inner int) {
	copy(m, x[:inner])
	for d := 1; d < n; d++ {
		vv(fastMaximum, m, m, x[d*inner:(d+1)*inner])
	}
	for d := 0; d < n; d++ {
		vv(fastSub, o[d*inner:(d+1)*inner], x[d*inner:(d+1)*inner], m)
	}
}

// runningSums sets s to the sums down the n rows of inner elements of x, each from 0 in
// row order (PyTorch's running sums across a dim).
func runningSums[T float](s, x []T, n, inner int) {
	clear(s)
	for d := 0; d < n; d++ {
		vv(fastAdd, s, s, x[d*inner:(d+1)*inner])
	}
}

// splitAt returns the number of elements before dim d, along it, and after it.
func splitAt(shape []int, d int) (outer, n, inner int) {
	outer, inner = 1, 1
	for _, s := range shape[:d] {
		outer *= s
	}
	for _, s := range shape[d+1:] {
		inner *= s
	}
	return outer, shape[d], inner
}

// softmaxRows writes softmax over the middle of [outer][n][inner] from src to out,
// with exp an exponential of a run and rowSum the last-dim kernel's sum of a row.
func softmaxRows[T float](src, out []T, outer, n, inner int, last bool, exp func(d, s []T), rowSum func([]T) T) {
	if len(out) == 0 || n == 0 {
		return
	}
	if last {
		byRows(outer, n, softmaxGrain(n), func(r0, r1 int) {
			for r := r0 * n; r < r1*n; r += n {
				row, o := src[r:r+n:r+n], out[r:r+n:r+n]
				vs(fastSub, o, row, vecRowMax(row))
				exp(o, o)
				vs(fastMul, o, o, 1/rowSum(o))
			}
		})
		return
	}
	slab := n * inner
	vec := inner - inner%vecLanes[T]() // the elements PyTorch's vector loop takes
	byRows(outer, slab, softmaxGrain(slab), func(o0, o1 int) {
		m, s := zeros[T](inner), zeros[T](inner)
		for b := o0 * slab; b < o1*slab; b += slab {
			x, o := src[b:b+slab:b+slab], out[b:b+slab:b+slab]
			shiftCols(o, x, m, n, inner)
			exp(o, o)
			if vec < inner {
				// the scalar tail: std::exp
				for d := 0; d < n; d++ {
					for i := d*inner + vec; i < (d+1)*inner; i++ {
						o[i] = libmExp(x[i] - m[i-d*inner])
					}
				}
			}
			runningSums(s, o, n, inner)
			for d := 0; d < n; d++ {
				row := o[d*inner : (d+1)*inner]
				vv(fastDiv, row, row, s)
			}
		}
	})
}

// SoftmaxBackward is the gradient of softmax over dim given the output's gradient g and
// the output y (one shape, float): (g - Σ g·y)·y, the sum along dim. Both float dtypes
// follow PyTorch's kernels: over the last dim the products summed in a vector's lanes
// (laneDot8, laneDot4), over another dim a running sum down dim from 0.
func SoftmaxBackward(g, y *Array, dim int) *Array {
	if g.dtype != y.dtype || !g.SameShape(y) || !g.dtype.IsFloat() || g.Dim() == 0 {
		d := dim
		if g.Dim() == 0 {
			d = 0
		}
		return g.Sub(g.Mul(y).SumDims([]int{d}, true)).Mul(y)
	}
	d := wrapDim(dim, g.Dim())
	shape := g.shape()
	outer, n, inner := splitAt(shape, d)
	if g.dtype == Float64 {
		res, out := allocRaw[float64](shape)
		softmaxBackwardRows(contig[float64](g), contig[float64](y), out, outer, n, inner, d == len(shape)-1, laneDot4, math.FMA)
		return res
	}
	res, out := allocRaw[float32](shape)
	softmaxBackwardRows(contig[float32](g), contig[float32](y), out, outer, n, inner, d == len(shape)-1, laneDot8, fmaf)
	return res
}

// softmaxBackwardRows writes (g - Σ g·y)·y over the middle of [outer][n][inner], with
// rowDot the last-dim kernel's Σ g·y of a row and fma the multiply-add of the running
// sums down another dim (PyTorch's compiled loop contracts s + g·y).
func softmaxBackwardRows[T float](g, y, out []T, outer, n, inner int, last bool, rowDot func(g, y []T) T, fma func(a, b, c T) T) {
	if len(out) == 0 || n == 0 {
		return
	}
	slab := n * inner
	byRows(outer, slab, softmaxGrain(slab), func(o0, o1 int) {
		s := zeros[T](inner)
		for b := o0 * slab; b < o1*slab; b += slab {
			gs, ys, o := g[b:b+slab:b+slab], y[b:b+slab:b+slab], out[b:b+slab:b+slab]
			if last {
				s[0] = rowDot(gs, ys)
			} else {
				clear(s)
				for d := 0; d < n; d++ {
					k := d * inner
					for i := range s {
						s[i] = fma(gs[k+i], ys[k+i], s[i])
					}
				}
			}
			for d := 0; d < n; d++ {
				for i := range inner {
					k := d*inner + i
					o[k] = (gs[k] - s[i]) * ys[k]
				}
			}
		}
	})
}

// laneDot8 is Σ g·y over a row as PyTorch's AVX2 map2_reduce_all takes it: the first
// eight products in eight lanes, each later product added to its lane by a fused
// multiply-add (the tail to the first lanes), the lanes combined as laneSum8's; a row
// shorter than eight adds its products in order.
func laneDot8(g, y []float32) float32 {
	if len(g) < 8 {
		var s float32
		for i, v := range g {
			s += v * y[i]
		}
		return s
	}
	var a [8]float32
	for j := range a {
		a[j] = g[j] * y[j]
	}
	for i := 8; i < len(g); i++ {
		a[i%8] = fmaf(g[i], y[i], a[i%8])
	}
	b0, b1, b2, b3 := a[0]+a[4], a[1]+a[5], a[2]+a[6], a[3]+a[7]
	return (b0 + b2) + (b1 + b3)
}

// laneDot4 is laneDot8 in float64, as the AVX2 map2_reduce_all of doubles takes Σ g·y:
// the first four products in four lanes, each later product added to its lane by a
// fused multiply-add (the tail to the first lanes), then the lanes added in order
// (laneSum4's); a row shorter than four adds its products in order.
func laneDot4(g, y []float64) float64 {
	if len(g) < 4 {
		s := g[0] * y[0]
		for i := 1; i < len(g); i++ {
			s += float64(g[i] * y[i]) // rounded: PyTorch multiplies a vector, then adds
		}
		return s
	}
	a := [4]float64{g[0] * y[0], g[1] * y[1], g[2] * y[2], g[3] * y[3]}
	for i := 4; i < len(g); i++ {
		a[i%4] = math.FMA(g[i], y[i], a[i%4])
	}
	return ((a[0] + a[1]) + a[2]) + a[3]
}

// LogSoftmax is log_softmax over dim of a float array: x - max - log Σ exp(x - max).
// Over the last dim it is LogSoftmaxLast; over another dim float32 follows PyTorch's
// kernel, vectorised across the elements after dim: per element the max down dim,
// the exponentials of x - max by Exp's kernel summed down dim, the log of the sum by
// SLEEF's logf_u1 (logf32), then (x - max) - log sum.
func (a *Array) LogSoftmax(dim int) *Array {
	if !a.dtype.IsFloat() {
		runtimeErr("\"log_softmax_lastdim_kernel_impl\" not implemented for '%s'", a.dtype.torchName())
	}
	if a.Dim() == 0 {
		return a.Sub(a)
	}
	d := wrapDim(dim, a.Dim())
	if d == a.Dim()-1 {
		return a.LogSoftmaxLast()
	}
	shape := a.shape()
	outer, n, inner := splitAt(shape, d)
	if a.dtype == Float64 {
		res, out := allocRaw[float64](shape)
		logSoftmaxCols(contig[float64](a), out, outer, n, inner, exp64s, func(d, s []float64) {
			for i, v := range s {
				d[i] = logf64(v)
			}
		})
		return res
	}
	res, out := allocRaw[float32](shape)
	logSoftmaxCols(contig[float32](a), out, outer, n, inner, func(d, s []float32) { opExp.f32s(d, s) }, logf32s)
	return res
}

// logSoftmaxCols writes log_softmax over the middle dim of [outer][n][inner] (inner > 1
// or not: the columns kernel) from src to out.
func logSoftmaxCols[T float](src, out []T, outer, n, inner int, exp, log func(d, s []T)) {
	if len(out) == 0 || n == 0 {
		return
	}
	slab := n * inner
	byRows(outer, slab, softmaxGrain(slab), func(o0, o1 int) {
		s, e := zeros[T](inner), zeros[T](slab)
		for b := o0 * slab; b < o1*slab; b += slab {
			x, o := src[b:b+slab:b+slab], out[b:b+slab:b+slab]
			shiftCols(o, x, s, n, inner) // s: the max, then the sum, then its log
			exp(e, o)
			runningSums(s, e, n, inner)
			log(s, s)
			for d := 0; d < n; d++ {
				row := o[d*inner : (d+1)*inner]
				vv(fastSub, row, row, s)
			}
		}
	})
}

// LogSoftmaxBackward is the gradient of log_softmax over dim given the output's
// gradient g and the output y: g - exp(y)·Σg, the sum along dim. Over the last dim it
// is LogSoftmaxBackwardLast; over another dim float32 follows PyTorch's kernel: Σg
// down dim from 0, exp by Exp's kernel, and g - exp(y)·Σg as one fused multiply-add.
func LogSoftmaxBackward(g, y *Array, dim int) *Array {
	if g.Dim() == 0 || wrapDim(dim, g.Dim()) == g.Dim()-1 || g.dtype != y.dtype || !g.SameShape(y) || !g.dtype.IsFloat() {
		return LogSoftmaxBackwardLast(g, y)
	}
	d := wrapDim(dim, g.Dim())
	shape := g.shape()
	outer, n, inner := splitAt(shape, d)
	if g.dtype == Float64 {
		res, out := allocRaw[float64](shape)
		logSoftmaxBackwardCols(contig[float64](g), contig[float64](y), out, outer, n, inner, exp64s, math.FMA)
		return res
	}
	res, out := allocRaw[float32](shape)
	logSoftmaxBackwardCols(contig[float32](g), contig[float32](y), out, outer, n, inner, func(d, s []float32) { opExp.f32s(d, s) }, fmaf)
	return res
}

func logSoftmaxBackwardCols[T float](g, y, out []T, outer, n, inner int, exp func(d, s []T), fma func(a, b, c T) T) {
	if len(out) == 0 || n == 0 {
		return
	}
	slab := n * inner
	vec := inner - inner%vecLanes[T]() // the elements PyTorch's vector loop takes
	byRows(outer, slab, softmaxGrain(slab), func(o0, o1 int) {
		s := zeros[T](inner)
		for b := o0 * slab; b < o1*slab; b += slab {
			gs, ys, o := g[b:b+slab:b+slab], y[b:b+slab:b+slab], out[b:b+slab:b+slab]
			exp(o, ys)
			for d := 0; vec < inner && d < n; d++ {
				// the scalar tail: std::exp
				for i := d*inner + vec; i < (d+1)*inner; i++ {
					o[i] = libmExp(ys[i])
				}
			}
			runningSums(s, gs, n, inner)
			for d := 0; d < n; d++ {
				for i := range inner {
					k := d*inner + i
					o[k] = fma(-o[k], s[i], gs[k])
				}
			}
		}
	})
}
