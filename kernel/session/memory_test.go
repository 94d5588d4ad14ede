package session

import (
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/gograd/gograd/tensor"
)

// heapAfterGC is the live heap in bytes.
func heapAfterGC() uint64 {
	runtime.GC()
	// The tensor storage blocks waiting for reuse are the tensor package's (bounded
	// and tested there), not values the session keeps: blocks the collector just
	// found dead are filed after the cell's ReleaseIdle.
	tensor.ReleaseIdle()
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// A cell run again replaces its values: the old ones must become garbage,
// whether the cell defines its names again (:=), assigns them (=), or builds
// a graph and runs Backward. The heap after 200 runs stays within twice what
// one run adds.
func TestRerunCellFreesOldValues(t *testing.T) {
	tests := []struct {
		name, setup, cell string
		size              int64 // bytes one run's values hold
	}{
		{"define", "", "big := autograd.Ones(1000, 1000)", 4e6},
		{"assign", "var big *autograd.Tensor", "big = autograd.Ones(1000, 1000)", 4e6},
		// w and its gradient
		{"graph and backward", "", "w := autograd.Ones(1000, 1000, autograd.RequiresGrad)\nl := w.Mul(w).Sum()\nl.Backward()\nl.Item()", 8e6},
		{"var declaration", "", "var big = autograd.Ones(1000, 1000)", 4e6},
		{"declarations between", "", "a := autograd.Ones(1000, 1000)\nfunc f() int { return 1 }\nb := a.Add(1)", 8e6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := New()
			// The session whose cell ran last stays reachable (display's
			// publisher), with its values: this one's first cell makes it
			// this one.
			run(t, s, "1")
			if tc.setup != "" {
				run(t, s, tc.setup)
			}
			base := heapAfterGC()
			for range 200 {
				run(t, s, tc.cell)
			}
			grown := int64(heapAfterGC()) - int64(base)
			t.Logf("heap after 200 runs: %.1f MB above the baseline (one run's values: %.1f MB)", float64(grown)/1e6, float64(tc.size)/1e6)
			if grown > 2*tc.size {
				t.Errorf("after 200 runs the heap grew by %.1f MB, one run's values take %.1f MB: old values are kept",
					float64(grown)/1e6, float64(tc.size)/1e6)
			}
		})
	}
}

// A closure from an earlier cell keeps what it captured, as in Go, when the
// name it refers to is defined again; a pointer keeps its variable.
func TestRedefinitionKeepsCaptured(t *testing.T) {
	s := New()
	run(t, s, "x := autograd.Ones(2)\nf := func() *autograd.Tensor { return x }\np := &x")
	run(t, s, "x := autograd.Zeros(3)")
	for cell, want := range map[string]string{
		"f().Sum().Item()": "2", "(*p).Sum().Item()": "2", "x.Sum().Item()": "0",
	} {
		if _, data := run(t, s, cell); text(data) != want {
			t.Errorf("%s = %s, want %s", cell, text(data), want)
		}
	}
	// A definition with another type makes a new variable too.
	run(t, s, "y := 1")
	run(t, s, "y := \"s\"")
	if _, data := run(t, s, "y"); text(data) != `"s"` {
		t.Errorf("y = %s, want \"s\"", text(data))
	}
}

// rssKB is the process's resident set size, once the garbage collector has
// given back what it can (it would, in time, by itself).
func rssKB(t *testing.T) int {
	debug.FreeOSMemory()
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status")
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.Atoi(f[1])
			return n
		}
	}
	t.Skip("no VmRSS")
	return 0
}

// A long session of training-style cells keeps its size: the resident set
// after 10,000 cells is within 10% of what it is after the first 500.
func TestSoakTrainingCells(t *testing.T) {
	if testing.Short() {
		t.Skip("soak: 10,000 cells")
	}
	s := New()
	run(t, s, "x := autograd.Ones(64, 16)\ny := autograd.Ones(64, 1)\nw := autograd.Zeros(16, 1, autograd.RequiresGrad)\nlr := 0.01")
	cell := "pred := x.Matmul(w)\nloss := pred.Sub(y).Pow(2).Mean()\nloss.Backward()\n" +
		"autograd.NoGrad(func() { w.Sub_(w.Grad().Mul(lr)) })\nw.Grad().Zero_()\nloss.Item()"
	var after500 int
	for i := range 10000 {
		run(t, s, cell)
		if i == 499 {
			after500 = rssKB(t)
		}
	}
	end := rssKB(t)
	t.Logf("RSS after 500 cells %d kB, after 10,000 %d kB", after500, end)
	if float64(end) > 1.1*float64(after500) {
		t.Errorf("RSS grew from %d kB after 500 cells to %d kB after 10,000", after500, end)
	}
}

// A function whose own local or parameter has the name of a top-level
// variable does not hold that variable: re-running its definition still
// frees the old value.
func TestLocalOfTheSameNameDoesNotHold(t *testing.T) {
	s := New()
	run(t, s, "1")
	run(t, s, "func scale(big *autograd.Tensor) *autograd.Tensor { loss := big.Mul(2); return loss }")
	base := heapAfterGC()
	for range 50 {
		run(t, s, "big := autograd.Ones(1000, 1000)\nloss := scale(big).Sum()")
	}
	if grown := int64(heapAfterGC()) - int64(base); grown > 2*4e6 {
		t.Errorf("the heap grew by %.1f MB over 50 runs of a 4 MB cell", float64(grown)/1e6)
	}
	if _, data := run(t, s, "loss.Item()"); text(data) != "2e+06" {
		t.Errorf("loss = %s, want 2e+06", text(data))
	}
}
