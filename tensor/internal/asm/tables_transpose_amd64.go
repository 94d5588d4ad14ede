//go:build amd64 && !noasm

package asm

// The transposes (gen/transpose.go): YMM on both paths.
var (
	transpose32 = transposeF32
	transpose64 = transposeF64
)
