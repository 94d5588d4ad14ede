//go:build !amd64 || noasm

package asm

var (
	castF64F32 [2]func(dst []float64, src []float32)
	castF32F64 [2]func(dst []float32, src []float64)
	castI64F32 [2]func(dst []int64, src []float32)
	castF32I64 [2]func(dst []float32, src []int64)
	castI64F64 [2]func(dst []int64, src []float64)
	castF64I64 [2]func(dst []float64, src []int64)
)
