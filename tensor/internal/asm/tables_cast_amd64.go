//go:build amd64 && !noasm

package asm

// The conversion kernels of each SIMD path (index Path-1; gen/cast.go). AVX2 has no
// packed conversion between int64 and floats: nil, left to the caller's Go loop.
var (
	castF64F32 = [2]func(dst []float64, src []float32){castF64F32AVX2, castF64F32AVX512}
	castF32F64 = [2]func(dst []float32, src []float64){castF32F64AVX2, castF32F64AVX512}
	castI64F32 = [2]func(dst []int64, src []float32){nil, castI64F32AVX512}
	castF32I64 = [2]func(dst []float32, src []int64){nil, castF32I64AVX512}
	castI64F64 = [2]func(dst []int64, src []float64){nil, castI64F64AVX512}
	castF64I64 = [2]func(dst []float64, src []int64){nil, castF64I64AVX512}
)
