package tensor

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas32"
	"gonum.org/v1/gonum/blas/blas64"
)

// Matrix products. float32 products go to OpenBLAS (blas.go) or its Go replay
// (gemm.go). The others go to gonum's BLAS (as PyTorch hands them to its BLAS), in row
// blocks so that the interrupt flag is checked between blocks; int64 products use a
// plain triple loop. Every element is then its k products added in order, each step
// rounded to the dtype: the order of the reference BLAS (libblas3), which the float64
// goldens (testdata/ops_golden.json) were made with. With OpenBLAS behind PyTorch,
// float64 products differ in the last bits. Matrix-vector products (Mv) are mv.go's:
// OpenBLAS's gemv when it opens, for float32 and float64, else the same in-order sum.

// Dot returns the inner product of two 1-D arrays of the same dtype and length.
func (a *Array) Dot(b *Array) *Array {
	if a.Dim() != 1 || b.Dim() != 1 {
		runtimeErr("1D tensors expected, but got %dD and %dD tensors", a.Dim(), b.Dim())
	}
	if a.dtype != b.dtype {
		runtimeErr("dot : expected both vectors to have same dtype, but found %s and %s", a.dtype.torchName(), b.dtype.torchName())
	}
	if a.shape()[0] != b.shape()[0] {
		runtimeErr("inconsistent tensor size, expected tensor [%d] and src [%d] to have the same number of elements, but got %d and %d elements respectively", a.shape()[0], b.shape()[0], a.shape()[0], b.shape()[0])
	}
	if a.dtype == Float32 {
		return dot32(a, b) // OpenBLAS's sdot order (dot.go)
	}
	return a.Unsqueeze(0).mm(b.Unsqueeze(1)).Reshape()
}

// Mv returns the product of a matrix and a vector.
func (a *Array) Mv(v *Array) *Array {
	if a.Dim() != 2 || v.Dim() != 1 {
		runtimeErr("vector + matrix @ vector expected, got 1, %d, %d", a.Dim(), v.Dim())
	}
	if a.shape()[1] != v.shape()[0] {
		runtimeErr("size mismatch, got %d, %dx%d,%d", a.shape()[0], a.shape()[0], a.shape()[1], v.shape()[0])
	}
	sameDType(a, v)
	// PyTorch's mv is gemv, not gemm (mv.go): on OpenBLAS, its sgemv/dgemv called as
	// PyTorch calls them; without it, the in-order sum of the reference BLAS (OpenBLAS's
	// sgemv order is not reproduced).
	switch a.dtype {
	case Float32:
		if useBLAS() {
			return mvBLAS[float32](a, v)
		}
		return mvOrder[float32](a, v, true)
	case Float64:
		if useBLAS() {
			return mvBLAS[float64](a, v)
		}
		return mvOrder[float64](a, v, true)
	case Int64:
		return mvOrder[int64](a, v, true)
	}
	runtimeErr("\"addmv_impl_cpu\" not implemented for 'Bool'")
	return nil
}

// Mm returns the product of two matrices.
func (a *Array) Mm(b *Array) *Array {
	if a.Dim() != 2 {
		runtimeErr("self must be a matrix")
	}
	if b.Dim() != 2 {
		runtimeErr("mat2 must be a matrix")
	}
	checkMm(a, b)
	sameDType(a, b)
	return a.mm(b)
}

func checkMm(a, b *Array) {
	if a.shape()[1] != b.shape()[0] {
		runtimeErr("mat1 and mat2 shapes cannot be multiplied (%dx%d and %dx%d)", a.shape()[0], a.shape()[1], b.shape()[0], b.shape()[1])
	}
}

func sameDType(a, b *Array) {
	if a.dtype != b.dtype {
		runtimeErr("expected scalar type %s but found %s", a.dtype.torchName(), b.dtype.torchName())
	}
}

// Matmul is torch.matmul (numpy's @): 1-D operands are promoted to matrices (and the
// added dim removed again), and leading dims broadcast as batch dims. Unlike Mm, Mv and
// Dot, which keep PyTorch's same-dtype rule, Matmul accepts mixed dtypes as numpy's @
// does (float32 @ float64 is float64), promoting them with this package's (PyTorch's)
// rules, so int64 @ float32 is float32 where numpy would say float64. This package
// plays numpy in the ported notebooks, where such products are common.
func (a *Array) Matmul(b *Array) *Array {
	if a.dtype != b.dtype {
		dt := promote(a.dtype, b.dtype)
		a, b = a.To(dt), b.To(dt)
	}
	da, db := a.Dim(), b.Dim()
	switch {
	case da == 0 || db == 0:
		runtimeErr("both arguments to matmul need to be at least 1D, but they are %dD and %dD", da, db)
	case da == 1 && db == 1:
		return a.Dot(b)
	case da == 2 && db == 1:
		return a.Mv(b)
	case da == 1 && db == 2:
		m := a.Unsqueeze(0)
		checkMm(m, b)
		sameDType(a, b)
		return m.mm(b).Squeeze(0)
	case da == 2 && db == 2:
		return a.Mm(b)
	}
	sameDType(a, b)
	if da >= 3 && db <= 2 {
		// PyTorch folds the batch dims of a into its rows: one mm (and its errors)
		rows := a.Reshape(-1, a.shape()[da-1])
		shape := append([]int{}, a.shape()[:da-1]...)
		if db == 1 {
			return rows.Mv(b).Reshape(shape...)
		}
		checkMm(rows, b)
		return rows.mm(b).Reshape(append(shape, b.shape()[1])...)
	}
	// batched: promote 1-D, broadcast batch dims, multiply each pair of matrices
	x, y := a, b
	if da == 1 {
		x = a.Unsqueeze(0)
	}
	if db == 1 {
		y = b.Unsqueeze(1)
	}
	n, k := x.shape()[x.Dim()-2], x.shape()[x.Dim()-1]
	k2, m := y.shape()[y.Dim()-2], y.shape()[y.Dim()-1]
	batch := broadcastShapes(x.shape()[:x.Dim()-2], y.shape()[:y.Dim()-2])
	if k != k2 {
		runtimeErr("Expected size for first two dimensions of batch2 tensor to be: [%d, %d] but got: [%d, %d].", numelOf(batch), k, numelOf(batch), k2)
	}
	xb := x.Expand(append(append([]int{}, batch...), n, k)...).Reshape(-1, n, k)
	yb := y.Expand(append(append([]int{}, batch...), k, m)...).Reshape(-1, k, m)
	out := alloc(a.dtype, []int{xb.shape()[0], n, m})
	// PyTorch's bmm sums products below 400 multiply-adds per matrix in its own loop, in
	// K order, and hands bigger ones to BLAS one matrix at a time.
	ob := openBLASOrder && n*k*m >= 400
	for i := 0; i < xb.shape()[0]; i++ {
		out.Select(0, i).Copy_(xb.Select(0, i).mmOrder(yb.Select(0, i), ob))
	}
	shape := append(append([]int{}, batch...), n, m)
	r := out.Reshape(shape...)
	if da == 1 {
		r = r.Squeeze(-2)
	}
	if db == 1 {
		r = r.Squeeze(-1)
	}
	return r
}

// Outer returns the outer product a[i]*b[j] of two 1-D arrays.
func (a *Array) Outer(b *Array) *Array {
	if a.Dim() != 1 {
		runtimeErr("outer: Expected 1-D argument self, but got %d-D", a.Dim())
	}
	if b.Dim() != 1 {
		runtimeErr("outer: Expected 1-D argument vec2, but got %d-D", b.Dim())
	}
	return a.Unsqueeze(1).Mul(b)
}

// mm multiplies checked 2-D operands of one dtype.
func (a *Array) mm(b *Array) *Array { return a.mmOrder(b, openBLASOrder) }

// mmInto sets C (r×c, row-major) to a·b as a.Mm(b) computes it or, when bias is not
// nil, to bias[i] + a·b on row i as Addmm(bias as a column, a, b) computes it: for
// float32 the bias is the first term of every sum. Every element of C is written.
func mmInto[T float32 | float64](a, b *Array, C []T, bias []T) {
	r, k, c := a.shape()[0], a.shape()[1], b.shape()[1]
	if r == 0 || c == 0 {
		return
	}
	fill := func() {
		for i := 0; i < r; i++ {
			v := T(0)
			if bias != nil {
				v = bias[i]
			}
			fillRun(C[i*c:(i+1)*c], v)
		}
	}
	if k == 0 {
		fill()
		return
	}
	if c32, ok := any(C).([]float32); ok && (bias != nil || openBLASOrder) {
		switch {
		case useBLAS():
			if bias != nil {
				fill()
			}
			blasMm(a, b, c32, bias != nil) // beta 0 overwrites C
		default:
			fill()
			sgemmOB(r, c, k, f32View(a), f32View(b), c32)
		}
		return
	}
	p := contig[T](a.mm(b))
	if bias == nil {
		copy(C, p)
		return
	}
	for i := 0; i < r; i++ {
		for j := i * c; j < (i+1)*c; j++ {
			C[j] = bias[i] + p[j]
		}
	}
}

// mmOrder is mm summing float32 products in OpenBLAS's sgemm order (ob) or in K order.
func (a *Array) mmOrder(b *Array, ob bool) *Array {
	n, k, m := a.shape()[0], a.shape()[1], b.shape()[1]
	if a.dtype == Float32 && ob && useBLAS() && k > 0 {
		out, d := allocRaw[float32]([]int{n, m})
		if n > 0 && m > 0 {
			blasMm(a, b, d, false)
		}
		return out
	}
	out := alloc(a.dtype, []int{n, m})
	if n == 0 || m == 0 || k == 0 {
		return out
	}
	switch a.dtype {
	case Float32:
		if ob {
			// the reference notebooks' summation order (gemm.go)
			sgemmOB(n, m, k, f32View(a), f32View(b), storage[float32](out))
			break
		}
		A, ta := blasView[float32](a)
		B, tb := blasView[float32](b)
		C := storage[float32](out)
		g := func(x blasMat[float32], t blas.Transpose, lo, rows, cols int) blas32.General {
			r, c, d := x.geom(t, lo, rows, cols)
			return blas32.General{Rows: r, Cols: c, Stride: x.stride, Data: d}
		}
		rowBlocks(n, k, m, func(lo, hi int) {
			blas32.Gemm(ta, tb, 1, g(A, ta, lo, hi-lo, k), g(B, tb, 0, k, m),
				0, blas32.General{Rows: hi - lo, Cols: m, Stride: m, Data: C[lo*m:]})
		})
	case Float64:
		// In order, as the float64 goldens (reference BLAS) expect; OpenBLAS's dgemm
		// (blasMm) would give PyTorch-on-OpenBLAS bits instead.
		A, ta := blasView[float64](a)
		B, tb := blasView[float64](b)
		C := storage[float64](out)
		g := func(x blasMat[float64], t blas.Transpose, lo, rows, cols int) blas64.General {
			r, c, d := x.geom(t, lo, rows, cols)
			return blas64.General{Rows: r, Cols: c, Stride: x.stride, Data: d}
		}
		rowBlocks(n, k, m, func(lo, hi int) {
			blas64.Gemm(ta, tb, 1, g(A, ta, lo, hi-lo, k), g(B, tb, 0, k, m),
				0, blas64.General{Rows: hi - lo, Cols: m, Stride: m, Data: C[lo*m:]})
		})
	case Int64:
		A, B, C := contig[int64](a), contig[int64](b), storage[int64](out)
		rowBlocks(n, k, m, func(lo, hi int) {
			for i := lo; i < hi; i++ {
				ci := C[i*m : (i+1)*m]
				for p := 0; p < k; p++ {
					av := A[i*k+p]
					for j, bv := range B[p*m : (p+1)*m] {
						ci[j] += av * bv
					}
				}
			}
		})
	default:
		runtimeErr("\"addmm_impl_cpu_\" not implemented for 'Bool'")
	}
	return out
}

// rowBlocks calls f over row ranges of about 64M multiply-adds (at least one row),
// checking the interrupt flag between ranges: big enough to keep BLAS blocking and
// parallelism efficient (at least 64 rows when there are that many), small enough to
// stop within about a tenth of a second.
func rowBlocks(n, k, m int, f func(lo, hi int)) {
	per := max(64, (1<<26)/max(1, k*m))
	for lo := 0; lo < n; lo += per {
		if lo > 0 {
			checkInterrupt()
		}
		f(lo, min(n, lo+per))
	}
}

// blasMat is a matrix in BLAS layout: row-major with the given row stride, possibly
// read transposed.
type blasMat[T float] struct {
	data   []T
	stride int
}

// geom returns the BLAS geometry of the logical rows x cols block starting at row lo:
// a transposed matrix is stored as its transpose, cols x rows.
func (b blasMat[T]) geom(t blas.Transpose, lo, rows, cols int) (int, int, []T) {
	if t == blas.Trans {
		return cols, rows, b.data[lo:]
	}
	return rows, cols, b.data[lo*b.stride:]
}

// blasView returns a's storage as a row-major BLAS matrix, without copying when a
// already is one, else as a packed copy. Transposed operands are packed rather than
// passed as Trans: gonum's Trans kernels sum with SIMD partial sums, while its
// NoTrans/NoTrans kernel (axpy over k) adds the products in order, rounding each step,
// which is exactly what the reference BLAS behind Debian's PyTorch does. Packing costs
// O(n*k) against the O(n*k*m) product.
func blasView[T float](a *Array) (blasMat[T], blas.Transpose) {
	d := storage[T](a)
	c := a.shape()[1]
	if (a.strides()[1] == 1 || c == 1) && a.strides()[0] >= max(1, c) {
		return blasMat[T]{data: d[a.offset:], stride: a.strides()[0]}, blas.NoTrans
	}
	return blasMat[T]{data: contig[T](a), stride: max(1, c)}, blas.NoTrans
}
