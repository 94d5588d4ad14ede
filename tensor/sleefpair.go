package tensor

import "math"

// The float32 pair arithmetic of SLEEF's 1-ulp float functions (its vfloat2, built with
// FMA as on AVX2), which sleeftrig.go and powf32 follow step by step. Each operation rounds
// exactly where SLEEF's does; reordering any of them changes the last bits.

// f32pair is hi + lo, a float32 pair carrying about 48 bits (SLEEF's vfloat2).
type f32pair struct{ hi, lo float32 }

// twoSum is x + y exactly as a pair (Knuth's TwoSum).
func twoSum(x, y float32) f32pair {
	s := x + y
	v := s - x
	return f32pair{s, (x - (s - v)) + (y - v)}
}

// fastSum is x + y as a pair when |x| >= |y| (Dekker's Fast2Sum).
func fastSum(x, y float32) f32pair {
	s := x + y
	return f32pair{s, (x - s) + y}
}

// addPF is the pair x plus y.
func addPF(x f32pair, y float32) f32pair {
	s := x.hi + y
	return f32pair{s, ((x.hi - s) + y) + x.lo}
}

// addFP is x plus the pair y.
func addFP(x float32, y f32pair) f32pair {
	s := x + y.hi
	return f32pair{s, ((x - s) + y.hi) + y.lo}
}

// sqrP is x² as a pair.
func sqrP(x f32pair) f32pair {
	s := x.hi * x.hi
	return f32pair{s, fmaf(x.hi+x.hi, x.lo, fmaf(x.hi, x.hi, -s))}
}

// mulPP is x·y as a pair.
func mulPP(x, y f32pair) f32pair {
	s := x.hi * y.hi
	return f32pair{s, fmaf(x.hi, y.lo, fmaf(x.lo, y.hi, fmaf(x.hi, y.hi, -s)))}
}

// mulPPF is x·y rounded to float32.
func mulPPF(x, y f32pair) float32 {
	return fmaf(x.hi, y.hi, fmaf(x.lo, y.hi, x.hi*y.lo))
}

// twoSumPF is the pair x plus y, with the error of the leading sum kept exactly.
func twoSumPF(x f32pair, y float32) f32pair {
	s := x.hi + y
	v := s - x.hi
	return f32pair{s, (x.hi - (s - v)) + (y - v) + x.lo}
}

// twoSumPP is the pair x plus the pair y, likewise.
func twoSumPP(x, y f32pair) f32pair {
	s := x.hi + y.hi
	v := s - x.hi
	t := (x.hi - (s - v)) + (y.hi - v)
	return f32pair{s, t + (x.lo + y.lo)}
}

// addPP is the pair x plus the pair y when |x| >= |y|.
func addPP(x, y f32pair) f32pair {
	s := x.hi + y.hi
	return f32pair{s, (((x.hi - s) + y.hi) + x.lo) + y.lo}
}

// mulPF is the pair x times y.
func mulPF(x f32pair, y float32) f32pair {
	s := x.hi * y
	return f32pair{s, fmaf(x.lo, y, fmaf(x.hi, y, -s))}
}

// scalePF is x times y when y is a power of two.
func scalePF(x f32pair, y float32) f32pair { return f32pair{x.hi * y, x.lo * y} }

// divPP is n / d as a pair: a reciprocal, then two Newton corrections fused.
func divPP(n, d f32pair) f32pair {
	t := 1 / d.hi
	s := n.hi * t
	u := fmaf(t, n.hi, -s)
	v := fmaf(-d.lo, t, fmaf(-d.hi, t, 1))
	return f32pair{s, fmaf(s, v, fmaf(n.lo, t, u))}
}

// normalizeP makes hi the pair's value rounded to float32.
func normalizeP(x f32pair) f32pair {
	s := x.hi + x.lo
	return f32pair{s, x.hi - s + x.lo}
}

// rintf is v rounded to the nearest integer, ties to even (vrint): adding and taking
// away 1.5·2^23 leaves float32 no fraction bits for |v| < 2^22. math.RoundToEven is a
// call where the CPU level does not promise SSE4.1.
func rintf(v float32) float32 {
	if !(v < 1<<22 && v > -(1<<22)) {
		return float32(math.RoundToEven(float64(v)))
	}
	const magic = 0x1.8p23
	return (v + magic) - magic
}

// recP is 1 / d as a pair: the reciprocal of the leading part, then its error fused.
func recP(d f32pair) f32pair {
	s := 1 / d.hi
	return f32pair{s, s * fmaf(-d.lo, s, fmaf(-d.hi, s, 1))}
}

// negP is -x.
func negP(x f32pair) f32pair { return f32pair{-x.hi, -x.lo} }
