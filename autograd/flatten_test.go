package autograd

import (
	"encoding/json"
	"os"
	"slices"
	"testing"
)

// TestFlattenMatchesTorch checks Tensor.Flatten against torch.Tensor.flatten
// (testdata/flatten_golden.json, gen_flatten.py): shapes, values, whether the input
// itself comes back, the grad_fn (a view or a copy, as torch's reshape decides), the
// input's gradient, and the error texts.
func TestFlattenMatchesTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/flatten_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct {
		Shape      []int     `json:"shape"`
		Transposed bool      `json:"transposed"`
		Dims       []int     `json:"dims"`
		OutShape   []int     `json:"out_shape"`
		Values     []float64 `json:"values"`
		Same       bool      `json:"same"`
		GradFn     *string   `json:"grad_fn"`
		Grad       []float64 `json:"grad"`
		Error      string    `json:"error"`
	}
	if err := json.Unmarshal(raw, &cases); err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		n := 1
		for _, s := range c.Shape {
			n *= s
		}
		x := Arange(float64(n)).Reshape(c.Shape...).Detach().RequiresGrad_(true)
		y := x
		if c.Transposed {
			y = x.Transpose(0, 2)
		}
		if c.Error != "" {
			if got := panicText(func() { y.Flatten(c.Dims...) }); got != c.Error {
				t.Errorf("%v %v: error %q, want %q", c.Shape, c.Dims, got, c.Error)
			}
			continue
		}
		r := y.Flatten(c.Dims...)
		if got := []int(r.Shape()); !slices.Equal(got, c.OutShape) {
			t.Errorf("%v %v: shape %v, want %v", c.Shape, c.Dims, got, c.OutShape)
			continue
		}
		if got := r.Detach().Reshape(-1).Float64s(); !slices.Equal(got, c.Values) {
			t.Errorf("%v %v: values %v, want %v", c.Shape, c.Dims, got, c.Values)
		}
		if (r == y) != c.Same {
			t.Errorf("%v %v: result is the input: %v, want %v", c.Shape, c.Dims, r == y, c.Same)
		}
		name := ""
		if r.GradFn() != nil {
			name = r.GradFn().Name()
		}
		if want := ""; c.GradFn != nil && *c.GradFn != name || c.GradFn == nil && name != want {
			t.Errorf("%v %v: grad_fn %q, want %v", c.Shape, c.Dims, name, c.GradFn)
		}
		r.Mul(Arange(float64(len(c.Values))).Reshape(c.OutShape...)).Sum().Backward()
		if got := x.Grad().Reshape(-1).Float64s(); !slices.Equal(got, c.Grad) {
			t.Errorf("%v %v: grad %v, want %v", c.Shape, c.Dims, got, c.Grad)
		}
	}
}
