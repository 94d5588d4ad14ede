package nn

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	F "github.com/gograd/gograd/autograd/nn/functional"
)

// Conv1d is torch.nn.Conv1d over F.Conv1d: Weight (Out, In/Groups, K), Bias (Out) or
// nil. Its sizes are single numbers (torch keeps them as 1-tuples).
type Conv1d struct {
	Mode
	InChannels, OutChannels int
	KernelSize, Stride      int
	Padding, Dilation       int
	Groups                  int
	Weight, Bias            *autograd.Tensor
	opts                    []F.ConvOption
}

// NewConv1d makes the layer: the kernel's size, then F's Stride, Padding, Dilation and
// Groups options (one number each), and false for a layer without bias. Initialised as
// PyTorch 1.13 does (see NewConv2d), fan_in = In/Groups·K.
//
//	conv := nn.NewConv1d(16, 33, 3, F.Stride(2))
func NewConv1d(in, out, kernel int, opts ...any) *Conv1d {
	m := &Conv1d{InChannels: in, OutChannels: out, KernelSize: kernel}
	m.Weight, m.Bias, m.opts = convParams("Conv1d", in, out, []int{kernel}, opts)
	st, pd, dl, g := F.ConvSettings(m.opts...)
	m.Stride, m.Padding, m.Dilation, m.Groups = st[1], pd[1], dl[1], g
	return m
}

// Forward is F.Conv1d(x, Weight, Bias, options) (ConvolutionBackward0).
func (m *Conv1d) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.Conv1d(x, m.Weight, m.Bias, m.opts...)
}

// Parameters are Weight then Bias (when present).
func (m *Conv1d) Parameters() []*autograd.Tensor { return ParametersOf(m) }

// NamedParameters are weight and bias.
func (m *Conv1d) NamedParameters() []NamedParameter { return NamedParametersOf(m) }

// String is PyTorch's repr: Conv1d(16, 33, kernel_size=(3,), stride=(2,)), with
// padding, dilation, groups and bias=False shown when not the defaults.
func (m *Conv1d) String() string {
	s := fmt.Sprintf("Conv1d(%d, %d, kernel_size=(%d,), stride=(%d,)", m.InChannels, m.OutChannels, m.KernelSize, m.Stride)
	if m.Padding != 0 {
		s += fmt.Sprintf(", padding=(%d,)", m.Padding)
	}
	if m.Dilation != 1 {
		s += fmt.Sprintf(", dilation=(%d,)", m.Dilation)
	}
	if m.Groups != 1 {
		s += fmt.Sprintf(", groups=%d", m.Groups)
	}
	if m.Bias == nil {
		s += ", bias=False"
	}
	return s + ")"
}
