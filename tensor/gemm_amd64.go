package tensor

// obKern8x4 is the SIMD kernel of sgemmOB (gemm_amd64.s): eight rows of the K-major
// packed A against four columns of B, summed exactly as OpenBLAS's Haswell kernel sums
// them (vfmadd231ps rounds each step once, as fmaf does).
//
//go:noescape
func obKern8x4(a *float32, lda int, b0, b1, b2, b3 *float32, pairs, rem int, addOdd bool, out *float32)

// obKern16x6 sums the 16x6 tiles: one chain per element, twelve accumulators.
//
//go:noescape
func obKern16x6(a0, a1 *float32, b *float32, ldb, k int, out *float32)

// obKern8x6 sums eight rows by six columns, in one chain or split like obKern8x4.
//
//go:noescape
func obKern8x6(a *float32, b *float32, ldb, pairs, rem int, addOdd bool, out *float32)

func obCPUID(eaxIn, ecxIn uint32) (eax, ebx, ecx, edx uint32)

func obXGETBV() uint32

// obSIMD reports whether the CPU and OS support AVX2 and FMA (and save YMM state).
var obSIMD = func() bool {
	maxID, _, _, _ := obCPUID(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, c1, _ := obCPUID(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if c1&(fma|osxsave|avx) != fma|osxsave|avx || obXGETBV()&6 != 6 {
		return false
	}
	_, b7, _, _ := obCPUID(7, 0)
	return b7&(1<<5) != 0
}()
