// Package bench_test holds benchmarks of small and medium autograd workloads.
// bench/autograd_vs_torch.sh runs them next to the same workloads in PyTorch
// (bench/autograd_torch.py) and prints the ratios; nothing here asserts a time.
//
// They live apart from package autograd's tests so that their binary holds the
// library and the workloads, as a user's program would, and not the unit tests'
// tables: on a small graph the garbage collector runs every few thousand iterations,
// and each cycle scans every pointer in the binary's global data.
//
// Besides wall time each benchmark reports cpu-ns/op, the CPU time of the whole process
// (all threads, the garbage collector's included) per operation. On a machine shared
// with other work, wall time counts the waits for a core; CPU time does not, so the
// ratio of CPU times is the steadier comparison.
package bench_test

import (
	"flag"
	"os"
	"syscall"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/nn"
	F "github.com/gograd/gograd/autograd/nn/functional"
	"github.com/gograd/gograd/autograd/optim"
	"github.com/gograd/gograd/kernel/heapfloor"
)

// TestMain runs the benchmarks under the kernel's pacing of the garbage collector
// (package heapfloor), as a notebook's cells run: with Go's default pacing a small heap
// is collected every few MB, and the comparison would be of the pacing, not of the
// workloads.
func TestMain(m *testing.M) {
	flag.Parse()
	heapfloor.SetForBenchmarks()
	os.Exit(m.Run())
}

// BenchmarkScalarGraph is seed 000's relu(x*w + b) on one-element tensors, forward and
// backward; the gradients are dropped each time so that every iteration does the same
// work (the first backward stores a gradient, later ones would add to it).
func BenchmarkScalarGraph(b *testing.B) {
	x := autograd.New([]float32{3}, autograd.RequiresGrad)
	w := autograd.New([]float32{2}, autograd.RequiresGrad)
	c := autograd.New([]float32{1}, autograd.RequiresGrad)
	b.ReportAllocs()
	defer cpuTime(b)()
	for i := 0; i < b.N; i++ {
		a := x.Mul(w).Add(c).Relu()
		a.Backward()
		x.SetGrad(nil)
		w.SetGrad(nil)
		c.SetGrad(nil)
	}
}

// BenchmarkSeed001GD is one run of seed 001's gradient descent by hand (reference cell
// 32): 10 epochs of forward w*x, loss mean((y_pred-y)^2), backward, w -= lr*w.grad under
// no_grad, zero the gradient.
func BenchmarkSeed001GD(b *testing.B) {
	X := autograd.New([]float32{1, 2, 3, 4})
	Y := autograd.New([]float32{2, 4, 6, 8})
	b.ReportAllocs()
	defer cpuTime(b)()
	for i := 0; i < b.N; i++ {
		W := autograd.New(float32(0), autograd.RequiresGrad)
		for epoch := 0; epoch < 10; epoch++ {
			yPred := W.Mul(X)
			l := Y.Sub(yPred).Pow(2).Mean()
			l.Backward()
			autograd.NoGrad(func() { W.Sub_(W.Grad().Mul(0.01)) })
			W.Grad().Zero_()
		}
	}
}

// BenchmarkSeed004MLP is seed 004's two-layer network (cells 39-40): a 64x1000 batch
// through Linear(1000, 100), ReLU, Linear(100, 10), MSELoss(sum), 500 Adam steps.
func BenchmarkSeed004MLP(b *testing.B) {
	autograd.ManualSeed(42)
	x := autograd.Randn(64, 1000)
	y := autograd.Randn(64, 10)
	b.ResetTimer()
	defer cpuTime(b)()
	for i := 0; i < b.N; i++ {
		// Building the model is timed too, as on the PyTorch side (it is 0.1% of the work).
		model := nn.NewSequential(nn.NewLinear(1000, 100), nn.NewReLU(), nn.NewLinear(100, 10))
		lossFn := nn.NewMSELoss("sum")
		opt := optim.NewAdam(model.Parameters(), optim.LR(1e-4))
		for t := 0; t < 500; t++ {
			loss := lossFn.Forward(model.Forward(x), y)
			opt.ZeroGrad()
			loss.Backward()
			opt.Step()
		}
	}
}

// BenchmarkCrossEntropy64x1000 is F.cross_entropy over a 64x1000 batch of logits with
// class-index targets, forward and backward (log_softmax, nll_loss and their
// gradients); the gradient is dropped each time.
func BenchmarkCrossEntropy64x1000(b *testing.B) {
	autograd.ManualSeed(42)
	logits := autograd.Randn(64, 1000).RequiresGrad_(true)
	cls := make([]int, 64)
	for i := range cls {
		cls[i] = i * 7 % 1000
	}
	target := autograd.New(cls)
	b.ResetTimer()
	defer cpuTime(b)()
	for i := 0; i < b.N; i++ {
		F.CrossEntropy(logits, target).Backward()
		logits.SetGrad(nil)
	}
}

// BenchmarkConv2dLeNet64 is the two convolutions of the 60-minute blitz's LeNet on a
// batch of 64, forward and backward: conv1 (1→6 channels, 5x5) on 32x32 images and
// conv2 (6→16, 5x5) on 14x14 maps, each output summed; the gradients are dropped each
// time.
func BenchmarkConv2dLeNet64(b *testing.B) {
	autograd.ManualSeed(42)
	x1 := autograd.Randn(64, 1, 32, 32)
	x2 := autograd.Randn(64, 6, 14, 14)
	w1 := autograd.Randn(6, 1, 5, 5).RequiresGrad_(true)
	b1 := autograd.Randn(6).RequiresGrad_(true)
	w2 := autograd.Randn(16, 6, 5, 5).RequiresGrad_(true)
	b2 := autograd.Randn(16).RequiresGrad_(true)
	b.ResetTimer()
	defer cpuTime(b)()
	for i := 0; i < b.N; i++ {
		F.Conv2d(x1, w1, b1).Sum().Add(F.Conv2d(x2, w2, b2).Sum()).Backward()
		for _, p := range []*autograd.Tensor{w1, b1, w2, b2} {
			p.SetGrad(nil)
		}
	}
}

// cpuTime starts counting the process's CPU time; the returned func reports it per
// operation as the cpu-ns/op metric.
func cpuTime(b *testing.B) func() {
	start := processCPU()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
