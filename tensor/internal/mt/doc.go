// Package mt reproduces PyTorch's CPU random number generator bit for bit.
//
// PyTorch 1.13 (checked against Debian's python3-torch on an AVX2 machine,
// the CPU capability that build dispatches to) draws every CPU random number
// from a 32-bit Mersenne Twister seeded with the reference init_genrand
// recurrence from the low 32 bits of the manual_seed value. On top of the raw
// words it layers three transforms, reproduced here on plain slices:
//
//   - uniform: a float32 takes the low 24 bits of one word, a float64 the low
//     53 bits of a 64-bit value made of two words (the first word high).
//     Scaled by 2^-24 (2^-53) they give x in [0, 1), and the result is
//     x*(to-from)+from evaluated as one fused multiply-add, because the
//     kernel is compiled with FMA contraction.
//   - normal, below 16 elements or on a strided tensor: a scalar Box-Muller
//     in float64 for every dtype. Two uniform float64 draws u1, u2 give
//     r = sqrt(-2 log(1-u2)) and θ = 2π u1; the draw is r cos θ, and r sin θ
//     is cached in the generator and returned by the next scalar draw, across
//     calls, until the next seed.
//   - normal, contiguous with at least 16 elements: the whole tensor is first
//     filled with uniforms, then transformed in blocks of 16, pairing element
//     j with j+8 (u1 = 1-x[j], u2 = x[j+8]). When the size is not a multiple
//     of 16 the last 16 elements are drawn afresh and transformed again.
//     float32 runs torch's 8-wide AVX2 kernel, Cephes-style log and sincos
//     in float32 arithmetic, which this package emulates lane by lane with
//     the same fused multiply-adds the compiler emitted; float64 calls the C
//     library's log, cos and sin.
//
// The float64 paths need log, sin and cos rounded exactly as glibc rounds
// them, which is not always correctly rounded. With cgo on Linux the package
// calls the C library itself, as PyTorch does (checked bit for bit on 275,000
// float64 normals). Elsewhere it evaluates them in double-double precision
// and rounds once, which agrees with glibc except where glibc is not
// correctly rounded: about 2 float64 normals in 1000 then differ from
// PyTorch's in the last bit. float32 results are unaffected either way.
package mt
