package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/asm"
	"github.com/gograd/gograd/tensor/internal/sleefexp"
)

// PyTorch computes float32 exp with SLEEF's SIMD expf (Sleef_expf8_u10, AVX2 with FMA)
// for every element, so its results differ from the correctly rounded ones in the last
// bit for about 9% of inputs. expf32 follows the same algorithm, step by step in
// float32, so that exp (and sigmoid, built on it) match PyTorch bit for bit:
//   - q = rint(x * (1/ln 2)), the multiply rounded to float32;
//   - s = x - q*ln2, with ln 2 split in a high and a low part, two fused multiply-adds;
//   - a degree-5 polynomial in s (Horner, fused), then 1 + (s*s*u + s);
//   - scaled by 2^q in two steps (2^(q>>1) * 2^(q - q>>1)) so q up to 254 works;
//   - below -104 the result is 0, above 100 it is +Inf.

const (
	expInvLn2 = sleefexp.InvLn2
	expLn2Hi  = sleefexp.Ln2Hi
	expLn2Lo  = sleefexp.Ln2Lo
)

var expPoly = sleefexp.Poly

func expf32(x float32) float32 {
	if x != x {
		return x
	}
	q := int32(math.RoundToEven(float64(x * expInvLn2)))
	qf := float32(q)
	s := fmaf(qf, -expLn2Hi, x)
	s = fmaf(qf, -expLn2Lo, s)
	u := expPoly[0]
	for _, c := range expPoly[1:] {
		u = fmaf(u, s, c)
	}
	ss := s * s
	u = 1 + fmaf(ss, u, s)
	u = u * pow2f(q>>1) * pow2f(q-q>>1)
	if x < -104 {
		return 0
	}
	if x > 100 {
		return float32(math.Inf(1))
	}
	return u
}

// expf32s is expf32 over a run, whole SIMD vectors by the kernels of internal/asm.
func expf32s(dst, src []float32) { finishRun(dst, src, asm.Exp32(dst, src), expf32) }

// finishRun sets dst[i] = f(src[i]) past the done elements a SIMD kernel did.
func finishRun(dst, src []float32, done int, f func(float32) float32) {
	for i, x := range src[done:len(dst)] {
		dst[done+i] = f(x)
	}
}

// pow2f is 2^e for the exponents ldexp2 needs, built from its bits as SLEEF does.
func pow2f(e int32) float32 { return math.Float32frombits(uint32(e+0x7f) << 23) }

// sigmoid32s is PyTorch's float32 sigmoid loop over a contiguous run: whole blocks of
// 16 take the SIMD path (1/(1 + expf(-x)) with SLEEF's exp), the tail the scalar one
// (the C library's exp, correctly rounded here).
func sigmoid32s(dst, src []float32) {
	vec := len(src) / 16 * 16
	done := asm.Sigmoid32(dst[:vec], src) // the same steps in SIMD registers
	for i, x := range src[done:vec] {
		i += done
		dst[i] = 1 / (1 + expf32(-x))
	}
	for i, x := range src[vec:] {
		dst[vec+i] = sigmoid32(x)
	}
}
