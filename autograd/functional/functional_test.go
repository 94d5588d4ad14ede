package functional

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
	"github.com/gograd/gograd/tensor"
)

type T = autograd.Tensor

// The functions of testdata/gen.py, written with autograd ops.
var unary = map[string]func(*T) *T{
	"cube_minus": func(x *T) *T { return x.Pow(2).Mul(3).Sub(x) }, // 3 * x**2 - x
	"get_B": func(X *T) *T { // seed 001, cell 17
		c := func(i int) *T { return X.Select(1, i) }
		bx := c(0).Pow(3).Sub(c(1).Pow(2))
		by := c(1).Pow(2).Add(c(2).Pow(2))
		bz := c(2).Pow(3).Sub(c(0).Pow(2))
		return autograd.Stack([]*T{bx, by, bz}, 1)
	},
	"cubic_sum":   func(x *T) *T { return x.Pow(3).Sum() },
	"cube":        func(x *T) *T { return x.Pow(3) },
	"sq_sum":      func(x *T) *T { return x.Pow(2).Sum() },
	"plain_sum":   func(x *T) *T { return x.Sum() },
	"exp_reducer": func(x *T) *T { return x.Exp().SumDims([]int{1}, false) },
}

var multi = map[string]func([]*T) []*T{
	"prod_sin": func(in []*T) []*T { return []*T{in[0].Mul(in[1]).Add(in[0].Sin())} },
	"two_out":  func(in []*T) []*T { return []*T{in[0].Pow(2), in[0].Exp().Sum()} },
	"xy_sum":   func(in []*T) []*T { return []*T{in[0].Mul(in[0]).Mul(in[1]).Sum()} },
}

type goldenCase struct {
	Op     string
	Fn     string
	Inputs []json.RawMessage
	Shapes [][]int
	Kwargs map[string]bool
	Reprs  []string
}

// tensorOf rebuilds an input from its nested list and shape.
func tensorOf(t *testing.T, raw json.RawMessage, shape []int) *T {
	t.Helper()
	var flat []float32
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				walk(e)
			}
		case float64:
			flat = append(flat, float32(x))
		}
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	walk(v)
	if flat == nil {
		flat = []float32{}
	}
	return autograd.FromArray(tensor.FromFloat32(flat).Reshape(shape...)) // Reshape() is 0-d
}

// TestNestedPrint: a result indexed [i][j] prints as PyTorch's nested tuple.
func TestNestedPrint(t *testing.T) {
	x := autograd.New([]float32{1, 2, 3})
	y := autograd.New([]float32{-1, 0.5, 2})
	H := HessianN(func(in []*T) *T { return multi["xy_sum"](in)[0] }, []*T{x, y})
	if got, want := fmt.Sprint(H), load(t).Nested; got != want {
		t.Errorf("prints\n%s\nwant\n%s", got, want)
	}
}

func flatten(ts ...autograd.Tuple) []string {
	var out []string
	for _, tp := range ts {
		for _, x := range tp {
			out = append(out, x.String())
		}
	}
	return out
}

// run evaluates one golden case the way gen.py called torch.autograd.functional.
func run(t *testing.T, c goldenCase) []string {
	var in []*T
	for i := range c.Inputs {
		in = append(in, tensorOf(t, c.Inputs[i], c.Shapes[i]))
	}
	var opts []Option
	if c.Kwargs["create_graph"] {
		opts = append(opts, CreateGraph)
	}
	f1, m := unary[c.Fn], multi[c.Fn]
	switch c.Op {
	case "jacobian":
		if f1 != nil {
			return []string{Jacobian(f1, in[0], opts...).String()}
		}
		if c.Fn == "two_out" { // one input, a tuple of outputs: PyTorch returns one tensor per output
			var out []string
			for _, row := range JacobianN(m, in, opts...) {
				out = append(out, row[0].String())
			}
			return out
		}
		return flatten(JacobianN(m, in, opts...)...)
	case "hessian":
		if f1 != nil {
			return []string{Hessian(f1, in[0], opts...).String()}
		}
		return flatten(HessianN(func(x []*T) *T { return m(x)[0] }, in, opts...)...)
	case "vjp":
		if f1 != nil {
			var v *T
			if len(in) > 1 {
				v = in[1]
			}
			out, r := Vjp(f1, in[0], v, opts...)
			return []string{out.String(), r.String()}
		}
		outs, r := VjpN(m, in[:2], in[2:], opts...)
		return flatten(outs, r)
	case "vhp", "hvp":
		single, several := Vhp, VhpN
		if c.Op == "hvp" {
			single, several = Hvp, HvpN
		}
		if f1 != nil {
			out, r := single(f1, in[0], in[1], opts...)
			return []string{out.String(), r.String()}
		}
		out, r := several(func(x []*T) *T { return m(x)[0] }, in[:2], in[2:], opts...)
		return append([]string{out.String()}, flatten(r)...)
	case "jvp":
		if f1 != nil {
			out, r := Jvp(f1, in[0], in[1], opts...)
			return []string{out.String(), r.String()}
		}
		outs, r := JvpN(m, in[:2], in[2:], opts...)
		return flatten(outs, r)
	}
	t.Fatalf("unknown op %s", c.Op)
	return nil
}

// goldens is testdata/functional.json, written by testdata/gen.py with PyTorch 1.13.
type goldens struct {
	Cases  []goldenCase
	Errors map[string]string
	Nested string
}

func load(t *testing.T) goldens {
	t.Helper()
	var g goldens
	golden.Load(t, "testdata/functional.json", &g)
	return g
}

func TestAgainstPyTorch(t *testing.T) {
	for _, c := range load(t).Cases {
		name := c.Op + "/" + c.Fn
		if c.Kwargs["create_graph"] {
			name += "/create_graph"
		}
		t.Run(name, func(t *testing.T) {
			got := run(t, c)
			if len(got) != len(c.Reprs) {
				t.Fatalf("%d results, PyTorch has %d:\n%v", len(got), len(c.Reprs), got)
			}
			for i := range got {
				if got[i] != c.Reprs[i] {
					t.Errorf("result %d prints\n%s\nPyTorch prints\n%s", i, got[i], c.Reprs[i])
				}
			}
		})
	}
}

// TestInputsUntouched: the function works on detached copies, as in PyTorch, so the
// caller's tensors get no gradient and no graph.
func TestInputsUntouched(t *testing.T) {
	x := autograd.New([]float32{1, 2}, autograd.RequiresGrad)
	Jacobian(func(x *T) *T { return x.Mul(x) }, x)
	if x.Grad() != nil {
		t.Errorf("x.grad = %v after Jacobian", x.Grad())
	}
}

func TestCreateGraphDifferentiable(t *testing.T) {
	// d/dx of sum(J) for J = jacobian(x**3) = diag(3x²) is 6x.
	x := autograd.New([]float32{1, 2}, autograd.RequiresGrad)
	j := Jacobian(func(x *T) *T { return x.Pow(3) }, x, CreateGraph)
	j.Sum().Backward()
	if got := fmt.Sprint(x.Grad().Float64s()); got != "[6 12]" {
		t.Errorf("x.grad = %v, want 6x = [6 12]", got)
	}
}

func rtMessage(f func()) (msg string) {
	defer func() {
		var e *tensor.Error
		if err, ok := recover().(error); ok && errors.As(err, &e) {
			msg = e.Msg
		}
	}()
	f()
	return ""
}

// TestErrors repeats gen.py's failing calls; the messages are PyTorch's.
func TestErrors(t *testing.T) {
	want := load(t).Errors
	x := autograd.New([]float32{1, 2})
	v := func(n int) *T { return autograd.Ones(n) }
	sq := func(x *T) *T { return x.Mul(x) }
	pair := func(in []*T) []*T { return []*T{in[0].Mul(in[1]), in[0].Add(in[1])} }
	firstOnly := func(in []*T) []*T { return []*T{in[0].Mul(2)} }
	calls := map[string]func(){
		"vjp_without_v":            func() { Vjp(sq, x, nil) },
		"vjp_bad_v":                func() { Vjp(sq, x, v(3)) },
		"vjpN_bad_v":               func() { VjpN(pair, []*T{x, x}, []*T{v(2), v(3)}) },
		"vjpN_short_v":             func() { VjpN(pair, []*T{x, x}, []*T{v(2)}) },
		"jvp_without_v":            func() { Jvp(sq, x, nil) },
		"hessian_of_vector":        func() { Hessian(sq, x) },
		"strict_constant_output":   func() { Jacobian(func(*T) *T { return autograd.Ones(1) }, x, Strict) },
		"strict_independent_input": func() { JacobianN(firstOnly, []*T{x, x}, Strict) },
		"strict_vjp_independent":   func() { VjpN(firstOnly, []*T{x, x}, []*T{v(2)}, Strict) },
		"strict_linear_hessian":    func() { Hessian(func(x *T) *T { return x.Mul(2).Sum() }, x, Strict) },
		"vhp_of_vector":            func() { Vhp(sq, x, v(2)) },
		"strict_hvp_linear":        func() { Hvp(func(x *T) *T { return x.Mul(2).Sum() }, x, v(2), Strict) },
	}
	if len(calls) != len(want) {
		t.Errorf("%d calls for %d golden errors", len(calls), len(want))
	}
	for name, f := range calls {
		if got := rtMessage(f); got != want[name] {
			t.Errorf("%s:\ngot  %q\nwant %q", name, got, want[name])
		}
	}
}

// TestSeed001Cells17to19 ports the torch.autograd.functional.jacobian cells of reference
// notebook 001 and compares what cell 19 shows.
func TestSeed001Cells17to19(t *testing.T) {
	var ref map[string]struct{ Result, Stdout string }
	golden.Load(t, "testdata/reference.json", &ref)
	// cell 17
	x := autograd.Arange(0, 10, autograd.Float32, autograd.RequiresGrad)
	y := autograd.Arange(0, 10, autograd.Float32, autograd.RequiresGrad)
	z := autograd.Arange(0, 10, autograd.Float32, autograd.RequiresGrad)
	getB := unary["get_B"]
	X := autograd.Stack([]*T{x, y, z}, 1)
	// cell 18
	BJacob := Jacobian(getB, X)
	BGrad := BJacob.Diagonal(0, 0, 2).Permute(2, 0, 1)
	// cell 19
	if got, want := BGrad.String(), ref["001_cell19_B_grad"].Result; got != want {
		t.Errorf("B_grad prints\n%s\nwant\n%s", got, want)
	}
}

// TestSeed003Cell24 redoes reference notebook 003's cell 24 ("differentiating with
// respect to components of an input") through the Jacobian: the cell gets dy_i/dxy_i
// from autograd.grad of sum(y); it is the diagonal of the (10, 10, 2) Jacobian.
func TestSeed003Cell24(t *testing.T) {
	var ref map[string]struct{ Stdout string }
	golden.Load(t, "testdata/reference.json", &ref)
	xy := autograd.Linspace(0, 2, 20, autograd.RequiresGrad).Reshape(2, -1).T()
	f := func(xy *T) *T { return xy.Select(1, 0).Pow(2).Add(xy.Select(1, 1).Pow(3)) }
	J := Jacobian(f, xy)
	dydx := J.Diagonal(0, 0, 1).T()
	viaGrad := autograd.Grad(f(xy).Sum(), xy)[0] // the cell's method 1
	var out strings.Builder
	fmt.Fprintln(&out, dydx)
	fmt.Fprintln(&out, dydx.Shape())
	if autograd.AllClose(dydx, viaGrad) {
		fmt.Fprintln(&out, "Both are same")
	}
	if got, want := out.String(), ref["003_cell24_dydx"].Stdout; got != want {
		t.Errorf("prints\n%s\nwant\n%s", got, want)
	}
}
