package F

import (
	"testing"

	"github.com/gograd/gograd/autograd"
)

func BenchmarkZZBatchNorm(b *testing.B) {
	x := autograd.Randn(64, 16, 32, 32, autograd.RequiresGrad)
	w, bi := autograd.Ones(16, autograd.RequiresGrad), autograd.Zeros(16, autograd.RequiresGrad)
	rm, rv := autograd.Zeros(16), autograd.Ones(16)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		BatchNorm(x, rm, rv, w, bi, true).Sum().Backward()
	}
}
func BenchmarkZZLayerNorm(b *testing.B) {
	x := autograd.Randn(64, 128, 256, autograd.RequiresGrad)
	w, bi := autograd.Ones(256, autograd.RequiresGrad), autograd.Zeros(256, autograd.RequiresGrad)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		LayerNorm(x, []int{256}, w, bi).Sum().Backward()
	}
}
func BenchmarkZZEmbedding(b *testing.B) {
	w := autograd.Randn(10000, 128, autograd.RequiresGrad)
	idx := autograd.FromArray(autograd.Rand(64, 32).Mul(10000).Long().Array())
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Embedding(idx, w).Sum().Backward()
	}
}
