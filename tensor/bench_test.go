package tensor

import (
	"math"
	"testing"
)

// Benchmarks of the workloads bench/tensor_torch.py runs in PyTorch (bench/tensor_vs_torch.sh
// prints the ratios), plus plain Go loops as a floor for the elementwise kernels.

func benchInput(n int) *Array { return FromFloat32(hashFloats(n, 1)) }

func BenchmarkSin1e6(b *testing.B) {
	x := benchInput(1e6)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Sin()
	}
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
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Sum()
	}
}

func BenchmarkMm64x1000x100(b *testing.B) {
	x := FromFloat32(hashFloats(64*1000, 1), 64, 1000)
	y := FromFloat32(hashFloats(1000*100, 2), 1000, 100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Mm(y)
	}
}

func BenchmarkMm1024(b *testing.B) {
	x := FromFloat32(hashFloats(1024*1024, 1), 1024, 1024)
	y := FromFloat32(hashFloats(1024*1024, 2), 1024, 1024)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		x.Mm(y)
	}
}
