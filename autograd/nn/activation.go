package nn

import "github.com/gograd/gograd/autograd"

// ReLU is the rectifier max(0, x) as a module (torch.nn.ReLU); it has no parameters.
type ReLU struct{ Mode }

// NewReLU makes a ReLU module.
func NewReLU() *ReLU { return &ReLU{} }

// Forward is x.Relu() (ReluBackward0).
func (*ReLU) Forward(x *autograd.Tensor) *autograd.Tensor { return x.Relu() }

// Parameters is empty.
func (*ReLU) Parameters() []*autograd.Tensor { return nil }

// NamedParameters is empty.
func (*ReLU) NamedParameters() []NamedParameter { return nil }

// String is PyTorch's repr, ReLU().
func (*ReLU) String() string { return "ReLU()" }
