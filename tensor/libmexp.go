package tensor

import (
	"math"
	"math/big"
	"sync"
)

// libmExpf is glibc's expf (2.27 and later), which PyTorch's scalar code calls as
// std::exp on float: the tails its vectorised loops leave over, and strided runs.
// Its algorithm: x·32/ln2 = k + r with k rounded to an integer, exp(x) = 2^(k/32) ·
// 2^(r/32), 2^(k/32) from a table of 2^(i/32) with k/32's integer part added to the
// exponent, 2^(r/32) by a cubic in double precision, rounded once to float32. It is
// correctly rounded but for rare inputs (an error of 0.502 ulp), which is why a
// correctly rounded exponential does not reproduce PyTorch's scalar bits. The cubic's
// multiply-adds are fused: glibc's x86-64 build selects its FMA variant on CPUs that
// have FMA, as every CPU PyTorch's AVX2 kernels run on does.
func libmExpf(x float32) float32 {
	const (
		n      = 32
		shift  = 0x1.8p+52
		invLn2 = 0x1.71547652b82fep+0 * n
		c0     = 0x1.c6af84b912394p-5 / n / n / n
		c1     = 0x1.ebfce50fac4f3p-3 / n / n
		c2     = 0x1.62e42ff0c52d6p-1 / n
	)
	abstop := math.Float32bits(x) >> 20 & 0x7ff
	if abstop >= math.Float32bits(88)>>20 {
		switch {
		case math.IsInf(float64(x), -1):
			return 0
		case abstop >= math.Float32bits(float32(math.Inf(1)))>>20:
			return x + x // +Inf, NaN
		case x > 0x1.62e42ep6:
			return float32(math.Inf(1))
		case x < -0x1.9fe368p6:
			return 0
		}
	}
	xd := float64(x)
	z := invLn2 * xd
	kd := z + shift
	ki := math.Float64bits(kd)
	kd -= shift
	r := z - kd
	t := exp2Table()[ki%n] + ki<<(52-5)
	s := math.Float64frombits(t)
	zz := math.FMA(c0, r, c1)
	r2 := r * r
	y := math.FMA(c2, r, 1)
	y = math.FMA(zz, r2, y)
	return float32(y * s)
}

// exp2Table is libmExpf's table: the bits of 2^(i/32) correctly rounded to float64,
// less i<<47 (so that adding k<<47 for any k with k%32 == i gives 2^(k/32)'s bits).
// It is computed once, by Newton's method for the 32nd root of 2^i in 200-bit floats.
var exp2Table = sync.OnceValue(func() [32]uint64 {
	var tab [32]uint64
	for i := range tab {
		x := rootOf2(i, 32)
		v, _ := x.Float64() // nearest, ties to even
		tab[i] = math.Float64bits(v) - uint64(i)<<(52-5)
	}
	return tab
})

// libmExp is std::exp for T: glibc's expf for float32, its exp for float64.
func libmExp[T float](v T) T {
	if f, ok := any(v).(float32); ok {
		return T(libmExpf(f))
	}
	return T(libmExp64(float64(v)))
}

// libmExp64 is glibc's exp (2.28 and later), std::exp on double: the scalar tails of
// PyTorch's float64 kernels vectorised across inner elements (softmax over a dim other
// than the last, and its backward). Its algorithm, libmExpf's with a finer table:
// x·128/ln2 = k + r' rounded to an integer k, r = x - k·ln2/128 in two steps (ln2/128
// split in a high part with trailing zeros and a low part), exp(x) = 2^(k/128)·exp(r),
// 2^(k/128) as scale·(1 + tail) from a table (scale's exponent plus k/128's integer
// part), exp(r) - 1 by a quintic, and scale + scale·(tail + exp(r) - 1) in double.
// Results that overflow the exponent or fall below 2^-1022 go a slower way (exp64Far).
// The multiply-adds are fused: glibc selects its FMA build on CPUs with FMA, where the
// compiler contracts each product into the sum that follows it.
func libmExp64(x float64) float64 {
	const (
		n        = 128
		shift    = 0x1.8p52
		invLn2N  = 0x1.71547652b82fep0 * n
		negLn2Hi = -0x1.62e42fefa0000p-8
		negLn2Lo = -0x1.cf79abc9e3b3ap-47
		c2       = 0x1.ffffffffffdbdp-2
		c3       = 0x1.555555555543cp-3
		c4       = 0x1.55555cf172b91p-5
		c5       = 0x1.1111167a4d017p-7
	)
	abstop := math.Float64bits(x) >> 52 & 0x7ff
	far := false
	if abstop-0x3c9 >= 0x408-0x3c9 { // |x| < 2^-54 (wrapping below), or |x| >= 512
		if abstop < 0x3c9 {
			return 1 + x
		}
		if abstop >= 0x409 { // |x| >= 1024
			switch {
			case x == math.Inf(-1):
				return 0
			case abstop == 0x7ff:
				return 1 + x // +Inf, NaN
			case x < 0:
				return 0
			}
			return math.Inf(1)
		}
		far = true
	}
	z := invLn2N * x
	kd := z + shift
	ki := math.Float64bits(kd)
	kd -= shift
	r := math.FMA(kd, negLn2Lo, math.FMA(kd, negLn2Hi, x))
	e := exp2Table128()[ki%n]
	sbits := e.scale + ki<<(52-7)
	r2 := r * r
	tmp := math.FMA(r2*r2, math.FMA(r, c5, c4), math.FMA(r2, math.FMA(r, c3, c2), e.tail+r))
	if far {
		return exp64Far(tmp, sbits, ki)
	}
	scale := math.Float64frombits(sbits)
	return math.FMA(scale, tmp, scale)
}

// exp64Far is libmExp64 for |x| in [512, 1024), where scale's exponent may have
// left double's range: it is moved back by 2^1009 (or 2^-1022), the result formed,
// then scaled; below 2^-1022 the sum is rounded to the subnormal's precision once,
// not twice.
func exp64Far(tmp float64, sbits, ki uint64) float64 {
	if ki&0x80000000 == 0 { // k > 0
		scale := math.Float64frombits(sbits - 1009<<52)
		return 0x1p1009 * math.FMA(scale, tmp, scale)
	}
	scale := math.Float64frombits(sbits + 1022<<52)
	y := math.FMA(scale, tmp, scale)
	if y < 1 {
		lo := math.FMA(scale, tmp, scale-y)
		hi := 1 + y
		lo = 1 - hi + y + lo
		y = (hi + lo) - 1
		if y == 0 {
			y = 0 // not -0
		}
	}
	return 0x1p-1022 * y
}

// exp2Table128 is libmExp64's table: for each i, 2^(i/128) correctly rounded to
// float64 (scale, its bits less i<<45 so that adding k<<45 for k%128 == i gives
// 2^(k/128)'s), and tail, the rounded relative error of scale: 2^(i/128) is
// scale·(1 + tail) to some 2^-106.
var exp2Table128 = sync.OnceValue(func() (tab [128]struct {
	tail  float64
	scale uint64
}) {
	for i := range tab {
		x := rootOf2(i, 128)
		h, _ := x.Float64()
		t := new(big.Float).SetPrec(x.Prec()).SetFloat64(h)
		t.Quo(x.Sub(x, t), t) // (2^(i/128) - scale) / scale
		tab[i].tail, _ = t.Float64()
		tab[i].scale = math.Float64bits(h) - uint64(i)<<45
	}
	return tab
})

// rootOf2 is 2^(i/n) for n a power of two, to 200 bits: Newton's method on x^n = 2^i.
func rootOf2(i, n int) *big.Float {
	const prec = 200
	target := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(1), i) // 2^i
	x := new(big.Float).SetPrec(prec).SetFloat64(math.Exp2(float64(i) / float64(n)))
	for range 8 { // x -= (x^n - 2^i) / (n x^(n-1))
		p := new(big.Float).SetPrec(prec).SetInt64(1)
		for range n - 1 {
			p.Mul(p, x)
		}
		num := new(big.Float).SetPrec(prec).Mul(p, x)
		num.Sub(num, target)
		den := new(big.Float).SetPrec(prec).Mul(p, big.NewFloat(float64(n)))
		x.Sub(x, num.Quo(num, den))
	}
	return x
}
