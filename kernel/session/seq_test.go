package session

import (
	"context"
	"errors"
	"go/printer"
	"go/token"
	"strings"
	"testing"

	"github.com/gograd/gograd/kernel"
)

// fusedSource is a cell's statements as seqCalls rewrites them.
func fusedSource(t *testing.T, s *Session, cell string) string {
	t.Helper()
	segs, checks := checkedCell(t, s, cell)
	lineOf := func(p token.Pos) int { return cellLine(s.in.FileSet().Position(p).Line) }
	var b strings.Builder
	for i, seg := range segs {
		if seg.decl {
			continue
		}
		undo := s.seqCalls(context.Background(), seg.body, checks[i].info, lineOf, map[string]bool{})
		printer.Fprint(&b, token.NewFileSet(), seg.body)
		undo()
	}
	return b.String()
}

func TestSeqForms(t *testing.T) {
	s := New()
	run(t, s, "x := autograd.New([]float32{3}, autograd.RequiresGrad)\nw := autograd.Ones(1)\nb := autograd.Ones(1)\n"+
		"c := autograd.Ones(1)\nf := func() { _ = c }")
	for _, tc := range []struct {
		name, cell string
		fused      string // "" for none
	}{
		{"set grads", "x.SetGrad(nil)\nw.SetGrad(nil)\nb.SetGrad(nil)", "_ggcall.autograd_Tensor_seq3(0, x, w, b)"},
		{"backward then set grads", "{\n\ta := x.Mul(w)\n\ta.Backward()\n\tx.SetGrad(nil)\n\tw.SetGrad(w)\n}", "_ggcall.autograd_Tensor_seq3("},
		{"one statement", "x.SetGrad(nil)", ""},
		{"a captured variable", "c.SetGrad(nil)\nc.SetGrad(nil)", ""},
		{"an expression operand", "x.SetGrad(w.Relu())\nw.SetGrad(nil)", ""},
		{"an assignment between", "x.SetGrad(nil)\nw = b\nw.SetGrad(nil)", ""},
		{"in a loop", "for i := 0; i < 2; i++ {\n\tx.SetGrad(nil)\n\tw.SetGrad(nil)\n}", "_ggcall.autograd_Tensor_seq2("},
		{"in a function literal", "func() {\n\tx.SetGrad(nil)\n\tw.SetGrad(nil)\n}()", ""},
	} {
		src := fusedSource(t, s, tc.cell)
		if tc.fused == "" && strings.Contains(src, "_seq") || tc.fused != "" && !strings.Contains(src, tc.fused) {
			t.Errorf("%s: fused to\n%s\nwant %q", tc.name, src, tc.fused)
		}
	}
}

// A fused run does what its statements do, and a failing step points at
// its own line.
func TestSeqRuns(t *testing.T) {
	s := New()
	run(t, s, "x := autograd.New([]float32{3}, autograd.RequiresGrad)\nw := autograd.New([]float32{2}, autograd.RequiresGrad)")
	run(t, s, "y := x.Mul(w)\ny.Backward()\nx.SetGrad(nil)")
	for cell, want := range map[string]string{
		"x.Grad() == nil": "true",
		"w.Grad().Item()": "3",
	} {
		if _, data := run(t, s, cell); text(data) != want {
			t.Errorf("%s = %s, want %s", cell, text(data), want)
		}
	}
	// Backward of a non-scalar fails on line 3, the third step
	_, err := s.Execute(context.Background(), "z := x.Mul(autograd.Ones(2))\nx.SetGrad(nil)\nz.Backward()\nw.SetGrad(nil)", nullOutput{})
	var ce *kernel.CellError
	if !errors.As(err, &ce) {
		t.Fatalf("Backward of a non-scalar: %v, want a CellError", err)
	}
	if !tracebackPoints(ce.Traceback, 3) {
		t.Errorf("traceback does not point at line 3:\n%s", strings.Join(ce.Traceback, "\n"))
	}
}
