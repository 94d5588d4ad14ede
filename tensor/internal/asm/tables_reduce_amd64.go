//go:build amd64 && !noasm

package asm

// The kernels of reductions over a dim (gen/reducedims.go): YMM on both paths.
var (
	innerSums32  = innerSumsF32
	innerSums64  = innerSumsF64
	innerProds32 = innerProdsF32
	innerProds64 = innerProdsF64
)

var (
	cascadeCols32 = cascadeColsF32
	cascadeCols64 = cascadeColsF64
)
