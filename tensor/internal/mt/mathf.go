package mt

import "math"

// The float32 log and sincos of torch's AVX2 normal kernel: Cephes-style
// range reduction and polynomials in float32 arithmetic. The kernel is built
// with FMA enabled, so the compiler fuses every multiply whose only use is an
// add or subtract into that add; fma32 marks each such place. Products that
// feed another product, or a bit operation, are rounded on their own, which
// the explicit float32 conversions keep Go from fusing.

// Polynomial coefficients of the Cephes single-precision log.
var logCoef = [...]float32{
	7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1,
	1.4249322787e-1, -1.6668057665e-1, 2.0000714765e-1, -2.4999993993e-1,
	3.3333331174e-1,
}

const (
	sqrtHalf32 = float32(0.707106781186547524)
	logQ1      = float32(-2.12194440e-4) // log(2) = logQ2 - logQ1, split for exactness
	logQ2      = float32(0.693359375)
	minNorm32  = float32(1.17549435e-38) // smallest normal float32
)

// logf is log256_ps for one lane.
func logf(x float32) float32 {
	if x <= 0 || x != x {
		return float32(math.NaN())
	}
	if x < minNorm32 {
		x = minNorm32 // the kernel cuts off subnormals
	}
	b := math.Float32bits(x)
	exp := int32(b>>23) - 0x7f
	// Keep the mantissa with the exponent of 0.5: x in [0.5, 1).
	x = math.Float32frombits(b&^0x7f800000 | math.Float32bits(0.5))
	e := float32(exp) + 1
	if x < sqrtHalf32 {
		e--
		x = x - 1 + x
	} else {
		x--
	}
	z := float32(x * x)
	y := fma32(logCoef[0], x, logCoef[1])
	for _, c := range logCoef[2:] {
		y = fma32(y, x, c)
	}
	y = float32(y * x)
	y = fma32(y, z, float32(e*logQ1))
	y = fma32(-z, 0.5, y)
	return fma32(e, logQ2, x+y)
}

const (
	fourOverPi32 = float32(1.27323954473516)
	dp1          = float32(-0.78515625) // -π/4 split in three parts
	dp2          = float32(-2.4187564849853515625e-4)
	dp3          = float32(-3.77489497744594108e-8)
	sinP0        = float32(-1.9515295891e-4)
	sinP1        = float32(8.3321608736e-3)
	sinP2        = float32(-1.6666654611e-1)
	cosP0        = float32(2.443315711809948e-005)
	cosP1        = float32(-1.388731625493765e-003)
	cosP2        = float32(4.166664568298827e-002)
)

// sincosf is sincos256_ps for one lane.
func sincosf(x float32) (sin, cos float32) {
	signSin := math.Float32bits(x) & 0x80000000
	x = float32(math.Abs(float64(x)))
	j := int32(float32(x * fourOverPi32)) // truncation, as cvttps
	j = (j + 1) &^ 1
	y := float32(j)
	if j&4 != 0 {
		signSin ^= 0x80000000
	}
	var signCos uint32
	if (j-2)&4 == 0 {
		signCos = 0x80000000
	}
	// Extended precision modular arithmetic: x - y*π/4 in three steps.
	x = fma32(y, dp1, x)
	x = fma32(y, dp2, x)
	x = fma32(y, dp3, x)

	z := float32(x * x)
	c := fma32(cosP0, z, cosP1)
	c = fma32(c, z, cosP2)
	c = float32(c * z)
	c = fma32(c, z, -float32(z*0.5))
	c = c + 1

	s := fma32(sinP0, z, sinP1)
	s = fma32(s, z, sinP2)
	s = float32(s * z)
	s = fma32(s, x, x)

	if j&2 != 0 {
		s, c = c, s
	}
	sin = math.Float32frombits(math.Float32bits(s) ^ signSin)
	cos = math.Float32frombits(math.Float32bits(c) ^ signCos)
	return sin, cos
}
