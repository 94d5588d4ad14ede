package functional_test

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/functional"
)

// The Jacobian of f(x) = 3x² - x at x = (1, 2, 3) is diag(6x - 1); the output is what
// torch.autograd.functional.jacobian prints (testdata/functional.json).
func ExampleJacobian() {
	x := autograd.New([]float32{1, 2, 3})
	J := functional.Jacobian(func(x *autograd.Tensor) *autograd.Tensor {
		return x.Pow(2).Mul(3).Sub(x)
	}, x)
	fmt.Println(J)
	// Output:
	// tensor([[ 5.,  0.,  0.],
	//         [ 0., 11.,  0.],
	//         [ 0.,  0., 17.]])
}

// The Hessian of sum(x³) is diag(6x).
func ExampleHessian() {
	x := autograd.New([]float32{1, 2, 3})
	H := functional.Hessian(func(x *autograd.Tensor) *autograd.Tensor { return x.Pow(3).Sum() }, x)
	fmt.Println(H)
	// Output:
	// tensor([[ 6.,  0.,  0.],
	//         [ 0., 12.,  0.],
	//         [ 0.,  0., 18.]])
}
