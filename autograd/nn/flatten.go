package nn

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Flatten merges the dims StartDim..EndDim of its input into one (torch.nn.Flatten,
// which calls torch.flatten). The defaults, StartDim 1 and EndDim -1, keep the batch
// dim and flatten the rest. It has no parameters.
type Flatten struct {
	Mode
	StartDim, EndDim int // negative values count from the last dim
}

// NewFlatten makes a Flatten over dims (start, end): NewFlatten() is (1, -1),
// NewFlatten(0) is (0, -1), NewFlatten(0, 1) is (0, 1).
func NewFlatten(dims ...int) *Flatten {
	f := &Flatten{StartDim: 1, EndDim: -1}
	switch len(dims) {
	case 0:
	case 1:
		f.StartDim = dims[0]
	case 2:
		f.StartDim, f.EndDim = dims[0], dims[1]
	default:
		panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("__init__() takes from 1 to 3 positional arguments but %d were given", len(dims)+1)})
	}
	return f
}

// Forward is torch.flatten(x, StartDim, EndDim) (autograd's Tensor.Flatten).
func (f *Flatten) Forward(x *autograd.Tensor) *autograd.Tensor {
	return x.Flatten(f.StartDim, f.EndDim)
}

// Parameters is empty.
func (*Flatten) Parameters() []*autograd.Tensor { return nil }

// NamedParameters is empty.
func (*Flatten) NamedParameters() []NamedParameter { return nil }

// String is PyTorch's repr, Flatten(start_dim=1, end_dim=-1).
func (f *Flatten) String() string {
	return fmt.Sprintf("Flatten(start_dim=%d, end_dim=%d)", f.StartDim, f.EndDim)
}
