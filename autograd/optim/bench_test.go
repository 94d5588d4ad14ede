package optim

import (
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// mlpParams are seed 004's parameter shapes (Linear(1000, 100), Linear(100, 10)), with
// gradients, for timing one optimizer step over 101,110 numbers.
func mlpParams() []*autograd.Tensor {
	var ps []*autograd.Tensor
	for _, shape := range [][]int{{100, 1000}, {100}, {10, 100}, {10}} {
		p := autograd.FromArray(tensor.Randn(shape...)).RequiresGrad_()
		p.SetGrad(autograd.FromArray(tensor.Randn(shape...)))
		ps = append(ps, p)
	}
	return ps
}

func BenchmarkAdamStep(b *testing.B) {
	opt := NewAdam(mlpParams(), LR(1e-4))
	for i := 0; i < b.N; i++ {
		opt.Step()
	}
}

func BenchmarkSGDMomentumStep(b *testing.B) {
	opt := NewSGD(mlpParams(), LR(0.01), Momentum(0.9))
	for i := 0; i < b.N; i++ {
		opt.Step()
	}
}
