package graph

import (
	"os"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
)

// A custom autograd Function is drawn as torchviz draws torch's: one box named after
// the Function's class, LegendrePolynomial3Backward, without attributes, in the graph
// of the tutorial's model y = a + b * P3(c + d * x) (testdata/gen_customfunc.py).
func TestCustomFunctionPicture(t *testing.T) {
	want, err := os.ReadFile("testdata/legendre.dot")
	if err != nil {
		t.Fatal(err)
	}
	p3 := &autograd.Function{
		Name: "LegendrePolynomial3",
		Forward: func(ctx *autograd.Ctx, in []*autograd.Tensor) *autograd.Tensor {
			ctx.SaveForBackward(in[0])
			return in[0].Pow(3).Mul(5).Sub(in[0].Mul(3)).Mul(0.5)
		},
		Backward: func(ctx *autograd.Ctx, g *autograd.Tensor) []*autograd.Tensor {
			x := ctx.SavedTensors()[0]
			return []*autograd.Tensor{g.Mul(1.5).Mul(x.Pow(2).Mul(5).Sub(1))}
		},
	}
	x := autograd.Linspace(-1, 1, 3)
	a, b := autograd.Full(0.0, autograd.RequiresGrad), autograd.Full(-1.0, autograd.RequiresGrad)
	c, d := autograd.Full(0.0, autograd.RequiresGrad), autograd.Full(0.3, autograd.RequiresGrad)
	y := a.Add(b.Mul(p3.Apply(c.Add(d.Mul(x)))))
	got := DotSource(y, map[string]any{"a": a, "b": b, "c": c, "d": d, "y": y}, ShowAttrs, ShowSaved)
	if got != strings.TrimRight(string(want), "\n") {
		t.Errorf("DOT differs from PyTorch's\n got:\n%s\nwant:\n%s", got, want)
	}
}
