package nn

import (
	"math"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	F "github.com/gograd/gograd/autograd/nn/functional"
)

// The loss and activation modules print and compute as torch.nn's (testdata/
// gen_modules.py).
func TestLossAndActivationModules(t *testing.T) {
	var want map[string]struct {
		Repr   string
		GradFn string `json:"grad_fn"`
		Values []float64
	}
	golden.Load(t, "testdata/modules.json", &want)
	x := autograd.New([][]float64{{-1.5, -0.2, 0.3, 2.5}, {0.7, -3.0, 1.1, 0.05}}, autograd.Float64, autograd.RequiresGrad)
	y := autograd.New([][]float64{{0.5, -0.1, 0.2, 2.0}, {1.0, -1.0, 0.0, 0.5}}, autograd.Float64)
	p := autograd.New([][]float64{{0.1, 0.9, 0.4, 0.6}, {0.3, 0.2, 0.8, 0.5}}, autograd.Float64)
	cls := autograd.New([]int{3, 1})
	type loss interface {
		Forward(input, target *autograd.Tensor) *autograd.Tensor
		String() string
	}
	acts := map[string]Module{
		"LeakyReLU()": NewLeakyReLU(), "LeakyReLU(0.2)": NewLeakyReLU(0.2), "ELU()": NewELU(),
		"ELU(0.5)": NewELU(0.5), "GELU()": NewGELU(), "GELU('tanh')": NewGELU("tanh"),
		"SiLU()": NewSiLU(), "Softplus()": NewSoftplus(), "Softplus(2, 10)": NewSoftplus(2, 10),
		"Sigmoid()": NewSigmoid(), "Tanh()": NewTanh(), "Hardtanh()": NewHardtanh(),
		"Hardtanh(-2.5, 2.5)": NewHardtanh(-2.5, 2.5), "Softmax(1)": NewSoftmax(1),
		"LogSoftmax(-1)": NewLogSoftmax(-1),
	}
	losses := map[string]struct {
		m    loss
		a, b *autograd.Tensor
	}{
		"L1Loss": {NewL1Loss(), x, y}, "SmoothL1Loss": {NewSmoothL1Loss(F.Beta(0.5)), x, y},
		"HuberLoss": {NewHuberLoss(F.Reduction("sum")), x, y}, "NLLLoss": {NewNLLLoss(), x, cls},
		"CrossEntropyLoss": {NewCrossEntropyLoss(F.LabelSmoothing(0.1)), x, cls},
		"BCELoss":          {NewBCELoss(), x.Sigmoid(), p}, "BCEWithLogitsLoss": {NewBCEWithLogitsLoss(), x, p},
	}
	if len(acts)+len(losses) != len(want) {
		t.Errorf("%d Go modules, %d goldens", len(acts)+len(losses), len(want))
	}
	check := func(name, repr string, r *autograd.Tensor) {
		w := want[name]
		if repr != w.Repr {
			t.Errorf("%s: repr %s, torch %s", name, repr, w.Repr)
		}
		if r.GradFn().Name() != w.GradFn {
			t.Errorf("%s: grad_fn %s, torch %s", name, r.GradFn().Name(), w.GradFn)
		}
		got := r.Float64s()
		for i := range w.Values {
			if math.Abs(got[i]-w.Values[i]) > 1e-12*(1+math.Abs(w.Values[i])) {
				t.Errorf("%s: out[%d] = %v, torch %v", name, i, got[i], w.Values[i])
			}
		}
	}
	for name, m := range acts {
		check(name, repr(m), m.Forward(x))
	}
	for name, l := range losses {
		check(name, l.m.String(), l.m.Forward(l.a, l.b))
	}
}

// Dropout drops while training, is the identity after Eval, and prints as torch's.
func TestDropoutModule(t *testing.T) {
	d := NewDropout()
	if s := d.String(); s != "Dropout(p=0.5, inplace=False)" {
		t.Errorf("repr %s", s)
	}
	if s := NewDropout(0.2).String(); s != "Dropout(p=0.2, inplace=False)" {
		t.Errorf("repr %s", s)
	}
	x := autograd.Ones(100, autograd.RequiresGrad)
	autograd.ManualSeed(3)
	y := d.Forward(x)
	autograd.ManualSeed(3)
	if want := F.Dropout(x, 0.5); !autograd.Equal(y, want) || y.GradFn().Name() != "MulBackward0" {
		t.Errorf("training: %v, F.Dropout gives %v", y, want)
	}
	Eval(d)
	if d.Forward(x) != x {
		t.Error("after Eval, dropout is not the identity")
	}
}
