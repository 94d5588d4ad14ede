package F

import (
	"math"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Tensor is autograd.Tensor, the type every function here takes and returns.
type Tensor = autograd.Tensor

// checkFloat fails as torch's kernel dispatch does on an integer or bool input.
func checkFloat(x *Tensor, kernel string) {
	if !x.Array().DType().IsFloat() {
		runtimeErr("%q not implemented for '%s'", kernel, torchTypeName(x))
	}
}

// torchTypeName is the scalar type name in torch's dispatch errors (Long, Bool, ...).
func torchTypeName(x *Tensor) string {
	switch x.Array().DType() {
	case tensor.Int64:
		return "Long"
	case tensor.Bool:
		return "Bool"
	case tensor.Float64:
		return "Double"
	}
	return "Float"
}

// lastDim normalises dim against x's dims, with torch's IndexError when out of range.
func normDim(x *Tensor, dim int) int {
	n := max(x.Dim(), 1)
	if dim < -n || dim >= n {
		panic(&tensor.Error{Kind: "IndexError", Msg: "Dimension out of range (expected to be in range of [" +
			itoa(-n) + ", " + itoa(n-1) + "], but got " + itoa(dim) + ")"})
	}
	if dim < 0 {
		dim += n
	}
	return dim
}

// Softmax is F.softmax(x, dim) (SoftmaxBackward0, saving result): exp(x - max) over its
// sum along dim, by PyTorch's kernels (tensor's Softmax). Its gradient is (g - Σ g·y)·y,
// PyTorch's kernel too (tensor.SoftmaxBackward) unless the backward is recorded.
func Softmax(x *Tensor, dim int) *Tensor {
	d := normDim(x, dim)
	if d == x.Dim()-1 || x.Dim() == 0 {
		checkFloat(x, "softmax_lastdim_kernel_impl")
	} else {
		checkFloat(x, "softmax_kernel_impl")
	}
	r, op := autograd.NewOp("SoftmaxBackward0", x.Array().Softmax(d), x)
	if op != nil {
		op.Attr("dim", savedDim(dim))
		op.Save("result", r, true)
		op.SetBackward(func(g *Tensor) []*Tensor {
			y := op.Unpack("result")
			if !autograd.IsGradEnabled() {
				// not recorded: PyTorch's kernel on the arrays
				return []*Tensor{autograd.FromArray(tensor.SoftmaxBackward(g.Array(), y.Array(), d))}
			}
			return []*Tensor{g.Sub(g.Mul(y).Sum(d, autograd.KeepDim)).Mul(y)}
		})
	}
	return r
}

// LogSoftmax is F.log_softmax(x, dim) (LogSoftmaxBackward0, saving result):
// x - max - log Σ exp(x - max), by PyTorch's kernels (tensor's LogSoftmax). Its
// gradient is g - exp(y)·Σ g, PyTorch's kernel too unless the backward is recorded.
func LogSoftmax(x *Tensor, dim int) *Tensor {
	d := normDim(x, dim)
	if d == x.Dim()-1 || x.Dim() == 0 {
		checkFloat(x, "log_softmax_lastdim_kernel_impl")
	} else {
		checkFloat(x, "log_softmax_kernel_impl")
	}
	r, op := autograd.NewOp("LogSoftmaxBackward0", x.Array().LogSoftmax(d), x)
	if op != nil {
		op.Attr("dim", savedDim(dim))
		op.Save("result", r, true)
		op.SetBackward(func(g *Tensor) []*Tensor {
			y := op.Unpack("result")
			if !autograd.IsGradEnabled() {
				// not recorded: PyTorch's kernel on the arrays
				return []*Tensor{autograd.FromArray(tensor.LogSoftmaxBackward(g.Array(), y.Array(), d))}
			}
			return []*Tensor{g.Sub(y.Exp().Mul(g.Sum(d, autograd.KeepDim)))}
		})
	}
	return r
}

// savedDim is a dim as torch's node shows it (negative dims read back unsigned).
func savedDim(d int) any {
	if d < 0 {
		return uint64(d)
	}
	return d
}

// Relu is F.relu (ReluBackward0).
func Relu(x *Tensor) *Tensor { return x.Relu() }

// Sigmoid is F.sigmoid, torch.sigmoid (SigmoidBackward0).
func Sigmoid(x *Tensor) *Tensor { return x.Sigmoid() }

// Tanh is F.tanh, torch.tanh (TanhBackward0).
func Tanh(x *Tensor) *Tensor { return x.Tanh() }

// LeakyRelu is F.leaky_relu(x, negative_slope=0.01) (LeakyReluBackward0): x where
// x > 0, else x·slope.
func LeakyRelu(x *Tensor, negativeSlope ...float64) *Tensor {
	checkFloat(x, "leaky_relu_cpu")
	slope := arg(negativeSlope, 0, 0.01)
	a := x.Array()
	pos := a.Gt(0)
	r, op := autograd.NewOp("LeakyReluBackward0", tensor.Where(pos, a, a.Mul(slope)), x)
	if op != nil {
		op.Attr("negative_slope", slope)
		op.Save("self", x, true)
		op.SetBackward(func(g *Tensor) []*Tensor {
			self := op.Unpack("self")
			return []*Tensor{autograd.Where(self.Gt(0), g, g.Mul(slope))}
		})
	}
	return r
}

// Elu is F.elu(x, alpha=1.0) (EluBackward0): x where x > 0, else alpha·(exp(x) - 1), by
// PyTorch's kernel (tensor's Elu, and tensor.EluBackward unless the backward is recorded).
func Elu(x *Tensor, alpha ...float64) *Tensor {
	checkFloat(x, "elu_cpu")
	al := arg(alpha, 0, 1)
	r, op := autograd.NewOp("EluBackward0", x.Array().Elu(al), x)
	if op != nil {
		op.Attr("alpha", al)
		op.Attr("input_scale", 1)
		op.Attr("scale", 1)
		op.Save("self", x, true)
		op.SetBackward(func(g *Tensor) []*Tensor {
			self := op.Unpack("self")
			if !autograd.IsGradEnabled() {
				// not recorded: PyTorch's kernel on the arrays
				return []*Tensor{autograd.FromArray(tensor.EluBackward(g.Array(), self.Array(), al))}
			}
			return []*Tensor{autograd.Where(self.Le(0), g.Mul(al).Mul(self.Exp()), g)}
		})
	}
	return r
}

// Gelu is F.gelu(x, approximate="none") (GeluBackward0): x·Φ(x) with Φ the normal
// cdf, or with approximate "tanh" 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³))).
func Gelu(x *Tensor, approximate ...string) *Tensor {
	approx := "none"
	if len(approximate) > 0 {
		approx = approximate[0]
	}
	if approx != "none" && approx != "tanh" {
		runtimeErr("approximate argument must be either none or tanh.")
	}
	checkFloat(x, "GeluKernelImpl")
	a := x.Array()
	var y *tensor.Array
	if approx == "tanh" {
		y = a.MapFloat(func(v float64) float64 { return 0.5 * v * (1 + math.Tanh(geluK*(v+0.044715*v*v*v))) })
	} else {
		y = a.MapFloat(func(v float64) float64 { return v * 0.5 * (1 + math.Erf(v/math.Sqrt2)) })
	}
	r, op := autograd.NewOp("GeluBackward0", y, x)
	if op != nil {
		op.Attr("approximate", approx)
		op.Save("self", x, true)
		op.SetBackward(func(g *Tensor) []*Tensor {
			self := op.Unpack("self")
			if approx == "tanh" {
				return []*Tensor{geluTanhGrad(g, self)}
			}
			return []*Tensor{geluGrad(g, self)}
		})
	}
	return r
}

// geluK is √(2/π).
var geluK = math.Sqrt(2 / math.Pi)

// geluTanhGrad is g·d/dx of the tanh approximation, with autograd ops:
// 0.5(1+t) + 0.5x(1-t²)·k(1 + 3·0.044715x²), t = tanh(k(x + 0.044715x³)).
func geluTanhGrad(g, x *Tensor) *Tensor {
	inner := x.Add(x.Pow(3).Mul(0.044715)).Mul(geluK)
	t := inner.Tanh()
	dInner := x.Pow(2).Mul(3 * 0.044715).Add(1).Mul(geluK)
	d := t.Add(1).Mul(0.5).Add(x.Mul(0.5).Mul(autograd.Sub(1, t.Mul(t))).Mul(dInner))
	return g.Mul(d)
}

// geluGrad is g·(Φ(x) + x·φ(x)), torch's gelu_backward, recorded as its own node
// (GeluBackwardBackward0) since Φ needs erf, which autograd has no op for; that node's
// backward gives the second derivative, g·φ(x)·(2 - x²), and Φ + xφ for g.
func geluGrad(g, x *Tensor) *Tensor {
	dPhi := func(a *tensor.Array) *tensor.Array {
		return a.MapFloat(func(v float64) float64 {
			return 0.5*(1+math.Erf(v/math.Sqrt2)) + v*math.Exp(-v*v/2)/math.Sqrt(2*math.Pi)
		})
	}
	r, op := autograd.NewOp("GeluBackwardBackward0", g.Array().Mul(dPhi(x.Array())), g, x)
	if op != nil {
		op.Save("grad_output", g, op.Needs(1))
		op.Save("self", x, true)
		op.SetBackward(func(gg *Tensor) []*Tensor {
			self := op.Unpack("self")
			out := make([]*Tensor, 2)
			if op.Needs(0) {
				out[0] = gg.Mul(autograd.FromArray(dPhi(self.Array())))
			}
			if op.Needs(1) {
				phi := self.Pow(2).Mul(-0.5).Exp().Mul(1 / math.Sqrt(2*math.Pi))
				out[1] = gg.Mul(op.Unpack("grad_output")).Mul(phi).Mul(autograd.Sub(2, self.Pow(2)))
			}
			return out
		})
	}
	return r
}

// Silu is F.silu (SiluBackward0): x·σ(x), by PyTorch's kernel (tensor's Silu); its gradient
// σ(x)·(1 + x·(1 - σ(x))), PyTorch's kernel too (tensor.SiluBackward) unless recorded.
func Silu(x *Tensor) *Tensor {
	checkFloat(x, "silu_cpu")
	r, op := autograd.NewOp("SiluBackward0", x.Array().Silu(), x)
	if op != nil {
		op.Save("self", x, true)
		op.SetBackward(func(g *Tensor) []*Tensor {
			self := op.Unpack("self")
			if !autograd.IsGradEnabled() {
				// not recorded: PyTorch's kernel on the arrays
				return []*Tensor{autograd.FromArray(tensor.SiluBackward(g.Array(), self.Array()))}
			}
			s := self.Sigmoid()
			return []*Tensor{g.Mul(s).Mul(self.Mul(autograd.Sub(1, s)).Add(1))}
		})
	}
	return r
}

// Softplus is F.softplus(x, beta=1, threshold=20) (SoftplusBackward0): log(1 +
// exp(βx))/β, and x itself where βx > threshold.
func Softplus(x *Tensor, betaThreshold ...float64) *Tensor {
	checkFloat(x, "softplus_cpu")
	beta, th := arg(betaThreshold, 0, 1), arg(betaThreshold, 1, 20)
	a := x.Array()
	y := a.MapFloat(func(v float64) float64 {
		if v*beta > th {
			return v
		}
		return math.Log1p(math.Exp(v*beta)) / beta
	})
	r, op := autograd.NewOp("SoftplusBackward0", y, x)
	if op != nil {
		op.Attr("beta", pyNumber(beta))
		op.Save("self", x, true)
		op.Attr("threshold", pyNumber(th))
		op.SetBackward(func(g *Tensor) []*Tensor {
			self := op.Unpack("self")
			bx := self.Mul(beta)
			return []*Tensor{autograd.Where(bx.Gt(th), g, g.Mul(bx.Sigmoid()))}
		})
	}
	return r
}

// Hardtanh is F.hardtanh(x, min_val=-1, max_val=1) (HardtanhBackward0): x clamped;
// the gradient passes strictly inside the bounds.
func Hardtanh(x *Tensor, minMax ...float64) *Tensor {
	lo, hi := arg(minMax, 0, -1), arg(minMax, 1, 1)
	a := x.Array()
	r, op := autograd.NewOp("HardtanhBackward0", a.Clamp(lo, hi), x)
	if op != nil {
		op.Attr("max_val", hi)
		op.Attr("min_val", lo)
		op.Save("self", x, true)
		op.SetBackward(func(g *Tensor) []*Tensor {
			self := op.Unpack("self")
			inside := self.Gt(lo).Mul(self.Lt(hi))
			return []*Tensor{autograd.Where(inside, g, autograd.ZerosLike(g))}
		})
	}
	return r
}

// pyNumber is how torch shows a Scalar attribute that was given as a Python int:
// integral values as ints (softplus's beta=1, threshold=20).
func pyNumber(v float64) any {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return int(v)
	}
	return v
}

func itoa(i int) string { return autograd.FormatValue(i) }
