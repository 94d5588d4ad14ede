package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/sleefexp"
)

// PyTorch computes float64 exp with SLEEF's exp_u10 in double (Sleef_expd4_u10 on its
// AVX2 build, with FMA) on every element of a run, its last partial vector and strided
// input included, as for float32 (checked with torch: one element alone gives the bits
// it gives in a long run; glibc's exp differs from them for about 6% of inputs).
// expf64 follows SLEEF's steps with its roundings and fused multiply-adds:
//   - u = rint(x·(1/ln 2)), the product rounded, q = u as an integer;
//   - s = x - u·ln 2, with ln 2 in a high and a low part, two fused multiply-adds;
//   - a degree-10 polynomial in s by Estrin's scheme (s², s⁴, s⁸), then three Horner
//     steps to 1 + s + s²/2 + ...;
//   - scaled by 2^q in two steps (2^(q>>1)·2^(q-(q>>1))), so that q up to 1024 and
//     results in the subnormal range come out as SLEEF's;
//   - above 709.78271114955742909217217426 the result is +Inf, below -1000 it is 0,
//     and a NaN comes back quieted.

const (
	expdInvLn2 = sleefexp.DInvLn2
	expdLn2Hi  = sleefexp.DLn2Hi
	expdLn2Lo  = sleefexp.DLn2Lo
	expdMax    = sleefexp.DMax
	expdMin    = sleefexp.DMin
)

var expdPoly = sleefexp.DPoly

func expf64(d float64) float64 {
	switch {
	case d != d:
		return math.Float64frombits(math.Float64bits(d) | 1<<51)
	case d > expdMax:
		return math.Inf(1)
	case d < expdMin:
		return 0
	}
	u := math.RoundToEven(d * expdInvLn2)
	q := int64(u)
	s := math.FMA(u, -expdLn2Hi, d)
	s = math.FMA(u, -expdLn2Lo, s)
	s2 := s * s
	s4 := s2 * s2
	s8 := s4 * s4
	c := &expdPoly
	// Estrin: POLY4(a, b, c, d) = (a·s + b)·s² + (c·s + d)
	poly4 := func(a, b, c, d float64) float64 {
		return math.FMA(s2, math.FMA(s, a, b), math.FMA(s, c, d))
	}
	p8 := math.FMA(s4, poly4(c[2], c[3], c[4], c[5]), poly4(c[6], c[7], c[8], c[9]))
	u = math.FMA(s8, math.FMA(s, c[0], c[1]), p8)
	u = math.FMA(u, s, 0.5)
	u = math.FMA(u, s, 1)
	u = math.FMA(u, s, 1)
	return u * pow2d(q>>1) * pow2d(q-q>>1)
}

// pow2d is 2^e for -1022 <= e <= 1023, built from its bits.
func pow2d(e int64) float64 { return math.Float64frombits(uint64(e+0x3ff) << 52) }
