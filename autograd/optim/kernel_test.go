package optim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor/fused"
)

// TestAdamKernels: on every SIMD path this machine has, the float32 Adam step computes
// the pure-Go loop's bits, for every length up to 67 (whole vectors and tails) and a
// long run, with values that include 0, -0, tiny, huge, Inf and NaN.
func TestAdamKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	special := []float32{0, float32(math.Copysign(0, -1)), 1e-38, 1e-45, 3e38, float32(math.Inf(1)),
		float32(math.Inf(-1)), float32(math.NaN()), 1, -1}
	val := func() float32 {
		if r.IntN(10) == 0 {
			return special[r.IntN(len(special))]
		}
		return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
	}
	k := adamConsts[float32]{b1: 0.9, b2: 0.999, c1: 0.1, c2: 0.001, stepSize: -0.0031, bc2Sqrt: 0.0447, eps: 1e-8}
	run := func(path fused.Path, p, g, m, v []float32) {
		defer fused.SetPath(fused.SetPath(path))
		k.adam(p, g, m, v)
	}
	lengths := make([]int, 68)
	for i := range lengths {
		lengths[i] = i
	}
	lengths = append(lengths, 1000, 4099)
	for _, path := range fused.Supported()[1:] {
		for _, n := range lengths {
			t.Run(fmt.Sprint(path, "/", n), func(t *testing.T) {
				var in [4][]float32
				for j := range in {
					in[j] = make([]float32, n)
					for i := range in[j] {
						in[j][i] = val()
					}
				}
				in[3] = absAll(in[3]) // v, a running mean of squares, is not negative
				want, got := clone4(in), clone4(in)
				run(fused.None, want[0], want[1], want[2], want[3])
				run(path, got[0], got[1], got[2], got[3])
				for j, name := range []string{"param", "grad", "m", "v"} {
					for i := range want[j] {
						if !sameBits(got[j][i], want[j][i]) {
							t.Fatalf("%s[%d]: got %g (%08x), Go %g (%08x); inputs p %g g %g m %g v %g", name, i,
								got[j][i], math.Float32bits(got[j][i]), want[j][i], math.Float32bits(want[j][i]),
								in[0][i], in[1][i], in[2][i], in[3][i])
						}
					}
				}
			})
		}
	}
}

// TestAxpbyKernels: SGD's and weight decay's y = fma(a, x, b*y) computes the pure-Go
// loop's bits on every SIMD path, for b = 1 (add_ with alpha) and b = momentum.
func TestAxpbyKernels(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	special := []float32{0, float32(math.Copysign(0, -1)), 1e-38, 1e-45, 3e38, float32(math.Inf(1)),
		float32(math.Inf(-1)), float32(math.NaN())}
	val := func() float32 {
		if r.IntN(10) == 0 {
			return special[r.IntN(len(special))]
		}
		return float32(r.NormFloat64() * math.Pow(10, float64(r.IntN(9)-4)))
	}
	for _, path := range fused.Supported()[1:] {
		for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 31, 33, 67, 1000} {
			for _, ab := range [][2]float32{{-0.01, 1}, {0.9, 0.9}, {1e-4, 1}} {
				t.Run(fmt.Sprint(path, "/", n, "/", ab), func(t *testing.T) {
					y, x := make([]float32, n), make([]float32, n)
					for i := range y {
						y[i], x[i] = val(), val()
					}
					want, got := append([]float32(nil), y...), append([]float32(nil), y...)
					func() {
						defer fused.SetPath(fused.SetPath(fused.None))
						axpby(want, x, ab[0], ab[1])
					}()
					func() {
						defer fused.SetPath(fused.SetPath(path))
						axpby(got, x, ab[0], ab[1])
					}()
					for i := range want {
						if !sameBits(got[i], want[i]) {
							t.Fatalf("y[%d]: got %g, Go %g (y %g, x %g)", i, got[i], want[i], y[i], x[i])
						}
					}
				})
			}
		}
	}
}

func absAll(x []float32) []float32 {
	for i := range x {
		x[i] = float32(math.Abs(float64(x[i])))
	}
	return x
}

func clone4(in [4][]float32) (out [4][]float32) {
	for j := range in {
		out[j] = append([]float32(nil), in[j]...)
	}
	return out
}

// sameBits is bit equality, with any two NaNs equal (which NaN payload survives an
// operation on two NaNs depends on operand order, which PyTorch does not fix either).
func sameBits(a, b float32) bool {
	if a != a && b != b {
		return true
	}
	return math.Float32bits(a) == math.Float32bits(b)
}

// TestStepAllocations: once its state exists, a step over contiguous parameters updates
// them in place and allocates nothing (no copies of parameters or gradients), and
// neither does ZeroGrad. Weight decay and maximize make a new gradient, as PyTorch's
// out-of-place add does, and are not covered here.
func TestStepAllocations(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  func([]*autograd.Tensor) Optimizer
	}{
		{"Adam", func(ps []*autograd.Tensor) Optimizer { return NewAdam(ps, LR(1e-3)) }},
		{"AdamW", func(ps []*autograd.Tensor) Optimizer { return NewAdamW(ps, LR(1e-3)) }},
		{"Adam amsgrad", func(ps []*autograd.Tensor) Optimizer { return NewAdam(ps, LR(1e-3), AMSGrad(true)) }},
		{"SGD", func(ps []*autograd.Tensor) Optimizer { return NewSGD(ps, LR(1e-3)) }},
		{"SGD momentum", func(ps []*autograd.Tensor) Optimizer { return NewSGD(ps, LR(1e-3), Momentum(0.9)) }},
		{"Adagrad", func(ps []*autograd.Tensor) Optimizer { return NewAdagrad(ps, LR(1e-3)) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			opt := c.opt(mlpParams())
			opt.Step() // makes the state
			if got := testing.AllocsPerRun(5, opt.Step); got != 0 {
				t.Errorf("Step: %v allocations", got)
			}
			if got := testing.AllocsPerRun(5, opt.ZeroGrad); got != 0 {
				t.Errorf("ZeroGrad: %v allocations", got)
			}
		})
	}
}
