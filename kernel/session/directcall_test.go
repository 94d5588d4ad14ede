package session

import (
	"context"
	"errors"
	"go/ast"
	"go/printer"
	"go/token"
	"strings"
	"testing"

	"github.com/gograd/gograd/kernel"
)

// checkedCell parses and type-checks a cell as the session would run it.
func checkedCell(t *testing.T, s *Session, cell string) ([]parsed, []checked) {
	t.Helper()
	segs, err := parseCell(s.in.FileSet(), cell)
	if err != nil {
		t.Fatal(err)
	}
	checks, cerr := s.checkCell(segs)
	if cerr != nil {
		t.Fatalf("%s: %s", cell, cerr.value)
	}
	return segs, checks
}

// formsOf are the direct forms the calls of a cell's statements would take
// ("" for a call left as it is), in source order.
func formsOf(t *testing.T, s *Session, cell string) []string {
	t.Helper()
	segs, checks := checkedCell(t, s, cell)
	var forms []string
	for i, seg := range segs {
		var root ast.Node = seg.file
		ast.Inspect(root, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				name, _ := s.directForm(call, checks[i].info)
				forms = append(forms, name)
			}
			return true
		})
	}
	return forms
}

// chainsOf are the chain runners the calls of a cell would become, with their
// arguments, outermost first, as directCalls rewrites them.
func chainsOf(t *testing.T, s *Session, cell string) []string {
	t.Helper()
	segs, checks := checkedCell(t, s, cell)
	var chains []string
	for i, seg := range segs {
		undo := s.directCalls(seg.file, checks[i].info)
		ast.Inspect(seg.file, func(n ast.Node) bool {
			if call, ok := n.(*ast.CallExpr); ok {
				if sel, ok := call.Fun.(*ast.SelectorExpr); ok && strings.Contains(sel.Sel.Name, "_chain") {
					var b strings.Builder
					b.WriteString(sel.Sel.Name + "(")
					for j, a := range call.Args[1:] {
						if j > 0 {
							b.WriteString(", ")
						}
						printer.Fprint(&b, token.NewFileSet(), a)
					}
					chains = append(chains, b.String()+")")
				}
			}
			return true
		})
		undo()
	}
	return chains
}

func TestChainForms(t *testing.T) {
	s := New()
	run(t, s, "x := autograd.New([]float32{3}, autograd.RequiresGrad)\nw := autograd.Ones(1)\nb := autograd.Ones(1)\nvar m any = x")
	for _, tc := range []struct {
		cell string
		want []string
	}{
		{"x.Mul(w).Add(b).Relu()", []string{"autograd_Tensor_chain3(x, w, b)"}},
		{"x.Mul(w)", nil},
		// a constant or an expression operand ends the chain there
		{"x.Mul(w).Add(b).Mul(2)", []string{"autograd_Tensor_chain3(x, w, b)"}},
		{"x.Mul(2).Add(b).Relu()", []string{"autograd_Tensor_chain2(_ggcall.autograd_Tensor_Mul(x, 2), b)"}},
		{"x.Mul(w.Relu()).Add(b)", nil},
		{"x.Mul(m).Add(b)", nil},
		// the receiver is any expression
		{"autograd.Ones(1).Mul(w).Relu()", []string{"autograd_Tensor_chain2(autograd.Ones(1), w)"}},
		// a method that is not a link (Sum takes options) ends it
		{"x.Mul(w).Relu().Sum()", []string{"autograd_Tensor_chain2(x, w)"}},
		// too many values: the outermost call stays out, a direct call
		{"x.Add(w).Add(w).Add(w).Add(w).Add(w).Add(w)", []string{"autograd_Tensor_chain6(x, w, w, w, w, w)"}},
	} {
		got := chainsOf(t, s, tc.cell)
		if strings.Join(got, "; ") != strings.Join(tc.want, "; ") {
			t.Errorf("%s: chains %q, want %q", tc.cell, got, tc.want)
		}
	}
}

func TestDirectForms(t *testing.T) {
	s := New()
	run(t, s, "x := autograd.New([]float32{3}, autograd.RequiresGrad)\nw := autograd.Ones(1)\n"+
		"type net struct{ *autograd.Tensor }\nn := net{x}\nsh := x.Shape()\nvar m any = x\n"+
		"func two() (*autograd.Tensor, float64) { return x, 2 }")
	for _, tc := range []struct {
		cell string
		want []string
	}{
		{"x.Mul(w)", []string{"autograd_Tensor_Mul_t"}},
		{"x.Mul(2)", []string{"autograd_Tensor_Mul"}},
		{"x.Mul(m)", []string{"autograd_Tensor_Mul"}},
		{"x.Mul(w).Add(w).Relu()", []string{"autograd_Tensor_Relu", "autograd_Tensor_Add_t", "autograd_Tensor_Mul_t"}},
		{"x.Backward()", []string{"autograd_Tensor_Backward_0"}},
		{"x.Backward(autograd.RetainGraph)", []string{"autograd_Tensor_Backward"}},
		{"x.SetGrad(nil)", []string{"autograd_Tensor_SetGrad"}},
		// promoted through a cell's type: the receiver is not the project's
		{"n.Relu()", []string{""}},
		// a method of a value type, not of a pointer
		{"sh.Numel()", []string{""}},
		// a package's function
		{"autograd.Ones(2)", []string{""}},
		{"func() { x.Relu() }()", []string{"", "autograd_Tensor_Relu"}},
	} {
		got := formsOf(t, s, tc.cell)
		if len(got) != len(tc.want) {
			t.Errorf("%s: forms %q, want %q", tc.cell, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("%s: forms %q, want %q", tc.cell, got, tc.want)
				break
			}
		}
	}
}

// Rewritten calls compute what the method calls do, keep evaluation order,
// and leave the cell as written in what the session records.
func TestDirectCallsRun(t *testing.T) {
	s := New()
	run(t, s, "x := autograd.New([]float32{3}, autograd.RequiresGrad)\n"+
		"w := autograd.New([]float32{2}, autograd.RequiresGrad)\n"+
		"b := autograd.New([]float32{1}, autograd.RequiresGrad)")
	run(t, s, "for i := 0; i < 3; i++ {\n\ta := x.Mul(w).Add(b).Relu()\n\ta.Backward()\n}")
	// three backward passes accumulate: d(xw+b)/dx = w = 2, three times
	for cell, want := range map[string]string{
		"x.Grad().Item()":        "6",
		"w.Grad().Item()":        "9",
		"b.Grad().Item()":        "3",
		"x.Mul(2).Sub(w).Item()": "4",
		"func f() float64 { return x.Mul(w).Item() }\nf()": "6",
	} {
		if _, data := run(t, s, cell); text(data) != want {
			t.Errorf("%s = %s, want %s", cell, text(data), want)
		}
	}
	// a failing op in a rewritten chain is reported on its line
	_, err := s.Execute(context.Background(), "y := x.Mul(w)\nz := y.Mul(autograd.Ones(2)).Add(autograd.Ones(3))", nullOutput{})
	var ce *kernel.CellError
	if !errors.As(err, &ce) {
		t.Fatalf("a shape mismatch in a rewritten call: %v, want a CellError", err)
	}
	if !tracebackPoints(ce.Traceback, 2) {
		t.Errorf("traceback does not point at line 2:\n%s", strings.Join(ce.Traceback, "\n"))
	}
}
