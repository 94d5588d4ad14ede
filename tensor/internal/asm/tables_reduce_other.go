//go:build !amd64 || noasm

package asm

var (
	innerSums32  func(out *float32, d []float32, rows, ld, os, n int)
	innerSums64  func(out *float64, d []float64, rows, ld, os, n int)
	innerProds32 func(out *float32, d []float32, rows, ld, os, n int)
	innerProds64 func(out *float64, d []float64, rows, ld, os, n int)
)

var (
	cascadeCols32 func(acc *float32, d []float32, groups, stride, step, mask1, mask2, i0, end int) int
	cascadeCols64 func(acc *float64, d []float64, groups, stride, step, mask1, mask2, i0, end int) int
)
