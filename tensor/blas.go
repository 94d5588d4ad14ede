package tensor

import (
	"os"
	"sync"

	"github.com/gograd/gograd/tensor/internal/openblas"
)

// Matrix products through OpenBLAS (internal/openblas), the library PyTorch on Debian
// multiplies with. Handed the same operands in the same layout, OpenBLAS runs the same
// kernel with the same blocking and threads, so the products are PyTorch's bits on
// every machine, at its speed. When OpenBLAS cannot be opened (no cgo, the noopenblas
// tag, no libopenblas0, GOGRAD_OPENBLAS=off) float32 products fall back to sgemmOB
// (gemm.go), which replays the Haswell kernel's order with two threads, and float64
// products to gonum (linalg.go).
//
// The kernel: OpenBLAS 0.3.21 picks its kernel by CPU model and takes the slow generic
// "Prescott" one on models newer than it knows, which gives other bits than the
// reference notebooks' "Haswell". So unless OPENBLAS_CORETYPE says otherwise, the
// library is opened with the Haswell kernel on any CPU with AVX2 and FMA: the printed
// numbers of the notebooks, the goldens and the pure-Go fallback agree everywhere.
// With OPENBLAS_CORETYPE naming another kernel, products take the Go replay instead
// (blasUsable); naming the library in GOGRAD_OPENBLAS as well (with e.g.
// OPENBLAS_CORETYPE=SkylakeX) trades the reference bits for that kernel's speed, and
// PyTorch run with the same setting then gives the same bits.
//
// Threads: OpenBLAS's own (OPENBLAS_NUM_THREADS, else one per core, as for PyTorch);
// the reference notebooks ran with two.

// goGEMM makes products skip OpenBLAS (tests set it to check the fallback).
var goGEMM = false

// blasKernel is the OpenBLAS kernel asked for when OPENBLAS_CORETYPE is unset.
func blasKernel() string {
	if obSIMD { // AVX2 and FMA: the Haswell kernel runs
		return "Haswell"
	}
	return ""
}

// OpenBLASKernel returns the OpenBLAS kernel matrix products and matrix-vector
// products run on ("Haswell", the reference one), or "" when they run on the Go
// fallback. Products with the reference kernel have PyTorch's bits; the fallback
// replays that kernel's order for float32 matrix products only (matrix-vector products
// then add in order, as the reference BLAS does).
func OpenBLASKernel() string {
	if !useBLAS() {
		return ""
	}
	return openblas.CoreName()
}

// useBLAS reports whether products go to OpenBLAS, opening it on first use.
func useBLAS() bool { return !goGEMM && blasUsable() }

// blasUsable reports whether OpenBLAS opened with the reference kernel, Haswell, whose
// bits the goldens and the Go replay have; or with any kernel when GOGRAD_OPENBLAS
// names the library (the user's choice of speed over the reference bits). An
// environment that sets OPENBLAS_CORETYPE to another kernel (as some machines do for
// CPUs that OpenBLAS 0.3.21 misdetects) thus gets the Go replay, with the reference
// bits, rather than products that differ from the notebooks in their last digits.
var blasUsable = sync.OnceValue(func() bool {
	ok, _ := openblas.Open(blasKernel())
	return ok && (openblas.CoreName() == "Haswell" || os.Getenv("GOGRAD_OPENBLAS") != "")
})

// blasOperand is a matrix as BLAS reads it: column-major from d[0], leading dimension
// ld, transposed when trans is set.
type blasOperand[T float] struct {
	d     []T
	ld    int
	trans bool
}

// colMajor returns x (2-D), or its transpose when tr is set, as a column-major BLAS
// operand. Views in either layout go to BLAS as they are, with the transpose flag
// saying which (as PyTorch's addmm_impl_cpu_ passes them); others (expanded, or
// sliced with steps in both dims) are packed first, as PyTorch packs them. The flags
// do not change the Haswell kernel's sums; other kernels (SkylakeX's small-matrix
// ones) sum differently per flag, so there the bits are PyTorch's only as far as these
// rules are its rules (they are for contiguous and transposed operands).
func colMajor[T float](x *Array, tr bool) blasOperand[T] {
	p, q, s0, s1 := x.shape()[0], x.shape()[1], x.strides()[0], x.strides()[1]
	if tr {
		p, q, s0, s1 = q, p, s1, s0
	}
	d := storage[T](x)[x.offset:]
	switch {
	case s0 == 1 && s1 >= max(1, p):
		return blasOperand[T]{d, s1, false}
	case s1 == 1 && s0 >= max(1, q):
		return blasOperand[T]{d, s0, true}
	}
	d = contig[T](x) // row-major: x is the transpose of a column-major q×p matrix
	if tr {
		return blasOperand[T]{d, p, false}
	}
	return blasOperand[T]{d, q, true}
}

// skip returns op(o) without its first n columns (cols) or rows (!cols).
func (o blasOperand[T]) skip(n int, cols bool) blasOperand[T] {
	if cols != o.trans {
		return blasOperand[T]{o.d[n*o.ld:], o.ld, o.trans}
	}
	return blasOperand[T]{o.d[n:], o.ld, o.trans}
}

// blasMaxWork is the most multiply-adds one OpenBLAS call gets: bigger products are cut
// into row blocks, with the interrupt flag checked between them, so that an interrupt
// stops a product within a fraction of a second. Products up to 1024³ and
// 4096×4096×64 are one call, hence PyTorch's bits; cut ones may differ in the last bits.
var blasMaxWork = 1 << 30

// blasMm sets C, the contiguous row-major r×c result, to P·Q (r×k times k×c), not
// reading C's old contents, or adds P·Q to C when accumulate is set. OpenBLAS is called
// with the layout PyTorch uses: a row-major result is the column-major Cᵀ = Qᵀ·Pᵀ,
// except a one-column result, which is both layouts and stays C = P·Q. (OpenBLAS zeroes
// C for beta 0 and then accumulates, so both ways give the same bits on a zero C.)
func blasMm[T float](P, Q *Array, C []T, accumulate bool) {
	r, k, c := P.shape()[0], P.shape()[1], Q.shape()[1]
	M, N := c, r
	a, b := colMajor[T](Q, true), colMajor[T](P, true)
	if c == 1 {
		M, N = r, 1
		a, b = colMajor[T](P, false), colMajor[T](Q, false)
	}
	// Cut along the result's rows: N (columns of B and C) or, for one column, M. As
	// elementwise ops do (serialChunks), products of more than a piece check the flag
	// before they start, and smaller ones never.
	per := max(1, blasMaxWork/max(1, k*c))
	for lo := 0; lo < r; lo += per {
		if r*k*c > interruptEvery*16 {
			checkInterrupt()
		}
		n := min(per, r-lo)
		switch {
		case lo == 0 && n == r:
			blasGemm(M, N, k, a, b, C, M, accumulate)
		case c == 1:
			blasGemm(n, N, k, a.skip(lo, false), b, C[lo:], M, accumulate)
		default:
			blasGemm(M, n, k, a, b.skip(lo, true), C[lo*c:], M, accumulate)
		}
	}
}

// blasGemm computes C = op(A)·op(B) + C on column-major matrices, op(A) m×k, op(B) k×n.
func blasGemm[T float](m, n, k int, a, b blasOperand[T], C []T, ldc int, accumulate bool) {
	beta := 0.0 // C's old contents are ignored, NaNs included (BLAS's rule for beta 0)
	if accumulate {
		beta = 1
	}
	switch c := any(C).(type) {
	case []float32:
		A, B := any(a.d).([]float32), any(b.d).([]float32)
		openblas.Sgemm(a.trans, b.trans, m, n, k, 1, &A[0], a.ld, &B[0], b.ld, float32(beta), &c[0], ldc)
	case []float64:
		A, B := any(a.d).([]float64), any(b.d).([]float64)
		openblas.Dgemm(a.trans, b.trans, m, n, k, 1, &A[0], a.ld, &B[0], b.ld, beta, &c[0], ldc)
	}
}
