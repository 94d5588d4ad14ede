package session

import (
	"context"
	"fmt"
	"github.com/gograd/gograd/kernel/heapfloor"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/gograd/gograd/autograd"
)

// nullOutput discards a cell's output.
type nullOutput struct{}

func (nullOutput) Stdout(string)                        {}
func (nullOutput) Stderr(string)                        {}
func (nullOutput) Display(map[string]any, string, bool) {}
func (nullOutput) ClearOutput(bool)                     {}
func (nullOutput) Input(string, bool) (string, error)   { return "", nil }

// BenchmarkNew is the session's share of the kernel's start-up.
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New()
	}
}

// BenchmarkTrivialCell is the session's share of a cell's round trip,
// reported as the median of per-cell times (a mean hides the typical cell
// behind the occasional garbage collection).
func BenchmarkTrivialCell(b *testing.B) {
	for _, code := range []string{"x := 1", "1 + 1", "fmt.Println(1)"} {
		b.Run(code, func(b *testing.B) {
			s := New()
			ctx := context.Background()
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if _, err := s.Execute(ctx, code, nullOutput{}); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns/cell")
		})
	}
}

// The cells of bench/kernel_vs_ipykernel.py's in-cell loops, run the same way
// here so that a change to how cells reach compiled code can be measured
// without a kernel: BenchmarkCellLoop reports ns and heap allocations per
// iteration of the cell's loop (the cell's own compile is a fixed cost spread
// over the iterations), and CPU time, steadier than the wall clock on a busy
// machine. The collector is paced as the kernel's main paces it; GOGC=100 in
// the environment measures Go's default pacing instead.
const (
	graphSetup = "x := autograd.New([]float32{3}, autograd.RequiresGrad)\n" +
		"w := autograd.New([]float32{2}, autograd.RequiresGrad)\n" +
		"b := autograd.New([]float32{1}, autograd.RequiresGrad)"
	graphLoop = "for i := 0; i < %d; i++ {\n" +
		"\ta := x.Mul(w).Add(b).Relu()\n\ta.Backward()\n" +
		"\tx.SetGrad(nil)\n\tw.SetGrad(nil)\n\tb.SetGrad(nil)\n}"
	intLoop = "n := 0\nfor i := 0; i < %d; i++ {\n\tn += i\n}\n_ = n"
)

func BenchmarkCellLoop(b *testing.B) {
	for _, c := range []struct {
		name, setup, loop string
		n                 int
	}{
		{"graph", graphSetup, graphLoop, 20000},
		{"int", "", "{\n" + intLoop + "\n}", 1000000},
	} {
		b.Run(c.name, func(b *testing.B) {
			heapfloor.Set(heapfloor.Default)
			s := New()
			ctx := context.Background()
			if c.setup != "" {
				if _, err := s.Execute(ctx, c.setup, nullOutput{}); err != nil {
					b.Fatal(err)
				}
			}
			code := fmt.Sprintf(c.loop, c.n)
			if _, err := s.Execute(ctx, code, nullOutput{}); err != nil { // warm up
				b.Fatal(err)
			}
			var ms0, ms1 runtime.MemStats
			runtime.ReadMemStats(&ms0)
			cpu0 := cpuTime()
			b.ResetTimer()
			for b.Loop() {
				if _, err := s.Execute(ctx, code, nullOutput{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			runtime.ReadMemStats(&ms1)
			iters := float64(b.N) * float64(c.n)
			b.ReportMetric(float64(cpuTime()-cpu0)/iters, "cpu-ns/iter")
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/iters, "ns/iter")
			b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/iters, "allocs/iter")
			b.ReportMetric(float64(ms1.NumGC-ms0.NumGC)/float64(b.N), "GCs/cell")
		})
	}
}

// BenchmarkCompiledLoop is BenchmarkCellLoop's graph loop compiled: what a
// cell's iteration would cost without the interpreter.
func BenchmarkCompiledLoop(b *testing.B) {
	heapfloor.Set(heapfloor.Default)
	x := autograd.New([]float32{3}, autograd.RequiresGrad)
	w := autograd.New([]float32{2}, autograd.RequiresGrad)
	bias := autograd.New([]float32{1}, autograd.RequiresGrad)
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	cpu0 := cpuTime()
	for b.Loop() {
		a := x.Mul(w).Add(bias).Relu()
		a.Backward()
		x.SetGrad(nil)
		w.SetGrad(nil)
		bias.SetGrad(nil)
	}
	runtime.ReadMemStats(&ms1)
	b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N), "cpu-ns/iter")
	b.ReportMetric(float64(ms1.Mallocs-ms0.Mallocs)/float64(b.N), "allocs/iter")
}

// cpuTime is the CPU time the process has used, in ns: on a machine shared
// with other work it varies less than the wall clock.
func cpuTime() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
