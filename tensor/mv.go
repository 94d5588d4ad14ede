package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/openblas"
)

// Matrix-vector products (Mv).
//
// PyTorch 1.13's mv is addmv with beta 0 into a fresh contiguous result
// (aten/src/ATen/native/Blas.cpp, addmv_out_cpu), which hands an r×k matrix to gemv
// (BlasKernel.cpp) in the layout it finds it in:
//   - stride(0) == 1 and (k == 1 or stride(1) ≥ max(1, r)): column-major, gemv 'n'
//     (m = r, n = k) with lda = stride(1);
//   - else stride(1) == 1 and (r == 1 or stride(0) ≥ max(1, k)): row-major, read as its
//     column-major transpose, gemv 't' (m = k, n = r) with lda = stride(0);
//   - else a contiguous copy, gemv 't' with lda = k.
//
// gemv sets lda to m when n is 1, and calls the BLAS's sgemv_/dgemv_ (OpenBLAS on
// Debian) with alpha 1, beta 0, incx = the vector's stride and incy 1 when both
// increments are positive. For a stride-0 (expanded) vector it runs its own loop
// instead: each element its products added in K order from zero, each step rounded.
//
// OpenBLAS's sgemv_n and sgemv_t kernels add in different orders, and both depend on
// its thread count, so the bits are PyTorch's when the same kernel (Haswell, see
// blas.go) runs with the same threads on the same branch with the same lda: mvBLAS
// takes PyTorch's branch. Without OpenBLAS (and for int64), mvOrder adds in K order.

// mvBLAS is Mv on OpenBLAS for float32 and float64, following addmv_out_cpu.
func mvBLAS[T float](a, v *Array) *Array {
	r, k := a.shape()[0], a.shape()[1]
	incx := v.strides()[0]
	if k == 1 {
		incx = 1 // one element: any increment reads the same
	}
	d := storage[T](a)[a.offset:]
	s0, s1 := a.strides()[0], a.strides()[1]
	trans, lda := true, k // a contiguous copy, read as its column-major transpose
	switch {
	case s0 == 1 && (k == 1 || s1 >= max(1, r)):
		trans, lda = false, s1
		if k == 1 {
			lda = r
		}
	case s1 == 1 && (r == 1 || s0 >= max(1, k)):
		lda = s0
		if r == 1 {
			lda = k
		}
	default:
		d = nil // copied below, once the product is known to go to BLAS
	}
	if k == 0 || incx <= 0 || max(r, k, lda, incx) > math.MaxInt32 {
		// an empty matrix gives zeros; gemv's own loop takes the rest (stride-0
		// vectors, and sizes beyond BLAS's int)
		return mvOrder[T](a, v, false)
	}
	out, y := allocRaw[T]([]int{r})
	if r == 0 {
		return out
	}
	if d == nil {
		d = contig[T](a)
	}
	blasGemv(trans, r, k, d, lda, storage[T](v)[v.offset:], incx, y)
	return out
}

// blasGemv sets y (r elements, unit stride) to the product of the r×k matrix in d and
// the vector x (increment incx): the matrix is column-major with leading dimension lda
// when trans is unset (gemv 'n'), else row-major with row stride lda (gemv 't' on its
// column-major transpose). Like blasMm, a product of more than blasMaxWork
// multiply-adds is cut into row blocks, with the interrupt flag checked between them;
// smaller ones are one call, hence PyTorch's bits.
func blasGemv[T float](trans bool, r, k int, d []T, lda int, x []T, incx int, y []T) {
	per := max(1, blasMaxWork/max(1, k))
	for lo := 0; lo < r; lo += per {
		if r*k > interruptEvery*16 {
			checkInterrupt()
		}
		n := min(per, r-lo)
		a := d[lo:] // row lo of a column-major matrix
		if trans {
			a = d[lo*lda:]
		}
		switch yy := any(y[lo:]).(type) {
		case []float32:
			A, X := any(a).([]float32), any(x).([]float32)
			if trans {
				openblas.Sgemv(true, k, n, 1, &A[0], lda, &X[0], incx, 0, &yy[0], 1)
			} else {
				openblas.Sgemv(false, n, k, 1, &A[0], lda, &X[0], incx, 0, &yy[0], 1)
			}
		case []float64:
			A, X := any(a).([]float64), any(x).([]float64)
			if trans {
				openblas.Dgemv(true, k, n, 1, &A[0], lda, &X[0], incx, 0, &yy[0], 1)
			} else {
				openblas.Dgemv(false, n, k, 1, &A[0], lda, &X[0], incx, 0, &yy[0], 1)
			}
		}
	}
}

// mvOrder is Mv adding each element's products in K order from zero, each product and
// each sum rounded to T (the reference BLAS's order, and gemv's own loop in PyTorch).
// With skipZeros, terms whose matrix element is zero are left out, as the gonum gemm
// that computed Mv before did: a zero times an infinite or NaN vector element then adds
// nothing, where torch.mv gives NaN (no golden has such a case; mvOrder without
// skipZeros is torch's sum there).
//
// Leaving out a term differs from adding it only when it is NaN: the running sum
// starts at +0 and so is never -0, and adding ±0 to it changes nothing. So the rows are
// summed without the test, and the rare row that comes out NaN is summed again with it.
//
// Rows are cut over the cores, at least grainSize multiply-adds each; each element is
// one row's sum, so the cut never changes the bits.
func mvOrder[T number](a, v *Array, skipZeros bool) *Array {
	r, k := a.shape()[0], a.shape()[1]
	out, y := allocRaw[T]([]int{r})
	if r == 0 {
		return out
	}
	if k == 0 {
		clear(y)
		return out
	}
	x := contig[T](v)
	d := storage[T](a)[a.offset:]
	s0, s1 := a.strides()[0], a.strides()[1]
	rowMajor := s1 == 1 || k == 1
	if !rowMajor && s0 != 1 && r != 1 {
		d, s0, s1, rowMajor = contig[T](a), k, 1, true
	}
	byRows(r, k, elementGrain(k), func(r0, r1 int) {
		if rowMajor {
			mvDot(y, d, s0, x, r0, r1)
		} else {
			mvAxpy(y, d, s1, x, r0, r1)
		}
		if !skipZeros {
			return
		}
		for i := r0; i < r1; i++ {
			if y[i] != y[i] {
				y[i] = mvRowSkip(d[i*s0:], s1, x)
			}
		}
	})
	return out
}

// mvDot sets y[i], i in [r0, r1), to row i of the row-major matrix d (row stride lda)
// times x, in K order. Four rows run at once: their sums are independent, so the
// additions overlap instead of each waiting for the one before.
func mvDot[T number](y, d []T, lda int, x []T, r0, r1 int) {
	k := len(x)
	i := r0
	for ; i+4 <= r1; i += 4 {
		a0, a1, a2, a3 := d[i*lda:][:k], d[(i+1)*lda:][:k], d[(i+2)*lda:][:k], d[(i+3)*lda:][:k]
		var s0, s1, s2, s3 T
		for j, xv := range x {
			// the conversions round each product, keeping Go from fusing
			s0 += T(a0[j] * xv)
			s1 += T(a1[j] * xv)
			s2 += T(a2[j] * xv)
			s3 += T(a3[j] * xv)
		}
		y[i], y[i+1], y[i+2], y[i+3] = s0, s1, s2, s3
	}
	for ; i < r1; i++ {
		a0 := d[i*lda:][:k]
		var s T
		for j, xv := range x {
			s += T(a0[j] * xv)
		}
		y[i] = s
	}
}

// mvAxpy is mvDot for a column-major matrix (column stride lda): column by column,
// each y[i] still gets its products in K order.
func mvAxpy[T number](y, d []T, lda int, x []T, r0, r1 int) {
	yy := y[r0:r1]
	clear(yy)
	for l, xv := range x {
		col := d[l*lda+r0:][:len(yy)]
		for i, av := range col {
			yy[i] += T(av * xv)
		}
	}
}

// mvRowSkip is one row's sum in K order, leaving out terms whose matrix element is
// zero. row[j*step] is the row's element j.
func mvRowSkip[T number](row []T, step int, x []T) T {
	var s T
	for j, xv := range x {
		if av := row[j*step]; av != 0 {
			s += T(av * xv)
		}
	}
	return s
}
