// Package openblas calls OpenBLAS's CBLAS matrix products (sgemm, dgemm) and
// matrix-vector products (sgemv, dgemv), the library PyTorch on Debian multiplies with,
// so that package tensor's products are PyTorch's bits at PyTorch's speed.
//
// The library is opened at run time with dlopen, on first use, rather than linked:
// building needs no OpenBLAS headers or library, so a fresh clone on a machine without
// libopenblas-dev still builds, and a binary built where OpenBLAS was missing uses it
// once it is installed. Only a C compiler is needed (cgo); a build without cgo, or with
// the tag noopenblas, has no binding at all and Available always reports false. The
// caller keeps its own Go product for that case.
//
// Which library: $GOGRAD_OPENBLAS names a file to open instead of the default
// libopenblas.so.0 (Debian's alternatives link, the openblas-pthread build that
// PyTorch's libblas.so.3 is); GOGRAD_OPENBLAS=off disables the binding.
//
// OpenBLAS reads OPENBLAS_CORETYPE and OPENBLAS_NUM_THREADS when it is opened. Open
// lets the caller name a kernel to use when OPENBLAS_CORETYPE is unset: the variable is
// set for the dlopen only and restored afterwards, so a user's own setting always wins
// and child processes see the environment they were given.
//
// All calls are synchronous: OpenBLAS reads and writes the Go slices only while the
// call runs, so passing Go memory follows cgo's pointer rules (float slices hold no Go
// pointers).
package openblas
