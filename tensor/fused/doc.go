// Package fused gives the rest of gograd the SIMD loops of package tensor that are not
// array ops: the inner loops of an optimizer's step, which update a parameter and its
// state in place over plain float32 slices. They are generated with tensor's other
// kernels (tensor/internal/asm, from one avo description per kernel) and run on the
// path tensor chose at start (AVX-512, AVX2 with FMA, or none; GOGRAD_SIMD picks a
// lower one).
//
// A loop does whole vectors only and returns how many elements it did, none on the
// pure-Go path: the caller finishes with its own scalar code, which is the reference
// the tests compare every path against. Each lane computes the caller's scalar
// formula with PyTorch's roundings; where the scalar code computes a float32 product
// and sum in float64 and rounds once, the kernel's fused multiply-add rounds once
// too, and the two differ only when the float64 result lies exactly halfway between
// two float32 values (about once in 2^29 operations), where the kernel's is
// PyTorch's rounding (its AVX2 kernels use the same vfmadd instructions).
package fused
