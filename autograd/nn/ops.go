package nn

import (
	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// The modules compute with package nn/functional (torch.nn.functional), which records
// each op under PyTorch's name with its saved tensors.

// newParameter makes a parameter (torch.nn.Parameter) from freshly initialised data.
func newParameter(a *tensor.Array) *autograd.Tensor {
	return autograd.NewParameter(autograd.FromArray(a))
}
