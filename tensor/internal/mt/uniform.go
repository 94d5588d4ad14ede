package mt

import "math"

// UniformFloat32 maps one 32-bit word to [from, to) as torch does for
// float32: the low 24 bits scaled by 2^-24, then one fused multiply-add.
func UniformFloat32(v uint32, from, to float32) float32 {
	x := float32(v&(1<<24-1)) * (1.0 / (1 << 24))
	return fma32(x, to-from, from)
}

// UniformFloat64 maps a 64-bit value to [from, to) as torch does for float64:
// the low 53 bits scaled by 2^-53, then one fused multiply-add.
func UniformFloat64(v uint64, from, to float64) float64 {
	x := float64(v&(1<<53-1)) * (1.0 / (1 << 53))
	return math.FMA(x, to-from, from)
}

// FillUniform32 is uniform_(from, to) on a float32 tensor: one word per
// element, in the order torch visits the elements. from and to are narrowed
// to float32 first, as the kernel does.
func (g *Generator) FillUniform32(dst []float32, from, to float64) {
	f, t := float32(from), float32(to)
	for i := range dst {
		dst[i] = UniformFloat32(g.Random(), f, t)
	}
}

// FillUniform64 is uniform_(from, to) on a float64 tensor: two words per element.
func (g *Generator) FillUniform64(dst []float64, from, to float64) {
	for i := range dst {
		dst[i] = UniformFloat64(g.Random64(), from, to)
	}
}

// fma32 returns a*b+c rounded once to float32, as the vfmadd instructions do.
//
// The product of two float32 values is exact in float64, so only the sum
// rounds. Narrowing a float64 sum rounded to nearest would round twice and
// can miss at ties, so the sum is rounded to odd instead (when inexact, the
// neighbour with an odd last bit): with 29 spare bits, narrowing a
// round-to-odd value rounds the exact sum correctly, subnormals included.
func fma32(a, b, c float32) float32 {
	p := float64(a) * float64(b)
	s := p + float64(c)
	// TwoSum: err is the exact rounding error of s (NaN when s overflowed).
	bv := s - p
	err := (p - (s - bv)) + (float64(c) - bv)
	u := math.Float64bits(s)
	if u&1 == 0 && (err > 0 || err < 0) {
		if (err > 0) == (s > 0) {
			u++ // the exact sum lies farther from zero than s
		} else {
			u--
		}
	}
	return float32(math.Float64frombits(u))
}

// KaimingUniformBound is the bound torch.nn.init.kaiming_uniform_ computes
// for a leaky_relu gain with negative slope a, in Python's float arithmetic:
// gain = sqrt(2/(1+a²)), std = gain/sqrt(fanIn), bound = sqrt(3)*std.
// nn.Linear and nn.Conv use a = sqrt(5).
func KaimingUniformBound(fanIn int, a float64) float64 {
	gain := math.Sqrt(2.0 / (1 + a*a))
	std := gain / math.Sqrt(float64(fanIn))
	return math.Sqrt(3.0) * std
}

// LinearBiasBound is the bound nn.Linear draws its bias from: 1/sqrt(fanIn).
func LinearBiasBound(fanIn int) float64 {
	return 1 / math.Sqrt(float64(fanIn))
}
