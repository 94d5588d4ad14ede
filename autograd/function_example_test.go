package autograd_test

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
)

// legendreP3 is the custom autograd Function of PyTorch's "Learning PyTorch with
// Examples" tutorial, P3(x) = ½(5x³ - 3x), written with NewOp: the forward on plain
// numbers, the input saved for backward (ctx.save_for_backward), the backward
// grad·(3/2)(5x² - 1) with autograd ops. torch names the node after the Function's
// class: LegendrePolynomial3Backward.
func legendreP3(x *autograd.Tensor) *autograd.Tensor {
	a := x.Array()
	out := a.Pow(3).Mul(5).Sub(a.Mul(3)).Mul(0.5)
	y, op := autograd.NewOp("LegendrePolynomial3Backward", out, x)
	if op != nil {
		op.Save("self", x, true)
		op.SetBackward(func(g *autograd.Tensor) []*autograd.Tensor {
			in := op.Unpack("self")
			return []*autograd.Tensor{g.Mul(1.5).Mul(in.Pow(2).Mul(5).Sub(1))}
		})
	}
	return y
}

// A custom op defined outside package autograd, as torch.autograd.Function: it prints,
// differentiates and frees its saved tensors as PyTorch's does (the output below is
// PyTorch 1.13's for the same Function).
func ExampleNewOp() {
	x := autograd.New([]float64{0.5, -1, 2}, autograd.Float64, autograd.RequiresGrad)
	y := legendreP3(x)
	fmt.Println(y)
	y.Sum().Backward()
	fmt.Println(x.Grad())
	defer func() { fmt.Println(recover().(error).Error()[:60]) }()
	y.Sum().Backward()
	// Output:
	// tensor([-0.4375, -1.0000, 17.0000], dtype=torch.float64,
	//        grad_fn=<LegendrePolynomial3Backward>)
	// tensor([ 0.3750,  6.0000, 28.5000], dtype=torch.float64)
	// Trying to backward through the graph a second time (or direc
}
