package tensor

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// The golden cases of testdata/ops_golden.json were computed by real PyTorch
// (testdata/gen_ops.py); this file rebuilds each case's inputs, runs the same op here and
// compares dtype, shape, values (bit for bit unless the op is a transcendental function)
// and errors (exception class and message).

type goldenArr struct {
	Shape []int  `json:"shape"`
	DType string `json:"dtype"`
	Data  []any  `json:"data"`
}

type goldenInput struct {
	goldenArr
	Scalar  any       `json:"scalar"`
	Type    string    `json:"type"`
	Gen     string    `json:"gen"`
	N       int       `json:"n"`
	Seed    uint64    `json:"seed"`
	Scale3  bool      `json:"scale3"`
	Near1   bool      `json:"near1"`
	Affine  []float64 `json:"affine"`
	Reshape []int     `json:"reshape"`
	Views   [][]any   `json:"views"`
}

type goldenCase struct {
	Name       string          `json:"name"`
	Op         string          `json:"op"`
	Inputs     []goldenInput   `json:"inputs"`
	Args       map[string]any  `json:"args"`
	Expect     json.RawMessage `json:"expect"`
	Value      any             `json:"value"`
	Contiguous *bool           `json:"contiguous"`
	Threads    int             `json:"threads"`
	Error      *struct {
		Kind string `json:"kind"`
		Msg  string `json:"msg"`
	} `json:"error"`
}

// readGolden decodes the JSON file testdata/name into v.
func readGolden(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func loadGolden(t testing.TB) []goldenCase {
	var g struct {
		Cases []goldenCase `json:"cases"`
	}
	readGolden(t, "ops_golden.json", &g)
	return g.Cases
}

// hash24 is the 24 random bits the generators' hash_floats (gen_ops.py, gen_dot.py,
// gen_gemm.py) draw for index i: a splitmix-style hash of the index.
func hash24(i int, seed uint64) uint64 {
	h := uint64(i)*0x9E3779B97F4A7C15 + seed
	h ^= h >> 29
	h *= 0xBF58476D1CE4E5B9
	h ^= h >> 32
	return h >> 40
}

// hashFloats mirrors hash_floats in gen_ops.py: 24-bit floats in [0, 1).
func hashFloats(n int, seed uint64) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(float64(hash24(i, seed)) / (1 << 24))
	}
	return out
}

func decodeFloat(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case string:
		switch x {
		case "nan":
			return math.NaN()
		case "inf":
			return math.Inf(1)
		case "-inf":
			return math.Inf(-1)
		}
	case bool:
		if x {
			return 1
		}
		return 0
	}
	panic(fmt.Sprintf("bad number %v", v))
}

func parseDType(s string) DType {
	for _, d := range []DType{Float32, Float64, Int64, Bool} {
		if d.String() == s {
			return d
		}
	}
	panic("bad dtype " + s)
}

func (g goldenArr) array() *Array {
	dt := parseDType(g.DType)
	vals := make([]float64, len(g.Data))
	for i, v := range g.Data {
		vals[i] = decodeFloat(v)
	}
	return FromFloat64(vals, len(vals)).To(dt).Reshape(g.Shape...)
}

func ints(v any) []int {
	xs := v.([]any)
	out := make([]int, len(xs))
	for i, x := range xs {
		out[i] = int(x.(float64))
	}
	return out
}

func (in goldenInput) build() any {
	if in.Scalar != nil || in.Type != "" {
		switch in.Type {
		case "int":
			return int(decodeFloat(in.Scalar))
		case "bool":
			return in.Scalar.(bool)
		}
		return decodeFloat(in.Scalar)
	}
	var a *Array
	switch in.Gen {
	case "hash":
		a = FromFloat32(hashFloats(in.N, in.Seed)).To(parseDType(in.DType))
		if in.Scale3 {
			a = a.Mul(1 + 1.0/3)
		}
		if in.Near1 {
			a = a.Mul(0.25).Add(0.875)
		}
		if in.Affine != nil {
			a = a.Mul(in.Affine[0]).Add(in.Affine[1])
		}
	case "arange":
		a = Arange(in.N).To(parseDType(in.DType))
	default:
		a = in.goldenArr.array()
	}
	if in.Reshape != nil {
		a = a.Reshape(in.Reshape...)
	}
	for _, v := range in.Views {
		args := make([]int, len(v)-1)
		for i, x := range v[1:] {
			args[i] = int(x.(float64))
		}
		switch v[0] {
		case "T":
			a = a.T()
		case "transpose":
			a = a.Transpose(args[0], args[1])
		case "slice":
			a = a.Slice(args[0], args[1], args[2], args[3])
		case "select":
			a = a.Select(args[0], args[1])
		case "expand":
			a = a.Expand(args...)
		case "unsqueeze":
			a = a.Unsqueeze(args[0])
		default:
			panic("bad view " + v[0].(string))
		}
	}
	return a
}

type opFunc func(x []any, a map[string]any) any

func arg(a map[string]any, k string) int { return int(a[k].(float64)) }

func keep(a map[string]any) bool { b, _ := a["keepdim"].(bool); return b }

func arrs(x []any) []*Array {
	out := make([]*Array, len(x))
	for i, v := range x {
		out[i] = v.(*Array)
	}
	return out
}

var goldenOps = map[string]opFunc{
	"neg": u((*Array).Neg), "abs": u((*Array).Abs), "sign": u((*Array).Sign), "sin": u((*Array).Sin),
	"cos": u((*Array).Cos), "tan": u((*Array).Tan), "exp": u((*Array).Exp), "log": u((*Array).Log),
	"sqrt": u((*Array).Sqrt), "sigmoid": u((*Array).Sigmoid), "tanh": u((*Array).Tanh), "relu": u((*Array).Relu),
	"add": b((*Array).Add), "sub": b((*Array).Sub), "mul": b((*Array).Mul), "div": b((*Array).Div),
	"pow": b((*Array).Pow), "maximum": b((*Array).Maximum), "minimum": b((*Array).Minimum),
	"eq": b((*Array).Eq), "ne": b((*Array).Ne), "lt": b((*Array).Lt), "le": b((*Array).Le),
	"gt": b((*Array).Gt), "ge": b((*Array).Ge),
	"add_": inpl((*Array).Add_), "sub_": inpl((*Array).Sub_), "mul_": inpl((*Array).Mul_),
	"div_": inpl((*Array).Div_), "copy_": inpl((*Array).Copy_),
	"where":            func(x []any, a map[string]any) any { return Where(x[0].(*Array), x[1], x[2]) },
	"log_softmax_last": func(x []any, a map[string]any) any { return x[0].(*Array).LogSoftmaxLast() },
	"log_softmax_backward_last": func(x []any, a map[string]any) any {
		return LogSoftmaxBackwardLast(x[0].(*Array), x[1].(*Array))
	},
	"threshold_backward": func(x []any, a map[string]any) any {
		return ThresholdBackward(x[0].(*Array), x[1].(*Array), decodeFloat(a["threshold"]))
	},
	"clamp": func(x []any, a map[string]any) any {
		lo, hi := a["min"], a["max"]
		// torch decides int vs float bounds by the Python type; JSON keeps "-2" vs "-2.5"
		// apart only by value, so integral bounds on int arrays stay ints.
		conv := func(v any) any {
			if v == nil {
				return nil
			}
			f := v.(float64)
			if x[0].(*Array).DType() == Int64 && f == math.Trunc(f) {
				return int(f)
			}
			return f
		}
		return x[0].(*Array).Clamp(conv(lo), conv(hi))
	},
	"add_self": func(x []any, a map[string]any) any {
		y := x[0].(*Array).Clone()
		return y.Add_(y)
	},
	"add_self_T": func(x []any, a map[string]any) any {
		y := x[0].(*Array).Clone()
		return y.Add_(y.T())
	},
	"copy_shift": func(x []any, a map[string]any) any {
		y := x[0].(*Array).Clone()
		n := y.Shape()[0]
		y.Slice(0, 1, n, 1).Copy_(y.Slice(0, 0, n-1, 1))
		return y
	},
	"copy_shift2": func(x []any, a map[string]any) any {
		y := x[0].(*Array).Clone()
		n := y.Shape()[0]
		y.Slice(0, 2, n, 2).Copy_(y.Slice(0, 0, n-2, 2))
		return y
	},
	"add_shift2": func(x []any, a map[string]any) any {
		y := x[0].(*Array).Clone()
		n := y.Shape()[0]
		y.Slice(0, 2, n, 2).Add_(y.Slice(0, 0, n-2, 2))
		return y
	},
	"select_copy_": func(x []any, a map[string]any) any {
		y := x[0].(*Array).Clone()
		y.Select(arg(a, "dim"), arg(a, "index")).Copy_(x[1])
		return y
	},
	"slice_add_": func(x []any, a map[string]any) any {
		y := x[0].(*Array).Clone()
		y.Slice(arg(a, "dim"), arg(a, "start"), arg(a, "stop"), arg(a, "step")).Add_(x[1])
		return y
	},
	"sum": func(x []any, a map[string]any) any {
		if _, ok := a["dims"]; !ok {
			return x[0].(*Array).Sum()
		}
		return x[0].(*Array).SumDims(ints(a["dims"]), keep(a))
	},
	"mean": func(x []any, a map[string]any) any {
		if _, ok := a["dims"]; !ok {
			return x[0].(*Array).Mean()
		}
		return x[0].(*Array).MeanDims(ints(a["dims"]), keep(a))
	},
	"prod": func(x []any, a map[string]any) any {
		if _, ok := a["dim"]; !ok {
			return x[0].(*Array).Prod()
		}
		return x[0].(*Array).ProdDim(arg(a, "dim"), keep(a))
	},
	"max": u((*Array).Max), "min": u((*Array).Min),
	"maxdim": func(x []any, a map[string]any) any {
		v, i := x[0].(*Array).MaxDim(arg(a, "dim"), keep(a))
		return []*Array{v, i}
	},
	"mindim": func(x []any, a map[string]any) any {
		v, i := x[0].(*Array).MinDim(arg(a, "dim"), keep(a))
		return []*Array{v, i}
	},
	"argmax": func(x []any, a map[string]any) any {
		if _, ok := a["dim"]; !ok {
			return x[0].(*Array).Argmax()
		}
		return x[0].(*Array).ArgmaxDim(arg(a, "dim"), keep(a))
	},
	"argmin": func(x []any, a map[string]any) any {
		if _, ok := a["dim"]; !ok {
			return x[0].(*Array).Argmin()
		}
		return x[0].(*Array).ArgminDim(arg(a, "dim"), keep(a))
	},
	"norm": func(x []any, a map[string]any) any {
		if _, ok := a["p"]; !ok {
			return x[0].(*Array).Norm()
		}
		var dims []int
		if a["dims"] != nil {
			dims = ints(a["dims"])
		}
		return x[0].(*Array).NormP(decodeFloat(a["p"]), dims, keep(a))
	},
	"dot":    b2((*Array).Dot),
	"mv":     b2((*Array).Mv),
	"mm":     b2((*Array).Mm),
	"matmul": b2((*Array).Matmul),
	"outer":  b2((*Array).Outer),
	"stack":  func(x []any, a map[string]any) any { return Stack(arrs(x), arg(a, "dim")) },
	"cat":    func(x []any, a map[string]any) any { return Cat(arrs(x), arg(a, "dim")) },
	"equal":  func(x []any, a map[string]any) any { return Equal(x[0].(*Array), x[1].(*Array)) },
	"allclose": func(x []any, a map[string]any) any {
		var tol []float64
		if r, ok := a["rtol"]; ok {
			tol = []float64{r.(float64), a["atol"].(float64)}
		}
		return AllClose(x[0].(*Array), x[1].(*Array), tol...)
	},
	"reshape":    func(x []any, a map[string]any) any { return x[0].(*Array).Reshape(ints(a["shape"])...) },
	"view":       func(x []any, a map[string]any) any { return x[0].(*Array).View(ints(a["shape"])...) },
	"transpose":  func(x []any, a map[string]any) any { return x[0].(*Array).Transpose(arg(a, "d0"), arg(a, "d1")) },
	"permute":    func(x []any, a map[string]any) any { return x[0].(*Array).Permute(ints(a["dims"])...) },
	"T":          u((*Array).T),
	"unsqueeze":  func(x []any, a map[string]any) any { return x[0].(*Array).Unsqueeze(arg(a, "dim")) },
	"contiguous": u((*Array).Contiguous),
	"squeeze": func(x []any, a map[string]any) any {
		if _, ok := a["dim"]; !ok {
			return x[0].(*Array).Squeeze()
		}
		return x[0].(*Array).Squeeze(arg(a, "dim"))
	},
	"select": func(x []any, a map[string]any) any { return x[0].(*Array).Select(arg(a, "dim"), arg(a, "index")) },
	"slice": func(x []any, a map[string]any) any {
		return x[0].(*Array).Slice(arg(a, "dim"), arg(a, "start"), arg(a, "stop"), arg(a, "step"))
	},
	"diagonal": func(x []any, a map[string]any) any {
		return x[0].(*Array).Diagonal(arg(a, "offset"), arg(a, "dim1"), arg(a, "dim2"))
	},
	"expand":           func(x []any, a map[string]any) any { return x[0].(*Array).Expand(ints(a["shape"])...) },
	"to":               func(x []any, a map[string]any) any { return x[0].(*Array).To(parseDType(a["dtype"].(string))) },
	"item":             func(x []any, a map[string]any) any { return x[0].(*Array).Item() },
	"broadcast_shapes": func(x []any, a map[string]any) any { return BroadcastShapes(ints(a["a"]), ints(a["b"])) },
	"arange": func(x []any, a map[string]any) any {
		var args []any
		for _, v := range a["args"].([]any) {
			f := v.(float64)
			if f == math.Trunc(f) && !floatArgs[fmt.Sprint(a["args"])] {
				args = append(args, int(f))
			} else {
				args = append(args, f)
			}
		}
		return Arange(args...)
	},
	"linspace": func(x []any, a map[string]any) any {
		return Linspace(a["start"].(float64), a["end"].(float64), arg(a, "steps"))
	},
	"eye":  func(x []any, a map[string]any) any { return Eye(arg(a, "n")) },
	"full": func(x []any, a map[string]any) any { return Full(a["value"].(float64), ints(a["shape"])...) },
	"new": func(x []any, a map[string]any) any {
		return New(a["data"])
	},
}

// floatArgs lists arange cases whose integral-looking arguments are Python floats.
var floatArgs = map[string]bool{"[0 1 0.1]": true, "[-1.5 1.5]": true}

func u[R any](f func(*Array) R) opFunc {
	return func(x []any, a map[string]any) any { return f(x[0].(*Array)) }
}

func b(f func(*Array, any) *Array) opFunc {
	return func(x []any, a map[string]any) any { return f(x[0].(*Array), x[1]) }
}

func b2(f func(*Array, *Array) *Array) opFunc {
	return func(x []any, a map[string]any) any { return f(x[0].(*Array), x[1].(*Array)) }
}

func inpl(f func(*Array, any) *Array) opFunc {
	return func(x []any, a map[string]any) any {
		y := x[0].(*Array).Clone()
		r := f(y, x[1])
		if r != y {
			panic("in-place op did not return its receiver")
		}
		return y
	}
}

// viewOps return views, whose contiguity must match PyTorch's. (Elementwise ops on
// strided input return contiguous arrays here, unlike PyTorch, which keeps the input's
// memory order; values are what matter there.)
var viewOps = map[string]bool{"reshape": true, "view": true, "T": true, "transpose": true, "select": true,
	"slice": true, "diagonal": true, "expand": true, "permute": true, "squeeze": true, "unsqueeze": true}

// ulpOps are computed by PyTorch with SLEEF's SIMD kernels (for every element, tails
// included), which differ from this package's correctly rounded results by one ulp for
// about 5-10% of inputs (measured over 1e5 values). The value says for which dtypes:
// float32 exp, sigmoid, sin and log reproduce SLEEF's algorithms and must match bit for bit;
// everything not listed must match bit for bit in every dtype.
var ulpOps = map[string]string{"sin": "float64", "cos": "all", "tan": "all", "log": "float64", "tanh": "all",
	"exp": "float64", "sigmoid": "float64"}

func ulpDiff(a, b float64, dt DType) float64 {
	if dt == Float32 {
		return math.Abs(float64(int64(math.Float32bits(float32(a))) - int64(math.Float32bits(float32(b)))))
	}
	return math.Abs(float64(int64(math.Float64bits(a)) - int64(math.Float64bits(b))))
}

func compareArray(t *testing.T, name string, got *Array, want goldenArr, ulps float64) {
	t.Helper()
	if got.DType().String() != want.DType {
		t.Errorf("%s: dtype %v, want %s", name, got.DType(), want.DType)
		return
	}
	if !slices.Equal(got.Shape(), want.Shape) {
		t.Errorf("%s: shape %v, want %v", name, got.Shape(), want.Shape)
		return
	}
	g := got.Float64s()
	bad := 0
	for i, w := range want.Data {
		wv, gv := decodeFloat(w), g[i]
		same := wv == gv && math.Signbit(wv) == math.Signbit(gv) || math.IsNaN(wv) && math.IsNaN(gv)
		if !same && ulps > 0 && !math.IsNaN(wv) && !math.IsNaN(gv) && !math.IsInf(wv, 0) && ulpDiff(wv, gv, got.DType()) <= ulps {
			same = true
		}
		if !same {
			if bad < 3 {
				t.Errorf("%s: [%d] = %v, want %v", name, i, gv, wv)
			}
			bad++
		}
	}
	if bad > 3 {
		t.Errorf("%s: %d values differ", name, bad)
	}
}

func TestGolden(t *testing.T) {
	cases := loadGolden(t)
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) { testGoldenCase(t, c) })
		if c.Op == "mm" || c.Op == "matmul" {
			// products go to OpenBLAS when it opens: check the Go fallback too
			t.Run(c.Name+"/go-gemm", func(t *testing.T) {
				defer func(g bool) { goGEMM = g }(goGEMM)
				goGEMM = true
				testGoldenCase(t, c)
			})
		}
	}
}

func testGoldenCase(t *testing.T, c goldenCase) {
	op := goldenOps[c.Op]
	if op == nil {
		t.Fatalf("no op %q", c.Op)
	}
	if c.Threads > 0 {
		defer func(n int) { sumThreads = n }(sumThreads)
		sumThreads = c.Threads
	}
	if c.Op == "mv" {
		// gen_ops.py's mv cases are the reference BLAS's in-order sums, which are the
		// Go fallback's; Mv on OpenBLAS's gemv has its own goldens (TestMvOpenBLAS)
		defer func(g bool) { goGEMM = g }(goGEMM)
		goGEMM = true
	}
	var got any
	var perr *Error
	func() {
		defer func() {
			if r := recover(); r != nil {
				e, ok := r.(*Error)
				if !ok {
					panic(r)
				}
				perr = e
			}
		}()
		in := make([]any, len(c.Inputs))
		for i, s := range c.Inputs {
			in[i] = s.build()
		}
		got = op(in, c.Args)
	}()
	if c.Error != nil {
		if perr == nil {
			t.Fatalf("no error, want %s: %s", c.Error.Kind, c.Error.Msg)
		}
		if perr.Kind != c.Error.Kind || perr.Msg != c.Error.Msg {
			t.Fatalf("error %s: %q\nwant  %s: %q", perr.Kind, perr.Msg, c.Error.Kind, c.Error.Msg)
		}
		return
	}
	if perr != nil {
		t.Fatalf("unexpected error %s: %s", perr.Kind, perr.Msg)
	}
	ulps := 0.0
	if u := ulpOps[c.Op]; u == "all" || (u != "" && c.Inputs[0].DType == u) {
		ulps = 1
	}
	switch g := got.(type) {
	case *Array:
		var w goldenArr
		if err := json.Unmarshal(c.Expect, &w); err != nil {
			t.Fatal(err)
		}
		compareArray(t, c.Name, g, w, ulps)
		if c.Contiguous != nil && viewOps[c.Op] && g.IsContiguous() != *c.Contiguous {
			t.Errorf("contiguous = %v, want %v", g.IsContiguous(), *c.Contiguous)
		}
	case []*Array:
		var w []goldenArr
		if err := json.Unmarshal(c.Expect, &w); err != nil {
			t.Fatal(err)
		}
		for i := range w {
			compareArray(t, fmt.Sprintf("%s[%d]", c.Name, i), g[i], w[i], ulps)
		}
	case []int:
		if fmt.Sprint(g) != fmt.Sprint(ints(c.Value)) {
			t.Errorf("got %v, want %v", g, c.Value)
		}
	case bool:
		if g != c.Value.(bool) {
			t.Errorf("got %v, want %v", g, c.Value)
		}
	case float64:
		if g != decodeFloat(c.Value) {
			t.Errorf("got %v, want %v", g, c.Value)
		}
	default:
		t.Fatalf("unhandled result %T", got)
	}
}
