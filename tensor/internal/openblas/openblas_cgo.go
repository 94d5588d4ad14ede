//go:build cgo && !noopenblas

package openblas

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>

// CBLAS's enums are ints in the C ABI: CblasColMajor = 102, CblasNoTrans = 111,
// CblasTrans = 112.
typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int,
	const float *, int, float, float *, int);
typedef void (*dgemm_fn)(int, int, int, int, int, int, double, const double *, int,
	const double *, int, double, double *, int);
typedef void (*sgemv_fn)(int, int, int, int, float, const float *, int, const float *, int,
	float, float *, int);
typedef void (*dgemv_fn)(int, int, int, int, double, const double *, int, const double *, int,
	double, double *, int);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);
typedef char *(*corename_fn)(void);

static sgemm_fn ob_sgemm;
static dgemm_fn ob_dgemm;
static sgemv_fn ob_sgemv;
static dgemv_fn ob_dgemv;
static set_threads_fn ob_set_threads;
static get_threads_fn ob_get_threads;
static corename_fn ob_corename;

// ob_open opens the library at path, with OPENBLAS_CORETYPE set to core (when not
// empty and the variable is unset) while OpenBLAS's constructor reads it. It returns 0
// on success, else -1 (no library) or -2 (a symbol is missing).
static int ob_open(const char *path, const char *core) {
	int set = core[0] != 0 && getenv("OPENBLAS_CORETYPE") == NULL;
	if (set) setenv("OPENBLAS_CORETYPE", core, 1);
	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (set) unsetenv("OPENBLAS_CORETYPE");
	if (h == NULL) return -1;
	ob_sgemm = (sgemm_fn)dlsym(h, "cblas_sgemm");
	ob_dgemm = (dgemm_fn)dlsym(h, "cblas_dgemm");
	ob_sgemv = (sgemv_fn)dlsym(h, "cblas_sgemv");
	ob_dgemv = (dgemv_fn)dlsym(h, "cblas_dgemv");
	ob_set_threads = (set_threads_fn)dlsym(h, "openblas_set_num_threads");
	ob_get_threads = (get_threads_fn)dlsym(h, "openblas_get_num_threads");
	ob_corename = (corename_fn)dlsym(h, "openblas_get_corename");
	if (!ob_sgemm || !ob_dgemm || !ob_sgemv || !ob_dgemv || !ob_set_threads || !ob_get_threads || !ob_corename) return -2;
	return 0;
}

static void ob_call_sgemm(int ta, int tb, int m, int n, int k, float alpha, const float *a,
	int lda, const float *b, int ldb, float beta, float *c, int ldc) {
	ob_sgemm(102, ta ? 112 : 111, tb ? 112 : 111, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

static void ob_call_dgemm(int ta, int tb, int m, int n, int k, double alpha, const double *a,
	int lda, const double *b, int ldb, double beta, double *c, int ldc) {
	ob_dgemm(102, ta ? 112 : 111, tb ? 112 : 111, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

static void ob_call_sgemv(int ta, int m, int n, float alpha, const float *a, int lda,
	const float *x, int incx, float beta, float *y, int incy) {
	ob_sgemv(102, ta ? 112 : 111, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

static void ob_call_dgemv(int ta, int m, int n, double alpha, const double *a, int lda,
	const double *x, int incx, double beta, double *y, int incy) {
	ob_dgemv(102, ta ? 112 : 111, m, n, alpha, a, lda, x, incx, beta, y, incy);
}

static void ob_call_set_threads(int n) { ob_set_threads(n); }
static int ob_call_get_threads(void) { return ob_get_threads(); }
static const char *ob_call_corename(void) { return ob_corename(); }
*/
import "C"

import (
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

var (
	once   sync.Once
	loaded bool
	reason string
)

// Open loads OpenBLAS (once; later calls report the first outcome). core is the
// kernel to ask for when OPENBLAS_CORETYPE is unset ("" for OpenBLAS's own choice).
// It returns whether the library is usable and, when not, why.
func Open(core string) (bool, string) {
	once.Do(func() {
		path := os.Getenv("GOGRAD_OPENBLAS")
		switch path {
		case "off":
			reason = "GOGRAD_OPENBLAS=off"
			return
		case "":
			path = "libopenblas.so.0"
		}
		cp, cc := C.CString(path), C.CString(core)
		defer C.free(unsafe.Pointer(cp))
		defer C.free(unsafe.Pointer(cc))
		switch C.ob_open(cp, cc) {
		case 0:
			loaded = true
		case -1:
			reason = fmt.Sprintf("cannot open %s (install libopenblas0 or libopenblas-dev)", path)
		default:
			reason = fmt.Sprintf("%s lacks cblas_sgemm, cblas_dgemm, cblas_sgemv, cblas_dgemv or openblas_* functions", path)
		}
	})
	return loaded, reason
}

// Available reports whether Open succeeded. It does not open the library.
func Available() bool { return loaded }

// mustBeOpen panics when a product is called before Open succeeded: the function
// pointers are nil then, and the call would end the process with a segmentation
// violation instead of an error the caller can see.
func mustBeOpen() {
	if !loaded {
		panic("openblas: a product called before Open succeeded")
	}
}

// Sgemm (and Dgemm) must only be called after Open succeeded.
//
// Sgemm computes C = alpha·op(A)·op(B) + beta·C on column-major matrices (op(A) is
// m×k, op(B) k×n, C m×n with leading dimension ldc), op transposing when ta or tb is
// set. a, b and c point at the matrices' first elements; the caller guarantees that
// the leading dimensions are valid and the matrices lie inside their slices.
func Sgemm(ta, tb bool, m, n, k int, alpha float32, a *float32, lda int, b *float32, ldb int, beta float32, c *float32, ldc int) {
	mustBeOpen()
	defer passScheduler()
	C.ob_call_sgemm(cbool(ta), cbool(tb), C.int(m), C.int(n), C.int(k), C.float(alpha),
		(*C.float)(unsafe.Pointer(a)), C.int(lda), (*C.float)(unsafe.Pointer(b)), C.int(ldb),
		C.float(beta), (*C.float)(unsafe.Pointer(c)), C.int(ldc))
}

// Dgemm is Sgemm for float64.
func Dgemm(ta, tb bool, m, n, k int, alpha float64, a *float64, lda int, b *float64, ldb int, beta float64, c *float64, ldc int) {
	mustBeOpen()
	defer passScheduler()
	C.ob_call_dgemm(cbool(ta), cbool(tb), C.int(m), C.int(n), C.int(k), C.double(alpha),
		(*C.double)(unsafe.Pointer(a)), C.int(lda), (*C.double)(unsafe.Pointer(b)), C.int(ldb),
		C.double(beta), (*C.double)(unsafe.Pointer(c)), C.int(ldc))
}

// Sgemv (and Dgemv) must only be called after Open succeeded.
//
// Sgemv computes y = alpha·op(A)·x + beta·y on a column-major m×n matrix A with
// leading dimension lda, op transposing when ta is set (then x has m elements and y n,
// else x has n and y m), reading x every incx elements and writing y every incy. a, x
// and y point at the first elements; the caller guarantees lda ≥ max(1, m), incx and
// incy > 0, and that the operands lie inside their slices. With beta 0, y's old
// contents are ignored, NaNs included.
func Sgemv(ta bool, m, n int, alpha float32, a *float32, lda int, x *float32, incx int, beta float32, y *float32, incy int) {
	mustBeOpen()
	defer passScheduler()
	C.ob_call_sgemv(cbool(ta), C.int(m), C.int(n), C.float(alpha), (*C.float)(unsafe.Pointer(a)), C.int(lda),
		(*C.float)(unsafe.Pointer(x)), C.int(incx), C.float(beta), (*C.float)(unsafe.Pointer(y)), C.int(incy))
}

// Dgemv is Sgemv for float64.
func Dgemv(ta bool, m, n int, alpha float64, a *float64, lda int, x *float64, incx int, beta float64, y *float64, incy int) {
	mustBeOpen()
	defer passScheduler()
	C.ob_call_dgemv(cbool(ta), C.int(m), C.int(n), C.double(alpha), (*C.double)(unsafe.Pointer(a)), C.int(lda),
		(*C.double)(unsafe.Pointer(x)), C.int(incx), C.double(beta), (*C.double)(unsafe.Pointer(y)), C.int(incy))
}

// SetThreads sets the number of threads OpenBLAS runs products on (if it is open).
func SetThreads(n int) {
	if loaded {
		C.ob_call_set_threads(C.int(n))
	}
}

// Threads returns the number of threads OpenBLAS runs products on (0 if not open).
func Threads() int {
	if !loaded {
		return 0
	}
	return int(C.ob_call_get_threads())
}

// CoreName returns the name of the kernel OpenBLAS chose ("Haswell", "SkylakeX", ...),
// or "" if it is not open.
func CoreName() string {
	if !loaded {
		return ""
	}
	return C.GoString(C.ob_call_corename())
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}

// passScheduler lets the Go scheduler run the calling goroutine's P through a
// scheduling point once per millisecond of products.
//
// Why: a goroutine that only calls OpenBLAS never passes through the scheduler (a cgo
// call leaves and re-enters its P without a new time slice). The runtime's monitor
// thread, sysmon, then sees the P's slice last 10 ms (forcePreemptNS) and takes the P
// from the call in progress, which also resets its own polling to every 20 µs, backing
// off only after a millisecond without taking anything. So a loop of products runs
// with sysmon waking hundreds of times per 10 ms, and on a machine whose cores all run
// OpenBLAS's threads each wake preempts one of them while the others wait for it at
// their next barrier. A C loop calling sgemm, or PyTorch, has no such thread. With a
// scheduling point (runtime.Gosched, which here finds nothing else to run and resumes
// at once) well inside every 10 ms, the slice never lasts that long and sysmon sleeps
// its 10 ms at a time. One clock read per call is the cost; the smallest products
// worth a cgo call take microseconds.
//
// A single product longer than 10 ms is still taken over once; those are long enough
// that the monitor's wakes are a small share of their time.
func passScheduler() {
	now := int64(time.Since(epoch))
	if now-lastYield.Load() >= int64(time.Millisecond) {
		lastYield.Store(now)
		runtime.Gosched()
	}
}

var (
	epoch     = time.Now()
	lastYield atomic.Int64 // time.Since(epoch) when passScheduler last yielded
)
