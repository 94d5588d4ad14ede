package graph

import (
	"encoding/json"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gograd/gograd/autograd"
)

// The seed-004 regression graph (cell 20): 11 nodes, 14 edges.
func benchGraph() *Graph {
	mse, X, theta := mseExample(true)
	return FromTensors([]Tensor{mse}, map[Tensor]string{X: "X_train", mse: "mse_train", theta: "theta"}, ShowAttrs, ShowSaved)
}

// BenchmarkSource is the walk and the DOT text, without layout.
func BenchmarkSource(b *testing.B) {
	for b.Loop() {
		benchGraph().Source()
	}
}

// BenchmarkRender times one graph after the first, per renderer: gograd-dot's process
// is already up (WebAssembly compiled); dot is started per graph, as torchviz's
// graphviz package does, so "dot" is also the peer's cost.
func BenchmarkRender(b *testing.B) {
	src := benchGraph().Source()
	for name, r := range renderers(b) {
		b.Run(name, func(b *testing.B) {
			if _, err := r.Render(src, "svg"); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := r.Render(src, "svg"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFirstRender is the first graph of a session with gograd-dot: start the
// process, go-graphviz's init (WebAssembly compile, from wazero's cache in
// $TMPDIR/go-graphviz after the first ever run), and one render.
func BenchmarkFirstRender(b *testing.B) {
	if gogradDot == "" {
		b.Skip("gograd-dot not built")
	}
	src := benchGraph().Source()
	for b.Loop() {
		w := &WasmRenderer{Path: gogradDot}
		if _, err := w.Render(src, "svg"); err != nil {
			b.Fatal(err)
		}
		w.Close()
	}
}

// BenchmarkGraphvizInitCold is go-graphviz's init without wazero's compilation cache
// (a fresh TMPDIR each time): what any program linking it would pay at start-up on a
// machine that never ran it.
func BenchmarkGraphvizInitCold(b *testing.B) {
	if gogradDot == "" {
		b.Skip("gograd-dot not built")
	}
	for b.Loop() {
		dir := b.TempDir()
		cmd := exec.Command(gogradDot)
		cmd.Env = append(os.Environ(), "TMPDIR="+dir)
		cmd.Stdin = strings.NewReader("digraph{a}")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// BenchmarkGraphvizInitWarm is the same with the cache present: process start, init
// and a one-node render.
func BenchmarkGraphvizInitWarm(b *testing.B) {
	if gogradDot == "" {
		b.Skip("gograd-dot not built")
	}
	for b.Loop() {
		cmd := exec.Command(gogradDot)
		cmd.Stdin = strings.NewReader("digraph{a}")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %s", err, out)
		}
	}
}

// referenceNotebook holds the dot_source() helper the torchviz peer runs.
const referenceNotebook = "/work/shared/reference/pytorch/004_236c1edac2d23677.ipynb"

// BenchmarkVsTorchviz draws seed 004's regression graph (cell 20) with PyTorch plus the
// make_dot walk plus dot (testdata/bench_torchviz.py) and with gograd's autograd, this
// package and each renderer, in the same run; it reports PyTorch's time over ours.
func BenchmarkVsTorchviz(b *testing.B) {
	const n = 20
	if _, err := os.Stat(referenceNotebook); err != nil {
		b.Skip("reference notebook not found")
	}
	out, err := exec.Command("/usr/bin/python3", "testdata/bench_torchviz.py", referenceNotebook, strconv.Itoa(n)).Output()
	if err != nil {
		b.Skipf("PyTorch peer not available: %v", err)
	}
	var peer struct {
		Walk   float64 `json:"walk_ns"`
		Render float64 `json:"render_ns"`
	}
	if err := json.Unmarshal(out, &peer); err != nil {
		b.Fatal(err)
	}
	build := func() string {
		rows := make([][]float32, 100)
		for i := range rows {
			rows[i] = []float32{float32(i), 1, 2, 3, 4}
		}
		X := autograd.New(rows).RequiresGrad_(true)
		theta := autograd.New([]float32{0.1, 0.2, 0.3, 0.4, 0.5}).RequiresGrad_(true)
		mse := autograd.Mean(autograd.Mean(X, 1).Sub(autograd.Matmul(X, theta)).Pow(2))
		return MakeDot(mse, map[string]any{"X_train": X, "mse_train": mse, "theta": theta}, ShowAttrs, ShowSaved).Source()
	}
	rs := renderers(b)
	for _, r := range rs {
		r.Render(build(), "svg") // the first graph starts gograd-dot
	}
	for b.Loop() {
		t0 := time.Now()
		for i := 0; i < n; i++ {
			build()
		}
		walk := time.Since(t0) / n
		b.ReportMetric(float64(walk.Nanoseconds()), "walk-ns")
		b.ReportMetric(peer.Walk/float64(walk.Nanoseconds()), "walk-speedup")
		for name, r := range rs {
			t0 := time.Now()
			for i := 0; i < n; i++ {
				if _, err := r.Render(build(), "svg"); err != nil {
					b.Fatal(err)
				}
			}
			d := time.Since(t0) / n
			b.ReportMetric(float64(d.Nanoseconds()), name+"-ns")
			b.ReportMetric(peer.Render/float64(d.Nanoseconds()), name+"-speedup")
			b.Logf("torch+make_dot+dot / gograd+%s: %.1fx", name, peer.Render/float64(d.Nanoseconds()))
		}
	}
	b.ReportMetric(peer.Walk, "torch-walk-ns")
	b.ReportMetric(peer.Render, "torch-render-ns")
}

// BenchmarkStartup runs three tiny programs from testdata/startup: one linking autograd
// (the baseline), one linking every display package too (what the kernel links), and one
// that also links go-graphviz. The difference between the last two is what the kernel's
// start-up would pay if graph used go-graphviz in-process.
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	for _, name := range []string{"none", "display", "gographviz"} {
		bin := dir + "/" + name
		if out, err := exec.Command("go", "build", "-o", bin, "./testdata/startup/"+name).CombinedOutput(); err != nil {
			b.Fatalf("building %s: %v\n%s", name, err, out)
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if out, err := exec.Command(bin).CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}
