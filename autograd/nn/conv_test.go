package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	F "github.com/gograd/gograd/autograd/nn/functional"
)

// Conv2d, Conv1d, MaxPool2d and AvgPool2d are built, initialised, printed and applied as torch.nn's
// (testdata/gen_conv.py): parameters bit for bit after the same seed, outputs to
// float32 rounding (the sums run in another order).
func TestConvAndPoolModules(t *testing.T) {
	var want map[string]struct {
		Repr   string
		Params [][]float64
		GradFn *string `json:"grad_fn"`
		Shape  []int
		Out    []float64
	}
	golden.Load(t, "testdata/conv.json", &want)
	x := autograd.Linspace(-1, 1, 2*4*8*8).Reshape(2, 4, 8, 8)
	mods := map[string]struct {
		seed uint64
		make func() Module
	}{
		"conv": {0, func() Module { return NewConv2d(4, 6, []int{3}) }},
		"conv_opts": {1, func() Module {
			return NewConv2d(4, 6, []int{3, 2}, F.Stride(2), F.Padding(1), F.Dilation(1, 2), F.Groups(2), false)
		}},
		"conv1d": {8, func() Module { return NewConv1d(4, 6, 3) }},
		"conv1d_opts": {9, func() Module {
			return NewConv1d(4, 6, 3, F.Stride(2), F.Padding(1), F.Dilation(2), F.Groups(2), false)
		}},
		"pool":         {2, func() Module { return NewMaxPool2d([]int{2}) }},
		"pool_opts":    {3, func() Module { return NewMaxPool2d([]int{3, 2}, F.Stride(1), F.Padding(1)) }},
		"avgpool":      {4, func() Module { return NewAvgPool2d([]int{2}) }},
		"adaptive":     {6, func() Module { return NewAdaptiveAvgPool2d([]int{3, 2}) }},
		"adaptive1":    {7, func() Module { return NewAdaptiveAvgPool2d([]int{1}) }},
		"avgpool_opts": {5, func() Module { return NewAvgPool2d([]int{3, 2}, F.Stride(1, 2), F.Padding(1)) }},
	}
	x1 := autograd.Linspace(-1, 1, 2*4*16).Reshape(2, 4, 16)
	for name, m := range mods {
		w := want[name]
		autograd.ManualSeed(m.seed)
		mod := m.make()
		x := x
		if _, ok := mod.(*Conv1d); ok {
			x = x1
		}
		if s := repr(mod); s != w.Repr {
			t.Errorf("%s: repr %s, torch %s", name, s, w.Repr)
		}
		ps := mod.Parameters()
		if len(ps) != len(w.Params) {
			t.Fatalf("%s: %d parameters, torch %d", name, len(ps), len(w.Params))
		}
		for i, p := range ps {
			golden.SameFloats(t, fmt.Sprintf("%s param %d", name, i), p.Float64s(), w.Params[i])
		}
		y := mod.Forward(x)
		if fmt.Sprint([]int(y.Shape())) != fmt.Sprint(w.Shape) {
			t.Fatalf("%s: shape %v, torch %v", name, y.Shape(), w.Shape)
		}
		if (w.GradFn == nil) != (y.GradFn() == nil) || w.GradFn != nil && y.GradFn().Name() != *w.GradFn {
			t.Errorf("%s: grad_fn %v, torch %v", name, y.GradFn(), w.GradFn)
		}
		for i, v := range y.Float64s() {
			if math.Abs(v-w.Out[i]) > 2e-6*(1+math.Abs(w.Out[i])) {
				t.Errorf("%s: out[%d] = %v, torch %v", name, i, v, w.Out[i])
				break
			}
		}
	}
}
