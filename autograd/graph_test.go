package autograd

import (
	"encoding/json"
	"os"
	"testing"
)

// graphCases build the expressions of testdata/torch_goldens.py; the golden file holds
// what torch 1.13 reports for each: grad_fn name, saved attributes, next functions.
var graphCases = map[string]func(x, y, A, B, c *Tensor) *Tensor{
	"x+y":            func(x, y, A, B, c *Tensor) *Tensor { return x.Add(y) },
	"x+2":            func(x, y, A, B, c *Tensor) *Tensor { return x.Add(2) },
	"2+x":            func(x, y, A, B, c *Tensor) *Tensor { return Add(2, x) },
	"x-y":            func(x, y, A, B, c *Tensor) *Tensor { return x.Sub(y) },
	"x-2":            func(x, y, A, B, c *Tensor) *Tensor { return x.Sub(2) },
	"2-x":            func(x, y, A, B, c *Tensor) *Tensor { return Sub(2, x) },
	"x*y":            func(x, y, A, B, c *Tensor) *Tensor { return x.Mul(y) },
	"x*3":            func(x, y, A, B, c *Tensor) *Tensor { return x.Mul(3) },
	"c*x":            func(x, y, A, B, c *Tensor) *Tensor { return c.Mul(x) },
	"2/x":            func(x, y, A, B, c *Tensor) *Tensor { return Div(2, x) },
	"x/y":            func(x, y, A, B, c *Tensor) *Tensor { return x.Div(y) },
	"x/2":            func(x, y, A, B, c *Tensor) *Tensor { return x.Div(2) },
	"x**2":           func(x, y, A, B, c *Tensor) *Tensor { return x.Pow(2) },
	"x**2.5":         func(x, y, A, B, c *Tensor) *Tensor { return x.Pow(2.5) },
	"x**y":           func(x, y, A, B, c *Tensor) *Tensor { return x.Pow(y) },
	"2**x":           func(x, y, A, B, c *Tensor) *Tensor { return Pow(2, x) },
	"-x":             func(x, y, A, B, c *Tensor) *Tensor { return x.Neg() },
	"abs":            func(x, y, A, B, c *Tensor) *Tensor { return x.Abs() },
	"exp":            func(x, y, A, B, c *Tensor) *Tensor { return x.Exp() },
	"log":            func(x, y, A, B, c *Tensor) *Tensor { return x.Log() },
	"sin":            func(x, y, A, B, c *Tensor) *Tensor { return x.Sin() },
	"cos":            func(x, y, A, B, c *Tensor) *Tensor { return x.Cos() },
	"tan":            func(x, y, A, B, c *Tensor) *Tensor { return x.Tan() },
	"tanh":           func(x, y, A, B, c *Tensor) *Tensor { return x.Tanh() },
	"sigmoid":        func(x, y, A, B, c *Tensor) *Tensor { return x.Sigmoid() },
	"relu":           func(x, y, A, B, c *Tensor) *Tensor { return x.Relu() },
	"relu_grad":      func(x, y, A, B, c *Tensor) *Tensor { return Grad(x.Relu().Sum(), x, CreateGraph)[0] },
	"sqrt":           func(x, y, A, B, c *Tensor) *Tensor { return x.Sqrt() },
	"reciprocal":     func(x, y, A, B, c *Tensor) *Tensor { return x.Reciprocal() },
	"sign":           func(x, y, A, B, c *Tensor) *Tensor { return x.Sign() },
	"clamp":          func(x, y, A, B, c *Tensor) *Tensor { return x.Clamp(0, 1) },
	"maximum":        func(x, y, A, B, c *Tensor) *Tensor { return Maximum(x, y) },
	"minimum":        func(x, y, A, B, c *Tensor) *Tensor { return Minimum(x, y) },
	"sum":            func(x, y, A, B, c *Tensor) *Tensor { return x.Sum() },
	"sumdim":         func(x, y, A, B, c *Tensor) *Tensor { return Sum(A, 1) },
	"sumkeep":        func(x, y, A, B, c *Tensor) *Tensor { return A.SumDims([]int{1}, true) },
	"mean":           func(x, y, A, B, c *Tensor) *Tensor { return x.Mean() },
	"meandim":        func(x, y, A, B, c *Tensor) *Tensor { return Mean(A, 1) },
	"max":            func(x, y, A, B, c *Tensor) *Tensor { return x.Max() },
	"min":            func(x, y, A, B, c *Tensor) *Tensor { return x.Min() },
	"maxdim":         func(x, y, A, B, c *Tensor) *Tensor { v, _ := A.MaxDim(1, false); return v },
	"mindim":         func(x, y, A, B, c *Tensor) *Tensor { v, _ := A.MinDim(1, false); return v },
	"norm":           func(x, y, A, B, c *Tensor) *Tensor { return x.Norm() },
	"prod":           func(x, y, A, B, c *Tensor) *Tensor { return x.Prod() },
	"stack":          func(x, y, A, B, c *Tensor) *Tensor { return Stack([]*Tensor{x, y}, 0) },
	"cat":            func(x, y, A, B, c *Tensor) *Tensor { return Cat([]*Tensor{x, y}, 0) },
	"permute":        func(x, y, A, B, c *Tensor) *Tensor { return A.Permute(1, 0) },
	"T":              func(x, y, A, B, c *Tensor) *Tensor { return A.T() },
	"transpose":      func(x, y, A, B, c *Tensor) *Tensor { return A.Transpose(0, 1) },
	"dot":            func(x, y, A, B, c *Tensor) *Tensor { return x.Dot(y) },
	"mm":             func(x, y, A, B, c *Tensor) *Tensor { return A.Matmul(B) },
	"mv":             func(x, y, A, B, c *Tensor) *Tensor { return A.Matmul(Ones(3)) },
	"matmul11":       func(x, y, A, B, c *Tensor) *Tensor { return x.Matmul(y) },
	"select":         func(x, y, A, B, c *Tensor) *Tensor { return A.Index(0) },
	"selectcol":      func(x, y, A, B, c *Tensor) *Tensor { return A.Index(":", 0) },
	"slice":          func(x, y, A, B, c *Tensor) *Tensor { return x.Index("1:") },
	"view":           func(x, y, A, B, c *Tensor) *Tensor { return A.View(6) },
	"reshape":        func(x, y, A, B, c *Tensor) *Tensor { return A.Reshape(6) },
	"reshapeT":       func(x, y, A, B, c *Tensor) *Tensor { return A.T().Reshape(6) },
	"unsqueeze":      func(x, y, A, B, c *Tensor) *Tensor { return x.Unsqueeze(0) },
	"squeeze":        func(x, y, A, B, c *Tensor) *Tensor { return A.Index(":1").Squeeze() },
	"squeezedim":     func(x, y, A, B, c *Tensor) *Tensor { return A.Index(":1").Squeeze(0) },
	"expand":         func(x, y, A, B, c *Tensor) *Tensor { return x.Unsqueeze(0).Expand(3, 2) },
	"clone":          func(x, y, A, B, c *Tensor) *Tensor { return x.Clone() },
	"double":         func(x, y, A, B, c *Tensor) *Tensor { return x.Double() },
	"diagonal":       func(x, y, A, B, c *Tensor) *Tensor { return A.Diagonal(0, 0, 1) },
	"where":          func(x, y, A, B, c *Tensor) *Tensor { return Where(x.Gt(1), x, y) },
	"atan2":          func(x, y, A, B, c *Tensor) *Tensor { return Atan2(x, y) },
	"t":              func(x, y, A, B, c *Tensor) *Tensor { return A.Tt() },
	"mT":             func(x, y, A, B, c *Tensor) *Tensor { return A.MT() },
	"vecT":           func(x, y, A, B, c *Tensor) *Tensor { return x.T() },
	"vect":           func(x, y, A, B, c *Tensor) *Tensor { return x.Tt() },
	"addmm":          func(x, y, A, B, c *Tensor) *Tensor { return x.Addmm(A, B) },
	"addmm_const":    func(x, y, A, B, c *Tensor) *Tensor { return c.Addmm(A, B.Detach()) },
	"addmm_colmajor": func(x, y, A, B, c *Tensor) *Tensor { return x.Addmm(A, A.Tt()) },
	"proddim":        func(x, y, A, B, c *Tensor) *Tensor { return A.Prod(1) },
	"prodkeep":       func(x, y, A, B, c *Tensor) *Tensor { return Prod(A, -1, KeepDim) },
	"copyslices": func(x, y, A, B, c *Tensor) *Tensor {
		y0 := Empty(3)
		y0.Set(x.Index(0).Mul(2), 0)
		return y0
	},
}

type graphGolden struct {
	Name  string            `json:"name"`
	Attrs map[string]string `json:"attrs"`
	Next  []*string         `json:"next"`
}

func TestGraphMatchesTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/graph_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var golden map[string]graphGolden
	if err := json.Unmarshal(raw, &golden); err != nil {
		t.Fatal(err)
	}
	if len(golden) != len(graphCases) {
		t.Errorf("%d golden expressions, %d Go cases", len(golden), len(graphCases))
	}
	for name, want := range golden {
		build, ok := graphCases[name]
		if !ok {
			t.Errorf("%s: no Go case", name)
			continue
		}
		x := New([]float64{1, 2}, RequiresGrad)
		y := New([]float64{3, 4}, RequiresGrad)
		A := Ones(2, 3, RequiresGrad)
		B := Ones(3, 2, RequiresGrad)
		c := New([]float64{5, 6})
		fn := build(x, y, A, B, c).GradFn()
		if fn.Name() != want.Name {
			t.Errorf("%s: grad_fn %s, torch %s", name, fn.Name(), want.Name)
		}
		got := map[string]string{}
		for _, a := range fn.SavedAttrs() {
			if tt, ok := a.Value.(*Tensor); ok && tt != nil {
				got[a.Name] = "[saved tensor]"
			} else {
				got[a.Name] = FormatValue(a.Value)
			}
		}
		for k, v := range want.Attrs {
			if got[k] != v {
				t.Errorf("%s (%s): saved %s = %q, torch %q", name, want.Name, k, got[k], v)
			}
		}
		for k := range got {
			if _, ok := want.Attrs[k]; !ok {
				t.Errorf("%s (%s): saves %s, torch does not", name, want.Name, k)
			}
		}
		next := fn.NextFunctions()
		if len(next) != len(want.Next) {
			t.Errorf("%s: %d next functions, torch %d", name, len(next), len(want.Next))
			continue
		}
		for i, e := range next {
			gotName := "None"
			if e.Node != nil {
				gotName = e.Node.Name()
			}
			wantName := "None"
			if want.Next[i] != nil {
				wantName = *want.Next[i]
			}
			if gotName != wantName {
				t.Errorf("%s: next[%d] = %s, torch %s", name, i, gotName, wantName)
			}
		}
	}
}
