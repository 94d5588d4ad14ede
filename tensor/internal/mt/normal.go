package mt

import "math"

// blockSize is the element count below which, or for strided tensors, torch
// samples normals one at a time instead of filling in blocks of 16.
const blockSize = 16

// Normal64 returns one scalar normal draw (at::normal_distribution<double>):
// the cached sine half of the previous pair if there is one, else a new
// Box-Muller pair from two uniform float64 draws, caching its sine half.
func (g *Generator) Normal64(mean, std float64) float64 {
	if g.hasNextNormal {
		g.hasNextNormal = false
		return math.FMA(g.nextNormal, std, mean)
	}
	u1 := UniformFloat64(g.Random64(), 0, 1)
	u2 := UniformFloat64(g.Random64(), 0, 1)
	r := math.Sqrt(-2 * log(1-u2))
	theta := 2 * math.Pi * u1
	g.nextNormal = r * sin(theta)
	g.hasNextNormal = true
	return math.FMA(r*cos(theta), std, mean)
}

// FillNormal32 is normal_(mean, std) on a float32 tensor whose elements, in
// the order torch visits them, are dst. contiguous tells whether the tensor
// is contiguous, which with its size picks torch's algorithm.
func (g *Generator) FillNormal32(dst []float32, mean, std float64, contiguous bool) {
	if len(dst) < blockSize || !contiguous {
		for i := range dst {
			dst[i] = float32(g.Normal64(mean, std))
		}
		return
	}
	m, s := float32(mean), float32(std)
	for i := range dst {
		dst[i] = UniformFloat32(g.Random(), 0, 1)
	}
	for i := 0; i+blockSize <= len(dst); i += blockSize {
		normalBlock32(dst[i:i+blockSize], m, s)
	}
	if len(dst)%blockSize != 0 {
		tail := dst[len(dst)-blockSize:]
		for i := range tail {
			tail[i] = UniformFloat32(g.Random(), 0, 1)
		}
		normalBlock32(tail, m, s)
	}
}

// FillNormal64 is normal_(mean, std) on a float64 tensor; see FillNormal32.
func (g *Generator) FillNormal64(dst []float64, mean, std float64, contiguous bool) {
	if len(dst) < blockSize || !contiguous {
		for i := range dst {
			dst[i] = g.Normal64(mean, std)
		}
		return
	}
	for i := range dst {
		dst[i] = UniformFloat64(g.Random64(), 0, 1)
	}
	for i := 0; i+blockSize <= len(dst); i += blockSize {
		normalBlock64(dst[i:i+blockSize], mean, std)
	}
	if len(dst)%blockSize != 0 {
		tail := dst[len(dst)-blockSize:]
		for i := range tail {
			tail[i] = UniformFloat64(g.Random64(), 0, 1)
		}
		normalBlock64(tail, mean, std)
	}
}

// normalBlock64 turns 16 uniforms into 16 normals, pairing j with j+8.
func normalBlock64(d []float64, mean, std float64) {
	for j := 0; j < 8; j++ {
		u1 := 1 - d[j] // (0, 1] so the log is finite
		u2 := d[j+8]
		radius := math.Sqrt(-2 * log(u1))
		theta := 2 * math.Pi * u2
		d[j] = math.FMA(radius*cos(theta), std, mean)
		d[j+8] = math.FMA(radius*sin(theta), std, mean)
	}
}

// twoPi32 is 2π narrowed to float32, the constant the AVX2 kernel broadcasts.
var twoPi32 = float32(2 * math.Pi)

// normalBlock32 is the AVX2 kernel's block transform, one lane at a time.
func normalBlock32(d []float32, mean, std float32) {
	for j := 0; j < 8; j++ {
		u1 := 1 - d[j]
		u2 := d[j+8]
		radius := float32(math.Sqrt(float64(-2 * logf(u1))))
		theta := twoPi32 * u2
		s, c := sincosf(theta)
		d[j] = fma32(radius*c, std, mean)
		d[j+8] = fma32(radius*s, std, mean)
	}
}

// ExactFloat64 reports whether float64 normals are PyTorch's bit for bit: true
// when log, sin and cos come from the C library (cgo on Linux). Otherwise about
// 2 values in 1000 differ in the last bit; tests should allow for that.
const ExactFloat64 = exactLibm
