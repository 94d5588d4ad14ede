package tensor

import (
	"math"
	"slices"
)

// ThresholdBackward is torch's threshold_backward(grad, self, threshold), the gradient
// of Relu (threshold 0, self the input or the result) in one pass: 0 where self <=
// threshold, grad elsewhere. The test is self <= threshold, not self > threshold, so a
// NaN in self passes grad through, as in PyTorch (relu's gradient at a NaN input is
// the incoming gradient).
//
// grad and self broadcast and promote like a binary op's operands, self first (its
// size is "tensor a" in the mismatch error); the comparison runs in the result dtype,
// with threshold converted to it. As in PyTorch, a threshold out of that dtype's range
// (finite beyond float32's, NaN or beyond int64's) is an error, and bool is not
// supported. Same-shape contiguous float operands of one dtype take a fast path: one
// allocation for a small result.
func ThresholdBackward(grad, self *Array, threshold float64) *Array {
	if grad.dtype == self.dtype && slices.Equal(grad.shape(), self.shape()) && grad.IsContiguous() && self.IsContiguous() {
		switch grad.dtype {
		case Float32:
			return thresholdSame(grad, self, float32(thresholdAs(threshold, Float32)), thresholdRun32)
		case Float64:
			return thresholdSame(grad, self, threshold, thresholdRun64)
		}
	}
	dt := resultType(operand{Array: self}, operand{Array: grad})
	shape := broadcastShapes(self.shape(), grad.shape())
	s, g := self.To(dt).expandTo(shape), grad.To(dt).expandTo(shape)
	switch dt {
	case Float32:
		return apply2(s, g, shape, thresholdGrad(float32(thresholdAs(threshold, dt))))
	case Float64:
		return apply2(s, g, shape, thresholdGrad(threshold))
	case Int64:
		return apply2(s, g, shape, thresholdGrad(int64(thresholdAs(threshold, dt))))
	}
	runtimeErr("\"threshold_cpu\" not implemented for '%s'", dt.torchName())
	return nil
}

// thresholdAs checks that threshold converts to dtype dt (Float32 or Int64) as c10's
// checked Scalar conversion does: infinities are fine for floats, a finite value
// beyond the float range is not; NaN and anything beyond int64 fail for int64.
func thresholdAs(t float64, dt DType) float64 {
	switch {
	case dt == Float32 && !math.IsInf(t, 0) && math.Abs(t) > math.MaxFloat32:
		runtimeErr("value cannot be converted to type float without overflow")
	case dt == Int64 && (t != t || t < -(1<<63) || t > 1<<63):
		runtimeErr("value cannot be converted to type int64_t without overflow")
	}
	return t
}

// thresholdGrad is the elementwise rule, for the general path.
func thresholdGrad[T number](t T) func(s, g T) T {
	return func(s, g T) T {
		if s <= t {
			return 0
		}
		return g
	}
}

// thresholdSame is ThresholdBackward for contiguous grad and self of one float dtype
// and shape: run over the two storage runs into a new array.
func thresholdSame[T float](grad, self *Array, t T, run func(d, g, s []T, t T)) *Array {
	n := grad.Numel()
	g := storage[T](grad)[grad.offset : grad.offset+n]
	s := storage[T](self)[self.offset : self.offset+n]
	out, dst := allocRaw[T](grad.shape())
	if small(n) {
		run(dst, g, s, t)
	} else {
		chunks(n, func(lo, hi int) { run(dst[lo:hi], g[lo:hi], s[lo:hi], t) })
	}
	return out
}

// thresholdRun32 sets d[i] = 0 where s[i] <= t, else g[i], without a branch: the
// comparison picks a mask for g's bits (a branch on the sign of random data, as in a
// relu's input, mispredicts half the time and made this 5x slower than an addition).
func thresholdRun32(d, g, s []float32, t float32) {
	g, s = g[:len(d)], s[:len(d)]
	for i := range d {
		m := ^uint32(0)
		if s[i] <= t {
			m = 0
		}
		d[i] = math.Float32frombits(math.Float32bits(g[i]) & m)
	}
}

// thresholdRun64 is thresholdRun32 for float64.
func thresholdRun64(d, g, s []float64, t float64) {
	g, s = g[:len(d)], s[:len(d)]
	for i := range d {
		m := ^uint64(0)
		if s[i] <= t {
			m = 0
		}
		d[i] = math.Float64frombits(math.Float64bits(g[i]) & m)
	}
}
