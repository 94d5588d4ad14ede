package session

import (
	"context"
	"slices"
	"testing"
	"time"
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
