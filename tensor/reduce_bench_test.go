package tensor

import "testing"

// Benchmarks of reductions over a 1000x1000 array, beside /usr/bin/python3 timings of
// the same calls on torch.rand(1000, 1000).

func benchReduce(b *testing.B, f func(x *Array)) {
	x := FromFloat32(hashFloats(1e6, 1), 1000, 1000)
	timed(b, func() { f(x) })
}

func benchReduce64(b *testing.B, f func(x *Array)) {
	x := FromFloat32(hashFloats(1e6, 1), 1000, 1000).To(Float64)
	timed(b, func() { f(x) })
}

func BenchmarkReduceNorm(b *testing.B) { benchReduce(b, func(x *Array) { x.Norm() }) }
func BenchmarkReduceMax(b *testing.B)  { benchReduce(b, func(x *Array) { x.Max() }) }
func BenchmarkReduceMin(b *testing.B)  { benchReduce(b, func(x *Array) { x.Min() }) }
func BenchmarkReduceSumDim1(b *testing.B) {
	benchReduce(b, func(x *Array) { x.SumDims([]int{1}, false) })
}
func BenchmarkReduceSumDim0(b *testing.B) {
	benchReduce(b, func(x *Array) { x.SumDims([]int{0}, false) })
}
func BenchmarkReduceMeanDim1(b *testing.B) {
	benchReduce(b, func(x *Array) { x.MeanDims([]int{1}, true) })
}
func BenchmarkReduceProdDim1(b *testing.B) {
	x := FromFloat32(hashFloats(1e6, 1), 1000, 1000).Abs().Add(0.5)
	timed(b, func() { x.ProdDim(1, false) })
}
func BenchmarkReduceMaxDim1(b *testing.B) { benchReduce(b, func(x *Array) { x.MaxDim(1, false) }) }
func BenchmarkReduceMinDim1(b *testing.B) { benchReduce(b, func(x *Array) { x.MinDim(1, false) }) }
func BenchmarkReduceArgmaxDim1(b *testing.B) {
	benchReduce(b, func(x *Array) { x.ArgmaxDim(1, false) })
}
func BenchmarkReduceArgminDim1(b *testing.B) {
	benchReduce(b, func(x *Array) { x.ArgminDim(1, false) })
}
func BenchmarkReduceMaxDim0(b *testing.B) { benchReduce(b, func(x *Array) { x.MaxDim(0, false) }) }
func BenchmarkReduceNormF64(b *testing.B) { benchReduce64(b, func(x *Array) { x.Norm() }) }
func BenchmarkReduceMaxF64(b *testing.B)  { benchReduce64(b, func(x *Array) { x.Max() }) }
func BenchmarkReduceSumDim1F64(b *testing.B) {
	benchReduce64(b, func(x *Array) { x.SumDims([]int{1}, false) })
}
func BenchmarkReduceProdDim1F64(b *testing.B) {
	x := FromFloat32(hashFloats(1e6, 1), 1000, 1000).Abs().Add(0.5).To(Float64)
	timed(b, func() { x.ProdDim(1, false) })
}
func BenchmarkReduceMaxDim1F64(b *testing.B) { benchReduce64(b, func(x *Array) { x.MaxDim(1, false) }) }
func BenchmarkReduceArgmaxDim1F64(b *testing.B) {
	benchReduce64(b, func(x *Array) { x.ArgmaxDim(1, false) })
}
