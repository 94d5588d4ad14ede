package tensor

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gograd/gograd/tensor/internal/openblas"
)

// withThreads runs f with SetNumThreads(n), then puts back the unset state.
func withThreads(t *testing.T, n int, f func()) {
	t.Helper()
	defer numThreads.Store(0)
	SetNumThreads(n)
	f()
}

// concurrency is the most pieces of one split over n elements that ran at once. Each
// piece waits (up to two seconds, for a loaded machine) until want pieces have started,
// so that pieces that can run together do.
func concurrency(n int, want int32) int {
	var in, most atomic.Int32
	chunksWhole(n, func(lo, hi int) {
		now := in.Add(1)
		for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
		}
		for deadline := time.Now().Add(2 * time.Second); most.Load() < want && time.Now().Before(deadline); {
			time.Sleep(100 * time.Microsecond)
		}
		in.Add(-1)
	})
	return int(most.Load())
}

func TestNumThreads(t *testing.T) {
	want := runtime.GOMAXPROCS(0)
	if n := envThreads(); n > 0 {
		want = n
	}
	if got := NumThreads(); got != want {
		t.Errorf("NumThreads() unset = %d, want %d (OMP_NUM_THREADS, else GOMAXPROCS)", got, want)
	}
	for _, n := range []int{0, -1} {
		if e := mustPanic(t, func() { SetNumThreads(n) }); e.Kind != "RuntimeError" || e.Msg != "set_num_threads expects a positive integer" {
			t.Errorf("SetNumThreads(%d): %s: %s", n, e.Kind, e.Msg)
		}
	}
	big := 8 * grainSize
	blasUsable()
	obBefore := openblas.Threads()
	withThreads(t, 1, func() {
		if NumThreads() != 1 {
			t.Errorf("NumThreads() = %d after SetNumThreads(1)", NumThreads())
		}
		pieces := 0
		chunksWhole(big, func(lo, hi int) { pieces++ })
		if pieces != 1 {
			t.Errorf("one thread: the op ran in %d pieces, want 1", pieces)
		}
		if blasUsable() && openblas.Threads() != obBefore {
			t.Errorf("OpenBLAS runs %d threads after SetNumThreads(1), want its own %d (PyTorch's set_num_threads leaves OpenBLAS alone)", openblas.Threads(), obBefore)
		}
	})
	if runtime.GOMAXPROCS(0) < 2 {
		return
	}
	withThreads(t, 2, func() {
		if c := concurrency(big, 2); c != 2 {
			t.Errorf("two threads: %d pieces ran at once, want 2", c)
		}
	})
}

// TestNumThreadsKeepBits: the thread count never changes a result's bits (products
// included: OpenBLAS keeps its own threads, and the Go products replay its two).
func TestNumThreadsKeepBits(t *testing.T) {
	x := FromFloat32(hashFloats(300*400, 3), 300, 400)
	y := FromFloat32(hashFloats(400*200, 4), 400, 200)
	ops := func() []*Array {
		return []*Array{x.Exp(), x.Sum(), x.SumDims([]int{0}, false), x.SumDims([]int{1}, false), x.Max(), x.Norm(), x.Mm(y), x.To(Float64).Mm(y.To(Float64))}
	}
	var one, two []*Array
	withThreads(t, 1, func() { one = ops() })
	withThreads(t, 2, func() { two = ops() })
	for i := range one {
		if !bitsEqual(one[i], two[i]) {
			t.Errorf("op %d: bits differ between 1 and 2 threads", i)
		}
	}
}

// TestOMPNumThreads: OMP_NUM_THREADS values as torch 1.13 took them at start
// (torch.get_num_threads() under each; 0 here where torch warned "Invalid
// OMP_NUM_THREADS variable value" and kept its default).
func TestOMPNumThreads(t *testing.T) {
	for _, tc := range []struct {
		v    string
		want int
	}{
		{"", 0}, {"abc", 0}, {"0", 0}, {"-3", 0},
		{"5", 5}, {" 2", 2}, {"\t3", 3}, {"+4", 4}, {"007", 7},
		{"3,2", 3}, // OpenMP's nested list: the first level
		{"2x", 2},
		{"99999999999", 0},
	} {
		if got := ompThreads(tc.v); got != tc.want {
			t.Errorf("ompThreads(%q) = %d, want %d", tc.v, got, tc.want)
		}
	}
}

// TestOMPNumThreadsDefault runs a child test binary with OMP_NUM_THREADS=1: its
// NumThreads starts at 1, GOMAXPROCS unchanged, and an op runs in one piece.
func TestOMPNumThreadsDefault(t *testing.T) {
	if os.Getenv("GOGRAD_OMP_CHILD") != "" {
		if NumThreads() != 1 {
			t.Fatalf("OMP_NUM_THREADS=1: NumThreads() = %d, want 1", NumThreads())
		}
		pieces := 0
		chunksWhole(8*grainSize, func(lo, hi int) { pieces++ })
		if pieces != 1 {
			t.Fatalf("OMP_NUM_THREADS=1: an op ran in %d pieces, want 1", pieces)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestOMPNumThreadsDefault$", "-test.v")
	cmd.Env = append(os.Environ(), "GOGRAD_OMP_CHILD=1", "OMP_NUM_THREADS=1", "GOMAXPROCS=2")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("child with OMP_NUM_THREADS=1: %v\n%s", err, out)
	}
}
