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

// Forward is torch.flatten(x, StartDim, EndDim): a reshape (ReshapeAliasBackward0 when
// x's strides allow a view, else a copy, UnsafeViewBackward0), x itself when the range
// is a single dim, and shape (1) for a 0-d x.
func (f *Flatten) Forward(x *autograd.Tensor) *autograd.Tensor {
	shape := x.Shape()
	start, end := wrapDim(f.StartDim, len(shape)), wrapDim(f.EndDim, len(shape))
	if start > end {
		panic(&tensor.Error{Kind: "RuntimeError", Msg: "flatten() has invalid args: start_dim cannot come after end_dim"})
	}
	if len(shape) == 0 {
		return x.Reshape(1)
	}
	if start == end {
		return x
	}
	merged := 1
	for _, s := range shape[start : end+1] {
		merged *= s
	}
	out := append(append(append([]int(nil), shape[:start]...), merged), shape[end+1:]...)
	return x.Reshape(out...)
}

// wrapDim turns a possibly negative dim into an index, as torch's maybe_wrap_dim does
// (a 0-d tensor counts as having one dim), with torch's IndexError text.
func wrapDim(d, rank int) int {
	if rank == 0 {
		rank = 1
	}
	if d < -rank || d >= rank {
		panic(&tensor.Error{Kind: "IndexError", Msg: fmt.Sprintf("Dimension out of range (expected to be in range of [%d, %d], but got %d)", -rank, rank-1, d)})
	}
	if d < 0 {
		d += rank
	}
	return d
}

// Parameters is empty.
func (*Flatten) Parameters() []*autograd.Tensor { return nil }

// NamedParameters is empty.
func (*Flatten) NamedParameters() []NamedParameter { return nil }

// String is PyTorch's repr, Flatten(start_dim=1, end_dim=-1).
func (f *Flatten) String() string {
	return fmt.Sprintf("Flatten(start_dim=%d, end_dim=%d)", f.StartDim, f.EndDim)
}
