//go:build amd64 && !noasm

package simd

const haveAsm = true

// The kernels of each SIMD path (index Path-1).
var (
	adam32  = [2]func(p, g, m, v []float32, b1, c1, b2, c2, bc2Sqrt, eps, stepSize float32){adamF32AVX2, adamF32AVX512}
	axpby32 = [2]func(y, x []float32, a, b float32){axpbyF32AVX2, axpbyF32AVX512}
)
