//go:build cgo && linux

package mt

// #cgo LDFLAGS: -lm
// #include <math.h>
import "C"

// exactLibm reports that log, sin and cos are the C library's own, so the
// float64 normal paths match PyTorch bit for bit on the same machine: glibc's
// results are not always the correctly rounded ones (about 1 in 1000 differ
// by an ulp), so no independent implementation can promise that.
const exactLibm = true

func log(x float64) float64 { return float64(C.log(C.double(x))) }
func sin(x float64) float64 { return float64(C.sin(C.double(x))) }
func cos(x float64) float64 { return float64(C.cos(C.double(x))) }
