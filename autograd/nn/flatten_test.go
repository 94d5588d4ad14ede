package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/tensor"
)

// flattenCase is one case of testdata/flatten.json (testdata/gen_flatten.py, PyTorch
// 1.13): a Flatten over dims applied to arange(n) reshaped to shape (transposed in its
// first two dims when Transposed), with what came out, or the exception.
type flattenCase struct {
	Shape      []int    `json:"shape"` // the input's shape, after the transpose
	Dims       []int    `json:"dims"`  // nil: nn.Flatten()
	Transposed bool     `json:"transposed"`
	Repr       string   `json:"repr"`
	Error      string   `json:"error"`
	OutShape   []int    `json:"out_shape"`
	Same       bool     `json:"same"`    // torch returned the input itself
	GradFn     *string  `json:"grad_fn"` // nil: None
	Out        []string `json:"out"`
	XGrad      []string `json:"x_grad"`
}

// TestFlatten: shapes, grad_fn names (a view or a copy, as torch's reshape decides),
// values, the input's gradient, reprs and error texts as PyTorch's nn.Flatten.
func TestFlatten(t *testing.T) {
	var g struct{ Cases []flattenCase }
	golden.Load(t, "testdata/flatten.json", &g)
	for _, c := range g.Cases {
		t.Run(fmt.Sprint(c.Shape, c.Dims, c.Transposed), func(t *testing.T) {
			m := NewFlatten(c.Dims...)
			if m.String() != c.Repr {
				t.Errorf("repr %q, PyTorch %q", m.String(), c.Repr)
			}
			shape := append([]int(nil), c.Shape...)
			if c.Transposed {
				shape[0], shape[1] = shape[1], shape[0]
			}
			n := 1
			for _, s := range shape {
				n *= s
			}
			vals := make([]float32, n)
			for i := range vals {
				vals[i] = float32(i)
			}
			x := autograd.FromArray(tensor.FromFloat32(vals).Reshape(shape...)).RequiresGrad_()
			in := x.Mul(1)
			if c.Transposed {
				in = x.Transpose(0, 1)
			}
			var out *autograd.Tensor
			got := golden.PanicText(func() { out = m.Forward(in) })
			if c.Error == "" {
				c.Error = "no error"
			}
			if got != c.Error {
				t.Fatalf("error %q, PyTorch %q", got, c.Error)
			}
			if out == nil {
				return
			}
			if fmt.Sprint([]int(out.Shape())) != fmt.Sprint(c.OutShape) {
				t.Errorf("shape %v, PyTorch %v", out.Shape(), c.OutShape)
			}
			if (out == in) != c.Same {
				t.Errorf("output is the input: %v, PyTorch %v", out == in, c.Same)
			}
			if c.GradFn != nil && (out.GradFn() == nil || out.GradFn().Name() != *c.GradFn) {
				t.Errorf("grad_fn %v, PyTorch %s", out.GradFn(), *c.GradFn)
			}
			w := autograd.Linspace(-1, 2, out.Numel()).Reshape(out.Shape()...)
			out.Mul(w).Sum().Backward()
			equalBits(t, "output", out.Float64s(), golden.Float32s(t, c.Out))
			equalBits(t, "input grad", x.Grad().Float64s(), golden.Float32s(t, c.XGrad))
		})
	}
}

func equalBits(t *testing.T, what string, got []float64, want []float32) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, PyTorch %d", what, len(got), len(want))
	}
	for i := range want {
		if math.Float32bits(float32(got[i])) != math.Float32bits(want[i]) {
			t.Fatalf("%s[%d] = %v, PyTorch %v", what, i, got[i], want[i])
		}
	}
}
