package tensor

import "math"

// fma32 is x*y+z rounded once to float32, as the vfmadd instructions compute it in
// PyTorch's AVX2 kernels (built with FMA contraction).
//
// The float32 product is exact in float64, so only the sum rounds. Rounding the sum
// first to float64 and then to float32 could round twice; rounding to float64 "to odd"
// (forcing the last bit to 1 when the float64 sum was inexact) makes the second
// rounding correct, because float64 carries more than two extra bits (Boldo and
// Melquiond's round-to-odd argument).
func fma32(x, y, z float32) float32 {
	p := float64(x) * float64(y)
	s := p + float64(z)
	if math.IsInf(s, 0) || math.IsNaN(s) {
		return float32(s)
	}
	// exact error of the float64 sum (Knuth's TwoSum)
	zv := s - p
	e := (p - (s - zv)) + (float64(z) - zv)
	if e != 0 {
		b := math.Float64bits(s)
		if b&1 == 0 {
			// s was rounded: step to the odd neighbour on the side of the exact sum
			if (e > 0) == (s > 0) {
				b++
			} else {
				b--
			}
		}
		s = math.Float64frombits(b)
	}
	return float32(s)
}

// fmaf is x·y+z rounded once to float32, as vfmadd231ps computes it. The float32
// product is exact in float64, so the float64 sum is the exact result but for its own
// rounding (a fused multiply-add, where the compiler makes one, gives the same bits),
// which can only change the float32 result when it lands exactly halfway between two
// float32 values (or in float32's subnormal or overflow range): those rare cases take
// the slower exact fma32. A zero sum is exact (the exact sum of a product of float32s
// and a float32 is a multiple of 2^-298, far above float64's underflow), so it needs no
// second look.
//
// It is not inlined: the call to fma32 alone takes most of Go's inlining budget (any
// call does), so the kernels' scalar replays (sleeftrig.go), a dozen multiply-adds per
// element, pay a call for each. The call is still the cheaper side: fma32's round to
// odd can be written without calls to fit the budget, but it puts the TwoSum and a
// branch taken at random on every step of the replays' chains of multiply-adds, where
// fmaf's test rarely fails and stays off the chain.
func fmaf(x, y, z float32) float32 {
	s := float64(x)*float64(y) + float64(z)
	b := math.Float64bits(s)
	// e-(1023-125) wraps around below 0: one compare for both exponent limits
	if e := (b >> 52) & 0x7ff; b&(1<<29-1) == 1<<28 || e-(1023-125) > 251 && s != 0 {
		return fma32(x, y, z)
	}
	return float32(s)
}
