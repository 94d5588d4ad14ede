package autograd

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/gograd/gograd/tensor"
)

func leaf2() *Tensor { return New([]float64{1, 2}, RequiresGrad) }

// errorCases are the misuses of testdata/torch_goldens.py; each must panic with torch's
// exception class and message.
var errorCases = map[string]func(){
	"int_requires_grad":           func() { New([]int{1, 2}, RequiresGrad) },
	"int_requires_grad_":          func() { New([]int{1, 2}).RequiresGrad_() },
	"nonleaf_requires_grad_false": func() { leaf2().Mul(2).RequiresGrad_(false) },
	"leaf_inplace":                func() { leaf2().Add_(1) },
	"leaf_view_inplace":           func() { leaf2().Index(0).Add_(1) },
	"leaf_setitem":                func() { leaf2().Set(5.0, 0) },
	"saved_output_modified": func() {
		b := leaf2().Exp()
		b.Add_(1)
		b.Sum().Backward()
	},
	"saved_leaf_modified": func() {
		k := New([]float64{1, 2})
		b := leaf2().Mul(k)
		k.Add_(1)
		b.Sum().Backward()
	},
	"saved_detached_modified": func() {
		a := leaf2()
		d := a.Detach()
		b := a.Sin()
		d.Add_(1)
		b.Sum().Backward()
	},
	"numpy_requires_grad":     func() { leaf2().Numpy() },
	"hook_no_grad":            func() { New([]float64{1, 2}).RegisterHook(func(g *Tensor) *Tensor { return g }) },
	"grad_unused":             func() { Grad(leaf2().Sum(), []*Tensor{leaf2()}) },
	"grad_input_no_grad":      func() { Grad(leaf2().Sum(), []*Tensor{New([]float64{1})}) },
	"backward_shape_mismatch": func() { leaf2().Mul(2).Backward(Gradient(Ones(3))) },
	"backward_non_scalar":     func() { leaf2().Mul(2).Backward() },
	"backward_no_grad_fn":     func() { New([]float64{1, 2}).Sum().Backward() },
	"backward_twice": func() {
		s := leaf2().Sin().Sum()
		s.Backward()
		s.Backward()
	},
	"grad_twice": func() {
		a := leaf2()
		s := a.Mul(a).Sum()
		Grad(s, a)
		Grad(s, a)
	},
	"item_many": func() { leaf2().Item() },
	"mm_shapes": func() { Ones(2, 3, RequiresGrad).Mm(Ones(2, 3)) },
	"broadcast": func() { leaf2().Add(Ones(3)) },
}

func panicText(f func()) (s string) {
	defer func() {
		e := recover()
		if te, ok := e.(*tensor.Error); ok {
			s = te.Kind + ": " + te.Msg
		} else if e != nil {
			panic(e)
		} else {
			s = "no error"
		}
	}()
	f()
	return
}

func TestErrorsMatchTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/errors_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden map[string]string
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	if len(golden) != len(errorCases) {
		t.Errorf("%d golden errors, %d Go cases", len(golden), len(errorCases))
	}
	for name, want := range golden {
		f, ok := errorCases[name]
		if !ok {
			t.Errorf("%s: no Go case", name)
			continue
		}
		if got := panicText(f); got != want {
			t.Errorf("%s:\n got  %s\n want %s", name, got, want)
		}
	}
}
