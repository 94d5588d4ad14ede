package lrscheduler

import (
	"fmt"
	"io"
	"math"
	"os"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/autograd/optim"
	"github.com/gograd/gograd/tensor"
)

// goldens is testdata/lrscheduler.json, written by testdata/gen.py with PyTorch 1.13.
type goldens struct {
	Cases []struct {
		Kind      string         `json:"kind"`
		LRs       []float64      `json:"lrs"`
		Kwargs    map[string]any `json:"kwargs"`
		Steps     [][]float64    `json:"steps"`
		Verbose   string         `json:"verbose"`
		Repr      string         `json:"repr"`
		LastEpoch int            `json:"last_epoch"`
		Metrics   []any          `json:"metrics"` // numbers, or "nan"
	} `json:"cases"`
	Resume []struct {
		Kind   string         `json:"kind"`
		Kwargs map[string]any `json:"kwargs"`
		First  int            `json:"first"`
		Steps  [][]float64    `json:"steps"`
	} `json:"resume"`
	StepErrors []struct {
		Kind   string         `json:"kind"`
		Kwargs map[string]any `json:"kwargs"`
		Steps  int            `json:"steps"`
		Error  string         `json:"error"`
		LRs    []float64      `json:"lrs"`
	} `json:"step_errors"`
	Errors []struct {
		Kind   string         `json:"kind"`
		Kwargs map[string]any `json:"kwargs"`
		Error  string         `json:"error"`
	} `json:"errors"`
}

func load(t *testing.T) *goldens {
	t.Helper()
	var g goldens
	golden.Load(t, "testdata/lrscheduler.json", &g)
	return &g
}

// sgd is gen.py's optimizer: SGD with momentum 0.9 and one group per learning rate.
func sgd(lrs []float64) *optim.SGD {
	var groups []*optim.Group
	for _, lr := range lrs {
		p := autograd.FromArray(tensor.FromFloat32([]float32{0}, 1)).RequiresGrad_()
		groups = append(groups, optim.NewGroup([]*autograd.Tensor{p}, optim.LR(lr)))
	}
	return optim.NewSGD(groups, optim.LR(lrs[0]), optim.Momentum(0.9))
}

// build attaches the scheduler a golden case names, from PyTorch's keyword arguments;
// a step, plateau receives the metrics.
func build(kind string, kw map[string]any, opt optim.Optimizer, extra ...Option) (step func(float64), last func() []float64, epoch func() int) {
	opts := append([]Option(nil), extra...)
	num := func(k string) float64 { return kw[k].(float64) }
	for k, v := range kw {
		switch k {
		case "gamma":
			if kind == "step" {
				opts = append(opts, Gamma(v.(float64)))
			}
		case "eta_min":
			opts = append(opts, EtaMin(num(k)))
		case "last_epoch":
			opts = append(opts, LastEpoch(int(num(k))))
		case "mode":
			opts = append(opts, Mode(v.(string)))
		case "threshold_mode":
			opts = append(opts, ThresholdMode(v.(string)))
		case "factor":
			opts = append(opts, Factor(num(k)))
		case "threshold":
			opts = append(opts, Threshold(num(k)))
		case "patience":
			opts = append(opts, Patience(int(num(k))))
		case "cooldown":
			opts = append(opts, Cooldown(int(num(k))))
		case "eps":
			opts = append(opts, Eps(num(k)))
		case "min_lr":
			if l, ok := v.([]any); ok {
				var m []float64
				for _, x := range l {
					m = append(m, x.(float64))
				}
				opts = append(opts, MinLR(m...))
			} else {
				opts = append(opts, MinLR(num(k)))
			}
		}
	}
	switch kind {
	case "step":
		s := NewStepLR(opt, int(num("step_size")), opts...)
		return func(float64) { s.Step() }, s.LastLR, func() int { return s.LastEpoch }
	case "exponential":
		s := NewExponentialLR(opt, num("gamma"), opts...)
		return func(float64) { s.Step() }, s.LastLR, func() int { return s.LastEpoch }
	case "cosine":
		s := NewCosineAnnealingLR(opt, int(num("T_max")), opts...)
		return func(float64) { s.Step() }, s.LastLR, func() int { return s.LastEpoch }
	default:
		s := NewReduceLROnPlateau(opt, opts...)
		return s.Step, s.LastLR, func() int { return s.LastEpoch }
	}
}

// stdout runs f and returns what it printed.
func stdout(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	done := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		done <- string(b)
	}()
	defer func() { os.Stdout = saved }()
	f()
	w.Close()
	os.Stdout = saved
	return <-done
}

// TestSchedules steps every golden schedule and asks for PyTorch's learning rates after
// each step, bit for bit, PyTorch's verbose lines, and the optimizer's repr with the
// groups' initial_lr once the scheduler is attached.
func TestSchedules(t *testing.T) {
	for _, c := range load(t).Cases {
		t.Run(fmt.Sprint(c.Kind, c.Kwargs), func(t *testing.T) {
			opt := sgd(c.LRs)
			var got [][]float64
			var repr string
			var epoch func() int
			printed := stdout(t, func() {
				step, last, ep := build(c.Kind, c.Kwargs, opt, Verbose(true))
				epoch = ep
				repr = fmt.Sprint(opt)
				if c.Metrics == nil {
					got = append(got, last())
					for i := 1; i < len(c.Steps); i++ {
						step(0)
						got = append(got, last())
					}
					return
				}
				for _, m := range c.Metrics {
					v, ok := m.(float64)
					if !ok {
						v = math.NaN()
					}
					step(v)
					got = append(got, last())
				}
			})
			compareLRs(t, got, c.Steps)
			if printed != c.Verbose {
				t.Errorf("verbose output:\ngot  %q\nwant %q", printed, c.Verbose)
			}
			if repr != c.Repr {
				t.Errorf("optimizer repr:\ngot  %q\nwant %q", repr, c.Repr)
			}
			if epoch() != c.LastEpoch {
				t.Errorf("last_epoch %d, PyTorch %d", epoch(), c.LastEpoch)
			}
		})
	}
}

func compareLRs(t *testing.T, got, want [][]float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d steps, PyTorch %d", len(got), len(want))
	}
	for s := range want {
		for g := range want[s] {
			if math.Float64bits(got[s][g]) != math.Float64bits(want[s][g]) {
				t.Fatalf("step %d group %d: lr %.17g, PyTorch %.17g", s, g, got[s][g], want[s][g])
			}
		}
	}
}

// TestResume: a second scheduler made with LastEpoch where the first stopped carries
// the schedule on from the groups' initial_lr, as in PyTorch.
func TestResume(t *testing.T) {
	for _, c := range load(t).Resume {
		t.Run(fmt.Sprint(c.Kind, c.Kwargs), func(t *testing.T) {
			opt := sgd([]float64{0.1, 0.02})
			step, _, epoch := build(c.Kind, c.Kwargs, opt)
			for i := 0; i < c.First; i++ {
				step(0)
			}
			step, last, _ := build(c.Kind, c.Kwargs, opt, LastEpoch(epoch()))
			got := [][]float64{last()}
			for i := 1; i < len(c.Steps); i++ {
				step(0)
				got = append(got, last())
			}
			compareLRs(t, got, c.Steps)
		})
	}
}

// TestErrors: bad arguments panic with PyTorch's exception texts.
func TestErrors(t *testing.T) {
	for _, c := range load(t).Errors {
		got := golden.PanicText(func() { build(c.Kind, c.Kwargs, sgd([]float64{0.1, 0.2})) })
		if got != c.Error {
			t.Errorf("%s %v: got %q, PyTorch %q", c.Kind, c.Kwargs, got, c.Error)
		}
	}
	got := golden.PanicText(func() { NewExponentialLR(sgd([]float64{0.1}), 0.5, Gamma(0.1)) })
	if want := "TypeError: __init__() got an unexpected keyword argument 'gamma'"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestStepErrors: a step_size or T_max that PyTorch accepts but cannot step with fails
// at the same step with Python's exception, leaving the rates as they were.
func TestStepErrors(t *testing.T) {
	for _, c := range load(t).StepErrors {
		opt := sgd([]float64{0.1})
		taken := 0
		got := golden.PanicText(func() {
			step, _, _ := build(c.Kind, c.Kwargs, opt)
			taken = 1
			for i := 0; i < 4; i++ {
				step(0)
				taken++
			}
		})
		if got != c.Error || taken != c.Steps {
			t.Errorf("%s %v: %q after %d steps, PyTorch %q after %d", c.Kind, c.Kwargs, got, taken, c.Error, c.Steps)
		}
		if lr := opt.ParamGroups()[0].LR; lr != c.LRs[0] {
			t.Errorf("%s %v: lr %v, PyTorch %v", c.Kind, c.Kwargs, lr, c.LRs[0])
		}
	}
}
