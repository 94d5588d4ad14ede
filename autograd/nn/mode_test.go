package nn

import (
	"testing"

	"github.com/gograd/gograd/autograd"
)

// block is a module written as a user would: a Mode, module fields (one nil), a slice
// of modules, a parameter slice that is not a module list, and an unexported child
// that torch would see but Children cannot.
type block struct {
	Mode
	In     *Linear
	Skip   *Linear
	Layers []Module
	Extra  []*autograd.Tensor
	hidden *Linear
}

func (b *block) Forward(x *autograd.Tensor) *autograd.Tensor { return b.In.Forward(x) }
func (b *block) Parameters() []*autograd.Tensor              { return b.In.Parameters() }
func (b *block) NamedParameters() []NamedParameter           { return b.In.NamedParameters() }

// plain has no Mode: nothing can switch it, its children still switch.
type plain struct{ Child *ReLU }

func (plain) Forward(x *autograd.Tensor) *autograd.Tensor { return x }
func (plain) Parameters() []*autograd.Tensor              { return nil }
func (plain) NamedParameters() []NamedParameter           { return nil }

// TestTrainEval: Eval and Train set the flag of a module and of every module inside it,
// as module.eval() and module.train() do; a new module is in training mode.
func TestTrainEval(t *testing.T) {
	shared := NewReLU()
	inner := &block{In: NewLinear(2, 2), Layers: []Module{shared, NewFlatten(), shared}, hidden: NewLinear(2, 2)}
	p := plain{Child: NewReLU()}
	model := NewSequential(NewLinear(2, 2), inner, p, NewFlatten())
	all := []Module{model, model.Modules[0], inner, inner.In, shared, inner.Layers[1], p.Child, model.Modules[3]}
	check := func(when string, want bool) {
		t.Helper()
		for i, m := range all {
			if got := IsTraining(m); got != want {
				t.Errorf("%s: module %d (%s) training=%v, want %v", when, i, repr(m), got, want)
			}
		}
		if !IsTraining(p) {
			t.Errorf("%s: a module without a Mode reports training=false", when)
		}
	}
	check("new", true)
	Eval(model)
	check("after Eval", false)
	if !inner.hidden.Training() {
		t.Errorf("Eval reached an unexported field")
	}
	Train(model)
	check("after Train", true)
	Train(model, false)
	check("after Train(false)", false)
	Train(inner)
	if IsTraining(model) || !IsTraining(inner) || !IsTraining(shared) {
		t.Errorf("Train(inner) must switch inner and its children only")
	}
	if got := len(Children(inner)); got != 4 { // In, and the three Layers entries
		t.Errorf("Children(inner) has %d modules, want 4", got)
	}
	if got := len(Children(NewLinear(1, 1))); got != 0 {
		t.Errorf("Children(Linear) has %d modules", got)
	}
}
