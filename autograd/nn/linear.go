package nn

import (
	"fmt"
	"math"

	"github.com/gograd/gograd/autograd"
	F "github.com/gograd/gograd/autograd/nn/functional"
	"github.com/gograd/gograd/tensor"
)

// Linear is the affine map y = x·Wᵀ + b (torch.nn.Linear). Weight is
// (OutFeatures, InFeatures); Bias is (OutFeatures), or nil for a layer without bias.
type Linear struct {
	Mode
	InFeatures, OutFeatures int
	Weight, Bias            *autograd.Tensor
}

// NewLinear makes a Linear layer initialised as PyTorch 1.13 does, from tensor.Default:
// the weight by kaiming_uniform_(a=sqrt(5)), which is uniform on ±1/sqrt(in), then the
// bias uniform on ±1/sqrt(in). bias defaults to true.
//
//	model := nn.NewLinear(1, 1)
func NewLinear(in, out int, bias ...bool) *Linear {
	if in < 0 || out < 0 {
		neg := out // the weight is (out, in): PyTorch names the first negative size
		if out >= 0 {
			neg = in
		}
		panic(&tensor.Error{Kind: "RuntimeError", Msg: fmt.Sprintf("Trying to create tensor with negative dimension %d: [%d, %d]", neg, out, in)})
	}
	l := &Linear{InFeatures: in, OutFeatures: out}
	w := tensor.Empty(out, in)
	kaimingUniform(w, in)
	l.Weight = newParameter(w)
	if len(bias) == 0 || bias[0] {
		b := tensor.Empty(out)
		bound := 0.0
		if in > 0 {
			bound = 1 / math.Sqrt(float64(in))
		}
		tensor.Default.Uniform_(b, -bound, bound)
		l.Bias = newParameter(b)
	}
	return l
}

// kaimingUniform is torch.nn.init.kaiming_uniform_(w, a=sqrt(5)) for fan_in mode and the
// leaky_relu gain, in the same float64 steps as PyTorch so that the bound, and with it
// every drawn value, is the same to the last bit.
func kaimingUniform(w *tensor.Array, fanIn int) {
	if w.Numel() == 0 {
		return // PyTorch warns "Initializing zero-element tensors is a no-op"
	}
	a := math.Sqrt(5)
	gain := math.Sqrt(2.0 / (1 + a*a))
	std := gain / math.Sqrt(float64(fanIn))
	bound := math.Sqrt(3.0) * std
	tensor.Default.Uniform_(w, -bound, bound)
}

// Forward applies the layer to x, whose last dim must be InFeatures. The graph is
// PyTorch's: one AddmmBackward0 for a matrix with bias, a matmul (and an add of the
// bias) otherwise.
func (l *Linear) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.Linear(x, l.Weight, l.Bias)
}

// Parameters returns the weight, then the bias if there is one.
func (l *Linear) Parameters() []*autograd.Tensor {
	if l.Bias == nil {
		return []*autograd.Tensor{l.Weight}
	}
	return []*autograd.Tensor{l.Weight, l.Bias}
}

// NamedParameters returns ("weight", Weight) and ("bias", Bias).
func (l *Linear) NamedParameters() []NamedParameter {
	ps := []NamedParameter{{"weight", l.Weight}}
	if l.Bias != nil {
		ps = append(ps, NamedParameter{"bias", l.Bias})
	}
	return ps
}

// String is PyTorch's repr: Linear(in_features=1, out_features=1, bias=True).
func (l *Linear) String() string {
	return fmt.Sprintf("Linear(in_features=%d, out_features=%d, bias=%s)", l.InFeatures, l.OutFeatures, autograd.PyBool(l.Bias != nil))
}
