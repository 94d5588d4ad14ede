package autograd

import (
	"fmt"
	"math/rand"
	"testing"

	"github.com/gograd/gograd/autograd/internal/golden"
)

// customGolden is testdata/customfunc_golden.json (gen_customfunc.py, torch 1.13).
type customGolden struct {
	ForwardGradEnabled bool `json:"forward_grad_enabled"`
	P3                 struct {
		Repr   string
		GradFn string `json:"grad_fn"`
		Next   []*string
		Saved  map[string]string
		IsLeaf bool `json:"is_leaf"`
		Grad   []float64
		Twice  string
	}
	P3Plain  string `json:"p3_plain"`
	P3NoGrad string `json:"p3_nograd"`
	P3Double struct {
		G, G2               []float64
		GRepr               string `json:"g_repr"`
		GFn                 string `json:"g_fn"`
		BackwardGradEnabled bool   `json:"backward_grad_enabled"`
	} `json:"p3_double"`
	BackwardGradEnabled bool   `json:"backward_grad_enabled"`
	P3CreateGraphGrad   string `json:"p3_create_graph_grad"`
	MulAdd              struct {
		Repr  string
		Next  []*string
		AGrad []float64 `json:"a_grad"`
		BGrad string    `json:"b_grad"`
		Needs [][]bool
	}
	Hooks struct {
		Seen [][]float64
		Grad []float64
	}
	Exp struct {
		Repr  string
		G, G2 []float64
		GFn   string `json:"g_fn"`
	}
	ExpInplace string `json:"exp_inplace"`
	Once       struct {
		G          []float64
		GRepr      string    `json:"g_repr"`
		CgPlain    string    `json:"cg_plain"`
		CgRepr     string    `json:"cg_repr"`
		CgFn       string    `json:"cg_fn"`
		CgNext     []*string `json:"cg_next"`
		Second     string
		SecondGrad string `json:"second_grad"`
		GradRepr   string `json:"grad_repr"`
	}
	Errors    map[string]string
	ExtraNone []float64 `json:"extra_none"`
	Reduced   []float64
	Cast      string
	NoneGrad  struct {
		X string
		W []float64
	} `json:"none_grad"`
	NonDiff struct {
		Repr         string
		RequiresGrad bool    `json:"requires_grad"`
		GradFn       *string `json:"grad_fn"`
	} `json:"nondiff"`
	Dirty struct {
		Same    bool
		Repr    string
		GradFn  string `json:"grad_fn"`
		Next    []*string
		Version int
		Grad    []float64
		Leaf    string
	}
}

func loadCustom(t *testing.T) customGolden {
	var g customGolden
	golden.Load(t, "testdata/customfunc_golden.json", &g)
	return g
}

// legendre is the tutorial's LegendrePolynomial3; gradEnabled records the grad mode its
// forward and its backward saw.
func legendre(gradEnabled map[string]bool) *Function {
	return &Function{
		Name: "LegendrePolynomial3",
		Forward: func(ctx *Ctx, in []*Tensor) *Tensor {
			gradEnabled["forward"] = IsGradEnabled()
			ctx.SaveForBackward(in[0])
			return in[0].Pow(3).Mul(5).Sub(in[0].Mul(3)).Mul(0.5)
		},
		Backward: func(ctx *Ctx, g *Tensor) []*Tensor {
			gradEnabled["backward"] = IsGradEnabled()
			x := ctx.SavedTensors()[0]
			return []*Tensor{g.Mul(1.5).Mul(x.Pow(2).Mul(5).Sub(1))}
		},
	}
}

func f64(v ...float64) *Tensor { return New(v, Float64) }

func nextNames(n *Node) []*string {
	var out []*string
	for _, e := range n.NextFunctions() {
		if e.Node == nil {
			out = append(out, nil)
		} else {
			s := e.Node.Name()
			out = append(out, &s)
		}
	}
	return out
}

func sameNames(t *testing.T, what string, got, want []*string) {
	t.Helper()
	if fmt.Sprint(deref(got)) != fmt.Sprint(deref(want)) {
		t.Errorf("%s: next functions %v, torch %v", what, deref(got), deref(want))
	}
}

func deref(s []*string) []string {
	out := make([]string, len(s))
	for i, p := range s {
		out[i] = "None"
		if p != nil {
			out[i] = *p
		}
	}
	return out
}

func sameText(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestFunctionLegendre(t *testing.T) {
	g := loadCustom(t)
	modes := map[string]bool{}
	p3 := legendre(modes)
	x := f64(0.5, -1, 2).RequiresGrad_()
	y := p3.Apply(x)
	sameText(t, "repr", y.String(), g.P3.Repr)
	sameText(t, "grad_fn", y.GradFn().Name(), g.P3.GradFn)
	sameNames(t, "p3", nextNames(y.GradFn()), g.P3.Next)
	if len(y.GradFn().SavedAttrs()) != len(g.P3.Saved) {
		t.Errorf("saved attrs %v, torchviz lists %v", y.GradFn().SavedAttrs(), g.P3.Saved)
	}
	if y.IsLeaf() != g.P3.IsLeaf {
		t.Errorf("is_leaf %v", y.IsLeaf())
	}
	if modes["forward"] != g.ForwardGradEnabled {
		t.Errorf("grad mode in forward %v, torch %v", modes["forward"], g.ForwardGradEnabled)
	}
	y.Sum().Backward()
	golden.SameFloats(t, "grad", x.Grad().Float64s(), g.P3.Grad)
	if modes["backward"] != g.BackwardGradEnabled {
		t.Errorf("grad mode in backward %v, torch %v", modes["backward"], g.BackwardGradEnabled)
	}
	sameText(t, "twice", golden.PanicText(func() { y.Sum().Backward() }), g.P3.Twice)

	sameText(t, "plain", p3.Apply(f64(0.5, 2)).String(), g.P3Plain)
	NoGrad(func() { sameText(t, "no_grad", p3.Apply(f64(0.5, 2).RequiresGrad_()).String(), g.P3NoGrad) })

	// double backward through the backward's own ops
	x = f64(0.5, -1, 2).RequiresGrad_()
	d1 := Grad(p3.Apply(x).Sum(), x, CreateGraph)[0]
	if modes["backward"] != g.P3Double.BackwardGradEnabled {
		t.Errorf("grad mode in a create_graph backward %v", modes["backward"])
	}
	sameText(t, "create_graph grad", d1.String(), g.P3Double.GRepr)
	d2 := Grad(d1.Sum(), x)[0]
	golden.SameFloats(t, "second order", d2.Float64s(), g.P3Double.G2)

	x = f64(0.5, -1, 2).RequiresGrad_()
	p3.Apply(x).Sum().Backward(CreateGraph)
	sameText(t, "create_graph .grad", x.Grad().String(), g.P3CreateGraphGrad)
}

func TestFunctionNeedsInputGrad(t *testing.T) {
	g := loadCustom(t)
	var needs [][]bool
	mulAdd := &Function{
		Name: "MulAdd",
		Forward: func(ctx *Ctx, in []*Tensor) *Tensor {
			ctx.SaveForBackward(in[0], in[1])
			needs = append(needs, []bool{ctx.NeedsInputGrad(0), ctx.NeedsInputGrad(1)})
			return in[0].Mul(in[1]).Add(in[0])
		},
		Backward: func(ctx *Ctx, gr *Tensor) []*Tensor {
			s := ctx.SavedTensors()
			needs = append(needs, []bool{ctx.NeedsInputGrad(0), ctx.NeedsInputGrad(1)})
			out := make([]*Tensor, 2)
			if ctx.NeedsInputGrad(0) {
				out[0] = gr.Mul(s[1].Add(1))
			}
			if ctx.NeedsInputGrad(1) {
				out[1] = gr.Mul(s[0])
			}
			return out
		},
	}
	a, b := f64(1, 2, 3).RequiresGrad_(), f64(4, 5, 6)
	r := mulAdd.Apply(a, b)
	r.Backward(Gradient(f64(1, 1, 2)))
	sameText(t, "repr", r.String(), g.MulAdd.Repr)
	sameNames(t, "muladd", nextNames(r.GradFn()), g.MulAdd.Next)
	golden.SameFloats(t, "a.grad", a.Grad().Float64s(), g.MulAdd.AGrad)
	sameText(t, "b.grad", b.Grad().String(), g.MulAdd.BGrad)
	if fmt.Sprint(needs) != fmt.Sprint(g.MulAdd.Needs) {
		t.Errorf("needs_input_grad %v, torch %v", needs, g.MulAdd.Needs)
	}
}

func TestFunctionHooks(t *testing.T) {
	g := loadCustom(t)
	x := f64(0.5, -1, 2).RequiresGrad_()
	y := legendre(map[string]bool{}).Apply(x)
	var seen [][]float64
	y.RegisterHook(func(g *Tensor) *Tensor { seen = append(seen, g.Float64s()); return g.Mul(2) })
	x.RegisterHook(func(g *Tensor) *Tensor { seen = append(seen, g.Float64s()); return nil })
	y.Sum().Backward()
	if fmt.Sprint(seen) != fmt.Sprint(g.Hooks.Seen) {
		t.Errorf("hooks saw %v, torch's %v", seen, g.Hooks.Seen)
	}
	golden.SameFloats(t, "grad", x.Grad().Float64s(), g.Hooks.Grad)
}

// exp saves its output, as torch's documentation example does.
var exp = &Function{
	Name: "Exp",
	Forward: func(ctx *Ctx, in []*Tensor) *Tensor {
		r := in[0].Exp()
		ctx.SaveForBackward(r)
		return r
	},
	Backward: func(ctx *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.Mul(ctx.SavedTensors()[0])} },
}

func TestFunctionSavesOutput(t *testing.T) {
	g := loadCustom(t)
	x := f64(0.5, -1).RequiresGrad_()
	y := exp.Apply(x)
	sameText(t, "repr", y.String(), g.Exp.Repr)
	d1 := Grad(y.Sum(), x, CreateGraph)[0]
	golden.SameFloats(t, "grad", d1.Float64s(), g.Exp.G)
	sameText(t, "grad_fn", d1.GradFn().Name(), g.Exp.GFn)
	golden.SameFloats(t, "second order", Grad(d1.Sum(), x)[0].Float64s(), g.Exp.G2)

	y = exp.Apply(x)
	NoGrad(func() { y.Mul_(2) })
	sameText(t, "in-place", golden.PanicText(func() { y.Sum().Backward() }), g.ExpInplace)
}

func cube(once bool) *Function {
	return &Function{
		Name: "Cube",
		Forward: func(ctx *Ctx, in []*Tensor) *Tensor {
			ctx.SaveForBackward(in[0])
			return in[0].Pow(3)
		},
		Backward: func(ctx *Ctx, g *Tensor) []*Tensor {
			return []*Tensor{g.Mul(3).Mul(ctx.SavedTensors()[0].Pow(2))}
		},
		OnceDifferentiable: once,
	}
}

func TestFunctionOnceDifferentiable(t *testing.T) {
	g := loadCustom(t)
	c := cube(true)
	x := f64(0.5, -1, 2).RequiresGrad_()
	d := Grad(c.Apply(x).Sum(), x)[0]
	sameText(t, "grad", d.String(), g.Once.GRepr)
	d = Grad(c.Apply(x).Sum(), x, CreateGraph)[0]
	sameText(t, "create_graph, seed without grad", d.String(), g.Once.CgPlain)
	d = Grad(c.Apply(x).Pow(2).Sum(), x, CreateGraph)[0]
	sameText(t, "create_graph", d.String(), g.Once.CgRepr)
	sameText(t, "grad_fn", d.GradFn().Name(), g.Once.CgFn)
	sameNames(t, "Error", nextNames(d.GradFn()), g.Once.CgNext)
	sameText(t, "second backward", golden.PanicText(func() { d.Sum().Backward() }), g.Once.Second)
	sameText(t, "second grad", golden.PanicText(func() { Grad(d.Sum(), x) }), g.Once.SecondGrad)
	x2 := f64(0.5, -1, 2).RequiresGrad_()
	c.Apply(x2).Pow(2).Sum().Backward(CreateGraph)
	sameText(t, ".grad", x2.Grad().String(), g.Once.GradRepr)

	// the same backward without the mark differentiates again
	x3 := f64(0.5, -1, 2).RequiresGrad_()
	d = Grad(cube(false).Apply(x3).Sum(), x3, CreateGraph)[0]
	golden.SameFloats(t, "second order", Grad(d.Sum(), x3)[0].Float64s(), []float64{3, -6, 12})
}

// bad is a Function whose forward is x*2 (or x*y for two inputs) and whose backward is
// back.
func bad(two bool, back func(ctx *Ctx, g *Tensor) []*Tensor) *Function {
	return &Function{
		Name: "Bad",
		Forward: func(ctx *Ctx, in []*Tensor) *Tensor {
			if two && in[1] != nil {
				return in[0].Mul(in[1])
			}
			return in[0].Mul(2)
		},
		Backward: back,
	}
}

func TestFunctionErrors(t *testing.T) {
	g := loadCustom(t)
	x := f64(1, 2, 3).RequiresGrad_()
	cases := map[string]func(){
		"too_many": func() {
			bad(false, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g, g} }).Apply(x).Sum().Backward()
		},
		"too_few": func() {
			bad(true, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g} }).Apply(x, x).Sum().Backward()
		},
		"wrong_shape": func() {
			bad(false, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.Index(":2")} }).Apply(x).Sum().Backward()
		},
		"wrong_shape_1": func() {
			bad(false, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.Index(":1")} }).Apply(x).Sum().Backward()
		},
		"wrong_shape_2d": func() {
			bad(false, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.Reshape(3, 1)} }).Apply(x).Sum().Backward()
		},
		"unneeded_shape": func() {
			bad(true, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.Mul(2), g.Index(":1")} }).Apply(x, f64(1, 1, 1)).Sum().Backward()
		},
		"grad_for_none": func() {
			bad(true, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g, g} }).Apply(x, nil).Sum().Backward()
		},
	}
	if len(cases) != len(g.Errors) {
		t.Errorf("%d cases, the golden has %d", len(cases), len(g.Errors))
	}
	for name, f := range cases {
		sameText(t, name, golden.PanicText(f), g.Errors[name])
	}
}

func TestFunctionFitsGradients(t *testing.T) {
	g := loadCustom(t)
	x := f64(1, 2, 3).RequiresGrad_()
	bad(false, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.Mul(2), nil, nil} }).Apply(x).Sum().Backward()
	golden.SameFloats(t, "extra nils", x.Grad().Float64s(), g.ExtraNone)
	x = f64(1, 2, 3).RequiresGrad_()
	bad(false, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.Expand(2, 3)} }).Apply(x).Sum().Backward()
	golden.SameFloats(t, "summed", x.Grad().Float64s(), g.Reduced)
	x = f64(1, 2, 3).RequiresGrad_()
	bad(false, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.To(Float32).Mul(3)} }).Apply(x).Sum().Backward()
	sameText(t, "cast", x.Grad().String(), g.Cast)
	x, w := f64(1, 2, 3).RequiresGrad_(), f64(1, 1, 1).RequiresGrad_()
	bad(true, func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{nil, g} }).Apply(x, w).Sum().Backward()
	sameText(t, "nil gradient", x.Grad().String(), g.NoneGrad.X)
	golden.SameFloats(t, "other input", w.Grad().Float64s(), g.NoneGrad.W)
}

func TestFunctionMarks(t *testing.T) {
	g := loadCustom(t)
	positive := &Function{Name: "Relu", Forward: func(ctx *Ctx, in []*Tensor) *Tensor {
		m := in[0].Gt(0)
		ctx.MarkNonDifferentiable(m)
		return m
	}}
	m := positive.Apply(f64(-1, 2).RequiresGrad_())
	sameText(t, "non-differentiable", m.String(), g.NonDiff.Repr)
	if m.RequiresGrad() != g.NonDiff.RequiresGrad || m.GradFn() != nil {
		t.Errorf("non-differentiable output: requires_grad %v, grad_fn %v", m.RequiresGrad(), m.GradFn())
	}

	addOne := &Function{
		Name: "AddOne_",
		Forward: func(ctx *Ctx, in []*Tensor) *Tensor {
			in[0].Add_(1)
			ctx.MarkDirty(in[0])
			return in[0]
		},
		Backward: func(_ *Ctx, g *Tensor) []*Tensor { return []*Tensor{g.Mul(3)} },
	}
	a := f64(1, 2).RequiresGrad_()
	c := a.Mul(1)
	r := addOne.Apply(c)
	if (r == c) != g.Dirty.Same {
		t.Errorf("the dirty input returned as itself: %v", r == c)
	}
	sameText(t, "dirty", c.String(), g.Dirty.Repr)
	sameNames(t, "dirty", nextNames(c.GradFn()), g.Dirty.Next)
	if c.Version() != g.Dirty.Version {
		t.Errorf("version %d, torch %d", c.Version(), g.Dirty.Version)
	}
	c.Sum().Backward()
	golden.SameFloats(t, "dirty grad", a.Grad().Float64s(), g.Dirty.Grad)
	sameText(t, "dirty leaf", golden.PanicText(func() { addOne.Apply(f64(1, 2).RequiresGrad_()) }), g.Dirty.Leaf)
}

// TestFunctionGradcheck checks Functions' backwards against finite differences, first
// and second order, in float64, as gradCases does for the built-in ops: one input, two
// inputs with broadcasting, and a saved output.
func TestFunctionGradcheck(t *testing.T) {
	p3 := legendre(map[string]bool{})
	mulAdd := &Function{
		Name: "MulAdd",
		Forward: func(ctx *Ctx, in []*Tensor) *Tensor {
			ctx.SaveForBackward(in[0], in[1])
			return in[0].Mul(in[1]).Add(in[0])
		},
		Backward: func(ctx *Ctx, g *Tensor) []*Tensor {
			s := ctx.SavedTensors()
			return []*Tensor{g.Mul(s[1].Add(1)), g.Mul(s[0])} // the second is summed back to (3)
		},
	}
	cases := []struct {
		name   string
		inputs []in
		f      func([]*Tensor) *Tensor
	}{
		{"LegendrePolynomial3Backward", []in{r(4)}, func(x []*Tensor) *Tensor { return p3.Apply(x[0]) }},
		{"MulAddBackward", []in{r(2, 3), r(3)}, func(x []*Tensor) *Tensor { return mulAdd.Apply(x[0], x[1]) }},
		{"ExpBackward", []in{r(3)}, func(x []*Tensor) *Tensor { return exp.Apply(x[0]) }},
	}
	for ci, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rng := rand.New(rand.NewSource(int64(ci) + 100))
			vals := randomInputs(rng, c.inputs)
			shapes := make([][]int, len(c.inputs))
			for i, s := range c.inputs {
				shapes[i] = s.shape
			}
			if got := c.f(leaves(vals, shapes)).GradFn().Name(); got != c.name {
				t.Fatalf("grad_fn %s, want %s", got, c.name)
			}
			checkJacobian(t, c.f, vals, shapes, 1e-5)
			nOut := len(flat(c.f, vals, shapes))
			v := make([]float64, nOut)
			for k := range v {
				v[k] = rng.Float64()*2 - 1
			}
			checkJacobian(t, backwardOf(c.f, len(vals)), append(vals, v), append(shapes, []int{nOut}), 1e-4)
		})
	}
}
