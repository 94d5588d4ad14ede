package F

import (
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/autograd/internal/gradcheck"
)

// vals are fixed float64 inputs away from every kink the ops have (0, ±1, ±0.5 and
// the smooth/huber switch points for the targets below).
var (
	x34 = []float64{-1.7, -0.8, -0.3, 0.2, 0.7, 1.3, 2.1, -2.4, 0.45, -0.15, 1.9, -1.2}
	t34 = []float64{0.3, -0.2, 0.9, -0.6, 0.1, 2.0, 1.75, -1.3, 0.05, 0.6, 0.4, -2.05}
	p34 = []float64{0.2, 0.7, 0.45, 0.9, 0.3, 0.6, 0.15, 0.8, 0.55, 0.35, 0.65, 0.25}
	q34 = []float64{0.1, 0.9, 0.5, 0.3, 0.0, 1.0, 0.25, 0.75, 0.6, 0.4, 0.2, 0.8}
)

func in34(v []float64) gradcheck.Input { return gradcheck.Input{Values: v, Shape: []int{3, 4}} }
func const34(v []float64) gradcheck.Input {
	return gradcheck.Input{Values: v, Shape: []int{3, 4}, Const: true}
}

// Every op, first and second order, in float64.
func TestGradcheck(t *testing.T) {
	targets := gradcheck.Input{Values: []float64{0, 3, 1}, Shape: []int{3}, Const: true}
	w4 := autograd.New([]float64{0.5, 1, 2, 1.5}, autograd.Float64)
	pw := autograd.New([]float64{1, 2, 0.5, 3}, autograd.Float64)
	one := func(f func(*Tensor) *Tensor) func([]*Tensor) *Tensor {
		return func(x []*Tensor) *Tensor { return f(x[0]) }
	}
	two := func(f func(a, b *Tensor) *Tensor) func([]*Tensor) *Tensor {
		return func(x []*Tensor) *Tensor { return f(x[0], x[1]) }
	}
	long := func(x *Tensor) *Tensor { return x.Long() }
	cases := []struct {
		name   string
		f      func([]*Tensor) *Tensor
		inputs []gradcheck.Input
	}{
		{"softmax dim 1", one(func(x *Tensor) *Tensor { return Softmax(x, 1) }), []gradcheck.Input{in34(x34)}},
		{"softmax dim 0", one(func(x *Tensor) *Tensor { return Softmax(x, 0) }), []gradcheck.Input{in34(x34)}},
		{"log_softmax dim -1", one(func(x *Tensor) *Tensor { return LogSoftmax(x, -1) }), []gradcheck.Input{in34(x34)}},
		{"log_softmax dim 0", one(func(x *Tensor) *Tensor { return LogSoftmax(x, 0) }), []gradcheck.Input{in34(x34)}},
		{"leaky_relu", one(func(x *Tensor) *Tensor { return LeakyRelu(x, 0.2) }), []gradcheck.Input{in34(x34)}},
		{"elu", one(func(x *Tensor) *Tensor { return Elu(x, 0.7) }), []gradcheck.Input{in34(x34)}},
		{"gelu", one(func(x *Tensor) *Tensor { return Gelu(x) }), []gradcheck.Input{in34(x34)}},
		{"gelu tanh", one(func(x *Tensor) *Tensor { return Gelu(x, "tanh") }), []gradcheck.Input{in34(x34)}},
		{"silu", one(Silu), []gradcheck.Input{in34(x34)}},
		{"softplus", one(func(x *Tensor) *Tensor { return Softplus(x, 2, 3) }), []gradcheck.Input{in34(x34)}},
		{"hardtanh", one(func(x *Tensor) *Tensor { return Hardtanh(x, -1.5, 1) }), []gradcheck.Input{in34(x34)}},
		{"mse_loss", two(func(a, b *Tensor) *Tensor { return MSELoss(a, b) }), []gradcheck.Input{in34(x34), in34(t34)}},
		{"mse_loss none", two(func(a, b *Tensor) *Tensor { return MSELoss(a, b, Reduction("none")) }), []gradcheck.Input{in34(x34), in34(t34)}},
		{"l1_loss", two(func(a, b *Tensor) *Tensor { return L1Loss(a, b, Reduction("sum")) }), []gradcheck.Input{in34(x34), in34(t34)}},
		{"smooth_l1_loss", two(func(a, b *Tensor) *Tensor { return SmoothL1Loss(a, b, Beta(0.9)) }), []gradcheck.Input{in34(x34), in34(t34)}},
		{"huber_loss", two(func(a, b *Tensor) *Tensor { return HuberLoss(a, b, Delta(0.9), Reduction("sum")) }), []gradcheck.Input{in34(x34), in34(t34)}},
		{"nll_loss", two(func(a, b *Tensor) *Tensor { return NLLLoss(a, long(b), Weight(w4)) }), []gradcheck.Input{in34(x34), targets}},
		{"cross_entropy", two(func(a, b *Tensor) *Tensor { return CrossEntropy(a, long(b)) }), []gradcheck.Input{in34(x34), targets}},
		{"cross_entropy weight smoothing", two(func(a, b *Tensor) *Tensor {
			return CrossEntropy(a, long(b), Weight(w4), LabelSmoothing(0.2), IgnoreIndex(1))
		}), []gradcheck.Input{in34(x34), targets}},
		{"cross_entropy (N, C, H, W) smoothing", two(func(a, b *Tensor) *Tensor {
			return CrossEntropy(a, long(b), LabelSmoothing(0.1), Reduction("sum"))
		}), []gradcheck.Input{{Values: x34, Shape: []int{1, 3, 2, 2}}, {Values: []float64{0, 2, 1, 1}, Shape: []int{1, 2, 2}, Const: true}}},
		{"nll_loss (N, C, d) none", two(func(a, b *Tensor) *Tensor { return NLLLoss(a, long(b), Reduction("none")) }),
			[]gradcheck.Input{{Values: x34, Shape: []int{2, 3, 2}}, {Values: []float64{0, 2, 1, 1}, Shape: []int{2, 2}, Const: true}}},
		{"cross_entropy probs", two(func(a, b *Tensor) *Tensor { return CrossEntropy(a, b, LabelSmoothing(0.1)) }), []gradcheck.Input{in34(x34), in34(p34)}},
		{"binary_cross_entropy", two(func(a, b *Tensor) *Tensor { return BinaryCrossEntropy(a, b) }), []gradcheck.Input{in34(p34), const34(q34)}},
		{"binary_cross_entropy_with_logits", two(func(a, b *Tensor) *Tensor { return BinaryCrossEntropyWithLogits(a, b, PosWeight(pw)) }), []gradcheck.Input{in34(x34), in34(q34)}},
		{"linear", func(x []*Tensor) *Tensor { return Linear(x[0], x[1], x[2]) }, []gradcheck.Input{
			{Values: x34[:6], Shape: []int{2, 3}}, {Values: t34, Shape: []int{4, 3}}, {Values: p34[:4], Shape: []int{4}}}},
		{"conv2d", func(x []*Tensor) *Tensor { return Conv2d(x[0], x[1], x[2], Padding(1)) }, []gradcheck.Input{
			{Values: x34[:9], Shape: []int{1, 1, 3, 3}}, {Values: t34[:8], Shape: []int{2, 1, 2, 2}}, {Values: p34[:2], Shape: []int{2}}}},
		{"conv2d groups stride dilation", func(x []*Tensor) *Tensor {
			return Conv2d(x[0], x[1], nil, Groups(2), Stride(2, 1), Dilation(1, 2), Padding(1))
		}, []gradcheck.Input{{Values: append(x34, t34[:6]...), Shape: []int{1, 2, 3, 3}}, {Values: p34[:8], Shape: []int{2, 1, 2, 2}}}},
		{"conv1d", func(x []*Tensor) *Tensor { return Conv1d(x[0], x[1], x[2], Padding(1)) }, []gradcheck.Input{
			{Values: x34[:10], Shape: []int{1, 2, 5}}, {Values: t34[:12], Shape: []int{3, 2, 2}}, {Values: p34[:3], Shape: []int{3}}}},
		{"conv1d groups stride dilation unbatched", func(x []*Tensor) *Tensor {
			return Conv1d(x[0], x[1], nil, Groups(2), Stride(2), Dilation(2), Padding(1))
		}, []gradcheck.Input{{Values: append(x34, t34[:2]...), Shape: []int{2, 7}}, {Values: p34[:8], Shape: []int{4, 1, 2}}}},
		{"max_pool2d", one(func(x *Tensor) *Tensor { return MaxPool2d(x, []int{2}, Stride(1), Padding(1)) }),
			[]gradcheck.Input{{Values: append(x34, t34[:6]...), Shape: []int{1, 2, 3, 3}}}},
		{"avg_pool2d", one(func(x *Tensor) *Tensor { return AvgPool2d(x, []int{2}, Stride(1), Padding(1)) }),
			[]gradcheck.Input{{Values: append(x34, t34[:6]...), Shape: []int{1, 2, 3, 3}}}},
		{"adaptive_avg_pool2d", one(func(x *Tensor) *Tensor { return AdaptiveAvgPool2d(x, []int{2, 2}) }),
			[]gradcheck.Input{{Values: append(x34, t34[:6]...), Shape: []int{2, 3, 3}}}},
		{"normalize", one(func(x *Tensor) *Tensor { return Normalize(x, 1) }), []gradcheck.Input{in34(x34)}},
		{"normalize p=1 dim 0", one(func(x *Tensor) *Tensor { return Normalize(x, 0, 1) }), []gradcheck.Input{in34(x34)}},
		{"pad", one(func(x *Tensor) *Tensor { return Pad(x, []int{1, 0, 0, 2}, 0.5) }), []gradcheck.Input{in34(x34)}},
		{"binary_cross_entropy_with_logits none", two(func(a, b *Tensor) *Tensor {
			return BinaryCrossEntropyWithLogits(a, b, Reduction("none"), Weight(pw))
		}), []gradcheck.Input{in34(x34), in34(q34)}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { gradcheck.Check(t, c.f, c.inputs, 1e-5) })
	}
}

// Misuses fail with torch's exception class and message.
func TestErrors(t *testing.T) {
	g := loadGolden(t)
	a34 := func() *Tensor { return autograd.Ones(3, 4, autograd.RequiresGrad) }
	long := func(v ...int) *Tensor { return autograd.New(v) }
	cases := map[string]func(){
		"mse_shapes":       func() { MSELoss(a34(), autograd.Ones(3, 5)) },
		"mse_reduction":    func() { MSELoss(a34(), autograd.Ones(3, 4), Reduction("avg")) },
		"ce_target_shape":  func() { CrossEntropy(a34(), long(0, 1)) },
		"ce_target_range":  func() { CrossEntropy(a34(), long(0, 1, 4)) },
		"ce_target_dtype":  func() { CrossEntropy(a34(), autograd.New([]float64{0, 1, 2})) },
		"nll_target_range": func() { NLLLoss(a34(), long(0, 1, -1)) },
		"nll_weight_shape": func() { NLLLoss(a34(), long(0, 1, 2), Weight(autograd.Ones(3))) },
		"bce_shapes": func() {
			BinaryCrossEntropy(autograd.Full(0.5, 3, 4, autograd.RequiresGrad), autograd.Ones(3))
		},
		"bce_range":           func() { BinaryCrossEntropy(autograd.Full(1.5, 3), autograd.Ones(3)) },
		"bcel_shapes":         func() { BinaryCrossEntropyWithLogits(a34(), autograd.Ones(4, 3)) },
		"softmax_dim":         func() { Softmax(a34(), 2) },
		"gelu_approx":         func() { Gelu(a34(), "fast") },
		"softmax_int":         func() { Softmax(long(1, 2), 0) },
		"one_hot_range":       func() { OneHot(long(0, 3), 3) },
		"one_hot_negative":    func() { OneHot(long(0, -1), 3) },
		"one_hot_float":       func() { OneHot(autograd.New([]float64{0, 1}), 3) },
		"pad_odd":             func() { Pad(a34(), []int{1, 2, 3}) },
		"conv_input_dim":      func() { Conv2d(autograd.Ones(3, 4), autograd.Ones(4, 3, 3, 3), nil) },
		"conv_channels":       func() { Conv2d(autograd.Ones(1, 4, 8, 8), autograd.Ones(4, 3, 3, 3), nil) },
		"conv_groups":         func() { Conv2d(autograd.Ones(1, 6, 8, 8), autograd.Ones(4, 3, 3, 3), nil, Groups(4)) },
		"pool_pad":            func() { MaxPool2d(autograd.Ones(1, 1, 4, 4), []int{2}, Padding(2)) },
		"pool_dim":            func() { MaxPool2d(autograd.Ones(3, 4), []int{2}) },
		"conv_small":          func() { Conv2d(autograd.Ones(1, 3, 2, 2), autograd.Ones(4, 3, 3, 3), nil) },
		"conv1d_input_dim":    func() { Conv1d(autograd.Ones(3, 4, 5, 6), autograd.Ones(4, 3, 3), nil) },
		"conv1d_channels":     func() { Conv1d(autograd.Ones(1, 4, 8), autograd.Ones(4, 3, 3), nil) },
		"conv1d_groups":       func() { Conv1d(autograd.Ones(1, 6, 8), autograd.Ones(4, 3, 3), nil, Groups(4)) },
		"conv1d_small":        func() { Conv1d(autograd.Ones(1, 3, 2), autograd.Ones(4, 3, 3), nil) },
		"conv1d_stride_len":   func() { Conv1d(autograd.Ones(1, 3, 8), autograd.Ones(4, 3, 3), nil, Stride(1, 2)) },
		"conv1d_padding_len":  func() { Conv1d(autograd.Ones(1, 3, 8), autograd.Ones(4, 3, 3), nil, Padding(1, 2)) },
		"conv1d_weight_dim":   func() { Conv1d(autograd.Ones(3, 8), autograd.Ones(4, 3, 3, 3), nil) },
		"conv1d_weight_2d":    func() { Conv1d(autograd.Ones(1, 3, 8), autograd.Ones(4, 3), nil) },
		"conv1d_negative_pad": func() { Conv1d(autograd.Ones(1, 3, 8), autograd.Ones(4, 3, 3), nil, Padding(-1)) },
		"conv1d_stride0":      func() { Conv1d(autograd.Ones(1, 3, 8), autograd.Ones(4, 3, 3), nil, Stride(0)) },
		"conv1d_dilation0":    func() { Conv1d(autograd.Ones(1, 3, 8), autograd.Ones(4, 3, 3), nil, Dilation(0)) },
		"conv1d_groups0":      func() { Conv1d(autograd.Ones(1, 3, 8), autograd.Ones(4, 3, 3), nil, Groups(0)) },
		"conv1d_bias":         func() { Conv1d(autograd.Ones(1, 3, 8), autograd.Ones(4, 3, 3), autograd.Ones(3)) },
		"conv2d_weight_5d":    func() { Conv2d(autograd.Ones(1, 3, 8, 8), autograd.Ones(4, 3, 3, 3, 3), nil) },
		"conv2d_padding_len":  func() { Conv2d(autograd.Ones(1, 3, 8, 8), autograd.Ones(4, 3, 3, 3), nil, Padding(1, 1, 1)) },
		"conv2d_bias":         func() { Conv2d(autograd.Ones(1, 3, 8, 8), autograd.Ones(4, 3, 3, 3), autograd.Ones(2, 2)) },
		"conv2d_dilation0":    func() { Conv2d(autograd.Ones(1, 3, 8, 8), autograd.Ones(4, 3, 3, 3), nil, Dilation(0)) },
		"dropout_p":           func() { Dropout(a34(), 1.5) },
		"linear_shapes":       func() { Linear(a34(), autograd.Ones(2, 3), nil) },
	}
	checkErrorTexts(t, cases, g.Errors)
}

// The ops save through autograd.NewOp: a second backward finds them freed, and an
// in-place change of a saved input is caught, with torch's errors.
func TestSavedTensorsChecked(t *testing.T) {
	const twice = "RuntimeError: Trying to backward through the graph a second time"
	x := autograd.New([]float64{0.2, -0.4, 1.5}, autograd.RequiresGrad)
	y := autograd.New([]float64{0.1, 0.3, 1.0})
	for name, f := range map[string]func() *Tensor{
		"mse_loss":   func() *Tensor { return MSELoss(x, y) },
		"softmax":    func() *Tensor { return Softmax(x, 0).Sum() },
		"leaky_relu": func() *Tensor { return LeakyRelu(x).Sum() },
		"nll_loss":   func() *Tensor { return NLLLoss(x, autograd.New(1)) },
	} {
		l := f()
		l.Backward()
		if got := golden.PanicText(func() { l.Backward() }); len(got) < len(twice) || got[:len(twice)] != twice {
			t.Errorf("%s: second backward: %q", name, got)
		}
	}
	k := autograd.New([]float64{0.1, 0.3, 1.0})
	l := MSELoss(x, k)
	k.Add_(1)
	if got := golden.PanicText(func() { l.Backward() }); len(got) < 60 || got[:60] != "RuntimeError: one of the variables needed for gradient compu" {
		t.Errorf("in-place change of a saved target: %q", got)
	}
}
