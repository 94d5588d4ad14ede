//go:build !cgo || noopenblas

package openblas

// Open reports that this build has no OpenBLAS binding (no cgo, or the noopenblas tag).
func Open(core string) (bool, string) { return false, "built without cgo or with noopenblas" }

// Available reports false: this build has no OpenBLAS binding.
func Available() bool { return false }

func Sgemm(ta, tb bool, m, n, k int, alpha float32, a *float32, lda int, b *float32, ldb int, beta float32, c *float32, ldc int) {
	panic("openblas: not available")
}

func Dgemm(ta, tb bool, m, n, k int, alpha float64, a *float64, lda int, b *float64, ldb int, beta float64, c *float64, ldc int) {
	panic("openblas: not available")
}

func Sgemv(ta bool, m, n int, alpha float32, a *float32, lda int, x *float32, incx int, beta float32, y *float32, incy int) {
	panic("openblas: not available")
}

func Dgemv(ta bool, m, n int, alpha float64, a *float64, lda int, x *float64, incx int, beta float64, y *float64, incy int) {
	panic("openblas: not available")
}

func SetThreads(n int) {}

func Threads() int { return 0 }

func CoreName() string { return "" }
