package tensor

import "math"

// logf64 is SLEEF's log_u1 in double (Sleef_logd4_u10 on PyTorch's AVX2 build, with
// FMA), as Vectorized<double>::log computes it; PyTorch's float64 log_softmax takes the
// log of each row's sum this way. The steps are logf32's in double: d = m·2^e with m in
// [0.75, 1.5) (an input below the normal range scaled by 2^64 first), x = (m-1)/(m+1)
// as a pair, the odd series' tail by a degree-6 polynomial in x² (Estrin's scheme over
// x², x⁴, x⁸), and e·log 2 + 2x + x³·tail summed as pairs.
func logf64(d float64) float64 {
	tiny := d < 0x1p-1022
	if tiny {
		d *= 0x1p64
	}
	e := int64(math.Float64bits(d*(1.0/0.75))>>52&0x7ff) - 0x3ff
	m := math.Float64frombits(uint64(int64(math.Float64bits(d)) - e<<52))
	if tiny {
		e -= 64
	}
	x := divDD(twoSumD(-1, m), twoSumD(1, m))
	x2 := x.hi * x.hi
	x4 := x2 * x2
	x8 := x4 * x4
	// POLY7(x2, x4, x8, c6..c0): x8·(c6·x4 + (c5·x2 + c4)) + ((c3·x2 + c2)·x4 + (c1·x2 + c0))
	hi := math.FMA(x4, 0.1532076988502701353, math.FMA(x2, 0.1525629051003428716, 0.1818605932937785996))
	lo := math.FMA(x4, math.FMA(x2, 0.2222214519839380009, 0.2857142932794299317), math.FMA(x2, 0.3999999999635251990, 0.6666666666667333541))
	t := math.FMA(x8, hi, lo)
	s := mulDF(f64pair{0.693147180559945286226764, 2.319046813846299558417771e-17}, float64(e))
	s = addDD(s, f64pair{x.hi * 2, x.lo * 2})
	s = addDF(s, x2*x.hi*t)
	r := s.hi + s.lo
	switch { // d's class is the scaled d's
	case d == 0:
		return math.Inf(-1)
	case d < 0 || d != d:
		return sleefNaN
	case d > math.MaxFloat64:
		return math.Inf(1)
	}
	return r
}

// sleefNaN is SLEEF's NaN (the C library's nan("")), positive with an empty payload;
// Go's math.NaN has a payload bit set.
var sleefNaN = math.Float64frombits(0x7ff8000000000000)

// f64pair is hi + lo, a double pair (SLEEF's vdouble2); its operations round where
// SLEEF's FMA build does, as sleefpair.go's float32 ones.
type f64pair struct{ hi, lo float64 }

// twoSumD is x + y exactly as a pair.
func twoSumD(x, y float64) f64pair {
	s := x + y
	v := s - x
	return f64pair{s, (x - (s - v)) + (y - v)}
}

// addDF is the pair x plus y.
func addDF(x f64pair, y float64) f64pair {
	s := x.hi + y
	return f64pair{s, ((x.hi - s) + y) + x.lo}
}

// addDD is the pair x plus the pair y when |x| >= |y|.
func addDD(x, y f64pair) f64pair {
	s := x.hi + y.hi
	return f64pair{s, (((x.hi - s) + y.hi) + x.lo) + y.lo}
}

// mulDF is the pair x times y.
func mulDF(x f64pair, y float64) f64pair {
	s := x.hi * y
	return f64pair{s, math.FMA(x.lo, y, math.FMA(x.hi, y, -s))}
}

// divDD is n / d as a pair: a reciprocal, then two Newton corrections fused.
func divDD(n, d f64pair) f64pair {
	t := 1 / d.hi
	s := n.hi * t
	u := math.FMA(t, n.hi, -s)
	v := math.FMA(-d.lo, t, math.FMA(-d.hi, t, 1))
	return f64pair{s, math.FMA(s, v, math.FMA(n.lo, t, u))}
}
