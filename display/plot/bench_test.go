package plot

import (
	"encoding/json"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// Rendering the seed-004 figure (100-point curve, markers, two vertical lines, legend).

func BenchmarkSVG(b *testing.B) {
	f := seedFigure()
	f.SVG()
	for b.Loop() {
		f.SVG()
	}
}

func BenchmarkPNG(b *testing.B) {
	f := seedFigure()
	f.PNG()
	for b.Loop() {
		f.PNG()
	}
}

// BenchmarkBundle is what a cell ending in a figure costs: SVG, PNG and base64.
func BenchmarkBundle(b *testing.B) {
	f := seedFigure()
	for b.Loop() {
		f.DisplayBundle()
	}
}

// BenchmarkVsMatplotlib draws the same figure with matplotlib (testdata/bench_mpl.py,
// Debian's python3-matplotlib) and with this package in the same run, and reports
// matplotlib's time over ours: above 1 means faster than matplotlib.
func BenchmarkVsMatplotlib(b *testing.B) {
	const n = 20
	out, err := exec.Command("/usr/bin/python3", "testdata/bench_mpl.py", strconv.Itoa(n)).Output()
	if err != nil {
		b.Skipf("matplotlib peer not available: %v", err)
	}
	var peer struct {
		SVG float64 `json:"svg_ns"`
		PNG float64 `json:"png_ns"`
	}
	if err := json.Unmarshal(out, &peer); err != nil {
		b.Fatal(err)
	}
	f := seedFigure()
	f.SVG()
	f.PNG()
	var svg, png time.Duration
	for b.Loop() {
		t0 := time.Now()
		for i := 0; i < n; i++ {
			f.SVG()
		}
		t1 := time.Now()
		for i := 0; i < n; i++ {
			f.PNG()
		}
		svg, png = t1.Sub(t0)/n, time.Since(t1)/n
	}
	b.ReportMetric(float64(svg.Nanoseconds()), "svg-ns")
	b.ReportMetric(float64(png.Nanoseconds()), "png-ns")
	b.ReportMetric(peer.SVG, "mpl-svg-ns")
	b.ReportMetric(peer.PNG, "mpl-png-ns")
	b.ReportMetric(peer.SVG/float64(svg.Nanoseconds()), "svg-speedup")
	b.ReportMetric(peer.PNG/float64(png.Nanoseconds()), "png-speedup")
	b.Logf("matplotlib/gograd: SVG %.1fx, PNG %.2fx", peer.SVG/float64(svg.Nanoseconds()), peer.PNG/float64(png.Nanoseconds()))
}
