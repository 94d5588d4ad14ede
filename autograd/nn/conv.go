package nn

import (
	"fmt"
	"math"

	"github.com/gograd/gograd/autograd"
	F "github.com/gograd/gograd/autograd/nn/functional"
	"github.com/gograd/gograd/tensor"
)

// Conv2d is torch.nn.Conv2d over F.Conv2d: Weight (Out, In/Groups, KH, KW), Bias (Out)
// or nil.
type Conv2d struct {
	Mode
	InChannels, OutChannels int
	KernelSize              [2]int
	Stride, Padding         [2]int
	Dilation                [2]int
	Groups                  int
	Weight, Bias            *autograd.Tensor
	opts                    []F.ConvOption
}

// NewConv2d makes the layer: kernel is one number or two, then F's Stride, Padding,
// Dilation and Groups options, and false for a layer without bias. Initialised as
// PyTorch 1.13 does from tensor.Default: the weight by kaiming_uniform_(a=sqrt(5)),
// then the bias uniform on ±1/sqrt(fan_in), fan_in = In/Groups·KH·KW.
//
//	conv1 := nn.NewConv2d(1, 6, []int{5})
func NewConv2d(in, out int, kernel []int, opts ...any) *Conv2d {
	k := kernelPair(kernel)
	m := &Conv2d{InChannels: in, OutChannels: out, KernelSize: k}
	m.Weight, m.Bias, m.opts = convParams("Conv2d", in, out, k[:], opts)
	m.Stride, m.Padding, m.Dilation, m.Groups = F.ConvSettings(m.opts...)
	return m
}

// convParams reads a conv layer's options (F's ConvOptions, false for no bias) and
// makes its parameters as PyTorch 1.13 initialises them from tensor.Default: the weight
// (out, in/groups, kernel...) by kaiming_uniform_(a=sqrt(5)), then the bias uniform on
// ±1/sqrt(fan_in), fan_in = in/groups·Πkernel.
func convParams(name string, in, out int, kernel []int, opts []any) (weight, bias *autograd.Tensor, copts []F.ConvOption) {
	hasBias := true
	for _, o := range opts {
		switch v := o.(type) {
		case F.ConvOption:
			copts = append(copts, v)
		case bool:
			hasBias = v
		default:
			panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("%s: unexpected option %T", name, o)})
		}
	}
	_, _, _, groups := F.ConvSettings(copts...)
	if groups < 1 || in%groups != 0 || out%groups != 0 {
		panic(&tensor.Error{Kind: "ValueError", Msg: "in_channels and out_channels must be divisible by groups"})
	}
	fanIn := in / groups
	for _, k := range kernel {
		fanIn *= k
	}
	w := tensor.Empty(append([]int{out, in / groups}, kernel...)...)
	kaimingUniform(w, fanIn)
	weight = newParameter(w)
	if hasBias {
		b := tensor.Empty(out)
		bound := 0.0
		if fanIn > 0 {
			bound = 1 / math.Sqrt(float64(fanIn))
		}
		tensor.Default.Uniform_(b, -bound, bound)
		bias = newParameter(b)
	}
	return weight, bias, copts
}

func kernelPair(k []int) [2]int {
	switch len(k) {
	case 1:
		return [2]int{k[0], k[0]}
	case 2:
		return [2]int{k[0], k[1]}
	}
	panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("kernel_size must be one or two ints, got %d", len(k))})
}

// Forward is F.Conv2d(x, Weight, Bias, options) (ConvolutionBackward0).
func (m *Conv2d) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.Conv2d(x, m.Weight, m.Bias, m.opts...)
}

// Parameters are Weight then Bias (when present).
func (m *Conv2d) Parameters() []*autograd.Tensor {
	if m.Bias == nil {
		return []*autograd.Tensor{m.Weight}
	}
	return []*autograd.Tensor{m.Weight, m.Bias}
}

// NamedParameters are weight and bias.
func (m *Conv2d) NamedParameters() []NamedParameter {
	out := []NamedParameter{{"weight", m.Weight}}
	if m.Bias != nil {
		out = append(out, NamedParameter{"bias", m.Bias})
	}
	return out
}

// String is PyTorch's repr: Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1)), with
// padding, dilation, groups and bias=False shown when not the defaults.
func (m *Conv2d) String() string {
	s := fmt.Sprintf("Conv2d(%d, %d, kernel_size=%s, stride=%s", m.InChannels, m.OutChannels, pyTuple(m.KernelSize[:]), pyTuple(m.Stride[:]))
	if m.Padding != [2]int{} {
		s += ", padding=" + pyTuple(m.Padding[:])
	}
	if m.Dilation != [2]int{1, 1} {
		s += ", dilation=" + pyTuple(m.Dilation[:])
	}
	if m.Groups != 1 {
		s += fmt.Sprintf(", groups=%d", m.Groups)
	}
	if m.Bias == nil {
		s += ", bias=False"
	}
	return s + ")"
}

// MaxPool2d is torch.nn.MaxPool2d over F.MaxPool2d.
type MaxPool2d struct {
	noParams
	kernel, stride, padding, dilation []int // as given, for the repr
	opts                              []F.ConvOption
}

// NewMaxPool2d makes the module: kernel is one number or two, then F's Stride, Padding
// and Dilation options (the stride is the kernel's when not given).
//
//	pool := nn.NewMaxPool2d([]int{2})
func NewMaxPool2d(kernel []int, opts ...F.ConvOption) *MaxPool2d {
	kernelPair(kernel)
	st, pd, dl := F.PoolSettings(kernel, opts...)
	return &MaxPool2d{kernel: kernel, stride: compact(st), padding: compact(pd), dilation: compact(dl), opts: opts}
}

// compact is a pair as the user most likely gave it: one number when both are equal.
func compact(v [2]int) []int {
	if v[0] == v[1] {
		return []int{v[0]}
	}
	return v[:]
}

// Forward is F.MaxPool2d(x, kernel, options) (MaxPool2DWithIndicesBackward0).
func (m *MaxPool2d) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.MaxPool2d(x, m.kernel, m.opts...)
}

// String is PyTorch's repr: MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1,
// ceil_mode=False); the kernel as given, the others as one number when both dims agree
// (torch shows them as given: a pair given as (2, 2) prints as 2 here).
func (m *MaxPool2d) String() string {
	return fmt.Sprintf("MaxPool2d(kernel_size=%s, stride=%s, padding=%s, dilation=%s, ceil_mode=False)",
		shown(m.kernel), shown(m.stride), shown(m.padding), shown(m.dilation))
}

// pyTuple prints ints as a Python tuple.
func pyTuple(v []int) string { return autograd.FormatValue(v) }

// AvgPool2d is torch.nn.AvgPool2d over F.AvgPool2d.
type AvgPool2d struct {
	noParams
	kernel, stride, padding []int // as given, for the repr
	opts                    []F.ConvOption
}

// NewAvgPool2d makes the module: kernel is one number or two, then F's Stride and
// Padding options (the stride is the kernel's when not given).
func NewAvgPool2d(kernel []int, opts ...F.ConvOption) *AvgPool2d {
	kernelPair(kernel)
	st, pd, _ := F.PoolSettings(kernel, opts...)
	return &AvgPool2d{kernel: kernel, stride: compact(st), padding: compact(pd), opts: opts}
}

// Forward is F.AvgPool2d(x, kernel, options) (AvgPool2DBackward0).
func (m *AvgPool2d) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.AvgPool2d(x, m.kernel, m.opts...)
}

// String is PyTorch's repr: AvgPool2d(kernel_size=2, stride=2, padding=0).
func (m *AvgPool2d) String() string {
	return fmt.Sprintf("AvgPool2d(kernel_size=%s, stride=%s, padding=%s)", shown(m.kernel), shown(m.stride), shown(m.padding))
}

// shown is a pooling argument as torch's repr shows it: one number, or a tuple.
func shown(v []int) string {
	if len(v) == 1 {
		return fmt.Sprint(v[0])
	}
	return pyTuple(v)
}

// AdaptiveAvgPool2d is torch.nn.AdaptiveAvgPool2d over F.AdaptiveAvgPool2d.
type AdaptiveAvgPool2d struct {
	noParams
	OutputSize []int // one number or two, as given
}

// NewAdaptiveAvgPool2d makes the module for an output of size (one number or two).
func NewAdaptiveAvgPool2d(size []int) *AdaptiveAvgPool2d {
	kernelPair(size)
	return &AdaptiveAvgPool2d{OutputSize: size}
}

// Forward is F.AdaptiveAvgPool2d(x, size) (AdaptiveAvgPool2DBackward0).
func (m *AdaptiveAvgPool2d) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.AdaptiveAvgPool2d(x, m.OutputSize)
}

// String is PyTorch's repr: AdaptiveAvgPool2d(output_size=(3, 2)).
func (m *AdaptiveAvgPool2d) String() string {
	return "AdaptiveAvgPool2d(output_size=" + shown(m.OutputSize) + ")"
}
