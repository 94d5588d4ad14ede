package optim

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/tensor"
)

// goldens is testdata/optim.json, written by testdata/gen.py with real PyTorch 1.13.
type goldens struct {
	Groups []struct {
		Kind        string         `json:"kind"`
		Kwargs      map[string]any `json:"kwargs"`
		GroupKwargs map[string]any `json:"group_kwargs"`
		Steps       [][]string     `json:"steps"`
		Repr        string         `json:"repr"`
	} `json:"groups"`
	Rules   []ruleCase `json:"rules"`
	Rules64 []ruleCase `json:"rules64"` // two of the cases again, with float64 parameters
	Train   []struct {
		Kind   string         `json:"kind"`
		Kwargs map[string]any `json:"kwargs"`
		Losses []string       `json:"losses"`
		Weight []string       `json:"weight"`
		Bias   []string       `json:"bias"`
	} `json:"train"`
	Reprs []struct {
		Kind   string         `json:"kind"`
		Kwargs map[string]any `json:"kwargs"`
		Repr   string         `json:"repr"`
	} `json:"reprs"`
	Errors []struct {
		Kind   string         `json:"kind"`
		Kwargs map[string]any `json:"kwargs"`
		Error  string         `json:"error"`
	} `json:"errors"`
	EmptyError string `json:"empty_error"`
	Versions   []struct {
		Kind     string         `json:"kind"`
		Kwargs   map[string]any `json:"kwargs"`
		Versions [][]int        `json:"versions"`
	} `json:"versions"`
	TensorErrs map[string]string `json:"tensor_errors"`
	XRaw       [][]float64       `json:"x"`
	YRaw       [][]float64       `json:"y"`
	W0Raw      [][]float64       `json:"w0"`
	B0Raw      []float64         `json:"b0"`
}

// ruleCase is one optimizer fed PyTorch's gradients by hand: the parameter before the
// first step, the gradient of every step, and the parameter after it, as bit patterns.
type ruleCase struct {
	Kind   string         `json:"kind"`
	Kwargs map[string]any `json:"kwargs"`
	P0     []string       `json:"p0"`
	Grads  [][]string     `json:"grads"`
	Steps  [][]string     `json:"steps"`
}

func load(t *testing.T) *goldens {
	t.Helper()
	var g goldens
	golden.Load(t, "testdata/optim.json", &g)
	return &g
}

// options turns PyTorch's keyword arguments, as the JSON holds them, into Options.
func options(kw map[string]any) []Option {
	var opts []Option
	for k, v := range kw {
		switch k {
		case "lr":
			opts = append(opts, LR(v.(float64)))
		case "momentum":
			opts = append(opts, Momentum(v.(float64)))
		case "dampening":
			opts = append(opts, Dampening(v.(float64)))
		case "weight_decay":
			opts = append(opts, WeightDecay(v.(float64)))
		case "nesterov":
			opts = append(opts, Nesterov(v.(bool)))
		case "eps":
			opts = append(opts, Eps(v.(float64)))
		case "amsgrad":
			opts = append(opts, AMSGrad(v.(bool)))
		case "maximize":
			opts = append(opts, Maximize(v.(bool)))
		case "betas":
			b := v.([]any)
			opts = append(opts, Betas(b[0].(float64), b[1].(float64)))
		case "alpha":
			opts = append(opts, Alpha(v.(float64)))
		case "centered":
			opts = append(opts, Centered(v.(bool)))
		case "lr_decay":
			opts = append(opts, LRDecay(v.(float64)))
		case "initial_accumulator_value":
			opts = append(opts, InitialAccumulatorValue(v.(float64)))
		default:
			panic("unknown kwarg " + k)
		}
	}
	return opts
}

// constructors are the optimizers by gen.py's kind names.
var constructors = map[string]func(any, ...Option) Optimizer{
	"sgd":     func(p any, o ...Option) Optimizer { return NewSGD(p, o...) },
	"adam":    func(p any, o ...Option) Optimizer { return NewAdam(p, o...) },
	"adamw":   func(p any, o ...Option) Optimizer { return NewAdamW(p, o...) },
	"rmsprop": func(p any, o ...Option) Optimizer { return NewRMSprop(p, o...) },
	"adagrad": func(p any, o ...Option) Optimizer { return NewAdagrad(p, o...) },
}

// build makes the optimizer a golden case describes, from PyTorch's keyword arguments.
func build(kind string, kw map[string]any, params any) Optimizer {
	return constructors[kind](params, options(kw)...)
}

func leaf(vals []float32, shape ...int) *autograd.Tensor {
	return autograd.FromArray(tensor.FromFloat32(append([]float32(nil), vals...), shape...)).RequiresGrad_()
}

// sameAsTorch fails the test unless got (the parameter after step s, from 0) has
// PyTorch's bits.
func sameAsTorch(t *testing.T, s int, got, want []float32) {
	t.Helper()
	for i := range want {
		if math.Float32bits(got[i]) != math.Float32bits(want[i]) {
			t.Fatalf("step %d element %d: got %.9g (%08x), PyTorch %.9g (%08x)",
				s+1, i, got[i], math.Float32bits(got[i]), want[i], math.Float32bits(want[i]))
		}
	}
}

// TestUpdateRules feeds PyTorch's gradients to each optimizer and asks for PyTorch's
// parameters after every step, bit for bit. The gradient, which a step reads in place,
// is never written to, whatever the rule makes of it (maximize, weight decay, Nesterov
// momentum).
func TestUpdateRules(t *testing.T) {
	g := load(t)
	for _, c := range g.Rules {
		t.Run(caseName(c.Kind, c.Kwargs), func(t *testing.T) {
			p0 := golden.Float32s(t, c.P0)
			p := leaf(p0, len(p0))
			opt := build(c.Kind, c.Kwargs, []*autograd.Tensor{p})
			for s := range c.Steps {
				p.SetGrad(autograd.FromArray(tensor.FromFloat32(golden.Float32s(t, c.Grads[s]), len(p0))))
				opt.Step()
				sameAsTorch(t, s, p.Array().Float32s(), golden.Float32s(t, c.Steps[s]))
				if got, was := p.Grad().Array().Float32s(), golden.Float32s(t, c.Grads[s]); fmt.Sprint(got) != fmt.Sprint(was) {
					t.Fatalf("step %d changed the gradient: %v, was %v", s+1, got, was)
				}
			}
		})
	}
}

// TestUpdateRulesStrided: a parameter and a gradient that are strided views (every other
// element of a larger array) take the copying path, and still follow PyTorch bit for
// bit; the elements between them are not touched, and a step never writes to the
// gradient (maximize and weight decay make a new one, as PyTorch does).
func TestUpdateRulesStrided(t *testing.T) {
	g := load(t)
	for _, c := range g.Rules {
		t.Run(caseName(c.Kind, c.Kwargs), func(t *testing.T) {
			p0 := golden.Float32s(t, c.P0)
			n := len(p0)
			// v at the even slots of a new array, -7 at the odd ones; the view of the
			// even slots, and the whole
			every2 := func(v []float32) (*tensor.Array, *tensor.Array) {
				d := make([]float32, 2*n)
				for i := range d {
					d[i] = -7
				}
				for i, x := range v {
					d[2*i] = x
				}
				whole := tensor.FromFloat32(d, 2*n)
				return whole.Slice(0, 0, 2*n, 2), whole
			}
			pa, whole := every2(p0)
			if pa.IsContiguous() {
				t.Fatal("the parameter is contiguous: the test would not take the copying path")
			}
			p := autograd.FromArray(pa).RequiresGrad_()
			opt := build(c.Kind, c.Kwargs, []*autograd.Tensor{p})
			for s := range c.Steps {
				gs := golden.Float32s(t, c.Grads[s])
				ga, _ := every2(gs)
				p.SetGrad(autograd.FromArray(ga))
				opt.Step()
				if got := ga.Float32s(); fmt.Sprint(got) != fmt.Sprint(gs) {
					t.Fatalf("step %d changed the gradient: %v, was %v", s+1, got, gs)
				}
				sameAsTorch(t, s, p.Array().Float32s(), golden.Float32s(t, c.Steps[s]))
			}
			for i, x := range whole.Float32s() {
				if i%2 == 1 && x != -7 {
					t.Fatalf("element %d between the parameter's was written: %v", i, x)
				}
			}
		})
	}
}

// TestUpdateRulesFloat64: float64 parameters follow PyTorch's double kernels to the bit.
func TestUpdateRulesFloat64(t *testing.T) {
	for _, c := range load(t).Rules64 {
		t.Run(caseName(c.Kind, c.Kwargs), func(t *testing.T) {
			p0 := golden.Float64s(t, c.P0)
			p := autograd.FromArray(tensor.FromFloat64(p0, len(p0))).RequiresGrad_()
			opt := build(c.Kind, c.Kwargs, []*autograd.Tensor{p})
			for s := range c.Steps {
				p.SetGrad(autograd.FromArray(tensor.FromFloat64(golden.Float64s(t, c.Grads[s]), len(p0))))
				opt.Step()
				got, want := p.Array().Float64s(), golden.Float64s(t, c.Steps[s])
				for i := range want {
					if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
						t.Fatalf("step %d element %d: got %.17g, PyTorch %.17g", s+1, i, got[i], want[i])
					}
				}
			}
		})
	}
}

// TestParamGroups: the first ten elements of gen.py's parameter in a group with the
// optimizer's defaults, the rest in a group with its own settings, stepped with
// PyTorch's gradients; both follow PyTorch bit for bit, and the repr lists both groups.
func TestParamGroups(t *testing.T) {
	g := load(t)
	p0 := golden.Float32s(t, g.Rules[0].P0)
	grads := g.Rules[0].Grads
	for _, c := range g.Groups {
		t.Run(caseName(c.Kind, c.GroupKwargs), func(t *testing.T) {
			a, b := leaf(p0[:10], 10), leaf(p0[10:], 9)
			opt := build(c.Kind, c.Kwargs, []*Group{
				NewGroup([]*autograd.Tensor{a}),
				NewGroup([]*autograd.Tensor{b}, options(c.GroupKwargs)...),
			})
			if got := fmt.Sprint(opt); got != c.Repr {
				t.Errorf("repr:\ngot  %q\nwant %q", got, c.Repr)
			}
			for s := range c.Steps {
				gs := golden.Float32s(t, grads[s])
				a.SetGrad(autograd.FromArray(tensor.FromFloat32(gs[:10], 10)))
				b.SetGrad(autograd.FromArray(tensor.FromFloat32(gs[10:], 9)))
				opt.Step()
				sameAsTorch(t, s, append(a.Array().Float32s(), b.Array().Float32s()...), golden.Float32s(t, c.Steps[s]))
			}
		})
	}
}

// TestGroupErrors: a parameter in two groups and an unknown keyword in a group are
// rejected; a group may change a hyper-parameter between steps.
func TestGroupErrors(t *testing.T) {
	p := leaf([]float32{1}, 1)
	got := golden.PanicText(func() {
		NewSGD([]*Group{NewGroup([]*autograd.Tensor{p}), NewGroup([]*autograd.Tensor{p})}, LR(0.1))
	})
	if want := "ValueError: some parameters appear in more than one parameter group"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = golden.PanicText(func() { NewSGD([]*Group{NewGroup([]*autograd.Tensor{p}, Betas(0.1, 0.2))}, LR(0.1)) })
	if want := "TypeError: SGD param group got an unexpected keyword argument 'betas'"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	got = golden.PanicText(func() { NewAdam([]*autograd.Tensor{p}, Momentum(0.9)) })
	if want := "TypeError: __init__() got an unexpected keyword argument 'momentum'"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	opt := NewSGD([]*autograd.Tensor{p}, LR(1))
	opt.ParamGroups()[0].LR = 0.5
	p.SetGrad(autograd.FromArray(tensor.FromFloat32([]float32{1}, 1)))
	opt.Step()
	if v := p.Array().Float32s()[0]; v != 0.5 {
		t.Errorf("after lr changed to 0.5: %v, want 0.5", v)
	}
}

// TestStepSkipsMissingGrad: a parameter without a gradient is left alone.
func TestStepSkipsMissingGrad(t *testing.T) {
	for kind := range constructors {
		a, b := leaf([]float32{1, 2}, 2), leaf([]float32{3, 4}, 2)
		opt := build(kind, map[string]any{"lr": 0.5}, []*autograd.Tensor{a, b})
		b.SetGrad(autograd.FromArray(tensor.FromFloat32([]float32{1, 1}, 2)))
		opt.Step()
		if got := a.Array().Float32s(); got[0] != 1 || got[1] != 2 {
			t.Errorf("%s moved a parameter without grad: %v", kind, got)
		}
		if got := b.Array().Float32s(); got[0] == 3 {
			t.Errorf("%s did not move the parameter with a grad: %v", kind, got)
		}
	}
}

// TestZeroGrad: PyTorch 1.13 zeroes in place (the same grad tensor stays), and
// ZeroGradToNone drops it.
func TestZeroGrad(t *testing.T) {
	p := leaf([]float32{1, 2}, 2)
	g := autograd.FromArray(tensor.FromFloat32([]float32{5, 6}, 2))
	p.SetGrad(g)
	opt := NewSGD([]*autograd.Tensor{p}, LR(0.1))
	opt.ZeroGrad()
	if p.Grad() != g {
		t.Fatalf("ZeroGrad replaced the gradient tensor instead of zeroing it")
	}
	if v := g.Float64s(); v[0] != 0 || v[1] != 0 {
		t.Fatalf("ZeroGrad left %v", v)
	}
	opt.ZeroGradToNone()
	if p.Grad() != nil {
		t.Fatalf("ZeroGradToNone left %v", p.Grad())
	}
}

func TestRepr(t *testing.T) {
	g := load(t)
	for _, c := range g.Reprs {
		opt := build(c.Kind, c.Kwargs, []*autograd.Tensor{leaf([]float32{0, 0}, 2)})
		if got := fmt.Sprint(opt); got != c.Repr {
			t.Errorf("%s %v:\ngot  %q\nwant %q", c.Kind, c.Kwargs, got, c.Repr)
		}
	}
}

func TestErrors(t *testing.T) {
	g := load(t)
	for _, c := range g.Errors {
		got := golden.PanicText(func() { build(c.Kind, c.Kwargs, []*autograd.Tensor{leaf([]float32{0}, 1)}) })
		if got != c.Error {
			t.Errorf("%s %v: got %q, want %q", c.Kind, c.Kwargs, got, c.Error)
		}
	}
	if got := golden.PanicText(func() { NewSGD([]*autograd.Tensor{}, LR(0.1)) }); got != g.EmptyError {
		t.Errorf("empty params: got %q, want %q", got, g.EmptyError)
	}
	for dt, want := range g.TensorErrs { // a bare tensor instead of a list
		p := autograd.Zeros(2, autograd.RequiresGrad)
		if dt == "float64" {
			p = autograd.Zeros(2, autograd.Float64, autograd.RequiresGrad)
		}
		if got := golden.PanicText(func() { NewAdam(p) }); got != want {
			t.Errorf("%s tensor as params: got %q, want %q", dt, got, want)
		}
	}
	nonLeaf := leaf([]float32{1}, 1).Mul(2)
	if got := golden.PanicText(func() { NewAdam([]*autograd.Tensor{nonLeaf}) }); got != "ValueError: can't optimize a non-leaf Tensor" {
		t.Errorf("non-leaf: %q", got)
	}
}

// caseName is "sgd[lr:0.1 momentum:0.9]" for a golden case.
func caseName(kind string, kw map[string]any) string {
	return kind + strings.TrimPrefix(fmt.Sprint(kw), "map")
}

// TestVersionCounters: Step and ZeroGrad are in-place ops, so they move the version
// counters of the parameter and of its gradient as in PyTorch.
func TestVersionCounters(t *testing.T) {
	for _, c := range load(t).Versions {
		kind, want := c.Kind, c.Versions
		p := leaf([]float32{0, 0}, 2)
		opt := build(kind, c.Kwargs, []*autograd.Tensor{p})
		for i, w := range want {
			p.SetGrad(autograd.FromArray(tensor.Ones(2)))
			opt.Step()
			g := p.Grad()
			opt.ZeroGrad()
			if got := []int{p.Version(), g.Version()}; fmt.Sprint(got) != fmt.Sprint(w) {
				t.Errorf("%s step %d: versions (param, grad) %v, PyTorch %v", kind, i+1, got, w)
			}
		}
	}
}
