//go:build !amd64 || noasm

package asm

var (
	transpose32 func(dst, src []float32, rows, cols, dstStride, srcStride int)
	transpose64 func(dst, src []float64, rows, cols, dstStride, srcStride int)
)
