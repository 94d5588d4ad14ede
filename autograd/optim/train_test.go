package optim

import (
	"math"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/autograd/nn"
	"github.com/gograd/gograd/tensor"
)

func matrix(rows [][]float64) *tensor.Array {
	var flat []float32
	for _, r := range rows {
		for _, v := range r {
			flat = append(flat, float32(v))
		}
	}
	return tensor.FromFloat32(flat, len(rows), len(rows[0]))
}

// TestTraining trains gen.py's Linear(3, 2) + MSELoss problem for 5 steps with each
// optimizer. Unlike TestUpdateRules the gradients come from our own forward and backward
// passes, whose float32 sums may round differently from PyTorch's BLAS, so values are
// compared to 1e-6 relative; how many agree bit for bit is logged.
func TestTraining(t *testing.T) {
	g := load(t)
	X := autograd.FromArray(matrix(g.XRaw))
	Y := autograd.FromArray(matrix(g.YRaw))
	for _, c := range g.Train {
		t.Run(caseName(c.Kind, c.Kwargs), func(t *testing.T) {
			b0 := make([]float32, len(g.B0Raw))
			for i, v := range g.B0Raw {
				b0[i] = float32(v)
			}
			model := &nn.Linear{
				InFeatures: 3, OutFeatures: 2,
				Weight: autograd.NewParameter(autograd.FromArray(matrix(g.W0Raw))),
				Bias:   autograd.NewParameter(autograd.FromArray(tensor.FromFloat32(b0, 2))),
			}
			opt := build(c.Kind, c.Kwargs, model)
			lossFn := nn.NewMSELoss()
			var got []float32
			for step := 0; step < 5; step++ {
				loss := lossFn.Forward(model.Forward(X), Y)
				got = append(got, float32(loss.Item()))
				opt.ZeroGrad()
				loss.Backward()
				opt.Step()
			}
			exact, total := 0, 0
			compare := func(what string, got, want []float32) {
				for i := range want {
					total++
					if got[i] == want[i] {
						exact++
					}
					if d := math.Abs(float64(got[i] - want[i])); d > 1e-6*math.Abs(float64(want[i]))+1e-9 {
						t.Errorf("%s[%d] = %.9g, PyTorch %.9g", what, i, got[i], want[i])
					}
				}
			}
			compare("loss", got, golden.Float32s(t, c.Losses))
			compare("weight", model.Weight.Array().Float32s(), golden.Float32s(t, c.Weight))
			compare("bias", model.Bias.Array().Float32s(), golden.Float32s(t, c.Bias))
			t.Logf("%d of %d values bit-identical to PyTorch", exact, total)
		})
	}
}
