package tensor

import (
	"runtime"
	"sync/atomic"
)

// numThreads is the thread count SetNumThreads set; 0 until it is called.
var numThreads atomic.Int64

// SetNumThreads is torch.set_num_threads: one op's parallel work (elementwise
// kernels, reductions, the Go products) runs on at most n goroutines. GOMAXPROCS stays
// as it is, for the runtime's own work. The pieces an op is cut into add up in
// PyTorch's order whatever their number, so the threads never change an op's bits.
//
// OpenBLAS's products keep the threads OpenBLAS chose (OPENBLAS_NUM_THREADS, else one
// per core), as PyTorch 1.13's do: its set_num_threads does not reach OpenBLAS, whose
// float32 products do change bits with its thread count (the goldens are those of two
// threads, which the Go products replay). n below 1 fails with PyTorch's RuntimeError.
func SetNumThreads(n int) {
	if n < 1 {
		runtimeErr("set_num_threads expects a positive integer")
	}
	numThreads.Store(int64(n))
}

// NumThreads is torch.get_num_threads: what SetNumThreads set, or GOMAXPROCS before
// it is called.
func NumThreads() int {
	if n := numThreads.Load(); n > 0 {
		return int(n)
	}
	return runtime.GOMAXPROCS(0)
}
