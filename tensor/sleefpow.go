package tensor

import "math"

// PyTorch computes a float32 tensor to a scalar power other than 2, 3, -2, ±0.5 and -1
// with SLEEF's SIMD powf (Sleef_powf8_u10) on whole blocks of 16 elements, and with
// std::pow in double on the tail (powScalar). powf32 follows SLEEF's algorithm step by
// step in float32, so that x**4 and x**5 (the terms of the tutorial's DynamicNet)
// match PyTorch bit for bit:
//   - log|x| as a float32 pair (logkP): x = m·2^e with m in [0.75, 1.5), then
//     2·atanh((m-1)/(m+1)) by a polynomial, plus e·ln 2;
//   - times y, still a pair;
//   - exp of the pair (expkP): q = rint(v/ln 2), the remainder's polynomial, scaled
//     by 2^q;
//   - the sign for a negative x and an odd integer y; NaN for a negative x and a
//     non-integer y.
//
// Zeros, infinities, NaN, x = 1 and y = 0 are exact cases where SLEEF gives C's pow;
// powf32 takes them from math.Pow. Results in float32's subnormal range are rounded
// once here, where SLEEF scales in steps.

func powf32(x, y float32) float32 {
	ax := float32(math.Abs(float64(x)))
	if x == 0 || y == 0 || x == 1 || ax > math.MaxFloat32 || x != x || y != y || math.IsInf(float64(y), 0) {
		return float32(math.Pow(float64(x), float64(y)))
	}
	r := expkP(mulPF(logkP(ax), y))
	if r != r {
		r = float32(math.Inf(1))
	}
	if x < 0 {
		yInt := float32(math.Trunc(float64(y))) == y || math.Abs(float64(y)) > 1<<24
		switch {
		case !yInt:
			return float32(math.NaN())
		case math.Abs(float64(y)) < 1<<24 && int32(y)&1 == 1:
			r = -r
		}
	}
	return r
}

// logkP is log d for d > 0 as a float32 pair (SLEEF's logkf).
func logkP(d float32) f32pair {
	m, e := logReduce(d)
	x := divPP(twoSum(-1, m), twoSum(1, m))
	x2 := sqrP(x)
	t := float32(0.240320354700088500976562)
	t = fmaf(t, x2.hi, 0.285112679004669189453125)
	t = fmaf(t, x2.hi, 0.400007992982864379882812)
	c := f32pair{0.66666662693023681640625, 3.69183861259614332084311e-09}
	s := mulPF(f32pair{0.69314718246459960938, -1.904654323148236017e-09}, float32(e))
	s = addPP(s, scalePF(x, 2))
	return addPP(s, mulPP(mulPP(x2, x), twoSumPP(mulPF(x2, t), c)))
}

// expkP is e^d for a float32 pair d, rounded to float32 (SLEEF's expkf).
func expkP(d f32pair) float32 {
	u := (d.hi + d.lo) * float32(1/math.Ln2)
	q := int32(rintf(u))
	s := twoSumPF(d, float32(q)*-0.693145751953125)
	s = twoSumPF(s, float32(q)*-1.428606765330187045e-06)
	s = normalizeP(s)
	u = 0.00136324646882712841033936
	u = fmaf(u, s.hi, 0.00836596917361021041870117)
	u = fmaf(u, s.hi, 0.0416710823774337768554688)
	u = fmaf(u, s.hi, 0.166665524244308471679688)
	u = fmaf(u, s.hi, 0.499999850988388061523438)
	t := addFP(1, addPP(s, mulPF(sqrP(s), u)))
	if d.hi < -104 {
		return 0
	}
	return float32(math.Ldexp(float64(t.hi+t.lo), int(q)))
}
