package autograd_test

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
)

// LegendrePolynomial3 is the custom autograd Function of PyTorch's "Learning PyTorch
// with Examples", P3(x) = ½(5x³ - 3x), with its derivative (3/2)(5x² - 1) written by
// hand: the forward saves its input for the backward, whose autograd ops let
// CreateGraph differentiate it again.
var LegendrePolynomial3 = &autograd.Function{
	Name: "LegendrePolynomial3",
	Forward: func(ctx *autograd.Ctx, in []*autograd.Tensor) *autograd.Tensor {
		ctx.SaveForBackward(in[0])
		return in[0].Pow(3).Mul(5).Sub(in[0].Mul(3)).Mul(0.5)
	},
	Backward: func(ctx *autograd.Ctx, g *autograd.Tensor) []*autograd.Tensor {
		x := ctx.SavedTensors()[0]
		return []*autograd.Tensor{g.Mul(1.5).Mul(x.Pow(2).Mul(5).Sub(1))}
	},
}

// A custom autograd Function (torch.autograd.Function) prints, differentiates once and
// twice, and frees what it saved as PyTorch's does; the output is PyTorch 1.13's for
// the same Function.
func ExampleFunction() {
	x := autograd.New([]float64{0.5, -1, 2}, autograd.Float64, autograd.RequiresGrad)
	y := LegendrePolynomial3.Apply(x)
	fmt.Println(y)
	dy := autograd.Grad(y.Sum(), x, autograd.CreateGraph)[0]
	fmt.Println(dy)
	fmt.Println(autograd.Grad(dy.Sum(), x)[0])
	y.Sum().Backward() // frees what the Function saved
	fmt.Println(x.Grad())
	defer func() { fmt.Println(recover().(error).Error()[:60]) }()
	y.Sum().Backward()
	// Output:
	// tensor([-0.4375, -1.0000, 17.0000], dtype=torch.float64,
	//        grad_fn=<LegendrePolynomial3Backward>)
	// tensor([ 0.3750,  6.0000, 28.5000], dtype=torch.float64,
	//        grad_fn=<MulBackward0>)
	// tensor([  7.5000, -15.0000,  30.0000], dtype=torch.float64)
	// tensor([ 0.3750,  6.0000, 28.5000], dtype=torch.float64)
	// Trying to backward through the graph a second time (or direc
}
