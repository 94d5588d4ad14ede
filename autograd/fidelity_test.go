package autograd

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/tensor"
)

// fidelityGolden is testdata/fidelity_golden.json (gen_fidelity.py, torch 1.13).
type fidelityGolden struct {
	Factories struct {
		Rand3    []float64   `json:"rand3"`
		Rand2x3  [][]float64 `json:"rand2x3"`
		Randn5   []float64   `json:"randn5"`
		Randn20  []float64   `json:"randn20"`
		Linspace []struct {
			Start, End float64
			Steps      int
			Values     []float64
		}
		Arange []struct {
			Args   []any
			Values []float64
		}
	}
	CreateGraph struct {
		Repr    string
		GradFn  string `json:"grad_fn"`
		Next    []*string
		Version uint32
	} `json:"create_graph"`
	CreateGraphConst struct {
		Repr   string
		GradFn *string `json:"grad_fn"`
	} `json:"create_graph_const"`
	CreateGraphRetained struct {
		Repr   string
		GradFn string `json:"grad_fn"`
	} `json:"create_graph_retained"`
	Twice map[string]string
	API   map[string]any `json:"api"`
}

func loadFidelity(t *testing.T) fidelityGolden {
	t.Helper()
	raw, err := os.ReadFile("testdata/fidelity_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g fidelityGolden
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	return g
}

func float64s(t *testing.T, x *Tensor) []float64 {
	t.Helper()
	if x.data.DType() != tensor.Float64 {
		t.Fatalf("dtype %v, want float64", x.data.DType())
	}
	return x.data.Contiguous().Float64s()
}

// The float64 factories compute in float64, bit for bit as torch.
func TestFloat64Factories(t *testing.T) {
	g := loadFidelity(t)
	f := g.Factories
	ManualSeed(42)
	golden.SameFloats(t, "rand(3)", float64s(t, Rand(3, Float64)), f.Rand3)
	var flat []float64
	for _, r := range f.Rand2x3 {
		flat = append(flat, r...)
	}
	golden.SameFloats(t, "rand(2, 3)", float64s(t, Rand(2, 3, Float64)), flat)
	golden.SameFloats(t, "randn(5)", float64s(t, Randn(5, Float64)), f.Randn5)
	golden.SameFloats(t, "randn(20)", float64s(t, Randn(20, Float64)), f.Randn20)
	for _, c := range f.Linspace {
		golden.SameFloats(t, "linspace", float64s(t, Linspace(c.Start, c.End, c.Steps, Float64)), c.Values)
	}
	for _, c := range f.Arange {
		args := make([]any, 0, len(c.Args)+1)
		for _, a := range c.Args {
			args = append(args, a.(float64))
		}
		args = append(args, Float64)
		golden.SameFloats(t, "arange", float64s(t, Arange(args...)), c.Values)
	}
}

// After backward(create_graph=True) a leaf's grad is a copy of the graph's output
// (CopyBackwards), a retained grad a clone (CloneBackward0), as in torch.
func TestCreateGraphLeafGradIsCopy(t *testing.T) {
	g := loadFidelity(t)
	x := New([]float64{1, 2}, RequiresGrad)
	x.Mul(x).Sum().Backward(CreateGraph)
	gr := x.Grad()
	if got := gr.String(); got != g.CreateGraph.Repr {
		t.Errorf("x.grad = %s, torch %s", got, g.CreateGraph.Repr)
	}
	next := gr.GradFn().NextFunctions()
	if len(next) != len(g.CreateGraph.Next) {
		t.Fatalf("next functions %v, torch %d", next, len(g.CreateGraph.Next))
	}
	for i, e := range next {
		want := g.CreateGraph.Next[i]
		if (want == nil) != (e.Node == nil) || want != nil && e.Node.Name() != *want {
			t.Errorf("next[%d] = %v, torch %v", i, e.Node, nameOrNone(want))
		}
	}
	if v := gr.Version(); v != int(g.CreateGraph.Version) {
		t.Errorf("x.grad._version = %d, torch %d", v, g.CreateGraph.Version)
	}

	x2 := New([]float64{1, 2}, RequiresGrad)
	x2.Mul(3).Sum().Backward(CreateGraph)
	if got := x2.Grad().String(); got != g.CreateGraphConst.Repr || x2.Grad().GradFn() != nil {
		t.Errorf("constant grad = %s, torch %s", got, g.CreateGraphConst.Repr)
	}

	x3 := New([]float64{1, 2}, RequiresGrad)
	h := x3.Mul(x3)
	h.RetainGrad()
	h.Mul(h).Sum().Backward(CreateGraph)
	if got := h.Grad().String(); got != g.CreateGraphRetained.Repr {
		t.Errorf("retained grad = %s, torch %s", got, g.CreateGraphRetained.Repr)
	}
}

// A second backward through an op that saved a Go number fails as in torch when the
// op saved a tensor (the wrapped number or self), and succeeds when it saved none.
func TestSecondBackwardThroughScalarOps(t *testing.T) {
	g := loadFidelity(t)
	ops := map[string]func(*Tensor) *Tensor{
		"mul":  func(a *Tensor) *Tensor { return a.Mul(2) },
		"div":  func(a *Tensor) *Tensor { return a.Div(2) },
		"pow0": func(a *Tensor) *Tensor { return a.Pow(0) },
		"add":  func(a *Tensor) *Tensor { return a.Add(2) },
		"sub":  func(a *Tensor) *Tensor { return a.Sub(2) },
	}
	if len(ops) != len(g.Twice) {
		t.Fatalf("%d ops, golden %d", len(ops), len(g.Twice))
	}
	for name, op := range ops {
		got := panicText(func() {
			s := op(leaf2()).Sum()
			s.Backward()
			s.Backward()
		})
		if got != g.Twice[name] {
			t.Errorf("%s: %q, torch %q", name, got, g.Twice[name])
		}
	}
}

func nameOrNone(s *string) string {
	if s == nil {
		return "None"
	}
	return *s
}
