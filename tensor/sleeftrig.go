package tensor

import "math"

// SLEEF's float32 sin and cos with 1-ulp error bound (Sleef_sinf8_u10 and
// Sleef_cosf8_u10), which PyTorch's vectorised kernels call for torch.sin and torch.cos
// on float32, on every element (its loop pads the last partial vector with zeros). The
// steps below are SLEEF's, in its order, with its float32 roundings and fused
// multiply-adds (fmaf): a Cody-Waite reduction by π (π/2 for cos) in three parts
// carried as a double-float (hi, lo) pair, a double-float polynomial, one final fused
// product. Their results are PyTorch's bits.
//
// SLEEF takes that path for a whole vector of 8 when every element of it is below
// trigMaxArgSLEEF in magnitude (NaN is not), else a Payne-Hanek reduction for all 8.
// This package does not replay the latter: such groups get the correctly rounded
// sin32 and cos32, at most one ulp from SLEEF's (both are within one ulp of the true
// value, SLEEF's u10 bound and rounding's half ulp). Groups are counted from the start
// of the run, as PyTorch's single-threaded loop counts them.

const (
	trigMaxArgSLEEF = 125                      // SLEEF's TRIGRANGEMAX2f
	sleefGroup      = 8                        // PyTorch's AVX2 vector of float32
	piA2f           = float32(3.1414794921875) // π in three float32 parts (PI_A2f, ...)
	piB2f           = float32(0.00011315941810607910156)
	piC2f           = float32(1.9841872589410058936e-09)
	invPif          = float32(1 / math.Pi)
)

// sleefSinCosPoly is the shared tail of sinfU1 and cosfU1: the polynomial in the
// reduced argument t = (tx, ty), a double-float, and the final fused product t·x.
func sleefSinCosPoly(tx, ty float32) float32 {
	// dfsqu: s = t², a double-float
	sx := tx * tx
	sy := fmaf(tx+tx, ty, fmaf(tx, tx, -sx))
	u := fmaf(float32(2.6083159809786593541503e-06), sx, float32(-0.0001981069071916863322258))
	u = fmaf(u, sx, float32(0.00833307858556509017944336))
	// dfadd(-1/6ish, u·s.x)
	const c3 = float32(-0.166666597127914428710938)
	w := u * sx
	ax := c3 + w
	ay := (c3 - ax) + w
	// dfmul(a, s)
	mx := ax * sx
	my := fmaf(ax, sy, fmaf(ay, sx, fmaf(ax, sx, -mx)))
	// dfadd(1, m)
	xx := 1 + mx
	xy := ((1 - xx) + mx) + my
	// dfmul to one float: t·x
	return fmaf(tx, xx, fmaf(ty, xx, tx*xy))
}

// sinfU1 is SLEEF's sinf_u1 for |d| < trigMaxArgSLEEF.
func sinfU1(d float32) float32 {
	u := rintf(d * invPif)
	q := int32(u)
	v := fmaf(u, -piA2f, d)
	// dfadd2(v, u·-B)
	y := u * -piB2f
	sx := v + y
	vv := sx - v
	sy := (v - (sx - vv)) + (y - vv)
	// dfadd(s, u·-C)
	y = u * -piC2f
	tx := sx + y
	ty := ((sx - tx) + y) + sy
	r := sleefSinCosPoly(tx, ty)
	if q&1 == 1 {
		r = -r
	}
	if d == 0 && math.Signbit(float64(d)) {
		return d
	}
	return r
}

// cosfU1 is SLEEF's cosf_u1 for |d| < trigMaxArgSLEEF.
func cosfU1(d float32) float32 {
	dq := fmaf(rintf(fmaf(d, invPif, -0.5)), 2, 1)
	q := int32(dq)
	// dfadd2(d, dq·-A/2)
	y := dq * (-piA2f * 0.5)
	sx := d + y
	v := sx - d
	sy := (d - (sx - v)) + (y - v)
	// dfadd2 of a double-float and a float, twice
	for _, c := range [2]float32{-piB2f * 0.5, -piC2f * 0.5} {
		y = dq * c
		s := sx + y
		v = s - sx
		t := (sx - (s - v)) + (y - v)
		sx, sy = s, t+sy
	}
	r := sleefSinCosPoly(sx, sy)
	if q&2 == 0 {
		r = -r
	}
	return r
}

// sleefGroupOK reports whether SLEEF takes its Cody-Waite path for the group g.
func sleefGroupOK(g []float32) bool {
	for _, x := range g {
		if !(x < trigMaxArgSLEEF && x > -trigMaxArgSLEEF) {
			return false
		}
	}
	return true
}

// sleefTrig sets dst[i] = f(src[i]) group by group: SLEEF's f where the group takes
// its Cody-Waite path, the correctly rounded cr otherwise.
func sleefTrig(dst, src []float32, f, cr func(float32) float32) {
	for lo := 0; lo < len(src); lo += sleefGroup {
		hi := min(lo+sleefGroup, len(src))
		g, h := src[lo:hi], f
		if !sleefGroupOK(g) {
			h = cr
		}
		for i, x := range g {
			dst[lo+i] = h(x)
		}
	}
}
