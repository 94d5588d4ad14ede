package tensor

import (
	"os"
	"runtime"
	"strings"
	"sync"
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

// NumThreads is torch.get_num_threads: what SetNumThreads set or, before it is called,
// the OMP_NUM_THREADS of the environment, as PyTorch reads it at start (a hub that caps
// its users' kernels with it caps gograd's as well as PyTorch's), else GOMAXPROCS.
func NumThreads() int {
	if n := numThreads.Load(); n > 0 {
		return int(n)
	}
	if n := envThreads(); n > 0 {
		return n
	}
	return runtime.GOMAXPROCS(0)
}

// envThreads is OMP_NUM_THREADS's thread count, read once, or 0 when it is unset or not
// a count.
var envThreads = sync.OnceValue(func() int { return ompThreads(os.Getenv("OMP_NUM_THREADS")) })

// ompThreads parses an OMP_NUM_THREADS value as PyTorch 1.13 does (std::stoi): leading
// blanks, then an integer, and anything after it ignored, so that OpenMP's nested
// list "3,2" gives its first level, 3. It returns 0 for a value PyTorch warns about
// and ignores: none, not a number, or below 1.
func ompThreads(v string) int {
	v = strings.TrimLeft(v, " \t\n\v\f\r")
	i := 0
	if i < len(v) && (v[i] == '+' || v[i] == '-') {
		i++
	}
	n, digits := 0, 0
	for ; i < len(v) && '0' <= v[i] && v[i] <= '9'; i++ {
		if n > 1<<20 { // far more than any machine has: taken for a mistake
			return 0
		}
		n = n*10 + int(v[i]-'0')
		digits++
	}
	if digits == 0 || v[0] == '-' || n < 1 {
		return 0
	}
	return n
}
