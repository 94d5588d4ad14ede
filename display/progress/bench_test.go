package progress

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/gograd/gograd/display"
)

type discard struct{}

func (discard) Display(display.Bundle, string) {}
func (discard) Update(display.Bundle, string)  {}
func (discard) ClearOutput(bool)               {}

// BenchmarkVsTqdm is the cost of one Update(1) in a long loop, next to tqdm's update(1)
// (testdata/bench_tqdm.py) measured in the same run; speedup is tqdm's time over ours.
func BenchmarkVsTqdm(b *testing.B) {
	const n = 1_000_000
	display.SetPublisher(discard{})
	defer display.SetPublisher(nil)
	out, err := exec.Command("/usr/bin/python3", "testdata/bench_tqdm.py", strconv.Itoa(n)).Output()
	var peer struct {
		Update float64 `json:"update_ns"`
	}
	if err == nil {
		err = json.Unmarshal(out, &peer)
	}
	var per time.Duration
	for b.Loop() {
		bar := New(n)
		t0 := time.Now()
		for i := 0; i < n; i++ {
			bar.Update(1)
		}
		bar.Done()
		per = time.Since(t0) / n
	}
	b.ReportMetric(float64(per.Nanoseconds()), "update-ns")
	if err != nil {
		b.Logf("tqdm peer not available: %v", err)
		return
	}
	b.ReportMetric(peer.Update, "tqdm-update-ns")
	b.ReportMetric(peer.Update/float64(per.Nanoseconds()), "speedup")
}

// BenchmarkUpdate is one Update(1) of a bar that never finishes.
func BenchmarkUpdate(b *testing.B) {
	display.SetPublisher(discard{})
	defer display.SetPublisher(nil)
	bar := New(0)
	for b.Loop() {
		bar.Update(1)
	}
}
