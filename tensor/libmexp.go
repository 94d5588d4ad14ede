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
	const prec = 200
	for i := range tab {
		target := new(big.Float).SetPrec(prec).SetMantExp(big.NewFloat(1), i) // 2^i
		x := new(big.Float).SetPrec(prec).SetFloat64(math.Exp2(float64(i) / 32))
		for range 8 { // x -= (x^32 - 2^i) / (32 x^31)
			p := new(big.Float).SetPrec(prec).SetInt64(1)
			for range 31 {
				p.Mul(p, x)
			}
			num := new(big.Float).SetPrec(prec).Mul(p, x)
			num.Sub(num, target)
			den := new(big.Float).SetPrec(prec).Mul(p, big.NewFloat(32))
			x.Sub(x, num.Quo(num, den))
		}
		v, _ := x.Float64() // nearest, ties to even
		tab[i] = math.Float64bits(v) - uint64(i)<<(52-5)
	}
	return tab
})

// libmExp is std::exp for T: glibc's expf for float32, math.Exp (within an ulp of
// glibc's exp) for float64.
func libmExp[T float](v T) T {
	if f, ok := any(v).(float32); ok {
		return T(libmExpf(f))
	}
	return T(math.Exp(float64(v)))
}
