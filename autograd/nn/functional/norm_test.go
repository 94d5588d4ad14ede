package F

import (
	"fmt"
	"math"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/autograd/internal/gradcheck"
	"github.com/gograd/gograd/tensor"
)

// normGolden is testdata/norm_golden.json (gen_norm.py, torch 1.13): batch_norm,
// layer_norm and embedding with their outputs, the gradients for a given upstream
// gradient, the running statistics after the call, and error texts.
type normGolden struct {
	Cases []struct {
		Fn               string
		Inputs           map[string]*spec
		Kwargs           map[string]any
		Out              []float64
		OutShape         []int     `json:"out_shape"`
		GradOut          []float64 `json:"grad_out"`
		GradFn           string    `json:"grad_fn"`
		Attrs            map[string]string
		Grads            map[string][]float64
		RunningMeanAfter []float64 `json:"running_mean_after"`
		RunningVarAfter  []float64 `json:"running_var_after"`
	}
	Errors      map[string]string
	SecondOrder map[string][]string `json:"second_order"`
}

// runNorm calls the Go function of a golden case on tensors built from its inputs.
func runNorm(fn string, in map[string]*Tensor, kw map[string]any) *Tensor {
	num := func(k string, def float64) float64 {
		if v, ok := kw[k]; ok {
			return v.(float64)
		}
		return def
	}
	switch fn {
	case "batch_norm":
		return BatchNorm(in["input"], in["running_mean"], in["running_var"], in["weight"], in["bias"],
			kw["training"].(bool), num("momentum", 0.1), num("eps", 1e-5))
	case "layer_norm":
		var shape []int
		for _, d := range kw["normalized_shape"].([]any) {
			shape = append(shape, int(d.(float64)))
		}
		return LayerNorm(in["input"], shape, in["weight"], in["bias"], num("eps", 1e-5))
	case "embedding":
		if p, ok := kw["padding_idx"]; ok {
			return Embedding(in["indices"], in["weight"], int(p.(float64)))
		}
		return Embedding(in["indices"], in["weight"])
	}
	panic("no Go function for " + fn)
}

// ulpsApart is how many float32 (or float64) steps lie between a and b.
func ulpsApart(a, b float64, f32 bool) float64 {
	if f32 {
		return math.Abs(float64(int64(math.Float32bits(float32(a))) - int64(math.Float32bits(float32(b)))))
	}
	return math.Abs(float64(int64(math.Float64bits(a)) - int64(math.Float64bits(b))))
}

// TestNormAgainstTorch compares values, gradients, running statistics, grad_fn names
// and saved attributes (as torchviz lists them) with torch's. Forward values and
// running statistics must be torch's bit for bit, in float32 and float64; gradients,
// written with autograd ops rather than torch's fused kernels, agree to 1e-12 (float64)
// and 1e-5 (float32) relative to 1 + |value|.
func TestNormAgainstTorch(t *testing.T) {
	var g normGolden
	golden.Load(t, "testdata/norm_golden.json", &g)
	exact, total := 0, 0
	fwdExact, fwdTotal := 0, 0 // forward values and running statistics
	for i, c := range g.Cases {
		name := fmt.Sprintf("%d:%s%v/%s", i, c.Fn, c.Kwargs, c.Inputs[firstInput(c.Fn)].DType)
		t.Run(name, func(t *testing.T) {
			in := map[string]*Tensor{}
			for k, s := range c.Inputs {
				if s != nil {
					in[k] = s.build()
				}
			}
			f32 := c.Inputs[firstInput(c.Fn)].DType == "float32" || (c.Fn == "embedding" && c.Inputs["weight"].DType == "float32")
			out := runNorm(c.Fn, in, c.Kwargs)
			if got := out.GradFn().Name(); got != c.GradFn {
				t.Errorf("grad_fn %s, torch %s", got, c.GradFn)
			}
			checkSavedAttrs(t, out, c.Attrs)
			if fmt.Sprint([]int(out.Shape())) != fmt.Sprint(c.OutShape) {
				t.Fatalf("shape %v, torch %v", out.Shape(), c.OutShape)
			}
			cmp := func(what string, got, want []float64, grad bool) {
				t.Helper()
				if len(got) != len(want) {
					t.Fatalf("%s: %d values, torch %d", what, len(got), len(want))
				}
				for j := range got {
					total++
					d := ulpsApart(got[j], want[j], f32)
					if !grad {
						fwdTotal++
						if d == 0 {
							fwdExact++
						}
					}
					if d == 0 {
						exact++
						continue
					}
					bad := false
					switch {
					case grad && f32:
						bad = math.Abs(got[j]-want[j]) > 1e-5*(1+math.Abs(want[j]))
					case grad:
						bad = math.Abs(got[j]-want[j]) > 1e-12*(1+math.Abs(want[j]))
					default:
						bad = true // forward values are torch's bit for bit
					}
					if bad {
						t.Errorf("%s[%d] = %.9g, torch %.9g (%v ulps)", what, j, got[j], want[j], d)
						return
					}
				}
			}
			cmp("out", out.Array().Float64s(), c.Out, false)
			if c.RunningMeanAfter != nil {
				cmp("running_mean", in["running_mean"].Array().Float64s(), c.RunningMeanAfter, false)
				cmp("running_var", in["running_var"].Array().Float64s(), c.RunningVarAfter, false)
			}
			var wrt []*Tensor
			var names []string
			for k := range c.Grads {
				names = append(names, k)
				wrt = append(wrt, in[k])
			}
			gout := autograd.FromArray(spec{Data: c.GradOut, Shape: c.OutShape, DType: out.Array().DType().String()}.build().Array())
			gs := autograd.Grad(out, wrt, autograd.GradOutputs(gout))
			for j, k := range names {
				cmp("grad "+k, gs[j].Array().Float64s(), c.Grads[k], true)
			}
		})
	}
	t.Logf("%d of %d values bit-identical to torch's (forward and running statistics: %d of %d)", exact, total, fwdExact, fwdTotal)
}

func firstInput(fn string) string {
	if fn == "embedding" {
		return "weight"
	}
	return "input"
}

func TestNormErrors(t *testing.T) {
	var g normGolden
	golden.Load(t, "testdata/norm_golden.json", &g)
	r := func(s ...int) *Tensor {
		args := make([]any, len(s))
		for i, d := range s {
			args[i] = d
		}
		return autograd.Ones(args...)
	}
	long := func(v ...int) *Tensor { return autograd.New(v) }
	cases := map[string]func(){
		"bn_one":        func() { BatchNorm(r(1, 3), nil, nil, nil, nil, true) },
		"bn_rm":         func() { BatchNorm(r(2, 3), r(4), r(3), nil, nil, false) },
		"bn_rv":         func() { BatchNorm(r(2, 3), r(3), r(2), nil, nil, false) },
		"bn_w":          func() { BatchNorm(r(2, 3), r(3), r(3), r(4), nil, false) },
		"bn_b":          func() { BatchNorm(r(2, 3), nil, nil, nil, r(4), true) },
		"bn_eval_none":  func() { BatchNorm(r(2, 3), nil, nil, nil, nil, false) },
		"bn_1d":         func() { BatchNorm(r(3), nil, nil, nil, nil, true) },
		"bn_int":        func() { BatchNorm(autograd.Ones(2, 3).Long(), nil, nil, nil, nil, true) },
		"ln_shape":      func() { LayerNorm(r(3, 5), []int{4}, nil, nil) },
		"ln_long_shape": func() { LayerNorm(r(5), []int{2, 5}, nil, nil) },
		"ln_w":          func() { LayerNorm(r(3, 4), []int{4}, r(3), nil) },
		"ln_b":          func() { LayerNorm(r(3, 4), []int{4}, nil, r(2, 2)) },
		"ln_empty":      func() { LayerNorm(r(3, 4), nil, nil, nil) },
		"ln_int":        func() { LayerNorm(autograd.Ones(3, 4).Long(), []int{4}, nil, nil) },
		"emb_range":     func() { Embedding(long(0, 5), r(5, 3)) },
		"emb_neg":       func() { Embedding(long(0, -1), r(5, 3)) },
		"emb_float":     func() { Embedding(autograd.New([]float64{0, 1}).Float(), r(5, 3)) },
		"emb_pad":       func() { Embedding(long(0, 1), r(5, 3), 5) },
		"emb_pad_neg":   func() { Embedding(long(0, 1), r(5, 3), -6) },
		"emb_w":         func() { Embedding(long(0, 1), r(5)) },
	}
	checkErrorTexts(t, cases, g.Errors)
}

// First and second order, float64: batch norm in training (the statistics depend on
// the input) and in evaluation, layer norm over one and two dims, embedding.
func TestNormGradcheck(t *testing.T) {
	x := append(append([]float64(nil), x34...), t34...) // 24 values
	rm := autograd.New([]float64{0.1, -0.2, 0.3}, autograd.Float64)
	rv := autograd.New([]float64{0.8, 1.3, 0.6}, autograd.Float64)
	idx := autograd.New([]int{2, 0, 2, 3, 1})
	cases := []struct {
		name   string
		f      func([]*Tensor) *Tensor
		inputs []gradcheck.Input
	}{
		{"batch_norm training (N, C, L)", func(in []*Tensor) *Tensor {
			return BatchNorm(in[0], nil, nil, in[1], in[2], true, 0.1, 1e-3)
		}, []gradcheck.Input{{Values: x, Shape: []int{4, 3, 2}}, {Values: p34[:3], Shape: []int{3}}, {Values: q34[:3], Shape: []int{3}}}},
		{"batch_norm training (N, C)", func(in []*Tensor) *Tensor {
			return BatchNorm(in[0], nil, nil, in[1], nil, true)
		}, []gradcheck.Input{{Values: x34, Shape: []int{4, 3}}, {Values: p34[:3], Shape: []int{3}}}},
		{"batch_norm eval", func(in []*Tensor) *Tensor {
			return BatchNorm(in[0], rm, rv, in[1], in[2], false)
		}, []gradcheck.Input{{Values: x, Shape: []int{2, 3, 2, 2}}, {Values: p34[:3], Shape: []int{3}}, {Values: q34[:3], Shape: []int{3}}}},
		{"layer_norm [4]", func(in []*Tensor) *Tensor {
			return LayerNorm(in[0], []int{4}, in[1], in[2])
		}, []gradcheck.Input{{Values: x, Shape: []int{2, 3, 4}}, {Values: p34[:4], Shape: []int{4}}, {Values: q34[:4], Shape: []int{4}}}},
		{"layer_norm [3, 4] no affine", func(in []*Tensor) *Tensor {
			return LayerNorm(in[0], []int{3, 4}, nil, nil, 1e-3)
		}, []gradcheck.Input{{Values: x, Shape: []int{2, 3, 4}}}},
		{"embedding padding_idx", func(in []*Tensor) *Tensor {
			return Embedding(idx, in[0], 4)
		}, []gradcheck.Input{{Values: x[:15], Shape: []int{5, 3}}}},
		// the gradients themselves, checked to first and second order: the recorded
		// NativeBatchNormBackwardBackward0 and NativeLayerNormBackwardBackward0 nodes
		// differentiate to the third order of the op
		{"batch_norm's input gradient", func(in []*Tensor) *Tensor {
			v := autograd.Linspace(-1, 1, 12, autograd.Float64).Reshape(4, 3)
			var g *Tensor
			autograd.EnableGrad(func() { // the finite differences run without grad
				g = autograd.Grad(BatchNorm(in[0], nil, nil, in[1], nil, true), []*Tensor{in[0]}, autograd.GradOutputs(v), autograd.CreateGraph)[0]
			})
			return g
		}, []gradcheck.Input{{Values: x34, Shape: []int{4, 3}}, {Values: p34[:3], Shape: []int{3}}}},
		{"layer_norm's weight and input gradients", func(in []*Tensor) *Tensor {
			v := autograd.Linspace(-1, 1, 8, autograd.Float64).Reshape(2, 4)
			var g *Tensor
			autograd.EnableGrad(func() {
				gs := autograd.Grad(LayerNorm(in[0], []int{4}, in[1], nil), []*Tensor{in[0], in[1]}, autograd.GradOutputs(v), autograd.CreateGraph)
				g = autograd.Cat([]*Tensor{gs[0].Reshape(-1), gs[1]}, 0)
			})
			return g
		}, []gradcheck.Input{{Values: x34[:8], Shape: []int{2, 4}}, {Values: p34[:4], Shape: []int{4}}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { gradcheck.Check(t, c.f, c.inputs, 1e-5) })
	}
}

// Batch norm in training writes the running statistics without a version bump, so a
// graph that saved them still runs backward after another forward (as torch's); in
// evaluation a change to them in place is caught.
func TestBatchNormRunningStatsVersions(t *testing.T) {
	x := autograd.Randn(4, 3, autograd.RequiresGrad)
	rm, rv := autograd.Zeros(3), autograd.Ones(3)
	y1 := BatchNorm(x, rm, rv, nil, nil, true).Sum()
	BatchNorm(x, rm, rv, nil, nil, true)
	if got := golden.PanicText(func() { y1.Backward() }); got != "no error" {
		t.Errorf("backward after a second training forward: %s", got)
	}
	y := BatchNorm(x, rm, rv, nil, nil, false).Sum()
	rm.Add_(1)
	const want = "RuntimeError: one of the variables needed for gradient computation has been modified by an inplace operation"
	if got := golden.PanicText(func() { y.Backward() }); len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("backward after running_mean changed in place: %q", got)
	}
}

// Under create_graph the gradients are recorded as torch records them: one node named
// as torch's (NativeBatchNormBackwardBackward0, ...) per gradient, and embedding's
// double backward as torch's index_select, masked_fill and view.
func TestNormSecondOrderNodes(t *testing.T) {
	var gold normGolden
	golden.Load(t, "testdata/norm_golden.json", &gold)
	f64 := func(v []float64, s ...int) *Tensor {
		return autograd.FromArray(tensor.FromFloat64(append([]float64(nil), v...), s...)).RequiresGrad_(true)
	}
	x, w, b := f64(x34, 4, 3), f64(p34[:3], 3), f64(q34[:3], 3)
	g := f64(t34, 4, 3)
	rm, rv := autograd.Zeros(3, autograd.Float64), autograd.Ones(3, autograd.Float64)
	got := map[string][]string{}
	for name, f := range map[string]func() *Tensor{
		"batch_norm":      func() *Tensor { return BatchNorm(x, nil, nil, w, b, true) },
		"batch_norm_eval": func() *Tensor { return BatchNorm(x, rm, rv, w, b, false) },
		"layer_norm":      func() *Tensor { return LayerNorm(x, []int{3}, w, b) },
	} {
		for _, gr := range autograd.Grad(f(), []*Tensor{x, w, b}, autograd.GradOutputs(g), autograd.CreateGraph) {
			got[name] = append(got[name], gr.GradFn().Name())
		}
	}
	for _, pad := range []int{-1, 2} {
		all := append(append([]float64(nil), x34...), t34...)
		e, gy, h := f64(all[:15], 5, 3), f64(t34[:9], 3, 3), f64(all[5:20], 5, 3)
		idx := autograd.New([]int{1, 2, 1})
		y := Embedding(idx, e)
		name := "embedding padding_idx=None"
		if pad >= 0 {
			y, name = Embedding(idx, e, pad), "embedding padding_idx=2"
		}
		ge := autograd.Grad(y, []*Tensor{e}, autograd.GradOutputs(gy), autograd.CreateGraph)[0]
		gg := autograd.Grad(ge, []*Tensor{gy}, autograd.GradOutputs(h), autograd.CreateGraph)[0]
		names := []string{ge.GradFn().Name()}
		for fn := gg.GradFn(); fn != nil && len(names) < 4; {
			names = append(names, fn.Name())
			var next *autograd.Node
			for _, e := range fn.NextFunctions() {
				if e.Node != nil && e.Node.Name() != "AccumulateGrad" {
					next = e.Node
					break
				}
			}
			fn = next
		}
		got[name] = names
	}
	if fmt.Sprint(got) != fmt.Sprint(gold.SecondOrder) {
		t.Errorf("%v\n torch %v", got, gold.SecondOrder)
	}
}
