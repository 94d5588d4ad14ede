package autograd

import (
	"math"
	"testing"

	"github.com/gograd/gograd/tensor"
)

// Tanh's and Sigmoid's backward is tensor's fused TanhBackward and SigmoidBackward from
// the saved result, bit for bit, recorded (under create_graph) or not: torch's
// tanh_backward and sigmoid_backward, which tensor's golden test checks against torch
// (activation_double_test.go checks the recorded ops' derivatives).
func TestActivationGradsFused(t *testing.T) {
	xs := make([]float32, 1000)
	gs := make([]float32, 1000)
	for i := range xs {
		xs[i] = float32(math.Sin(float64(i))*3) + 0.01
		gs[i] = float32(math.Cos(float64(i)*0.7)) - 0.2
	}
	g := New(gs)
	for _, c := range []struct {
		name  string
		f     func(*Tensor) *Tensor
		fused func(g, y *tensor.Array) *tensor.Array
	}{
		{"tanh", (*Tensor).Tanh, tensor.TanhBackward},
		{"sigmoid", (*Tensor).Sigmoid, tensor.SigmoidBackward},
	} {
		for _, create := range []bool{false, true} {
			x := New(xs, RequiresGrad)
			y := c.f(x)
			if create {
				y.Backward(Gradient(g), CreateGraph)
			} else {
				y.Backward(Gradient(g))
			}
			got := x.Grad().Float64s()
			want := c.fused(g.Array(), y.Array()).Float64s()
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					t.Fatalf("%s (create_graph %v): grad[%d] = %v, want %v", c.name, create, i, got[i], want[i])
				}
			}
		}
	}
}
