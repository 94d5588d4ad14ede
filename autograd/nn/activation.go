package nn

import (
	"fmt"
	"math"

	"github.com/gograd/gograd/autograd"
	F "github.com/gograd/gograd/autograd/nn/functional"
)

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

// noParams is embedded by the modules without parameters: the training flag and
// empty parameter lists.
type noParams struct{ Mode }

// Parameters is empty.
func (*noParams) Parameters() []*autograd.Tensor { return nil }

// NamedParameters is empty.
func (*noParams) NamedParameters() []NamedParameter { return nil }

// pyFloat prints a float as Python prints a float argument (1.0, 0.01).
func pyFloat(v float64) string { return autograd.FormatValue(v) }

// pyNum prints an argument torch's default gives as an int (softplus's beta=1,
// threshold=20) as an int when it is integral.
func pyNum(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return fmt.Sprint(int64(v))
	}
	return pyFloat(v)
}

// LeakyReLU is torch.nn.LeakyReLU(negative_slope=0.01) over F.LeakyRelu.
type LeakyReLU struct {
	noParams
	NegativeSlope float64
}

// NewLeakyReLU makes the module; the slope is 0.01 when not given.
func NewLeakyReLU(negativeSlope ...float64) *LeakyReLU {
	return &LeakyReLU{NegativeSlope: argOr(negativeSlope, 0.01)}
}

// Forward is F.LeakyRelu(x, slope) (LeakyReluBackward0).
func (m *LeakyReLU) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.LeakyRelu(x, m.NegativeSlope)
}

func (m *LeakyReLU) String() string {
	return "LeakyReLU(negative_slope=" + pyFloat(m.NegativeSlope) + ")"
}

// ELU is torch.nn.ELU(alpha=1.0) over F.Elu.
type ELU struct {
	noParams
	Alpha float64
}

// NewELU makes the module; alpha is 1 when not given.
func NewELU(alpha ...float64) *ELU { return &ELU{Alpha: argOr(alpha, 1)} }

// Forward is F.Elu(x, alpha) (EluBackward0).
func (m *ELU) Forward(x *autograd.Tensor) *autograd.Tensor { return F.Elu(x, m.Alpha) }

func (m *ELU) String() string { return "ELU(alpha=" + pyFloat(m.Alpha) + ")" }

// GELU is torch.nn.GELU(approximate='none') over F.Gelu.
type GELU struct {
	noParams
	Approximate string
}

// NewGELU makes the module; approximate is "none" when not given ("tanh" otherwise).
func NewGELU(approximate ...string) *GELU {
	a := "none"
	if len(approximate) > 0 {
		a = approximate[0]
	}
	return &GELU{Approximate: a}
}

// Forward is F.Gelu(x, approximate) (GeluBackward0).
func (m *GELU) Forward(x *autograd.Tensor) *autograd.Tensor { return F.Gelu(x, m.Approximate) }

func (m *GELU) String() string { return "GELU(approximate='" + m.Approximate + "')" }

// SiLU is torch.nn.SiLU over F.Silu.
type SiLU struct{ noParams }

// NewSiLU makes the module.
func NewSiLU() *SiLU { return &SiLU{} }

// Forward is F.Silu(x) (SiluBackward0).
func (*SiLU) Forward(x *autograd.Tensor) *autograd.Tensor { return F.Silu(x) }

func (*SiLU) String() string { return "SiLU()" }

// Softplus is torch.nn.Softplus(beta=1, threshold=20) over F.Softplus.
type Softplus struct {
	noParams
	Beta, Threshold float64
}

// NewSoftplus makes the module: beta then threshold, 1 and 20 when not given.
func NewSoftplus(betaThreshold ...float64) *Softplus {
	return &Softplus{Beta: argOr(betaThreshold, 1), Threshold: argOr(tail(betaThreshold), 20)}
}

// Forward is F.Softplus(x, beta, threshold) (SoftplusBackward0).
func (m *Softplus) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.Softplus(x, m.Beta, m.Threshold)
}

func (m *Softplus) String() string {
	return "Softplus(beta=" + pyNum(m.Beta) + ", threshold=" + pyNum(m.Threshold) + ")"
}

// Sigmoid is torch.nn.Sigmoid.
type Sigmoid struct{ noParams }

// NewSigmoid makes the module.
func NewSigmoid() *Sigmoid { return &Sigmoid{} }

// Forward is x.Sigmoid() (SigmoidBackward0).
func (*Sigmoid) Forward(x *autograd.Tensor) *autograd.Tensor { return x.Sigmoid() }

func (*Sigmoid) String() string { return "Sigmoid()" }

// Tanh is torch.nn.Tanh.
type Tanh struct{ noParams }

// NewTanh makes the module.
func NewTanh() *Tanh { return &Tanh{} }

// Forward is x.Tanh() (TanhBackward0).
func (*Tanh) Forward(x *autograd.Tensor) *autograd.Tensor { return x.Tanh() }

func (*Tanh) String() string { return "Tanh()" }

// Hardtanh is torch.nn.Hardtanh(min_val=-1.0, max_val=1.0) over F.Hardtanh.
type Hardtanh struct {
	noParams
	MinVal, MaxVal float64
}

// NewHardtanh makes the module: min then max, -1 and 1 when not given.
func NewHardtanh(minMax ...float64) *Hardtanh {
	return &Hardtanh{MinVal: argOr(minMax, -1), MaxVal: argOr(tail(minMax), 1)}
}

// Forward is F.Hardtanh(x, min, max) (HardtanhBackward0).
func (m *Hardtanh) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.Hardtanh(x, m.MinVal, m.MaxVal)
}

func (m *Hardtanh) String() string {
	return "Hardtanh(min_val=" + pyFloat(m.MinVal) + ", max_val=" + pyFloat(m.MaxVal) + ")"
}

// Softmax is torch.nn.Softmax(dim) over F.Softmax (the dim is required: torch's
// implicit choice is deprecated).
type Softmax struct {
	noParams
	Dim int
}

// NewSoftmax makes the module.
func NewSoftmax(dim int) *Softmax { return &Softmax{Dim: dim} }

// Forward is F.Softmax(x, dim) (SoftmaxBackward0).
func (m *Softmax) Forward(x *autograd.Tensor) *autograd.Tensor { return F.Softmax(x, m.Dim) }

func (m *Softmax) String() string { return fmt.Sprintf("Softmax(dim=%d)", m.Dim) }

// LogSoftmax is torch.nn.LogSoftmax(dim) over F.LogSoftmax.
type LogSoftmax struct {
	noParams
	Dim int
}

// NewLogSoftmax makes the module.
func NewLogSoftmax(dim int) *LogSoftmax { return &LogSoftmax{Dim: dim} }

// Forward is F.LogSoftmax(x, dim) (LogSoftmaxBackward0).
func (m *LogSoftmax) Forward(x *autograd.Tensor) *autograd.Tensor { return F.LogSoftmax(x, m.Dim) }

func (m *LogSoftmax) String() string { return fmt.Sprintf("LogSoftmax(dim=%d)", m.Dim) }

// argOr is the first of xs, or def.
func argOr(xs []float64, def float64) float64 {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

// tail is xs without its first element.
func tail(xs []float64) []float64 {
	if len(xs) > 0 {
		return xs[1:]
	}
	return nil
}

// Dropout is torch.nn.Dropout(p=0.5) over F.Dropout: it drops while the module is
// training (Train, the default) and passes x through after Eval.
type Dropout struct {
	noParams
	P float64
}

// NewDropout makes the module; p is 0.5 when not given.
func NewDropout(p ...float64) *Dropout { return &Dropout{P: argOr(p, 0.5)} }

// Forward is F.Dropout(x, p, training).
func (m *Dropout) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.Dropout(x, m.P, m.Training())
}

func (m *Dropout) String() string { return "Dropout(p=" + pyFloat(m.P) + ", inplace=False)" }
