package tensor

import "math"

// PyTorch computes float32 tanh with SLEEF's tanhf_u10 (Sleef_tanhf8_u10 on its AVX2
// build) on every element of a run: its tanh kernel is a vml one, which maps the
// vectorised tanh over the run and its last partial vector alike, and copies strided
// input to a buffer first. (Checked with torch: a tensor of one element gives the bits
// it gives inside a long run; glibc's tanhf differs from both for about 10% of inputs.
// tanhf32 and both SIMD kernels were compared once with torch on all 2^32 float32
// inputs, every bit pattern: no difference.)
// tanhf32 follows SLEEF's steps in float32 with its roundings and fused multiply-adds:
//   - e^|x| as a float32 pair (expk2P): q = rint(|x|/ln 2), the remainder as a pair,
//     its polynomial in pairs, scaled by 2^q in two steps;
//   - tanh = (e - 1/e) / (e + 1/e), the reciprocal, sums and quotient in pairs;
//   - 1 above 8.664339742 in magnitude (and for an overflowed quotient), the sign of x;
//   - NaN in, the all-ones NaN (0xffffffff) out, as SLEEF ORs a mask into the result.
//
// float64 tanh stays Go's math.Tanh here. PyTorch's is SLEEF's tanh_u10 in double
// (Sleef_tanhd4_u10) on every element, too (checked with torch: it differs from glibc's
// tanh for about 11% of inputs, and one element alone gives its bits in a long run);
// it is not replayed, and the two can differ in the last bit.

// tanhLimit is where SLEEF's tanhf returns ±1 without computing.
const tanhLimit = float32(8.664339742)

func tanhf32(x float32) float32 {
	if x != x {
		return math.Float32frombits(0xffffffff)
	}
	y := math.Float32frombits(math.Float32bits(x) &^ (1 << 31))
	r := float32(1)
	if !(y > tanhLimit) {
		d := expk2P(f32pair{y, 0})
		e := recP(d)
		d = divPP(addPP(d, negP(e)), addPP(d, e))
		if r = d.hi + d.lo; r != r {
			r = 1
		}
	}
	return math.Float32frombits(math.Float32bits(r) ^ math.Float32bits(x)&(1<<31))
}

// expk2P is e^d for a float32 pair d as a pair (SLEEF's expk2f), for d >= -104.
func expk2P(d f32pair) f32pair {
	u := (d.hi + d.lo) * float32(1/math.Ln2)
	q := int32(rintf(u))
	s := twoSumPF(d, float32(q)*-0.693145751953125)
	s = twoSumPF(s, float32(q)*-1.428606765330187045e-06)
	u = 0.1980960224e-3
	u = fmaf(u, s.hi, 0.1394256484e-2)
	u = fmaf(u, s.hi, 0.8333456703e-2)
	u = fmaf(u, s.hi, 0.4166637361e-1)
	t := twoSumPF(mulPF(s, u), 0.166666659414234244790680580464)
	t = twoSumPF(mulPP(s, t), 0.5)
	t = twoSumPP(s, mulPP(sqrP(s), t))
	t = addFP(1, t)
	a, b := pow2f(q>>1), pow2f(q-q>>1)
	return f32pair{t.hi * a * b, t.lo * a * b}
}
