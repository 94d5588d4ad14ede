package tensor

// float32 dot products add in the order of OpenBLAS's sdot, which torch.dot (and numpy's
// np.dot) call: Debian's OpenBLAS 0.3.21, the library behind the reference notebooks,
// with the kernel it selects on these machines (core "Haswell": kernel/x86_64/sdot.c
// and its AVX2 micro-kernel sdot_microk_haswell-2.c). What that code does, checked
// against torch.dot here (testdata/gen_dot.py):
//
//   - Unit strides: the first n&^31 elements go to the micro-kernel, four 8-lane
//     accumulators fed by fused multiply-adds, 32 elements per step; the accumulators
//     are then folded: each one's high half onto its low half, (a0+a1)+(a2+a3), and two
//     horizontal adds. The remaining elements are added in float64, each product
//     rounded to float32 first, and the kernel's float32 result is added last; the
//     float64 total is rounded to float32 once.
//   - Other strides: pairs of float32 products are added in float32, and the pair sums
//     (then a last odd product) accumulate in float64.
//
// So seed 001's four-element dot is a float64 sum of float32 products, not a float32
// running sum: the two differ in the last bit often enough to change printed losses.

// sdot is OpenBLAS's sdot over n elements of x and y with the given offsets and strides.
func sdot(n int, x []float32, ox, incx int, y []float32, oy, incy int) float32 {
	var dot float64
	i := 0
	if incx == 1 && incy == 1 {
		x, y = x[ox:ox+n], y[oy:oy+n]
		n1 := n &^ 31
		var kernel float32
		if n1 > 0 {
			kernel = sdotKernel(x[:n1], y[:n1])
		}
		for i = n1; i < n; i++ {
			dot += float64(float32(y[i] * x[i])) // the conversion keeps Go from fusing
		}
		dot += float64(kernel)
		return float32(dot)
	}
	for ; i+1 < n; i += 2 {
		p0 := float32(y[oy] * x[ox])
		p1 := float32(y[oy+incy] * x[ox+incx])
		dot += float64(p0 + p1)
		ox += 2 * incx
		oy += 2 * incy
	}
	if i < n {
		dot += float64(float32(y[oy] * x[ox]))
	}
	return float32(dot)
}

// sdotKernel is the Haswell micro-kernel on a multiple of 32 elements.
func sdotKernel(x, y []float32) float32 {
	var acc [4][8]float32
	for i := 0; i+32 <= len(x); i += 32 {
		if i%interruptEvery == 0 && i > 0 {
			checkInterrupt()
		}
		for k := range acc {
			xs, ys := x[i+8*k:i+8*k+8], y[i+8*k:i+8*k+8]
			for l := range acc[k] {
				acc[k][l] = fma32(xs[l], ys[l], acc[k][l])
			}
		}
	}
	var s [4]float32
	for l := range s {
		var h [4]float32
		for k := range h {
			h[k] = acc[k][l+4] + acc[k][l] // vextractf128 + vaddps
		}
		s[l] = (h[0] + h[1]) + (h[2] + h[3])
	}
	return (s[0] + s[1]) + (s[2] + s[3]) // two vhaddps
}

// dot32 is Dot for float32 vectors (already checked: 1-D, same length).
func dot32(a, b *Array) *Array {
	out, d := allocT[float32](nil)
	d[0] = sdot(a.shape()[0], storage[float32](a), a.offset, a.strides()[0], storage[float32](b), b.offset, b.strides()[0])
	return out
}
