package asm

// Cast sets dst[i] = D(src[i]), Go's conversion, for the whole vectors of dst (src at
// least as long) and returns how many elements it did: 0 on the pure-Go path and for
// pairs the path has no kernel for, else len(dst) rounded down to the vector length.
// The caller converts the rest.
//
// Both paths convert between float32 and float64 (AVX2's 4-lane and AVX-512's 8-lane
// instructions); between int64 and either float only AVX-512 does. The results are
// Go's bits on amd64, where each scalar conversion is one instruction of which the
// kernels use the packed form (see gen/cast.go): float64 to float32 rounds to nearest
// even, NaNs come out quiet with their payloads, and a float too large for int64, or
// NaN, becomes math.MinInt64.
func Cast[D, S float32 | float64 | int64](dst []D, src []S) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	src = src[:len(dst)]
	p := path - 1
	switch d := any(dst).(type) {
	case []float64:
		switch s := any(src).(type) {
		case []float32:
			castF64F32[p](d, s)
		case []int64:
			if castF64I64[p] == nil {
				return 0
			}
			castF64I64[p](d, s)
		default:
			return 0
		}
	case []float32:
		switch s := any(src).(type) {
		case []float64:
			castF32F64[p](d, s)
		case []int64:
			if castF32I64[p] == nil {
				return 0
			}
			castF32I64[p](d, s)
		default:
			return 0
		}
	case []int64:
		switch s := any(src).(type) {
		case []float32:
			if castI64F32[p] == nil {
				return 0
			}
			castI64F32[p](d, s)
		case []float64:
			if castI64F64[p] == nil {
				return 0
			}
			castI64F64[p](d, s)
		default:
			return 0
		}
	}
	// one conversion fills a register of the wider type: 4 lanes on AVX2, 8 on AVX-512
	return len(dst) &^ (lanes32[p]/2 - 1)
}
