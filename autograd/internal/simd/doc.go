// Package simd holds autograd's own SIMD kernels, AVX2 (with FMA) and AVX-512 versions
// of the element-wise loops that dominate an optimizer's step over large parameters: the
// Adam step over a float32 parameter and SGD's axpby. (tensor's kernels are tensor's
// own, in tensor/internal/asm; these loops are not tensor ops but an optimizer's. A
// gradient accumulated into an existing .grad is tensor's Add_, in place.)
//
// A kernel handles whole vectors only and reports how many elements it did (none on
// the pure-Go path): the caller finishes with its own scalar code, the reference the
// tests compare every path against, and the fallback on CPUs without AVX2, on other
// architectures and with the noasm build tag.
//
// The assembly is generated: gen/ describes each kernel once with avo
// (github.com/mmcloughlin/avo), parameterised by vector width, and go generate writes
// kernels_amd64.s and kernels_amd64.go. Do not edit those by hand.
//
// The path is tensor's (tensor.SIMDPath): AVX-512 (F, DQ, BW, VL) when the CPU has
// it, else AVX2 with FMA, else pure Go, or what GOGRAD_SIMD=avx512|avx2|none asks for,
// so one switch sets every kernel of the program. SetPath picks a lower one from tests.
//
// Bits: each lane computes what the Go reference computes, with PyTorch's roundings,
// except that a fused multiply-add rounds once where the Go reference computes the
// float32 product and sum in float64 and rounds that to float32: the two differ when
// the float64 result lies exactly halfway between two float32 values (about once in
// 2^29 operations), and there the kernel's single rounding is PyTorch's (its AVX2
// kernels use the same vfmadd instructions).
package simd

//go:generate go run ./gen -out kernels_amd64.s -stubs kernels_amd64.go -pkg simd
