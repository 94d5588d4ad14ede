//go:build amd64 && !noasm

package asm

const haveAsm = true

// The kernels of each SIMD path (index Path-1), by Op.
var (
	bin32 = [2][6]func(dst, x, y []float32){
		{addF32AVX2, subF32AVX2, mulF32AVX2, divF32AVX2, maximumF32, minimumF32},
		{addF32AVX512, subF32AVX512, mulF32AVX512, divF32AVX512, maximumF32, minimumF32},
	}
	bin64 = [2][6]func(dst, x, y []float64){
		{addF64AVX2, subF64AVX2, mulF64AVX2, divF64AVX2, maximumF64, minimumF64},
		{addF64AVX512, subF64AVX512, mulF64AVX512, divF64AVX512, maximumF64, minimumF64},
	}
	scal32 = [2][4]func(dst, x []float32, y float32){
		{addF32ScalarAVX2, subF32ScalarAVX2, mulF32ScalarAVX2, divF32ScalarAVX2},
		{addF32ScalarAVX512, subF32ScalarAVX512, mulF32ScalarAVX512, divF32ScalarAVX512},
	}
	scal64 = [2][4]func(dst, x []float64, y float64){
		{addF64ScalarAVX2, subF64ScalarAVX2, mulF64ScalarAVX2, divF64ScalarAVX2},
		{addF64ScalarAVX512, subF64ScalarAVX512, mulF64ScalarAVX512, divF64ScalarAVX512},
	}
	sumRows32  = [2]func(acc *float32, d []float32, rows, stride int){sumRowsF32AVX2, sumRowsF32AVX512}
	sumRows64  = [2]func(acc *float64, d []float64, rows, stride int){sumRowsF64AVX2, sumRowsF64AVX512}
	exp32      = [2]func(dst, src []float32){expF32AVX2, expF32AVX512}
	sigmoid32  = [2]func(dst, src []float32){sigmoidF32AVX2, sigmoidF32AVX512}
	sleefSin32 = [2]func(dst, src []float32) int{sleefSinF32AVX2, sleefSinF32AVX512}
	sleefCos32 = [2]func(dst, src []float32) int{sleefCosF32AVX2, sleefCosF32AVX512}
	log32      = [2]func(dst, src []float32){logF32AVX2, logF32AVX512}
	tanh32     = [2]func(dst, src []float32){tanhF32AVX2, tanhF32AVX512}
	exp64      = [2]func(dst, src []float64){expF64AVX2, expF64AVX512}
	subMul32   = [2]func(dst, z, x []float32, y float32){subMulF32ScalarAVX2, subMulF32ScalarAVX512}
	subMul64   = [2]func(dst, z, x []float64, y float64){subMulF64ScalarAVX2, subMulF64ScalarAVX512}
	grad32     = [2][2]func(dst, g, y []float32){
		{sigmoidBackwardF32AVX2, tanhBackwardF32AVX2},
		{sigmoidBackwardF32AVX512, tanhBackwardF32AVX512},
	}
	grad64 = [2][2]func(dst, g, y []float64){
		{sigmoidBackwardF64AVX2, tanhBackwardF64AVX2},
		{sigmoidBackwardF64AVX512, tanhBackwardF64AVX512},
	}
	cascade32 = [2]func(acc *float32, d []float32, size, stride, step, mask1, mask2 int) int{cascadeF32AVX2, cascadeF32AVX512}
	cascade64 = [2]func(acc *float64, d []float64, size, stride, step, mask1, mask2 int) int{cascadeF64AVX2, cascadeF64AVX512}
	units32   = [2]func(out *float32, d []float32, units, stride, step int) int{unitSumsF32AVX2, unitSumsF32AVX512}
	units64   = [2]func(out *float64, d []float64, units, stride, step int) int{unitSumsF64AVX2, unitSumsF64AVX512}
	un32      = [2][4]func(dst, x []float32){
		{negF32AVX2, absF32AVX2, sqrtF32AVX2, signF32},
		{negF32AVX512, absF32AVX512, sqrtF32AVX512, signF32},
	}
	un64 = [2][4]func(dst, x []float64){
		{negF64AVX2, absF64AVX2, sqrtF64AVX2, signF64},
		{negF64AVX512, absF64AVX512, sqrtF64AVX512, signF64},
	}
	clamp32 = [2]func(dst, x []float32, lo, hi float32){clampF32AVX2, clampF32AVX512}
	adam32  = [2]func(p, g, m, v []float32, b1, c1, b2, c2, bc2Sqrt, eps, stepSize float32){adamF32AVX2, adamF32AVX512}
	axpby32 = [2]func(y, x []float32, a, b float32){axpbyF32AVX2, axpbyF32AVX512}
	clamp64 = [2]func(dst, x []float64, lo, hi float64){clampF64AVX2, clampF64AVX512}
)

// One kernel serves both paths: eight-lane sums are the order they replay, and a
// maximum is short beside the passes that follow it.
var (
	laneSum8   = laneSum8F32
	squareSum8 = squareSum8F32
	max32      = maxF32
	copyBytes  = copyRows
	stream     = streamBytes
	fence      = storeFence
)

// The comparisons, by Cmp; one kernel serves both paths (a short pass over memory).
var (
	cmp32  = [6]func(dst []bool, x, y []float32){cmpEqF32, cmpNeF32, cmpLtF32, cmpLeF32, cmpGtF32, cmpGeF32}
	cmp64  = [6]func(dst []bool, x, y []float64){cmpEqF64, cmpNeF64, cmpLtF64, cmpLeF64, cmpGtF64, cmpGeF64}
	cmpS32 = [6]func(dst []bool, x []float32, y float32){cmpEqF32Scalar, cmpNeF32Scalar, cmpLtF32Scalar, cmpLeF32Scalar, cmpGtF32Scalar, cmpGeF32Scalar}
	cmpS64 = [6]func(dst []bool, x []float64, y float64){cmpEqF64Scalar, cmpNeF64Scalar, cmpLtF64Scalar, cmpLeF64Scalar, cmpGtF64Scalar, cmpGeF64Scalar}
)
