package autograd

import "testing"

// The one reduction form: dims as ints, then KeepDim; methods and functions agree, and
// give what SumDims/MeanDims give with the dims as a slice.
func TestReductionForms(t *testing.T) {
	A := Arange(24.0).Reshape(2, 3, 4).RequiresGrad_(true)
	cases := []struct {
		name      string
		got, want *Tensor
		grad      string
		shape     []int
	}{
		{"sum()", A.Sum(), A.SumDims([]int{0, 1, 2}, false), "SumBackward0", nil},
		{"sum(1)", A.Sum(1), A.SumDims([]int{1}, false), "SumBackward1", []int{2, 4}},
		{"sum(0, 2)", Sum(A, 0, 2), A.SumDims([]int{0, 2}, false), "SumBackward1", []int{3}},
		{"sum(-1, keepdim)", A.Sum(-1, KeepDim), A.SumDims([]int{-1}, true), "SumBackward1", []int{2, 3, 1}},
		{"torch.sum(x, 1, True)", Sum(A, 1, true), A.SumDims([]int{1}, true), "SumBackward1", []int{2, 1, 4}},
		{"mean()", Mean(A), A.MeanDims([]int{0, 1, 2}, false), "MeanBackward0", nil},
		{"mean(1, keepdim)", A.Mean(1, KeepDim), A.MeanDims([]int{1}, true), "MeanBackward1", []int{2, 1, 4}},
		{"torch.mean(x, 0, 1, keepdim)", Mean(A, 0, 1, KeepDim), A.MeanDims([]int{0, 1}, true), "MeanBackward1", []int{1, 1, 4}},
	}
	for _, c := range cases {
		if !Equal(c.got, c.want) {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
		if c.got.GradFn().Name() != c.grad {
			t.Errorf("%s: grad_fn %s, torch %s", c.name, c.got.GradFn().Name(), c.grad)
		}
		if got := c.got.Shape(); len(got) != len(c.shape) || len(got) > 0 && got.String() != Size(c.shape).String() {
			t.Errorf("%s: shape %v, want %v", c.name, got, c.shape)
		}
	}
	B := New([][]float64{{1, 5, 2}, {7, 0, 3}})
	for _, c := range []struct {
		name string
		got  *Tensor
		want string
	}{
		{"argmax()", B.Argmax(), "tensor(3)"},
		{"argmax(1)", B.Argmax(1), "tensor([1, 0])"},
		{"argmin(0, keepdim)", Argmin(B, 0, KeepDim), "tensor([[0, 1, 0]])"},
		{"prod(1)", B.Prod(1), "tensor([10.,  0.])"},
	} { // torch 1.13 prints these for torch.tensor([[1., 5, 2], [7, 0, 3]])
		if s := c.got.String(); s != c.want {
			t.Errorf("%s = %s, torch %s", c.name, s, c.want)
		}
	}
	if msg := panicText(func() { A.Sum("0") }); msg != "TypeError: sum(): dims must be ints followed by KeepDim, got string" {
		t.Errorf("Sum(\"0\"): %q", msg)
	}
}
