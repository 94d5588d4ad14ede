package nn

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
)

// poly is a module written as a user would, after the tutorials' Polynomial3: scalar
// parameters, a module field, a nil module field, a list of modules sharing one, a
// list of parameters, a plain tensor (not a parameter), a tagged field and an
// unexported parameter (which, unlike Python, a Go struct cannot expose).
type poly struct {
	Mode
	A, B    *autograd.Tensor
	FC1     *Linear
	Skip    *Linear
	Layers  []Module
	Extra   []*autograd.Tensor
	Scale   *autograd.Tensor
	Weird   *autograd.Tensor `nn:"w_eird"`
	private *autograd.Tensor
}

func (m *poly) Forward(x *autograd.Tensor) *autograd.Tensor { return x }
func (m *poly) Parameters() []*autograd.Tensor              { return ParametersOf(m) }
func (m *poly) NamedParameters() []NamedParameter           { return NamedParametersOf(m) }

func scalarParam(v float32) *autograd.Tensor { return autograd.NewParameter(autograd.New(v)) }

// TestNamedParametersOf: a struct module's parameters in PyTorch's order (its own, then
// each child's, prefixed), each once, with lowered field names.
func TestNamedParametersOf(t *testing.T) {
	shared := NewLinear(1, 1)
	m := &poly{
		A: scalarParam(1), B: scalarParam(2), FC1: NewLinear(2, 1),
		Layers: []Module{shared, NewReLU(), shared, NewSequential(NewLinear(1, 2))},
		Extra:  []*autograd.Tensor{scalarParam(3)}, Scale: autograd.New(float32(4)),
		Weird: scalarParam(5), private: scalarParam(6),
	}
	var names []string
	for _, p := range m.NamedParameters() {
		names = append(names, p.Name)
	}
	want := "a b w_eird fc1.weight fc1.bias layers.0.weight layers.0.bias layers.3.0.weight layers.3.0.bias extra.0"
	if got := strings.Join(names, " "); got != want {
		t.Errorf("names:\ngot  %s\nwant %s", got, want)
	}
	if got, want := len(m.Parameters()), len(names); got != want {
		t.Errorf("%d parameters, %d names", got, want)
	}
	if p := m.NamedParameters()[3]; p.Param != m.FC1.Weight {
		t.Errorf("fc1.weight is not FC1's weight")
	}
	// a module inside a Sequential is named by the Sequential's own rule
	seq := NewSequential(m)
	if got := seq.NamedParameters()[0].Name; got != "0.a" {
		t.Errorf("inside a Sequential: %q, want 0.a", got)
	}
}

func TestFieldName(t *testing.T) {
	for name, want := range map[string]string{"A": "a", "FC1": "fc1", "Conv1": "conv1", "FCLayer": "fcLayer", "Weight": "weight", "X2": "x2"} {
		if got := fieldName(reflect.StructField{Name: name}); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
}
