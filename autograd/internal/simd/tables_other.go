//go:build !amd64 || noasm

package simd

// Without assembly the path is always None and no table is read.
const haveAsm = false

var (
	adam32  [2]func(p, g, m, v []float32, k *[7]float32)
	add32   [2]func(x, y []float32)
	axpby32 [2]func(y, x []float32, a, b float32)
)
