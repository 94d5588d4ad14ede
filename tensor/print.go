package tensor

import "github.com/gograd/gograd/tensor/internal/pretty"

// Printing: numpy's str and repr (this package plays numpy in the notebooks) and
// PyTorch's repr for autograd's Tensor. The formatters live in internal/pretty.

// String returns numpy's str() of a: "[[1. 2.]\n [3. 4.]]".
func (a *Array) String() string {
	return pretty.NumpyStr(a.Shape(), a.Float64s(), a.dtype.String())
}

// Repr returns numpy's repr() of a: "array([[1., 2.],\n       [3., 4.]], dtype=float32)".
func (a *Array) Repr() string {
	return pretty.NumpyRepr(a.Shape(), a.Float64s(), a.dtype.String())
}

// TorchString returns PyTorch's repr of a with the given suffixes, e.g.
// a.TorchString("requires_grad=True") gives "tensor([1., 2.], requires_grad=True)".
// The dtype suffix is added by the formatter itself.
func (a *Array) TorchString(suffixes ...string) string {
	return pretty.Torch(a.Shape(), a.Float64s(), a.dtype.String(), suffixes...)
}
