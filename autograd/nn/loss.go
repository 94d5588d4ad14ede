package nn

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	F "github.com/gograd/gograd/autograd/nn/functional"
)

// The loss modules of torch.nn: each holds its keyword arguments and calls its
// function of package nn/functional. Forward(input, target) gives the loss; a module
// prints as PyTorch's repr (the class name and (), the arguments not shown).

// MSELoss is the squared error (input - target)² reduced by Reduction: "mean" (the
// default), "sum", or "none" (torch.nn.MSELoss).
type MSELoss struct {
	Reduction string
}

// NewMSELoss makes the loss; reduction is "mean" when not given.
//
//	lossFn := nn.NewMSELoss("sum")
func NewMSELoss(reduction ...string) *MSELoss { return &MSELoss{Reduction: reductionOr(reduction)} }

// Forward computes the loss (MseLossBackward0). Both arguments receive gradients if
// they require them, as in PyTorch.
func (l *MSELoss) Forward(input, target *autograd.Tensor) *autograd.Tensor {
	return F.MSELoss(input, target, F.Reduction(l.Reduction))
}

// String is PyTorch's repr, MSELoss() (the reduction is not shown).
func (l *MSELoss) String() string { return "MSELoss()" }

func reductionOr(r []string) string {
	if len(r) > 0 {
		return r[0]
	}
	return "mean"
}

// lossModule is what every loss module but MSELoss is: the function and its options.
type lossModule struct {
	name string
	fn   func(input, target *autograd.Tensor, opts ...F.Option) *autograd.Tensor
	opts []F.Option
}

// Forward computes the loss with the module's options.
func (l *lossModule) Forward(input, target *autograd.Tensor) *autograd.Tensor {
	return l.fn(input, target, l.opts...)
}

// String is PyTorch's repr: the class name and ().
func (l *lossModule) String() string { return fmt.Sprintf("%s()", l.name) }

// L1Loss is torch.nn.L1Loss over F.L1Loss.
type L1Loss struct{ lossModule }

// NewL1Loss makes the loss with F's options (F.Reduction).
func NewL1Loss(opts ...F.Option) *L1Loss { return &L1Loss{lossModule{"L1Loss", F.L1Loss, opts}} }

// SmoothL1Loss is torch.nn.SmoothL1Loss over F.SmoothL1Loss.
type SmoothL1Loss struct{ lossModule }

// NewSmoothL1Loss makes the loss with F's options (F.Reduction, F.Beta).
func NewSmoothL1Loss(opts ...F.Option) *SmoothL1Loss {
	return &SmoothL1Loss{lossModule{"SmoothL1Loss", F.SmoothL1Loss, opts}}
}

// HuberLoss is torch.nn.HuberLoss over F.HuberLoss.
type HuberLoss struct{ lossModule }

// NewHuberLoss makes the loss with F's options (F.Reduction, F.Delta).
func NewHuberLoss(opts ...F.Option) *HuberLoss {
	return &HuberLoss{lossModule{"HuberLoss", F.HuberLoss, opts}}
}

// NLLLoss is torch.nn.NLLLoss over F.NLLLoss.
type NLLLoss struct{ lossModule }

// NewNLLLoss makes the loss with F's options (F.Weight, F.IgnoreIndex, F.Reduction).
func NewNLLLoss(opts ...F.Option) *NLLLoss { return &NLLLoss{lossModule{"NLLLoss", F.NLLLoss, opts}} }

// CrossEntropyLoss is torch.nn.CrossEntropyLoss over F.CrossEntropy.
type CrossEntropyLoss struct{ lossModule }

// NewCrossEntropyLoss makes the loss with F's options (F.Weight, F.IgnoreIndex,
// F.Reduction, F.LabelSmoothing).
func NewCrossEntropyLoss(opts ...F.Option) *CrossEntropyLoss {
	return &CrossEntropyLoss{lossModule{"CrossEntropyLoss", F.CrossEntropy, opts}}
}

// BCELoss is torch.nn.BCELoss over F.BinaryCrossEntropy.
type BCELoss struct{ lossModule }

// NewBCELoss makes the loss with F's options (F.Weight, F.Reduction).
func NewBCELoss(opts ...F.Option) *BCELoss {
	return &BCELoss{lossModule{"BCELoss", F.BinaryCrossEntropy, opts}}
}

// BCEWithLogitsLoss is torch.nn.BCEWithLogitsLoss over F.BinaryCrossEntropyWithLogits.
type BCEWithLogitsLoss struct{ lossModule }

// NewBCEWithLogitsLoss makes the loss with F's options (F.Weight, F.PosWeight,
// F.Reduction).
func NewBCEWithLogitsLoss(opts ...F.Option) *BCEWithLogitsLoss {
	return &BCEWithLogitsLoss{lossModule{"BCEWithLogitsLoss", F.BinaryCrossEntropyWithLogits, opts}}
}
