package F

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/tensor"
)

// golden is testdata/functional_golden.json (gen_functional.py, torch 1.13).
type goldenFile struct {
	Cases []struct {
		Fn       string
		Inputs   []spec
		Kwargs   map[string]any
		Out      []float64
		OutShape []int  `json:"out_shape"`
		OutDType string `json:"out_dtype"`
		GradFn   string `json:"grad_fn"`
		Attrs    map[string]string
		Grads    [][]float64
	}
	Errors  map[string]string
	Dropout []struct {
		Seed   uint64
		Shape  []int
		DType  string
		P      float64
		Out    []float64
		Grad   []float64
		GradFn string `json:"grad_fn"`
		Next   []*string
	}
}

type spec struct {
	Data         []float64
	Shape        []int
	DType        string
	RequiresGrad bool `json:"requires_grad"`
}

var dtypes = map[string]tensor.DType{"float32": tensor.Float32, "float64": tensor.Float64, "int64": tensor.Int64}

func (s spec) build() *Tensor {
	a := tensor.FromFloat64(append([]float64(nil), s.Data...), s.Shape...).To(dtypes[s.DType])
	t := autograd.FromArray(a)
	if s.RequiresGrad {
		t.RequiresGrad_(true)
	}
	return t
}

func loadGolden(t *testing.T) goldenFile {
	t.Helper()
	var g goldenFile
	golden.Load(t, "testdata/functional_golden.json", &g)
	return g
}

// call runs the Go function for a golden case: fn with its inputs and keywords.
func call(fn string, in []*Tensor, kw map[string]any) (*Tensor, error) {
	num := func(k string, def float64) float64 {
		if v, ok := kw[k]; ok {
			return v.(float64)
		}
		return def
	}
	var opts []Option
	for k, v := range kw {
		switch k {
		case "reduction":
			opts = append(opts, Reduction(v.(string)))
		case "ignore_index":
			opts = append(opts, IgnoreIndex(int(v.(float64))))
		case "label_smoothing":
			opts = append(opts, LabelSmoothing(v.(float64)))
		case "beta":
			opts = append(opts, Beta(v.(float64)))
		case "delta":
			opts = append(opts, Delta(v.(float64)))
		case "pos_weight":
			raw, _ := json.Marshal(v.(map[string]any)["tensor"])
			var s spec
			_ = json.Unmarshal(raw, &s)
			opts = append(opts, PosWeight(s.build()))
		}
	}
	if len(in) == 3 && fn != "linear" && fn != "conv2d" && fn != "conv1d" {
		opts = append(opts, Weight(in[2]))
	}
	switch fn {
	case "linear":
		if len(in) == 2 {
			return Linear(in[0], in[1], nil), nil
		}
		return Linear(in[0], in[1], in[2]), nil
	case "normalize":
		return Normalize(in[0], int(num("dim", 1)), num("p", 2)), nil
	case "pad":
		var pad []int
		for _, v := range kw["pad"].([]any) {
			pad = append(pad, int(v.(float64)))
		}
		return Pad(in[0], pad, num("value", 0)), nil
	case "conv1d", "conv2d", "max_pool2d", "avg_pool2d":
		var co []ConvOption
		var kernel []int
		for k, v := range kw {
			ints := func() []int {
				if f, ok := v.(float64); ok {
					return []int{int(f)}
				}
				var out []int
				for _, e := range v.([]any) {
					out = append(out, int(e.(float64)))
				}
				return out
			}
			switch k {
			case "stride":
				co = append(co, Stride(ints()...))
			case "padding":
				co = append(co, Padding(ints()...))
			case "dilation":
				co = append(co, Dilation(ints()...))
			case "groups":
				co = append(co, Groups(ints()[0]))
			case "kernel_size":
				kernel = ints()
			}
		}
		switch fn {
		case "max_pool2d":
			return MaxPool2d(in[0], kernel, co...), nil
		case "avg_pool2d":
			return AvgPool2d(in[0], kernel, co...), nil
		}
		var b *Tensor
		if len(in) == 3 {
			b = in[2]
		}
		if fn == "conv1d" {
			return Conv1d(in[0], in[1], b, co...), nil
		}
		return Conv2d(in[0], in[1], b, co...), nil
	case "adaptive_avg_pool2d":
		var size []int
		if f, ok := kw["output_size"].(float64); ok {
			size = []int{int(f)}
		} else {
			for _, e := range kw["output_size"].([]any) {
				size = append(size, int(e.(float64)))
			}
		}
		return AdaptiveAvgPool2d(in[0], size), nil
	case "one_hot":
		return OneHot(in[0], int(num("num_classes", -1))), nil
	case "softmax":
		return Softmax(in[0], int(num("dim", 0))), nil
	case "log_softmax":
		return LogSoftmax(in[0], int(num("dim", 0))), nil
	case "relu":
		return Relu(in[0]), nil
	case "sigmoid":
		return Sigmoid(in[0]), nil
	case "tanh":
		return Tanh(in[0]), nil
	case "leaky_relu":
		return LeakyRelu(in[0], num("negative_slope", 0.01)), nil
	case "elu":
		return Elu(in[0], num("alpha", 1)), nil
	case "gelu":
		if a, ok := kw["approximate"]; ok {
			return Gelu(in[0], a.(string)), nil
		}
		return Gelu(in[0]), nil
	case "silu":
		return Silu(in[0]), nil
	case "softplus":
		return Softplus(in[0], num("beta", 1), num("threshold", 20)), nil
	case "hardtanh":
		return Hardtanh(in[0], num("min_val", -1), num("max_val", 1)), nil
	case "mse_loss":
		return MSELoss(in[0], in[1], opts...), nil
	case "l1_loss":
		return L1Loss(in[0], in[1], opts...), nil
	case "smooth_l1_loss":
		return SmoothL1Loss(in[0], in[1], opts...), nil
	case "huber_loss":
		return HuberLoss(in[0], in[1], opts...), nil
	case "nll_loss":
		return NLLLoss(in[0], in[1], opts...), nil
	case "cross_entropy":
		return CrossEntropy(in[0], in[1], opts...), nil
	case "binary_cross_entropy":
		return BinaryCrossEntropy(in[0], in[1], opts...), nil
	case "binary_cross_entropy_with_logits":
		return BinaryCrossEntropyWithLogits(in[0], in[1], opts...), nil
	}
	return nil, fmt.Errorf("no Go function for %s", fn)
}

// closeTo compares with torch's values: float64 to 1e-12 relative (the same formulas,
// summed in another order), float32 to 2e-6 relative (torch's SIMD exp and log differ
// from a correctly rounded one by an ulp or two).
func closeTo(t *testing.T, what string, got, want []float64, f32 bool) {
	t.Helper()
	tol := 1e-12
	if f32 {
		tol = 2e-6
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d values, torch %d", what, len(got), len(want))
		return
	}
	for i := range got {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || math.Abs(got[i]-want[i]) > tol*(1+math.Abs(want[i])) {
			t.Errorf("%s[%d] = %.17g, torch %.17g", what, i, got[i], want[i])
			return
		}
	}
}

// bitExact are the functions (and output dtypes) whose outputs and gradients are
// torch's bit for bit on every golden case; the others are compared by closeTo.
var bitExact = map[string]bool{}

func init() {
	for _, fn := range []string{"hardtanh", "huber_loss", "l1_loss", "leaky_relu", "max_pool2d", "mse_loss",
		"pad", "relu", "sigmoid", "smooth_l1_loss", "tanh"} {
		bitExact[fn+"/float32"], bitExact[fn+"/float64"] = true, true
	}
	for _, fn := range []string{"linear", "log_softmax", "nll_loss", "softmax", "silu", "elu"} {
		bitExact[fn+"/float32"] = true
	}
	bitExact["one_hot/int64"] = true
}

func TestAgainstTorch(t *testing.T) {
	g := loadGolden(t)
	unsupported := 0
	for i, c := range g.Cases {
		name := fmt.Sprintf("%d:%s%v/%s", i, c.Fn, c.Kwargs, c.Inputs[0].DType)
		t.Run(name, func(t *testing.T) {
			in := make([]*Tensor, len(c.Inputs))
			for j, s := range c.Inputs {
				in[j] = s.build()
			}
			out, err := call(c.Fn, in, c.Kwargs)
			if err != nil {
				unsupported++
				t.Skip(err)
			}
			f32 := c.OutDType == "float32"
			if got := []int(out.Shape()); fmt.Sprint(got) != fmt.Sprint(c.OutShape) {
				t.Fatalf("shape %v, torch %v", got, c.OutShape)
			}
			exact := bitExact[c.Fn+"/"+c.OutDType]
			compare := func(what string, got, want []float64) {
				if !exact {
					closeTo(t, what, got, want, f32)
					return
				}
				golden.SameFloats(t, what+" (bit for bit)", got, want)
			}
			compare("out", out.Float64s(), c.Out)
			if c.GradFn == "" {
				if out.GradFn() != nil || out.DType().String() != "torch."+c.OutDType {
					t.Errorf("grad_fn %v dtype %v, torch none and %s", out.GradFn(), out.DType(), c.OutDType)
				}
				return
			}
			if out.GradFn().Name() != c.GradFn {
				t.Errorf("grad_fn %s, torch %s", out.GradFn().Name(), c.GradFn)
			}
			checkSavedAttrs(t, out, c.Attrs)
			var need []*Tensor
			for j, s := range c.Inputs {
				if s.RequiresGrad {
					need = append(need, in[j])
				}
			}
			w := autograd.Ones(out.Shape(), out.DType())
			if n := out.Numel(); n > 1 {
				w = autograd.Linspace(-1, 1, n, out.DType()).Reshape(out.Shape()...)
			}
			gs := autograd.Grad(out.Mul(w).Sum(), need)
			k := 0
			for j, s := range c.Inputs {
				if !s.RequiresGrad {
					continue
				}
				compare(fmt.Sprintf("grad %d", j), gs[k].Float64s(), c.Grads[j])
				k++
			}
		})
	}
	if unsupported > 0 {
		t.Errorf("%d golden cases have no Go function", unsupported)
	}
}

// A seeded dropout drops what torch's drops, scaled as torch's, recorded as torch's.
func TestDropoutSeeded(t *testing.T) {
	g := loadGolden(t)
	for _, c := range g.Dropout {
		n := autograd.Size(c.Shape).Numel()
		dt := autograd.DType(dtypes[c.DType])
		x := autograd.Linspace(-2, 2, n, dt).Reshape(c.Shape...).RequiresGrad_(true)
		autograd.ManualSeed(c.Seed)
		y := Dropout(x, c.P)
		w := autograd.Arange(n, dt).Reshape(c.Shape...)
		gr := autograd.Grad(y.Mul(w).Sum(), x)[0]
		name := fmt.Sprintf("seed %d p %v %s", c.Seed, c.P, c.DType)
		golden.SameFloats(t, name+" out", y.Float64s(), c.Out)
		golden.SameFloats(t, name+" grad", gr.Float64s(), c.Grad)
		next := y.GradFn().NextFunctions()
		if y.GradFn().Name() != c.GradFn || len(next) != 2 || next[1].Node != nil || c.Next[1] != nil {
			t.Errorf("%s: grad_fn %s %v, torch %s %v", name, y.GradFn().Name(), next, c.GradFn, c.Next)
		}
	}
	x := autograd.Ones(3, autograd.RequiresGrad)
	if Dropout(x, 0) != x || Dropout(x, 0.5, false) != x {
		t.Error("dropout with p=0 or not training is not x itself")
	}
}

// An empty batch convolves to an empty batch, and its gradients are zeros, as in torch
// 1.13 (conv2d of (0, 2, 5, 5) by (4, 2, 3, 3) is (0, 4, 3, 3); conv1d of (0, 2, 5) by
// (4, 2, 3) is (0, 4, 3); after sum().backward(), w.grad is all zeros).
func TestConvEmptyBatch(t *testing.T) {
	x := autograd.Zeros(0, 2, 5, 5).RequiresGrad_(true)
	w := autograd.Ones(4, 2, 3, 3, autograd.RequiresGrad)
	b := autograd.Ones(4, autograd.RequiresGrad)
	y := Conv2d(x, w, b)
	if got := fmt.Sprint(y.Shape()); got != "torch.Size([0, 4, 3, 3])" {
		t.Errorf("conv2d: %s", got)
	}
	y.Sum().Backward()
	if fmt.Sprint(x.Grad().Shape()) != "torch.Size([0, 2, 5, 5])" || w.Grad().Abs().Sum().Item() != 0 || b.Grad().Abs().Sum().Item() != 0 {
		t.Errorf("gradients %v %v %v", x.Grad().Shape(), w.Grad(), b.Grad())
	}
	if got := fmt.Sprint(Conv1d(autograd.Zeros(0, 2, 5), autograd.Ones(4, 2, 3), nil).Shape()); got != "torch.Size([0, 4, 3])" {
		t.Errorf("conv1d: %s", got)
	}
}
