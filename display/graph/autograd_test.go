package graph

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
)

// The seed-004 cells computed by gograd's autograd: the pictures must be PyTorch's.
func TestSeed004Autograd(t *testing.T) {
	sinCell := func(cGrad bool) string {
		x := autograd.New(5.0, autograd.RequiresGrad)
		c := autograd.New(3.0)
		if cGrad {
			c = autograd.New(3.0, autograd.RequiresGrad)
		}
		y := c.Mul(autograd.Sin(x)).Add(x).Add(c)
		return DotSource(y, map[string]any{"x": x, "c": c, "y": y}, ShowAttrs, ShowSaved)
	}
	mseCell := func(xGrad bool) string {
		// The picture depends on shapes only, not on the seed-42 random values.
		rows := make([][]float32, 100)
		for i := range rows {
			rows[i] = []float32{float32(i), 1, 2, 3, 4}
		}
		X := autograd.New(rows)
		if xGrad {
			X.RequiresGrad_(true)
		}
		yTrain := autograd.Mean(X, 1)
		theta := autograd.New([]float32{0.1, 0.2, 0.3, 0.4, 0.5}).RequiresGrad_(true)
		yPred := autograd.Matmul(X, theta)
		mse := autograd.Mean(yTrain.Sub(yPred).Pow(2))
		return DotSource(mse, map[string]any{"X_train": X, "mse_train": mse, "theta": theta}, ShowAttrs, ShowSaved)
	}
	for _, tc := range []struct {
		golden string
		src    string
	}{
		{"testdata/seed004_cell11.dot", sinCell(false)},
		{"testdata/seed004_cell14.dot", sinCell(true)},
		{"testdata/seed004_cell17.dot", mseCell(false)},
		{"testdata/seed004_cell20.dot", mseCell(true)},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			want, err := os.ReadFile(tc.golden)
			if err != nil {
				t.Fatal(err)
			}
			if got := tc.src; got != strings.TrimRight(string(want), "\n") {
				t.Errorf("DOT differs from PyTorch's\n got:\n%s\nwant:\n%s", got, want)
			}
			// And the picture Graphviz draws from it has PyTorch's boxes and arrows.
			golden := parseDOT(t, string(want))
			for name, r := range renderers(t) {
				out, err := r.Render(tc.src, "svg")
				if err != nil {
					t.Fatal(err)
				}
				got := parseSVG(t, string(out))
				if fmt.Sprint(got.edges) != fmt.Sprint(golden.edges) || len(got.labels) != len(golden.labels) {
					t.Errorf("%s: SVG has %d nodes, edges %v; PyTorch %d, %v",
						name, len(got.labels), got.edges, len(golden.labels), golden.edges)
				}
			}
		})
	}
}

func TestAutogradValues(t *testing.T) {
	if got := autograd.New(5.0).String(); got != "tensor(5.)" {
		t.Skipf("tensor printing not ready: tensor(5.) prints %q", got)
	}
	x := autograd.New(5.0, autograd.RequiresGrad)
	y := autograd.Sin(x).Mul(3)
	before := MakeDot(y, map[string]any{"x": x, "y": y}, ShowValues).Source()
	// Before backward: values, no gradients. torch prints tensor(5., requires_grad=True)
	// and tensor(-2.8768, grad_fn=<MulBackward0>); the box shows the detached value.
	for _, want := range []string{`x\n ()\nvalue: 5.`, `y\n ()\nvalue: -2.8768`} {
		if !strings.Contains(before, want) {
			t.Errorf("no %s in\n%s", want, before)
		}
	}
	if strings.Contains(before, "grad:") {
		t.Errorf("gradient shown before backward:\n%s", before)
	}
	y.Backward()
	// d/dx 3 sin x = 3 cos 5 = 0.8510 (torch: x.grad is tensor(0.8510)).
	after := MakeDot(y, map[string]any{"x": x, "y": y}, ShowValues).Source()
	if !strings.Contains(after, `x\n ()\nvalue: 5.\ngrad: 0.8510`) {
		t.Errorf("no gradient of x in\n%s", after)
	}

	// An intermediate that retained its gradient: s = sin(5) = -0.9589, and dy/ds = 3
	// (torch: s.grad is tensor(3.)).
	x = autograd.New(5.0, autograd.RequiresGrad)
	sin := autograd.Sin(x)
	sin.RetainGrad()
	y = sin.Mul(3)
	y.Backward()
	mid := MakeDot(y, map[string]any{"x": x, "s": sin, "y": y}, ShowValues).Source()
	if !strings.Contains(mid, `[label="SinBackward0\ns:\nvalue: -0.9589\ngrad: 3."]`) {
		t.Errorf("intermediate s not under SinBackward0:\n%s", mid)
	}
}

func TestMakeDotErrors(t *testing.T) {
	for _, tc := range []struct {
		v      any
		params map[string]any
		want   string
	}{
		{3.0, nil, "want an *autograd.Tensor"},
		{autograd.New(1.0), map[string]any{"a": 1}, `params["a"] is a int`},
	} {
		func() {
			defer func() {
				r := recover()
				if err, ok := r.(error); !ok || !strings.Contains(err.Error(), tc.want) {
					t.Errorf("panic %v, want %q", r, tc.want)
				}
			}()
			MakeDot(tc.v, tc.params)
		}()
	}
	// A tensor without history is one green box, as in torchviz.
	src := MakeDot(autograd.New([]float64{1, 2}), nil).Source()
	if !strings.Contains(src, `n0 [label="\n (2)" fillcolor=darkolivegreen1]`) || strings.Contains(src, "->") {
		t.Errorf("leaf-only graph:\n%s", src)
	}
}
