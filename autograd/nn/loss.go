package nn

import (
	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// MSELoss is the squared error (input - target)² reduced by Reduction: "mean" (the
// default), "sum", or "none" (torch.nn.MSELoss).
type MSELoss struct {
	Reduction string
}

// NewMSELoss makes the loss; reduction is "mean" when not given.
//
//	lossFn := nn.NewMSELoss("sum")
func NewMSELoss(reduction ...string) *MSELoss {
	r := "mean"
	if len(reduction) > 0 {
		r = reduction[0]
	}
	return &MSELoss{Reduction: r}
}

// Forward computes the loss (MseLossBackward0). Both arguments receive gradients if
// they require them, as in PyTorch.
func (l *MSELoss) Forward(input, target *autograd.Tensor) *autograd.Tensor {
	return mseLoss(input, target, l.Reduction)
}

// String is PyTorch's repr, MSELoss() (the reduction is not shown).
func (l *MSELoss) String() string { return "MSELoss()" }

func checkReduction(r string) {
	switch r {
	case "mean", "sum", "none":
		return
	}
	panic(&tensor.Error{Kind: "ValueError", Msg: r + " is not a valid value for reduction"})
}
