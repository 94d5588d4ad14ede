package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// Correctly rounded float32 sin and cos: the fallback of sin32s and cos32s for the groups
// off SLEEF's fast path (sleeftrig.go). float32(math.Sin(float64(x))) is correctly rounded but
// costs a general float64 argument reduction per element; for float32 inputs of
// moderate size a two-step reduction by pi/2 with fused multiply-adds and Taylor
// polynomials evaluated in float64 are accurate to about 1e-16, so rounding to float32
// gives the same correctly rounded result (except when the exact value lies within
// 1e-16 of a float32 rounding boundary: a few inputs in a billion). Large inputs take
// math.Sin/Cos.

const (
	trigMaxArg = 1 << 20 // k*pio2Lo stays far below float64 resolution of r up to here
	pio2Hi     = math.Pi / 2
	pio2Lo     = 6.123233995736766e-17 // pi/2 - pio2Hi
	twoOverPi  = 2 / math.Pi
)

// sinPoly and cosPoly are Taylor polynomials on [-pi/4, pi/4]: truncation below 5e-17.
func sinPoly(r float64) float64 {
	z := r * r
	p := -1.0 / 1307674368000 // -1/15!
	p = p*z + 1.0/6227020800  // 1/13!
	p = p*z - 1.0/39916800    // -1/11!
	p = p*z + 1.0/362880      // 1/9!
	p = p*z - 1.0/5040        // -1/7!
	p = p*z + 1.0/120         // 1/5!
	p = p*z - 1.0/6           // -1/3!
	return r + r*z*p
}

func cosPoly(r float64) float64 {
	z := r * r
	p := 1.0 / 20922789888000 // 1/16!
	p = p*z - 1.0/87178291200 // -1/14!
	p = p*z + 1.0/479001600   // 1/12!
	p = p*z - 1.0/3628800     // -1/10!
	p = p*z + 1.0/40320       // 1/8!
	p = p*z - 1.0/720         // -1/6!
	p = p*z + 1.0/24          // 1/4!
	p = p*z - 0.5             // -1/2!
	return 1 + z*p
}

// reducePio2 returns r = x - k*pi/2 in [-pi/4, pi/4] (about) and k mod 4.
func reducePio2(x float64) (float64, int) {
	k := math.RoundToEven(x * twoOverPi)
	r := math.FMA(-k, pio2Hi, x)
	r = math.FMA(-k, pio2Lo, r)
	return r, int(int64(k) & 3)
}

func sin32(x float32) float32 {
	if x == 0 || !(x < trigMaxArg && x > -trigMaxArg) {
		if x == 0 {
			return x // keeps -0
		}
		return float32(math.Sin(float64(x)))
	}
	r, q := reducePio2(float64(x))
	switch q {
	case 0:
		return float32(sinPoly(r))
	case 1:
		return float32(cosPoly(r))
	case 2:
		return float32(-sinPoly(r))
	}
	return float32(-cosPoly(r))
}

func cos32(x float32) float32 {
	if !(x < trigMaxArg && x > -trigMaxArg) {
		return float32(math.Cos(float64(x)))
	}
	r, q := reducePio2(float64(x))
	switch q {
	case 0:
		return float32(cosPoly(r))
	case 1:
		return float32(-sinPoly(r))
	case 2:
		return float32(-cosPoly(r))
	}
	return float32(sinPoly(r))
}

// sin32s is torch.sin over a float32 run: SLEEF's sinf_u1 group by group (see
// sleeftrig.go), whole SIMD vectors by internal/asm's kernel, which computes sinfU1's
// steps, then the groups off SLEEF's fast path and the tail here.
func sin32s(dst, src []float32) {
	done, slow := asm.SleefSin32(dst, src)
	sleefFinish(dst, src, done, slow, sinfU1, sin32)
}

// cos32s is sin32s for cos.
func cos32s(dst, src []float32) {
	done, slow := asm.SleefCos32(dst, src)
	sleefFinish(dst, src, done, slow, cosfU1, cos32)
}

// sleefFinish completes a SLEEF kernel's run: the groups of 8 among the first done
// elements that are off the fast path (only looked for when the kernel saw one) get
// cr, the elements from done on (done is a whole number of groups) f or cr by group.
func sleefFinish(dst, src []float32, done int, slow bool, f, cr func(float32) float32) {
	if slow {
		for lo := 0; lo < done; lo += sleefGroup {
			if g := src[lo : lo+sleefGroup]; !sleefGroupOK(g) {
				for i, x := range g {
					dst[lo+i] = cr(x)
				}
			}
		}
	}
	sleefTrig(dst[done:], src[done:len(dst)], f, cr)
}

// sleefSin32 and sleefCos32 are torch.sin and torch.cos of one float32 (a group of
// one).
func sleefSin32(x float32) float32 { return sleefOne(x, sinfU1, sin32) }

func sleefCos32(x float32) float32 { return sleefOne(x, cosfU1, cos32) }

func sleefOne(x float32, f, cr func(float32) float32) float32 {
	if x < trigMaxArgSLEEF && x > -trigMaxArgSLEEF {
		return f(x)
	}
	return cr(x)
}
