// Package gradcheck checks an op's backward against finite differences, in float64,
// for the packages built on autograd (nn/functional): first order (torch's gradcheck)
// and second order (gradgradcheck: the backward of the backward, what create_graph
// relies on). Package autograd's own tests have their own copy inside the package,
// which cannot import this one.
package gradcheck

import (
	"math"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Input is one float64 input of the function checked: its values and shape. Const
// inputs are passed as they are and not differentiated (targets, weights).
type Input struct {
	Values []float64
	Shape  []int
	Const  bool
}

// Check runs the first- and second-order checks of f at inputs, failing t on the first
// mismatch beyond tol (relative to 1 + |finite difference|).
func Check(t *testing.T, f func(x []*autograd.Tensor) *autograd.Tensor, inputs []Input, tol float64) {
	t.Helper()
	jacobian(t, "first order", f, inputs, tol)
	// second order: the map (x, v) -> vᵀ·∂f/∂x, built with create_graph
	nIn := len(inputs)
	var v Input
	autograd.NoGrad(func() {
		y := f(leaves(inputs))
		n := y.Numel()
		v = Input{Values: make([]float64, n), Shape: []int(y.Shape())}
		for i := range v.Values {
			v.Values[i] = 0.3 + 0.7*float64(i%5)/5 // any fixed vector, not all equal
		}
	})
	back := func(xv []*autograd.Tensor) *autograd.Tensor {
		x, vt := xv[:nIn], xv[nIn]
		var parts []*autograd.Tensor
		autograd.EnableGrad(func() {
			y := f(x)
			var need []*autograd.Tensor
			for i, in := range inputs {
				if !in.Const {
					need = append(need, x[i])
				}
			}
			gs := autograd.Grad(y, need, autograd.GradOutputs(vt.Reshape(y.Shape()...)), autograd.CreateGraph, autograd.AllowUnused)
			for i, g := range gs {
				if g == nil {
					g = autograd.ZerosLike(need[i])
				}
				parts = append(parts, g.Reshape(-1))
			}
		})
		return autograd.Cat(parts, 0)
	}
	jacobian(t, "second order", back, append(append([]Input(nil), inputs...), v), tol)
}

func leaves(inputs []Input) []*autograd.Tensor {
	out := make([]*autograd.Tensor, len(inputs))
	for i, in := range inputs {
		out[i] = autograd.FromArray(tensor.FromFloat64(append([]float64(nil), in.Values...)).Reshape(in.Shape...))
		if !in.Const {
			out[i].RequiresGrad_(true)
		}
	}
	return out
}

// jacobian compares each row of f's Jacobian, by a vector-Jacobian product, with
// central differences.
func jacobian(t *testing.T, order string, f func([]*autograd.Tensor) *autograd.Tensor, inputs []Input, tol float64) {
	t.Helper()
	const eps = 1e-6
	eval := func() []float64 {
		var out []float64
		autograd.NoGrad(func() { out = f(leaves(inputs)).Float64s() })
		return out
	}
	y0 := eval()
	for k := range y0 {
		x := leaves(inputs)
		var gs autograd.Tuple
		var need []int
		autograd.EnableGrad(func() {
			y := f(x)
			e := make([]float64, y.Numel())
			e[k] = 1
			var xs []*autograd.Tensor
			for i, in := range inputs {
				if !in.Const {
					xs, need = append(xs, x[i]), append(need, i)
				}
			}
			if !y.RequiresGrad() {
				gs = make(autograd.Tuple, len(xs))
				return
			}
			gs = autograd.Grad(y, xs, autograd.GradOutputs(autograd.FromArray(tensor.FromFloat64(e).Reshape(y.Shape()...))), autograd.AllowUnused)
		})
		for n, i := range need {
			var ana []float64
			if gs[n] != nil {
				ana = gs[n].Float64s()
			}
			for j := range inputs[i].Values {
				orig := inputs[i].Values[j]
				inputs[i].Values[j] = orig + eps
				yp := eval()[k]
				inputs[i].Values[j] = orig - eps
				ym := eval()[k]
				inputs[i].Values[j] = orig
				num := (yp - ym) / (2 * eps)
				a := 0.0
				if ana != nil {
					a = ana[j]
				}
				if math.Abs(num-a) > tol*(1+math.Abs(num)) {
					t.Fatalf("%s: d out[%d] / d in%d[%d]: backward %.8g, finite difference %.8g", order, k, i, j, a, num)
				}
			}
		}
	}
}
