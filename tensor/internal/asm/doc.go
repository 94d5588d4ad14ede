// Package asm holds tensor's SIMD kernels: AVX2 (with FMA) and AVX-512 versions of the
// elementwise arithmetic, the level loops of the cascade sum (and its units' level-1
// sums, read in memory order), the inner sums and products of rows for reductions
// over a dim (gen/reducedims.go), SLEEF's expf and sigmoid, SLEEF's sinf_u1 and cosf_u1
// (their fast path), logf_u1, tanhf_u10, exp_u10 in double, sigmoid's backward, the
// comparisons into bools (gen/compare.go), and the conversions between float32, float64
// and int64 (gen/cast.go).
//
// A kernel handles whole vectors only and reports how many elements it did (none on
// the pure-Go path): the caller, package tensor, finishes with its own scalar code,
// which computes the same bits and is the reference the tests compare every path
// against. That scalar code is also the fallback on CPUs without AVX2, on other
// architectures and with the noasm build tag.
//
// The assembly is generated: gen/ describes each kernel once with avo
// (github.com/mmcloughlin/avo), parameterised by vector width, and go generate writes
// kernels_amd64.s and kernels_amd64.go. Do not edit those by hand.
//
// The path is chosen once, at start, from the CPU's features (golang.org/x/sys/cpu):
// AVX-512 (F, DQ, BW, VL) when present, else AVX2 with FMA, else pure Go. The
// environment variable GOGRAD_SIMD=avx512|avx2|none forces a path (one the CPU lacks
// falls back to the best it has), so every path can be measured and tested on one
// machine; SetPath does the same from tests.
//
// Bits: the kernels compute what the Go code computes, lane by lane, in the same order
// of operations, rounding each step as Go rounds it (a fused multiply-add where the Go
// code calls fmaf or fma32, one rounding). Arithmetic and sums are exact matches by
// construction; exp, sigmoid, sin, cos, log and tanh are SLEEF's vector algorithms,
// which tensor's scalar expf32, expf64, sinfU1, cosfU1, logf32 and tanhf32 replay, and
// are tested equal bit for bit (and sin, cos, tanh and float64 exp against torch's own
// results).
//
// Constants: AVX2 kernels read 32-byte vectors of them from read-only data; AVX-512
// kernels read one element through the instructions' embedded broadcast, since the
// linker aligns data to 32 bytes at most and a 64-byte vector across a cache line would
// make every use a split load.
package asm

//go:generate go run ./gen -out kernels_amd64.s -stubs kernels_amd64.go -pkg asm
