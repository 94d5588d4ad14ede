package nn

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/tensor"
)

// goldens is testdata/nn.json, written by testdata/gen.py with real PyTorch 1.13.
type goldens struct {
	Init []struct {
		Name   string
		Layers []struct {
			In, Out     int
			Bias        bool
			Repr        string
			WeightShape []int    `json:"weight_shape"`
			WeightBits  []string `json:"weight_bits"`
			WeightIndex []int    `json:"weight_index"`
			WeightSum   float64  `json:"weight_sum"`
			WeightRepr  string   `json:"weight_repr"`
			BiasBits    []string `json:"bias_bits"`
			BiasRepr    string   `json:"bias_repr"`
		}
	}
	Forward []struct {
		Name       string
		Bias       bool
		X          []float32
		XShape     []int  `json:"x_shape"`
		YRepr      string `json:"y_repr"`
		WeightGrad string `json:"weight_grad"`
		BiasGrad   string `json:"bias_grad"`
	}
	MSE []struct {
		Reduction  string
		Input      []float32
		Target     []float32
		Shape      []int
		LossRepr   string `json:"loss_repr"`
		InputGrad  string `json:"input_grad"`
		TargetGrad string `json:"target_grad"`
		ModuleRepr string `json:"module_repr"`
	} `json:"mse"`
	Reprs struct {
		Sequential      string
		SequentialNames []string `json:"sequential_names"`
		ReLU            string   `json:"relu"`
		ReLUOut         string   `json:"relu_out"`
		Nested          string
		Empty           string
		UserModule      string            `json:"user_module"`
		NegativeLinear  map[string]string `json:"negative_linear"`
		BadInput        map[string]string `json:"bad_input"`
		BadReduction    string            `json:"bad_reduction"`
	}
}

func load(t *testing.T) *goldens {
	t.Helper()
	var g goldens
	golden.Load(t, "testdata/nn.json", &g)
	return &g
}

// streams replay the random draws that precede each golden's layers in PyTorch.
var streams = map[string]func(){
	"seed0_linear_3_2":        func() { autograd.ManualSeed(0) },
	"seed7_linear_5_3_nobias": func() { autograd.ManualSeed(7) },
	"seed001_linear_1_1": func() { // reference notebook 001 before In [24]
		autograd.ManualSeed(0)
		autograd.Rand(3)
		autograd.Rand(3)
		autograd.Rand(3)
		autograd.Randn(3)
	},
	"seed004_mlp": func() { // reference notebook 004: cell 20's draws, then cell 39's data
		autograd.ManualSeed(42)
		autograd.Randn(100, 5)
		autograd.Randn(5)
		autograd.Randn(64, 1000)
		autograd.Randn(64, 10)
	},
}

// TestLinearInit asks for PyTorch's initial weights bit for bit after the same seed and
// draws.
func TestLinearInit(t *testing.T) {
	for _, c := range load(t).Init {
		t.Run(c.Name, func(t *testing.T) {
			streams[c.Name]()
			var layers []*Linear
			for _, l := range c.Layers {
				layers = append(layers, NewLinear(l.In, l.Out, l.Bias))
			}
			for i, l := range c.Layers {
				got := layers[i]
				if s := got.String(); s != l.Repr {
					t.Errorf("repr %q, want %q", s, l.Repr)
				}
				if fmt.Sprint(got.Weight.Shape()) != fmt.Sprint(autograd.Size(l.WeightShape)) {
					t.Fatalf("weight shape %v, want %v", got.Weight.Shape(), l.WeightShape)
				}
				w := got.Weight.Array().Float32s()
				want := golden.Bits32(t, l.WeightBits)
				for k, b := range want {
					idx := k
					if l.WeightIndex != nil {
						idx = l.WeightIndex[k]
					}
					if math.Float32bits(w[idx]) != b {
						t.Fatalf("layer %d weight[%d] = %08x, PyTorch %08x", i, idx, math.Float32bits(w[idx]), b)
					}
				}
				if l.WeightIndex != nil {
					sum := 0.0
					for _, v := range w {
						sum += float64(v)
					}
					if math.Abs(sum-l.WeightSum) > 1e-9*float64(len(w)) {
						t.Errorf("layer %d weight sum %v, PyTorch %v", i, sum, l.WeightSum)
					}
				}
				if l.WeightRepr != "" && got.Weight.String() != l.WeightRepr {
					t.Errorf("weight prints\n%s\nwant\n%s", got.Weight, l.WeightRepr)
				}
				if !l.Bias {
					if got.Bias != nil {
						t.Errorf("layer without bias has one")
					}
					continue
				}
				bias := got.Bias.Array().Float32s()
				for k, b := range golden.Bits32(t, l.BiasBits) {
					if math.Float32bits(bias[k]) != b {
						t.Fatalf("layer %d bias[%d] = %08x, PyTorch %08x", i, k, math.Float32bits(bias[k]), b)
					}
				}
				if l.BiasRepr != "" && got.Bias.String() != l.BiasRepr {
					t.Errorf("bias prints\n%s\nwant\n%s", got.Bias, l.BiasRepr)
				}
			}
		})
	}
}

// fixedLinear mirrors gen.py's fixed_linear: parameters set by hand, no RNG.
func fixedLinear(in, out int, bias bool) *Linear {
	l := NewLinear(in, out, bias)
	w := make([]float32, in*out)
	for i := range w {
		w[i] = float32(i)*0.25 - 0.5
	}
	l.Weight.Array().Copy_(tensor.FromFloat32(w, out, in))
	if bias {
		b := make([]float32, out)
		for i := range b {
			b[i] = float32(i)*0.5 - 0.25
		}
		l.Bias.Array().Copy_(tensor.FromFloat32(b, out))
	}
	return l
}

func TestLinearForward(t *testing.T) {
	for _, c := range load(t).Forward {
		t.Run(c.Name, func(t *testing.T) {
			l := fixedLinear(3, 2, c.Bias)
			x := autograd.FromArray(tensor.FromFloat32(c.X, c.XShape...))
			y := l.Forward(x)
			if y.String() != c.YRepr {
				t.Errorf("y prints\n%s\nwant\n%s", y, c.YRepr)
			}
			y.Mul(y).Sum().Backward()
			if s := l.Weight.Grad().String(); s != c.WeightGrad {
				t.Errorf("weight.grad prints\n%s\nwant\n%s", s, c.WeightGrad)
			}
			if c.Bias {
				if s := l.Bias.Grad().String(); s != c.BiasGrad {
					t.Errorf("bias.grad prints\n%s\nwant\n%s", s, c.BiasGrad)
				}
			}
		})
	}
}

func TestMSELoss(t *testing.T) {
	for _, c := range load(t).MSE {
		t.Run(c.Reduction, func(t *testing.T) {
			a := autograd.FromArray(tensor.FromFloat32(c.Input, c.Shape...)).RequiresGrad_()
			b := autograd.FromArray(tensor.FromFloat32(c.Target, c.Shape...)).RequiresGrad_()
			m := NewMSELoss(c.Reduction)
			if m.String() != c.ModuleRepr {
				t.Errorf("module prints %s, want %s", m, c.ModuleRepr)
			}
			loss := m.Forward(a, b)
			if loss.String() != c.LossRepr {
				t.Errorf("loss prints\n%s\nwant\n%s", loss, c.LossRepr)
			}
			loss.Backward(autograd.Gradient(autograd.FromArray(tensor.OnesLike(loss.Array()))))
			if s := a.Grad().String(); s != c.InputGrad {
				t.Errorf("input.grad prints\n%s\nwant\n%s", s, c.InputGrad)
			}
			if s := b.Grad().String(); s != c.TargetGrad {
				t.Errorf("target.grad prints\n%s\nwant\n%s", s, c.TargetGrad)
			}
		})
	}
}

func TestMSELossBadReduction(t *testing.T) {
	want := load(t).Reprs.BadReduction
	defer func() {
		var e *tensor.Error
		err, _ := recover().(error)
		if !errors.As(err, &e) || e.Kind != "ValueError" || e.Msg != want {
			t.Errorf("got %v", err)
		}
	}()
	x := autograd.New([]float32{1})
	NewMSELoss("avg").Forward(x, x)
}

func TestReprs(t *testing.T) {
	g := load(t).Reprs
	seq := NewSequential(NewLinear(1000, 100), NewReLU(), NewLinear(100, 10))
	if seq.String() != g.Sequential {
		t.Errorf("Sequential prints\n%s\nwant\n%s", seq, g.Sequential)
	}
	var names []string
	for _, p := range seq.NamedParameters() {
		names = append(names, p.Name)
	}
	if fmt.Sprint(names) != fmt.Sprint(g.SequentialNames) {
		t.Errorf("named parameters %v, want %v", names, g.SequentialNames)
	}
	if len(seq.Parameters()) != 4 || seq.Parameters()[2] != seq.Modules[2].(*Linear).Weight {
		t.Errorf("Parameters() is not weight, bias per Linear in order")
	}
	r := NewReLU()
	if r.String() != g.ReLU {
		t.Errorf("ReLU prints %s, want %s", r, g.ReLU)
	}
	out := r.Forward(autograd.New([]float32{-1, 0, 2.5}, autograd.RequiresGrad))
	if out.String() != g.ReLUOut {
		t.Errorf("ReLU output prints %s, want %s", out, g.ReLUOut)
	}
	if s := NewSequential().String(); s != g.Empty {
		t.Errorf("empty Sequential prints %s, want %s", s, g.Empty)
	}
	nested := NewSequential(NewSequential(NewReLU()), NewReLU())
	if nested.String() != g.Nested {
		t.Errorf("nested Sequential prints\n%s\nwant\n%s", nested, g.Nested)
	}
}

func TestZeroGrad(t *testing.T) {
	l := fixedLinear(3, 2, true)
	l.Forward(autograd.New([]float32{1, 2, 3})).Sum().Backward()
	g := l.Weight.Grad()
	ZeroGrad(l)
	if l.Weight.Grad() != g {
		t.Fatalf("ZeroGrad replaced the gradient tensor instead of zeroing it")
	}
	for _, v := range g.Float64s() {
		if v != 0 {
			t.Fatalf("ZeroGrad left %v", g)
		}
	}
}

// double is a module without a repr of its own, as a user would write one.
type double struct{}

func (double) Forward(x *autograd.Tensor) *autograd.Tensor { return x.Mul(2) }
func (double) Parameters() []*autograd.Tensor              { return nil }
func (double) NamedParameters() []NamedParameter           { return nil }

// TestUserModule: a module defined outside the package chains like the others and
// prints by its type name, as torch prints a module class without children ("Net()").
func TestUserModule(t *testing.T) {
	seq := NewSequential(NewReLU()).Append(double{})
	if got := seq.Forward(autograd.New([]float32{-1, 3})).Float64s(); got[0] != 0 || got[1] != 6 {
		t.Errorf("relu then double of [-1 3] = %v", got)
	}
	if got, want := seq.String(), load(t).Reprs.UserModule; got != want {
		t.Errorf("prints\n%s\nwant\n%s", got, want)
	}
}

func TestLinearNegativeSize(t *testing.T) {
	for sizes, want := range load(t).Reprs.NegativeLinear {
		var in, out int
		fmt.Sscanf(sizes, "%d,%d", &in, &out)
		func() {
			defer func() {
				var e *tensor.Error
				err, _ := recover().(error)
				if !errors.As(err, &e) || e.Msg != want {
					t.Errorf("NewLinear(%d, %d): got %v, want %q", in, out, err, want)
				}
			}()
			NewLinear(in, out)
		}()
	}
}

// TestLinearBadInput: an input whose last dim is not in_features fails with PyTorch's
// message, whatever the path (addmm, matmul, flattened 3-D).
func TestLinearBadInput(t *testing.T) {
	l := fixedLinear(3, 2, true)
	for shape, want := range load(t).Reprs.BadInput {
		var dims []int
		for _, f := range strings.Split(shape, ",") {
			n, _ := strconv.Atoi(f)
			dims = append(dims, n)
		}
		func() {
			defer func() {
				var e *tensor.Error
				err, _ := recover().(error)
				if !errors.As(err, &e) || e.Msg != want {
					t.Errorf("input %v: got %v, want %q", dims, err, want)
				}
			}()
			l.Forward(autograd.FromArray(tensor.Ones(dims...)))
		}()
	}
}
