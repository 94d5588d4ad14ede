//go:build !cgo || !linux

package mt

import "math"

// exactLibm reports that log, sin and cos are computed here rather than by
// the C library. They are correctly rounded (double-double evaluation, one
// final rounding), and glibc's are too except for about one input in a
// thousand, so a float64 normal can differ from PyTorch's in its last bits
// about that often. float32 results are not affected.
const exactLibm = false

func log(x float64) float64 {
	if !(x > 0) || math.IsInf(x, 1) {
		return math.Log(x)
	}
	// One Newton step on y = log x from Go's estimate: log x = y + log(x e^-y),
	// and x e^-y = 1 + d with d about one ulp, so log(1+d) = d - d²/2.
	y := math.Log(x)
	e := ddExp(dd{-y, 0})
	d := ddAdd(ddMulF(e, x), dd{-1, 0})
	d = ddAdd(d, dd{-0.5 * d.hi * d.hi, 0})
	return ddAdd(dd{y, 0}, d).round()
}

func sin(x float64) float64 {
	s, _ := ddSinCos(x)
	return s
}

func cos(x float64) float64 {
	_, c := ddSinCos(x)
	return c
}

// dd is an unevaluated sum hi + lo with |lo| <= ulp(hi)/2: about 106 bits.
type dd struct{ hi, lo float64 }

func (a dd) round() float64 { return a.hi + a.lo }

func twoSum(a, b float64) dd {
	s := a + b
	bb := s - a
	return dd{s, (a - (s - bb)) + (b - bb)}
}

func quickTwoSum(a, b float64) dd {
	s := a + b
	return dd{s, b - (s - a)}
}

func twoProd(a, b float64) dd {
	p := a * b
	return dd{p, math.FMA(a, b, -p)}
}

func ddAdd(a, b dd) dd {
	s := twoSum(a.hi, b.hi)
	t := twoSum(a.lo, b.lo)
	s.lo += t.hi
	s = quickTwoSum(s.hi, s.lo)
	s.lo += t.lo
	return quickTwoSum(s.hi, s.lo)
}

func ddMul(a, b dd) dd {
	p := twoProd(a.hi, b.hi)
	p.lo += a.hi*b.lo + a.lo*b.hi
	return quickTwoSum(p.hi, p.lo)
}

func ddMulF(a dd, b float64) dd {
	p := twoProd(a.hi, b)
	p.lo += a.lo * b
	return quickTwoSum(p.hi, p.lo)
}

// ln2DD and piOver2 are split into doubles whose sum carries about 160 bits.
var (
	ln2DD   = [3]float64{0x1.62e42fefa39efp-1, 0x1.abc9e3b39803fp-56, 0x1.7b57a079a1934p-111}
	piOver2 = [3]float64{0x1.921fb54442d18p+0, 0x1.1a62633145c07p-54, -0x1.f1976b7ed8fbcp-110}
)

// ddExp is e^a for |a| below about 700.
func ddExp(a dd) dd {
	k := math.Round(a.hi / ln2DD[0])
	// r = a - k ln2, exact products and sums in double-double.
	r := ddAdd(a, ddMulF(dd{-ln2DD[0], 0}, k))
	r = ddAdd(r, dd{-ln2DD[1] * k, -ln2DD[2] * k})
	// e^r = (e^(r/2^8))^(2^8), with a Taylor series for the small argument.
	const halvings = 8
	r = dd{math.Ldexp(r.hi, -halvings), math.Ldexp(r.lo, -halvings)}
	sum, term := dd{1, 0}, dd{1, 0}
	for n := 1; n <= 14; n++ {
		term = ddMul(term, r)
		term = dd{term.hi / float64(n), 0}.fix(term, float64(n))
		sum = ddAdd(sum, term)
	}
	for i := 0; i < halvings; i++ {
		sum = ddMul(sum, sum)
	}
	return dd{math.Ldexp(sum.hi, int(k)), math.Ldexp(sum.lo, int(k))}
}

// fix completes the double-double division t/n started in q.hi: the
// remainder t - q.hi*n, divided by n, becomes the low part.
func (q dd) fix(t dd, n float64) dd {
	p := twoProd(q.hi, n)
	rem := (t.hi - p.hi - p.lo + t.lo) / n
	return quickTwoSum(q.hi, rem)
}

// invFact[n] is 1/n! in double-double.
var invFact = func() (f [28]dd) {
	f[0] = dd{1, 0}
	for n := 1; n < len(f); n++ {
		f[n] = dd{f[n-1].hi / float64(n), 0}.fix(f[n-1], float64(n))
	}
	return f
}()

// ddSinCos returns sin x and cos x correctly rounded (barring ties within
// 2^-100) for |x| up to about 1e9, the range the normal kernels use.
func ddSinCos(x float64) (s, c float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) || math.Abs(x) > 1e9 {
		return math.Sin(x), math.Cos(x)
	}
	k := math.Round(x / piOver2[0])
	// r = x - k π/2 with k π/2 carried to about 160 bits.
	r := ddAdd(dd{x, 0}, twoProd(-k, piOver2[0]))
	r = ddAdd(r, twoProd(-k, piOver2[1]))
	r = ddAdd(r, dd{-k * piOver2[2], 0})
	r2 := ddMul(r, r)
	// Taylor series in r² by Horner's rule for |r| <= π/4: the terms fall
	// below 2^-110 before r^27.
	sinR, cosR := dd{0, 0}, dd{0, 0}
	for j := 13; j >= 0; j-- {
		cs, cc := invFact[2*j+1], invFact[2*j]
		if j%2 == 1 {
			cs, cc = dd{-cs.hi, -cs.lo}, dd{-cc.hi, -cc.lo}
		}
		sinR = ddAdd(ddMul(sinR, r2), cs)
		cosR = ddAdd(ddMul(cosR, r2), cc)
	}
	sinR = ddMul(sinR, r)
	switch int64(k) & 3 {
	case 0:
		return sinR.round(), cosR.round()
	case 1:
		return cosR.round(), -sinR.round()
	case 2:
		return -sinR.round(), -cosR.round()
	}
	return -cosR.round(), sinR.round()
}
