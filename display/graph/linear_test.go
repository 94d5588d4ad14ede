package graph

import (
	"os"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/nn"
)

// nn.Linear on a batch draws PyTorch's picture: AddmmBackward0 with its attributes and
// saved tensors (alpha, beta, mat1, mat2, their sizes and strides) over a TBackward0 of
// the weight (testdata/gen_linear.py, torch 1.13).
func TestLinearBatchPicture(t *testing.T) {
	for _, tc := range []struct {
		golden string
		grad   bool
	}{
		{"testdata/linear_batch.dot", false},
		{"testdata/linear_batch_grad.dot", true},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			want, err := os.ReadFile(tc.golden)
			if err != nil {
				t.Fatal(err)
			}
			lin := nn.NewLinear(3, 4)
			x := autograd.Ones(2, 3)
			if tc.grad {
				x.RequiresGrad_(true)
			}
			y := lin.Forward(x)
			got := DotSource(y, map[string]any{"weight": lin.Weight, "bias": lin.Bias, "x": x, "y": y}, ShowAttrs, ShowSaved)
			if got != strings.TrimRight(string(want), "\n") {
				t.Errorf("DOT differs from PyTorch's\n got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
