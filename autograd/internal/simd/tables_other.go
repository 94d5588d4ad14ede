//go:build !amd64 || noasm

package simd

// Without assembly the path is always None and no table is read.
const haveAsm = false

var (
	adam32  [2]func(p, g, m, v []float32, b1, c1, b2, c2, bc2Sqrt, eps, stepSize float32)
	axpby32 [2]func(y, x []float32, a, b float32)
)
