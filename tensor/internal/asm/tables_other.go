//go:build !amd64 || noasm

package asm

// Without assembly the path is always None and no table is read.
const haveAsm = false

var (
	bin32      [2][6]func(dst, x, y []float32)
	bin64      [2][6]func(dst, x, y []float64)
	scal32     [2][4]func(dst, x []float32, y float32)
	scal64     [2][4]func(dst, x []float64, y float64)
	sumRows32  [2]func(acc *float32, d []float32, rows, stride int)
	sumRows64  [2]func(acc *float64, d []float64, rows, stride int)
	exp32      [2]func(dst, src []float32)
	sigmoid32  [2]func(dst, src []float32)
	sleefSin32 [2]func(dst, src []float32) int
	sleefCos32 [2]func(dst, src []float32) int
	log32      [2]func(dst, src []float32)
	tanh32     [2]func(dst, src []float32)
	exp64      [2]func(dst, src []float64)
	subMul32   [2]func(dst, z, x []float32, y float32)
	subMul64   [2]func(dst, z, x []float64, y float64)
	grad32     [2][2]func(dst, g, y []float32)
	grad64     [2][2]func(dst, g, y []float64)
	cascade32  [2]func(acc *float32, d []float32, size, stride, step, mask1, mask2 int) int
	cascade64  [2]func(acc *float64, d []float64, size, stride, step, mask1, mask2 int) int
	units32    [2]func(out *float32, d []float32, units, stride, step int) int
	units64    [2]func(out *float64, d []float64, units, stride, step int) int
	un32       [2][4]func(dst, x []float32)
	un64       [2][4]func(dst, x []float64)
	clamp32    [2]func(dst, x []float32, lo, hi float32)
	clamp64    [2]func(dst, x []float64, lo, hi float64)
	adam32     [2]func(p, g, m, v []float32, b1, c1, b2, c2, bc2Sqrt, eps, stepSize float32)
	axpby32    [2]func(y, x []float32, a, b float32)
	laneSum8   func(acc *float32, d []float32)
	squareSum8 func(acc *float32, d []float32)
	max32      func(d []float32) (float32, bool)
	copyBytes  func(dst, src []byte, rows, n, dstStride, srcStride int)
	stream     func(dst, src []byte)
	fence      func()
	cmp32      [6]func(dst []bool, x, y []float32)
	cmp64      [6]func(dst []bool, x, y []float64)
	cmpS32     [6]func(dst []bool, x []float32, y float32)
	cmpS64     [6]func(dst []bool, x []float64, y float64)
)
