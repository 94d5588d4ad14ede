package autograd

import (
	"fmt"
	"math"
	"math/rand"
	"testing"

	"github.com/gograd/gograd/tensor"
)

// Every differentiable op is checked twice in float64: its backward against central
// finite differences of its forward (gradcheck), and the backward of its backward
// against finite differences of the backward (gradgradcheck), which is what
// create_graph and higher derivatives rely on.

// in describes one input: its shape and the interval its values are drawn from (chosen
// away from kinks and poles, where finite differences mean nothing).
type in struct {
	shape  []int
	lo, hi float64
}

func r(shape ...int) in     { return in{shape, -2, 2} }
func pos(shape ...int) in   { return in{shape, 0.5, 2} }
func away(shape ...int) in  { return in{shape, 0.3, 2} } // sign randomised below
func small(shape ...int) in { return in{shape, -0.7, 0.7} }

var gradCases = []struct {
	name   string // grad_fn of the result, as torch names it
	inputs []in
	f      func(x []*Tensor) *Tensor
}{
	{"AddBackward0", []in{r(2, 3), r(3)}, func(x []*Tensor) *Tensor { return x[0].Add(x[1]) }},
	{"AddBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Add(2.5) }},
	{"SubBackward0", []in{r(3), r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Sub(x[1]) }},
	{"SubBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Sub(2) }},
	{"RsubBackward1", []in{r(3)}, func(x []*Tensor) *Tensor { return Sub(2, x[0]) }},
	{"MulBackward0", []in{r(2, 3), r(2, 1)}, func(x []*Tensor) *Tensor { return x[0].Mul(x[1]) }},
	{"MulBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return Mul(3, x[0]) }},
	{"MulBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Mul(x[0]) }},
	{"DivBackward0", []in{r(2, 3), away(3)}, func(x []*Tensor) *Tensor { return x[0].Div(x[1]) }},
	{"DivBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Div(2) }},
	{"MulBackward0", []in{away(3)}, func(x []*Tensor) *Tensor { return Div(2, x[0]) }},
	{"PowBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Pow(2) }},
	{"PowBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Pow(3) }},
	{"PowBackward0", []in{pos(3)}, func(x []*Tensor) *Tensor { return x[0].Pow(2.5) }},
	{"PowBackward1", []in{pos(3), r(3)}, func(x []*Tensor) *Tensor { return x[0].Pow(x[1]) }},
	{"PowBackward1", []in{r(3)}, func(x []*Tensor) *Tensor { return Pow(2, x[0]) }},
	{"NegBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Neg() }},
	{"AbsBackward0", []in{away(4)}, func(x []*Tensor) *Tensor { return x[0].Abs() }},
	{"SignBackward0", []in{away(4)}, func(x []*Tensor) *Tensor { return x[0].Sign() }},
	{"ExpBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return Exp(x[0]) }},
	{"LogBackward0", []in{pos(3)}, func(x []*Tensor) *Tensor { return Log(x[0]) }},
	{"SinBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return Sin(x[0]) }},
	{"CosBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return Cos(x[0]) }},
	{"TanBackward0", []in{small(3)}, func(x []*Tensor) *Tensor { return Tan(x[0]) }},
	{"TanhBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return Tanh(x[0]) }},
	{"SigmoidBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return Sigmoid(x[0]) }},
	{"ReluBackward0", []in{away(5)}, func(x []*Tensor) *Tensor { return Relu(x[0]) }},
	{"SqrtBackward0", []in{pos(3)}, func(x []*Tensor) *Tensor { return Sqrt(x[0]) }},
	{"ReciprocalBackward0", []in{away(3)}, func(x []*Tensor) *Tensor { return Reciprocal(x[0]) }},
	{"ClampBackward1", []in{away(5)}, func(x []*Tensor) *Tensor { return x[0].Clamp(-1.0, 1.0) }},
	{"MaximumBackward0", []in{r(4), r(4)}, func(x []*Tensor) *Tensor { return Maximum(x[0], x[1]) }},
	{"MinimumBackward0", []in{r(4), r(4)}, func(x []*Tensor) *Tensor { return Minimum(x[0], x[1]) }},
	{"Atan2Backward0", []in{r(2, 3), away(3)}, func(x []*Tensor) *Tensor { return Atan2(x[0], x[1]) }},
	{"Atan2Backward0", []in{away(3), r(2, 1)}, func(x []*Tensor) *Tensor { return x[0].Atan2(x[1]) }},
	{"WhereBackward0", []in{away(4), r(4)}, func(x []*Tensor) *Tensor { return Where(x[0].Gt(0), x[0], x[1]) }},
	{"SumBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Sum() }},
	{"SumBackward1", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return Sum(x[0], 1) }},
	{"SumBackward1", []in{r(2, 3, 2)}, func(x []*Tensor) *Tensor { return x[0].SumDims([]int{0, 2}, true) }},
	{"MeanBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Mean() }},
	{"MeanBackward1", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return Mean(x[0], 1) }},
	{"MeanBackward1", []in{r(2, 3, 2)}, func(x []*Tensor) *Tensor { return x[0].MeanDims([]int{-1}, true) }},
	{"MaxBackward1", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Max() }},
	{"MinBackward1", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Min() }},
	{"MaxBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { v, _ := x[0].MaxDim(1, false); return v }},
	{"MinBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { v, _ := x[0].MinDim(0, true); return v }},
	{"NormBackward1", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Norm() }},
	{"ProdBackward0", []in{away(4)}, func(x []*Tensor) *Tensor { return x[0].Prod() }},
	{"SelectBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Index(":", 1) }},
	{"SliceBackward0", []in{r(4)}, func(x []*Tensor) *Tensor { return x[0].Index("1:") }},
	{"SliceBackward0", []in{r(3, 5)}, func(x []*Tensor) *Tensor { return x[0].Slice(1, 0, 5, 2) }},
	{"DiagonalBackward0", []in{r(3, 3)}, func(x []*Tensor) *Tensor { return x[0].Diagonal(0, 0, 1) }},
	{"ViewBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].View(3, 2) }},
	{"ReshapeAliasBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Reshape(6) }},
	{"UnsafeViewBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].T().Reshape(6) }},
	{"TransposeBackward0", []in{r(2, 3, 2)}, func(x []*Tensor) *Tensor { return x[0].Transpose(0, 2) }},
	{"PermuteBackward0", []in{r(2, 3, 2)}, func(x []*Tensor) *Tensor { return x[0].Permute(2, 0, 1) }},
	{"PermuteBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].T() }},
	{"TBackward0", []in{r(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Tt() }},
	{"TBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Tt() }},
	{"TransposeBackward0", []in{r(2, 3, 4)}, func(x []*Tensor) *Tensor { return x[0].MT() }},
	{"PermuteBackward0", []in{r(2, 3, 4)}, func(x []*Tensor) *Tensor { return x[0].T() }},
	{"ProdBackward1", []in{away(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Prod(1) }},
	{"ProdBackward1", []in{away(2, 3)}, func(x []*Tensor) *Tensor { return x[0].Prod(0, KeepDim) }},
	{"AddmmBackward0", []in{r(3), r(2, 4), r(4, 3)}, func(x []*Tensor) *Tensor { return x[0].Addmm(x[1], x[2]) }},
	{"AddmmBackward0", []in{r(2, 1), r(4, 2), r(3, 4)}, func(x []*Tensor) *Tensor { return Addmm(x[0], x[1].Tt(), x[2].Tt()) }},
	{"UnsqueezeBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Unsqueeze(1) }},
	{"SqueezeBackward0", []in{r(1, 3, 1)}, func(x []*Tensor) *Tensor { return x[0].Squeeze() }},
	{"SqueezeBackward1", []in{r(1, 3)}, func(x []*Tensor) *Tensor { return x[0].Squeeze(0) }},
	{"ExpandBackward0", []in{r(1, 3)}, func(x []*Tensor) *Tensor { return x[0].Expand(2, 3) }},
	{"CloneBackward0", []in{r(3)}, func(x []*Tensor) *Tensor { return x[0].Clone() }},
	{"StackBackward0", []in{r(3), r(3)}, func(x []*Tensor) *Tensor { return Stack(x, 1) }},
	{"CatBackward0", []in{r(2), r(3)}, func(x []*Tensor) *Tensor { return Cat(x, 0) }},
	{"DotBackward0", []in{r(3), r(3)}, func(x []*Tensor) *Tensor { return Dot(x[0], x[1]) }},
	{"MmBackward0", []in{r(2, 3), r(3, 2)}, func(x []*Tensor) *Tensor { return Mm(x[0], x[1]) }},
	{"MvBackward0", []in{r(2, 3), r(3)}, func(x []*Tensor) *Tensor { return Mv(x[0], x[1]) }},
	{"DotBackward0", []in{r(3), r(3)}, func(x []*Tensor) *Tensor { return Matmul(x[0], x[1]) }},
	{"MvBackward0", []in{r(2, 3), r(3)}, func(x []*Tensor) *Tensor { return Matmul(x[0], x[1]) }},
	{"MmBackward0", []in{r(2, 3), r(3, 2)}, func(x []*Tensor) *Tensor { return Matmul(x[0], x[1]) }},
	{"SqueezeBackward3", []in{r(3), r(3, 2)}, func(x []*Tensor) *Tensor { return Matmul(x[0], x[1]) }},
	{"UnsafeViewBackward0", []in{r(2, 2, 3), r(3, 2)}, func(x []*Tensor) *Tensor { return Matmul(x[0], x[1]) }},
	{"MulBackward0", []in{r(2), r(3)}, func(x []*Tensor) *Tensor { return Outer(x[0], x[1]) }},
	{"CopySlices", []in{r(2)}, func(x []*Tensor) *Tensor {
		y := Zeros(3, Float64)
		y.Set(x[0].Index(0).Mul(2), 0)
		y.Set(x[0].Index(0).Pow(2).Add(x[0].Index(1).Pow(3).Mul(2)), 1)
		y.Set(x[0].Index(1).Mul(10), 2)
		return y
	}},
	{"MulBackward0", []in{r(3), r(3)}, func(x []*Tensor) *Tensor { y := x[0].Mul(1); y.Mul_(x[1]); return y }},
	{"AddBackward0", []in{r(3), r(3)}, func(x []*Tensor) *Tensor { y := x[0].Mul(2); y.Add_(x[1]); return y }},
}

// randomInputs draws float64 inputs for a case; `away` inputs get random signs.
func randomInputs(rng *rand.Rand, spec []in) [][]float64 {
	out := make([][]float64, len(spec))
	for i, s := range spec {
		n := Size(s.shape).Numel()
		v := make([]float64, n)
		for j := range v {
			v[j] = s.lo + (s.hi-s.lo)*rng.Float64()
			if s.lo == 0.3 && rng.Intn(2) == 0 {
				v[j] = -v[j]
			}
		}
		out[i] = v
	}
	return out
}

func leaves(vals [][]float64, shapes [][]int) []*Tensor {
	ts := make([]*Tensor, len(vals))
	for i, v := range vals {
		ts[i] = FromArray(tensor.FromFloat64(append([]float64(nil), v...), shapes[i]...)).RequiresGrad_()
	}
	return ts
}

// flat evaluates f and returns its output values.
func flat(f func([]*Tensor) *Tensor, vals [][]float64, shapes [][]int) []float64 {
	var out []float64
	NoGrad(func() { out = f(leaves(vals, shapes)).Float64s() })
	return out
}

// checkJacobian compares the analytical Jacobian of f (one Grad per output element)
// with central differences.
func checkJacobian(t *testing.T, f func([]*Tensor) *Tensor, vals [][]float64, shapes [][]int, tol float64) {
	t.Helper()
	const eps = 1e-6
	y0 := flat(f, vals, shapes)
	for i := range vals {
		for j := range vals[i] {
			orig := vals[i][j]
			vals[i][j] = orig + eps
			yp := flat(f, vals, shapes)
			vals[i][j] = orig - eps
			ym := flat(f, vals, shapes)
			vals[i][j] = orig
			for k := range y0 {
				num := (yp[k] - ym[k]) / (2 * eps)
				ana := analytical(t, f, vals, shapes, k, i, j)
				if math.Abs(num-ana) > tol*(1+math.Abs(num)) {
					t.Fatalf("d out[%d] / d in%d[%d]: backward %.8g, finite difference %.8g", k, i, j, ana, num)
				}
			}
		}
	}
}

// analytical is d out[k] / d input i element j by a vector-Jacobian product with e_k.
func analytical(t *testing.T, f func([]*Tensor) *Tensor, vals [][]float64, shapes [][]int, k, i, j int) float64 {
	x := leaves(vals, shapes)
	y := f(x)
	if !y.RequiresGrad() {
		return 0
	}
	e := make([]float64, y.Numel())
	e[k] = 1
	v := FromArray(tensor.FromFloat64(e).Reshape(y.shape()...))
	g := Grad(y, x, GradOutputs(v), AllowUnused)
	if g[i] == nil {
		return 0
	}
	return g[i].Float64s()[j]
}

// backwardOf turns f into the function (x..., v) -> concat of vᵀ∂f/∂x, built with
// create_graph so that checking its Jacobian checks the double backward.
func backwardOf(f func([]*Tensor) *Tensor, nIn int) func([]*Tensor) *Tensor {
	return func(xv []*Tensor) *Tensor {
		x, v := xv[:nIn], xv[nIn]
		var y *Tensor
		EnableGrad(func() { y = f(x) })
		var parts []*Tensor
		var gs Tuple
		EnableGrad(func() {
			if y.RequiresGrad() {
				gs = Grad(y, x, GradOutputs(v.Reshape(y.shape()...)), CreateGraph, AllowUnused)
			} else {
				gs = make(Tuple, len(x))
			}
		})
		for i, g := range gs {
			if g == nil {
				g = ZerosLike(x[i])
			}
			parts = append(parts, g.Reshape(-1))
		}
		var out *Tensor
		EnableGrad(func() { out = Cat(parts, 0) })
		return out
	}
}

func TestGradcheck(t *testing.T) {
	for ci, c := range gradCases {
		c := c
		t.Run(fmt.Sprintf("%02d_%s", ci, c.name), func(t *testing.T) {
			rng := rand.New(rand.NewSource(int64(ci) + 1))
			vals := randomInputs(rng, c.inputs)
			shapes := make([][]int, len(c.inputs))
			for i, s := range c.inputs {
				shapes[i] = s.shape
			}
			y := c.f(leaves(vals, shapes))
			if got := y.GradFn().Name(); got != c.name {
				t.Fatalf("grad_fn %s, want %s", got, c.name)
			}
			checkJacobian(t, c.f, vals, shapes, 1e-5)

			// second order: the backward itself, with respect to x and to v
			nOut := y.Numel()
			v := make([]float64, nOut)
			for k := range v {
				v[k] = rng.Float64()*2 - 1
			}
			checkJacobian(t, backwardOf(c.f, len(vals)), append(vals, v), append(shapes, []int{nOut}), 1e-4)
		})
	}
}

// TestThirdDerivative follows seed 003: d³(4x³)/dx³ = 24 through three create_graph passes.
func TestThirdDerivative(t *testing.T) {
	x := New(4.0, RequiresGrad, Float64)
	y := x.Pow(3).Mul(4)
	d1 := Grad(y, x, CreateGraph)[0]
	d2 := Grad(d1, x, CreateGraph)[0]
	d3 := Grad(d2, x)[0]
	for _, c := range []struct {
		got  *Tensor
		want float64
	}{{d1, 192}, {d2, 96}, {d3, 24}} {
		if c.got.Item() != c.want {
			t.Errorf("got %v, want %v", c.got.Item(), c.want)
		}
	}
}

// TestToCopyGradient checks the dtype cast, which finite differences cannot (a float32
// round trip is too coarse): its gradient is the incoming one cast back, exactly, and
// so is its second derivative.
func TestToCopyGradient(t *testing.T) {
	x := New([]float64{1, 2}, RequiresGrad) // float32
	y := x.Double()
	if y.GradFn().Name() != "ToCopyBackward0" || y.DType() != Float64 {
		t.Fatalf("got %v %v", y.GradFn(), y.DType())
	}
	g := Grad(y.Pow(2).Sum(), x, CreateGraph)[0] // 2x, float32
	if g.DType() != Float32 || !eqVals(vals(g), []float64{2, 4}) {
		t.Fatalf("first derivative %v", g)
	}
	gg := Grad(g.Sum(), x)[0]
	if !eqVals(vals(gg), []float64{2, 2}) {
		t.Fatalf("second derivative %v", gg)
	}
}
