package tensor

import "github.com/gograd/gograd/tensor/internal/asm"

// SIMDPath names the SIMD kernels the element-wise ops and sums run: "avx512", "avx2"
// (with FMA) or "none" (the pure-Go code). It is the best the CPU supports, or what
// GOGRAD_SIMD asks for when the CPU has it. Other packages' own kernels (autograd's
// optimizer steps) follow the same choice.
func SIMDPath() string { return asm.Current().String() }
