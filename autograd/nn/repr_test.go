package nn

import (
	"testing"

	"github.com/gograd/gograd/autograd"
)

// empty is a struct module with no module fields (torch prints "E()").
type empty struct{ Mode }

func (m *empty) Forward(x *autograd.Tensor) *autograd.Tensor { return x }
func (m *empty) Parameters() []*autograd.Tensor              { return nil }
func (m *empty) NamedParameters() []NamedParameter           { return nil }

// TestRepr: a struct module prints as PyTorch 1.13 printed the same module written in
// Python (fields fc1, skip=None, and layers as an nn.ModuleList of a shared Linear, a
// ReLU, the shared Linear again and a Sequential; a parameter field is not shown).
func TestRepr(t *testing.T) {
	shared := NewLinear(1, 1)
	m := &poly{A: scalarParam(1), FC1: NewLinear(2, 1),
		Layers: []Module{shared, NewReLU(), shared, NewSequential(NewLinear(1, 2))}}
	want := `Poly(
  (fc1): Linear(in_features=2, out_features=1, bias=True)
  (layers): ModuleList(
    (0): Linear(in_features=1, out_features=1, bias=True)
    (1): ReLU()
    (2): Linear(in_features=1, out_features=1, bias=True)
    (3): Sequential(
      (0): Linear(in_features=1, out_features=2, bias=True)
    )
  )
)`
	if got := Repr("Poly", m); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if got := Repr("E", &empty{}); got != "E()" {
		t.Errorf("got %q, want E()", got)
	}
}
