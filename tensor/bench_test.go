package tensor

import (
	"flag"
	"fmt"
	"math"
	"os"
	"testing"

	"github.com/gograd/gograd/kernel/heapfloor"
)

// TestMain runs benchmarks under the kernel's pacing of the garbage collector (package
// heapfloor), as the code they time runs in a notebook: with Go's default pacing a
// small heap is collected every few MB, and at two Ps each collection costs hundreds of
// microseconds of wake-ups on a VM, which is the process's pacing being measured, not
// the ops. Tests keep the default pacing, which works the recycler's own collections
// harder.
func TestMain(m *testing.M) {
	flag.Parse()
	heapfloor.SetForBenchmarks()
	os.Exit(m.Run())
}

// Benchmarks of the workloads bench/tensor_torch.py runs in PyTorch (bench/tensor_vs_torch.sh
// prints the ratios), plus plain Go loops as a floor for the elementwise kernels.

func benchInput(n int) *Array { return FromFloat32(hashFloats(n, 1)) }

// timed runs f b.N times and reports, besides the wall time, the process's CPU time per
// call (cpu-ns/op: every thread's, the collector's included, where the platform says;
// see cpuTime). On a shared machine the wall time drifts with the other processes' load
// while the CPU time holds, so bench/tensor_vs_torch.sh prints both.
func timed(b *testing.B, f func()) {
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		f()
	}
	if c1 := cpuTime(); c1 > 0 {
		b.ReportMetric(float64(c1-c0)/float64(b.N), "cpu-ns/op")
	}
}

func BenchmarkSin1e6(b *testing.B) {
	x := benchInput(1e6)
	timed(b, func() { x.Sin() })
}

// BenchmarkSinLoop1e6 is the floor for BenchmarkSin1e6: the same math in a bare loop.
func BenchmarkSinLoop1e6(b *testing.B) {
	x := hashFloats(1e6, 1)
	for i := 0; i < b.N; i++ {
		out := make([]float32, len(x))
		for j, v := range x {
			out[j] = float32(math.Sin(float64(v)))
		}
	}
}

func BenchmarkAdd1e6(b *testing.B) {
	x, y := benchInput(1e6), FromFloat32(hashFloats(1e6, 2))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Add(y)
	}
}

// BenchmarkAddLoop1e6 is the floor for BenchmarkAdd1e6.
func BenchmarkAddLoop1e6(b *testing.B) {
	x, y := hashFloats(1e6, 1), hashFloats(1e6, 2)
	for i := 0; i < b.N; i++ {
		out := make([]float32, len(x))
		for j := range out {
			out[j] = x[j] + y[j]
		}
	}
}

func BenchmarkSum1e6(b *testing.B) {
	x := benchInput(1e6)
	timed(b, func() { x.Sum() })
}

// benchMm times x.Mm(y) (the operands' construction excluded).
func benchMm(b *testing.B, x, y *Array) {
	timed(b, func() { x.Mm(y) })
}

func BenchmarkMm64x1000x100(b *testing.B) {
	benchMm(b, FromFloat32(hashFloats(64*1000, 1), 64, 1000), FromFloat32(hashFloats(1000*100, 2), 1000, 100))
}

func BenchmarkMm1024(b *testing.B) {
	benchMm(b, FromFloat32(hashFloats(1024*1024, 1), 1024, 1024), FromFloat32(hashFloats(1024*1024, 2), 1024, 1024))
}

// BenchmarkTiny times the ops of a one-element autograd graph (seed 000's relu(x*w+b)
// and its backward) on their own: at this size an op is its bookkeeping and its
// allocation, which is what the small-array paths (fast.go) trim.
func BenchmarkTiny(b *testing.B) {
	x, w := FromFloat32([]float32{3}), FromFloat32([]float32{-2})
	bench := []struct {
		name string
		f    func()
	}{
		{"Mul", func() { x.Mul(w) }},
		{"AddNumber", func() { x.Add(1.5) }},
		{"Relu", func() { x.Relu() }},
		{"OnesLike", func() { OnesLike(x) }},
		{"GtWhere", func() { Where(w.Gt(0), x, 0) }},
	}
	for _, c := range bench {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				c.f()
			}
		})
	}
}

// BenchmarkTinyThresholdBackward is relu's backward on one element, the fused op that
// replaces BenchmarkTiny/GtWhere.
func BenchmarkTinyThresholdBackward(b *testing.B) {
	g, x := FromFloat32([]float32{3}), FromFloat32([]float32{-2})
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ThresholdBackward(g, x, 0)
	}
}

// BenchmarkThresholdBackward1e6 is the same on a million elements (the general path's
// floor is BenchmarkAdd1e6: one pass over two inputs).
func BenchmarkThresholdBackward1e6(b *testing.B) {
	g, x := benchInput(1e6), FromFloat32(hashFloats(1e6, 2)).Sub(0.5)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ThresholdBackward(g, x, 0)
	}
}

func BenchmarkExp1e6(b *testing.B) {
	x := benchInput(1e6)
	timed(b, func() { x.Exp() })
}

// BenchmarkAdd1e6Row adds a broadcast row: a 1000×1000 matrix plus a 1000-vector.
func BenchmarkAdd1e6Row(b *testing.B) {
	x, row := FromFloat32(hashFloats(1e6, 1), 1000, 1000), FromFloat32(hashFloats(1000, 2))
	timed(b, func() { x.Add(row) })
}

func BenchmarkMul1e6F64(b *testing.B) {
	x, y := benchInput(1e6).To(Float64), FromFloat32(hashFloats(1e6, 2)).To(Float64)
	timed(b, func() { x.Mul(y) })
}

// BenchmarkMmT64x1000x100 multiplies transposed views (of 1000×64 and 100×1000 matrices).
func BenchmarkMmT64x1000x100(b *testing.B) {
	benchMm(b, FromFloat32(hashFloats(64*1000, 1), 1000, 64).T(), FromFloat32(hashFloats(1000*100, 2), 100, 1000).T())
}

func BenchmarkMm64x100x10(b *testing.B) {
	benchMm(b, FromFloat32(hashFloats(64*100, 1), 64, 100), FromFloat32(hashFloats(100*10, 2), 100, 10))
}

func BenchmarkSigmoidBackward1e6(b *testing.B) {
	g, y := benchInput(1e6), FromFloat32(hashFloats(1e6, 2)).Sigmoid()
	timed(b, func() { SigmoidBackward(g, y) })
}

// gemmShapes are the GEMM table's products, r×k×c (bench/tensor_vs_torch.sh gemm).
var gemmShapes = [][3]int{{64, 100, 10}, {64, 1000, 100}, {256, 256, 256}, {1024, 1024, 1024}, {4096, 4096, 64}}

// BenchmarkGemmTable times the table's float32 products on the path this process takes
// (GOGRAD_OPENBLAS=off for the Go one); the script turns times into GFLOPS.
func BenchmarkGemmTable(b *testing.B) {
	for _, s := range gemmShapes {
		x := FromFloat32(hashFloats(s[0]*s[1], 1), s[0], s[1])
		y := FromFloat32(hashFloats(s[1]*s[2], 2), s[1], s[2])
		b.Run(fmt.Sprintf("%dx%dx%d", s[0], s[1], s[2]), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				x.Mm(y)
			}
		})
	}
}

// BenchmarkAddInplace1e6 is x += y on a million float32 elements (gradient descent's
// w -= lr*grad on a large weight): no result array, no copy back.
func BenchmarkAddInplace1e6(b *testing.B) {
	x, y := benchInput(1e6), FromFloat32(hashFloats(1e6, 2))
	timed(b, func() { x.Add_(y) })
}

// BenchmarkOps is the op survey (bench/tensor_vs_torch.sh survey): common ops on a
// 1000x1000 float32 matrix beside bench/tensor_torch.py's op_workloads, name for name,
// so that the comparison with PyTorch reaches beyond the ten workloads above.
func BenchmarkOps(b *testing.B) {
	x := FromFloat32(hashFloats(1e6, 1), 1000, 1000).Mul(2).Sub(1)
	y := FromFloat32(hashFloats(1e6, 2), 1000, 1000).Mul(2).Sub(1)
	pos := x.Abs().Add(0.1)
	col, row := FromFloat32(hashFloats(1000, 3), 1000, 1), FromFloat32(hashFloats(1000, 4), 1, 1000)
	v := FromFloat32(hashFloats(1000, 5))
	x64 := x.To(Float64)
	i64 := x.Mul(1000).To(Int64)
	// Batched shapes as a small conv net has them: (batch, channels, features) and
	// (batch, channels, height, width), about a million elements each.
	b3 := FromFloat32(hashFloats(64*16*1000, 6), 64, 16, 1000)
	b4 := FromFloat32(hashFloats(64*16*28*28, 7), 64, 16, 28, 28)
	h3 := FromFloat32(hashFloats(64*8*784, 8), 64, 8, 784)
	for _, op := range []struct {
		name string
		f    func()
	}{
		{"SumDim0", func() { x.SumDims([]int{0}, false) }},
		{"SumDim1", func() { x.SumDims([]int{1}, false) }},
		{"MeanDim1Keep", func() { x.MeanDims([]int{1}, true) }},
		{"MaxDim1", func() { x.MaxDim(1, false) }},
		{"ArgmaxDim1", func() { x.ArgmaxDim(1, false) }},
		{"MaxAll", func() { x.Max() }},
		{"Norm", func() { x.Norm() }},
		{"ProdDim1", func() { pos.ProdDim(1, false) }},
		{"TContiguous", func() { x.T().Contiguous() }},
		{"AddTransposed", func() { x.Add(y.T()) }},
		{"AddColumn", func() { x.Add(col) }},
		{"ColumnPlusRow", func() { col.Add(row) }},
		{"Relu", func() { x.Relu() }},
		{"Tanh", func() { x.Tanh() }},
		{"Sqrt", func() { pos.Sqrt() }},
		{"Log", func() { pos.Log() }},
		{"Abs", func() { x.Abs() }},
		{"Neg", func() { x.Neg() }},
		{"Clamp", func() { x.Clamp(-0.5, 0.5) }},
		{"Pow2", func() { x.Pow(2) }},
		{"PowHalf", func() { pos.Pow(0.5) }},
		{"Sigmoid", func() { x.Sigmoid() }},
		{"GtScalar", func() { x.Gt(0.5) }},
		{"Maximum", func() { x.Maximum(y) }},
		{"MulScalar", func() { x.Mul(2.5) }},
		{"Div", func() { x.Div(pos) }},
		{"Mv", func() { x.Mv(v) }},
		{"AddF64", func() { x64.Add(x64) }},
		{"ExpF64", func() { x64.Exp() }},
		{"SumF64", func() { x64.Sum() }},
		{"Cos", func() { x.Cos() }},
		{"Sign", func() { x.Sign() }},
		{"ToF64", func() { x.To(Float64) }},
		{"ToF32FromF64", func() { x64.To(Float32) }},
		{"ToI64", func() { x.To(Int64) }},
		{"ToF32FromI64", func() { i64.To(Float32) }},
		{"Clone", func() { x.Clone() }},
		{"SumMid3d", func() { b3.SumDims([]int{1}, false) }},
		{"MaxMid3d", func() { b3.MaxDim(1, false) }},
		{"MeanLast3d", func() { b3.MeanDims([]int{2}, false) }},
		{"LogSoftmaxLast3d", func() { b3.LogSoftmax(2) }},
		{"SoftmaxMid3d", func() { b3.Softmax(1) }},
		{"PermuteNHWC", func() { b4.Permute(0, 2, 3, 1).Contiguous() }},
		{"Permute0213", func() { b4.Permute(0, 2, 1, 3).Contiguous() }},
		{"CatDim1", func() { Cat([]*Array{h3, h3}, 1) }},
		{"AddChannel4d", func() { b4.Add(b4.MeanDims([]int{0, 2, 3}, true)) }},
	} {
		b.Run(op.name, func(b *testing.B) { timed(b, op.f) })
	}
}
