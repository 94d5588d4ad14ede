package autograd

import (
	"fmt"

	"github.com/gograd/gograd/tensor"
)

// The op table, part 1: elementwise ops. Each op follows the recipe of doc.go ("Adding
// an op"): record with its torch grad_fn name and its forward on tensor.Array, then
// what it saves (the names torchviz shows) and one gradient formula per input written
// with autograd ops, so that the backward pass is itself differentiable (create_graph,
// higher derivatives). Broadcasting needs nothing here: the engine sums every input
// gradient back to the input's shape and dtype.
//
// A right operand may be a *Tensor or a Go scalar; scalars are constants (torch's
// wrapped numbers) and promote the way Python numbers do.

// asTensor turns an operand into a tensor: tensors as they are, arrays wrapped, Go
// scalars as 0-d constants.
func asTensor(v any) *Tensor {
	switch x := v.(type) {
	case *Tensor:
		return x
	case *tensor.Array:
		return wrap(x)
	case Size:
		return wrap(tensor.New([]int(x)))
	}
	return wrap(tensor.New(v))
}

// operand is the right operand split returned, as tensor's ops take it.
func operand(o *Tensor, s any) any {
	if o != nil {
		return o.data
	}
	return s
}

// split separates a tensor operand from a scalar one.
func split(v any) (*Tensor, any) {
	switch x := v.(type) {
	case *Tensor:
		if x == nil {
			panic(&tensor.Error{Kind: "TypeError", Msg: "unsupported operand type(s): 'Tensor' and 'NoneType'"})
		}
		return x, nil
	case nil:
		panic(&tensor.Error{Kind: "TypeError", Msg: "unsupported operand type(s): 'Tensor' and 'NoneType'"})
	case *tensor.Array:
		return wrap(x), nil
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, bool:
		return nil, x
	}
	panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("unsupported operand type: %T", v)})
}

// wrapped is the 0-d tensor torch saves for a Python number operand (shown by torchviz).
func wrapped(s any, like *tensor.Array) *Tensor {
	a := tensor.New(s)
	if like.DType().IsFloat() {
		a = a.To(like.DType())
	}
	return wrap(a)
}

func scalarFloat(s any) float64 {
	switch v := s.(type) {
	case float64:
		return v
	case float32:
		return float64(v)
	case int:
		return float64(v)
	}
	return tensor.New(s).To(tensor.Float64).Item()
}

// Add is t + other (AddBackward0; alpha is always 1 here).
func (t *Tensor) Add(other any) *Tensor {
	o, s := split(other)
	r, n := record("AddBackward0", func(room *tensor.Small) *tensor.Array { return room.Add(t.data, operand(o, s)) }, t, o)
	if n != nil {
		n.attrs = alphaOne
		n.grads[0], n.grads[1] = passGrad, passGrad // [1] never runs for a number: no edge
	}
	return r
}

// passGrad is the formula of an input that receives the output's gradient unchanged.
func passGrad(_ *Node, g *Tensor) *Tensor { return g }

// negGrad is the formula of an input whose gradient is the output's, negated.
func negGrad(_ *Node, g *Tensor) *Tensor { return g.Neg() }

// zeroGrad is the formula of an input whose gradient is zero (torch still sends it).
func zeroGrad(_ *Node, g *Tensor) *Tensor { return wrap(tensor.ZerosLike(g.data)) }

// Sub is t - other (SubBackward0).
func (t *Tensor) Sub(other any) *Tensor {
	o, s := split(other)
	r, n := record("SubBackward0", func(room *tensor.Small) *tensor.Array { return room.Sub(t.data, operand(o, s)) }, t, o)
	if n != nil {
		n.attrs = alphaOne
		n.grads[0], n.grads[1] = passGrad, negGrad // [1] never runs for a number
	}
	return r
}

// rsub is s - t for a scalar s (RsubBackward1).
func (t *Tensor) rsub(s any) *Tensor {
	r, n := record("RsubBackward1", func(*tensor.Small) *tensor.Array {
		if t.data.DType() == tensor.Int64 || t.data.DType() == tensor.Bool {
			return tensor.New(s).Sub(t.data)
		}
		return t.data.Neg().Add(s)
	}, t)
	if n != nil {
		n.attrs = alphaOne
		n.grads[0] = negGrad
	}
	return r
}

// mulScalar, addScalar and subScalar are t·s, t+s and t-s with a number s as the
// formulas of torch's derivatives.yaml write them in C++: mul.Scalar (MulBackward1,
// saving s as other), add.Scalar and sub.Scalar (AddBackward1, SubBackward1), where
// Python's t * s is mul.Tensor with s a wrapped number (MulBackward0). Same values;
// the names show in a graph recorded under create_graph.
func (t *Tensor) mulScalar(s any) *Tensor {
	r, n := record("MulBackward1", func(room *tensor.Small) *tensor.Array { return room.Mul(t.data, s) }, t)
	if n != nil {
		n.scalar = s
		n.attrs = otherScalarAttrs
		n.grads[0] = func(n *Node, g *Tensor) *Tensor { return g.mulScalar(n.scalar) }
	}
	return r
}

var otherScalarAttrs = []Attr{{"other", scalarOperand{}}}

func (t *Tensor) addScalar(s any) *Tensor {
	r, n := record("AddBackward1", func(room *tensor.Small) *tensor.Array { return room.Add(t.data, s) }, t)
	if n != nil {
		n.grads[0] = passGrad
	}
	return r
}

func (t *Tensor) subScalar(s any) *Tensor {
	r, n := record("SubBackward1", func(room *tensor.Small) *tensor.Array { return room.Sub(t.data, s) }, t)
	if n != nil {
		n.grads[0] = passGrad
	}
	return r
}

// Mul is t * other (MulBackward0): d/dself = g*other, d/dother = g*self. With a number
// other, torch saves it as a 0-d tensor (torchviz shows it) and not self.
func (t *Tensor) Mul(other any) *Tensor {
	o, s := split(other)
	r, n := record("MulBackward0", func(room *tensor.Small) *tensor.Array { return room.Mul(t.data, operand(o, s)) }, t, o)
	switch {
	case n == nil:
	case o == nil:
		n.save(savedOther, wrapped(s, r.data), true)
		n.save(savedSelf, t, false)
		n.scalar = s
		n.grads[0] = mulScalarGrad
	default:
		n.save(savedOther, o, n.needs(0))
		n.save(savedSelf, t, n.needs(1))
		n.grads[0], n.grads[1] = mulSelfGrad, mulOtherGrad
	}
	return r
}

// mulScalarGrad multiplies by the Go number itself (no 0-d operand to broadcast), but
// unpacks the saved wrapped number first: as in torch, a second backward through the
// node then fails because it was freed.
func mulScalarGrad(n *Node, g *Tensor) *Tensor {
	n.unpack(savedOther)
	return g.Mul(n.scalar)
}
func mulSelfGrad(n *Node, g *Tensor) *Tensor  { return g.Mul(n.unpack(savedOther)) }
func mulOtherGrad(n *Node, g *Tensor) *Tensor { return g.Mul(n.unpack(savedSelf)) }

// Div is t / other (DivBackward0): d/dself = g/other, d/dother = -g*self/other².
func (t *Tensor) Div(other any) *Tensor {
	o, s := split(other)
	r, n := record("DivBackward0", func(room *tensor.Small) *tensor.Array { return room.Div(t.data, operand(o, s)) }, t, o)
	switch {
	case n == nil:
	case o == nil:
		n.save(savedOther, wrapped(s, r.data), true)
		n.save(savedSelf, t, false)
		n.scalar = s
		n.grads[0] = divScalarGrad
	default:
		n.save(savedOther, o, true)
		n.save(savedSelf, t, n.needs(1))
		n.grads[0], n.grads[1] = divSelfGrad, divOtherGrad
	}
	return r
}

// divScalarGrad unpacks the saved wrapped number for the same reason as mulScalarGrad.
func divScalarGrad(n *Node, g *Tensor) *Tensor {
	n.unpack(savedOther)
	return g.Div(n.scalar)
}

func divSelfGrad(n *Node, g *Tensor) *Tensor { return g.Div(n.unpack(savedOther)) }

// divOtherGrad is torch's div_tensor_other_backward, -g·((self/other)/other) in that
// order.
func divOtherGrad(n *Node, g *Tensor) *Tensor {
	y := n.unpack(savedOther)
	return g.Neg().Mul(n.unpack(savedSelf).Div(y).Div(y))
}

// Pow is t ** exponent: PowBackward0 for a scalar exponent, PowBackward1 for a tensor.
func (t *Tensor) Pow(exponent any) *Tensor {
	o, s := split(exponent)
	if o != nil {
		return powTensor(t, o)
	}
	r, n := record("PowBackward0", func(*tensor.Small) *tensor.Array { return t.data.Pow(s) }, t)
	if n != nil {
		n.attrs = powAttrs
		n.save(savedSelf, t, true)
		n.scalar = s
		n.grads[0] = powScalarGrad
	}
	return r
}

var powAttrs = []Attr{{"exponent", scalarOperand{}}}

// powScalarGrad is torch's pow_backward, g·(s·x**(s-1)), 0 for s == 0, with s as a
// float (torch's formula takes the exponent as a double: x**2's backward saves 2.0 and
// 1.0). self is unpacked first, as torch does, so that a second backward fails even
// for s == 0.
func powScalarGrad(n *Node, g *Tensor) *Tensor {
	s := scalarFloat(n.scalar)
	x := n.unpack(savedSelf)
	if s == 0 {
		return wrap(tensor.ZerosLike(g.data))
	}
	if s != 2 || gradEnabled {
		x = x.Pow(s - 1)
	} // unrecorded, x**1 is x exactly: skip the op (the hot x**2 case)
	return g.Mul(x.mulScalar(s))
}

// powTensor is self ** exponent with both tensors (PowBackward1); 2 ** x lands here with
// self a constant 0-d tensor, as in torch.
func powTensor(self, exp *Tensor) *Tensor {
	r, n := record("PowBackward1", func(*tensor.Small) *tensor.Array { return self.data.Pow(exp.data) }, self, exp)
	if n != nil {
		n.save(savedExponent, exp, true)
		n.save(savedResult, r, n.needs(1))
		n.save(savedSelf, self, true)
		n.grads[0], n.grads[1] = powBaseGrad, powExponentGrad
	}
	return r
}

// powBaseGrad is torch's pow_backward_self, where(e == 0, 0, g·(e·self**(e-1))).
func powBaseGrad(n *Node, g *Tensor) *Tensor {
	e := n.unpack(savedExponent)
	d := g.Mul(e.Mul(n.unpack(savedSelf).Pow(e.subScalar(1))))
	return Where(wrap(e.data.Eq(0)), zeroOf(g), d)
}

// powExponentGrad is g * result * log(self). torch masks the 0*log(0) = nan case:
// where self == 0 and exponent >= 0 the gradient is 0. The log stays an autograd op so
// second derivatives see it.
func powExponentGrad(n *Node, g *Tensor) *Tensor {
	x := n.unpack(savedSelf)
	cond := x.data.Eq(0).Mul(n.unpack(savedExponent).data.Ge(0))
	return g.Mul(Where(wrap(cond), zeroOf(g), n.unpack(savedResult).Mul(x.Log())))
}

// minusOne is s-1 keeping Python's int/float distinction (x**2 saves 2, backward uses 1).
func minusOne(s any) any {
	switch v := s.(type) {
	case int:
		return v - 1
	case int64:
		return v - 1
	case int32:
		return v - 1
	}
	return scalarFloat(s) - 1
}

// pyScalar is how torch shows a Python number attribute: ints as ints, floats as floats.
func pyScalar(s any) any {
	switch v := s.(type) {
	case int, int64, int32, int16, int8, uint, uint8, uint16, uint32, uint64:
		return v
	case bool:
		return v
	}
	return scalarFloat(s)
}

// Neg is -t.
func (t *Tensor) Neg() *Tensor {
	r, n := record("NegBackward0", func(room *tensor.Small) *tensor.Array { return room.Neg(t.data) }, t)
	if n != nil {
		n.grads[0] = negGrad
	}
	return r
}

// Abs is |t|; its derivative is sign(t).
func (t *Tensor) Abs() *Tensor {
	r, n := record("AbsBackward0", func(*tensor.Small) *tensor.Array { return t.data.Abs() }, t)
	if n != nil {
		n.save(savedSelf, t, true)
		n.grads[0] = absGrad
	}
	return r
}

func absGrad(n *Node, g *Tensor) *Tensor { return g.Mul(n.unpack(savedSelf).sgn()) }

// sgn is torch's sgn, sign for real numbers, which abs's formula calls (SgnBackward0).
// For real input its derivative, torch's sgn_backward, is 0 everywhere.
func (t *Tensor) sgn() *Tensor {
	r, n := record("SgnBackward0", func(*tensor.Small) *tensor.Array { return t.data.Sign() }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.save(savedSelf, t, true)
		n.grads[0] = zeroGrad
	}
	return r
}

// Sign is -1, 0 or 1; its derivative is 0.
func (t *Tensor) Sign() *Tensor {
	r, n := record("SignBackward0", func(*tensor.Small) *tensor.Array { return t.data.Sign() }, t)
	if n != nil {
		n.grads[0] = zeroGrad
	}
	return r
}

// Exp is e**t; its derivative is the result itself.
func (t *Tensor) Exp() *Tensor {
	r, n := record("ExpBackward0", func(*tensor.Small) *tensor.Array { return t.data.Exp() }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.grads[0] = expGrad
	}
	return r
}

func expGrad(n *Node, g *Tensor) *Tensor { return g.Mul(n.unpack(savedResult)) }

// Log is the natural logarithm; its derivative is 1/t.
func (t *Tensor) Log() *Tensor {
	r, n := record("LogBackward0", func(*tensor.Small) *tensor.Array { return t.data.Log() }, t)
	if n != nil {
		n.save(savedSelf, t, true)
		n.grads[0] = logGrad
	}
	return r
}

func logGrad(n *Node, g *Tensor) *Tensor { return g.Div(n.unpack(savedSelf)) }

// Sin's derivative is cos.
func (t *Tensor) Sin() *Tensor {
	r, n := record("SinBackward0", func(*tensor.Small) *tensor.Array { return t.data.Sin() }, t)
	if n != nil {
		n.save(savedSelf, t, true)
		n.grads[0] = sinGrad
	}
	return r
}

func sinGrad(n *Node, g *Tensor) *Tensor { return g.Mul(n.unpack(savedSelf).Cos()) }

// Cos's derivative is -sin.
func (t *Tensor) Cos() *Tensor {
	r, n := record("CosBackward0", func(*tensor.Small) *tensor.Array { return t.data.Cos() }, t)
	if n != nil {
		n.save(savedSelf, t, true)
		n.grads[0] = cosGrad
	}
	return r
}

func cosGrad(n *Node, g *Tensor) *Tensor { return g.Mul(n.unpack(savedSelf).Sin().Neg()) }

// Tan's derivative is 1 + tan².
func (t *Tensor) Tan() *Tensor {
	r, n := record("TanBackward0", func(*tensor.Small) *tensor.Array { return t.data.Tan() }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.grads[0] = tanGrad
	}
	return r
}

// tanGrad is torch's g·(1 + result.pow(2)).
func tanGrad(n *Node, g *Tensor) *Tensor {
	return g.Mul(n.unpack(savedResult).Pow(2).addScalar(1))
}

// Tanh's derivative is 1 - tanh².
func (t *Tensor) Tanh() *Tensor {
	r, n := record("TanhBackward0", func(*tensor.Small) *tensor.Array { return t.data.Tanh() }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.grads[0] = tanhGrad
	}
	return r
}

// tanhGrad is torch's tanh_backward(g, result), g·(1-y²) with 1-y² rounded once: the
// fused array op, recorded as an op of its own when the backward is (tanhBackward).
func tanhGrad(n *Node, g *Tensor) *Tensor { return tanhBackward(g, n.unpack(savedResult)) }

// tanhBackward is torch's tanh_backward(grad_output, output) as an op: tanh's backward
// recorded under create_graph (TanhBackwardBackward0). Its value is the fused op's, the
// bits of the unrecorded backward, as in torch. Its derivatives: for grad_output,
// tanh_backward again; for output, gg·((-2·output)·grad_output), in that order.
func tanhBackward(g, y *Tensor) *Tensor {
	r, n := record("TanhBackwardBackward0", func(room *tensor.Small) *tensor.Array {
		return room.TanhBackward(g.data, y.data)
	}, g, y)
	if n != nil {
		n.save(savedGradOutput, g, true)
		n.save(savedOutput, y, true)
		n.grads[0], n.grads[1] = tanhBackwardGradOutput, tanhBackwardOutput
	}
	return r
}

func tanhBackwardGradOutput(n *Node, gg *Tensor) *Tensor {
	return tanhBackward(gg, n.unpack(savedOutput))
}

func tanhBackwardOutput(n *Node, gg *Tensor) *Tensor {
	return gg.Mul(n.unpack(savedOutput).mulScalar(-2).Mul(n.unpack(savedGradOutput)))
}

// The names torch's activation backward ops save their operands under.
var (
	savedGradOutput = savedNameOf("grad_output")
	savedOutput     = savedNameOf("output")
)

// Sigmoid's derivative is σ(1-σ).
func (t *Tensor) Sigmoid() *Tensor {
	r, n := record("SigmoidBackward0", func(*tensor.Small) *tensor.Array { return t.data.Sigmoid() }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.grads[0] = sigmoidGrad
	}
	return r
}

// sigmoidGrad is torch's sigmoid_backward(g, result), (g·(1-y))·y in that order: the
// fused array op, recorded as an op of its own when the backward is
// (sigmoidBackward).
func sigmoidGrad(n *Node, g *Tensor) *Tensor { return sigmoidBackward(g, n.unpack(savedResult)) }

// sigmoidBackward is torch's sigmoid_backward(grad_output, output) as an op (recorded:
// SigmoidBackwardBackward0), with the fused op's bits. Its derivatives: for
// grad_output, sigmoid_backward again; for output, (gg·grad_output)·((-2·output)+1),
// in that order.
func sigmoidBackward(g, y *Tensor) *Tensor {
	r, n := record("SigmoidBackwardBackward0", func(room *tensor.Small) *tensor.Array {
		return room.SigmoidBackward(g.data, y.data)
	}, g, y)
	if n != nil {
		n.save(savedGradOutput, g, true)
		n.save(savedOutput, y, true)
		n.grads[0], n.grads[1] = sigmoidBackwardGradOutput, sigmoidBackwardOutput
	}
	return r
}

func sigmoidBackwardGradOutput(n *Node, gg *Tensor) *Tensor {
	return sigmoidBackward(gg, n.unpack(savedOutput))
}

func sigmoidBackwardOutput(n *Node, gg *Tensor) *Tensor {
	return gg.Mul(n.unpack(savedGradOutput)).Mul(n.unpack(savedOutput).mulScalar(-2).addScalar(1))
}

// Relu is max(t, 0).
func (t *Tensor) Relu() *Tensor {
	r, n := record("ReluBackward0", func(room *tensor.Small) *tensor.Array { return room.Relu(t.data) }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.grads[0] = reluGrad
	}
	return r
}

// reluGrad is torch's threshold_backward(g, result, 0): g where the result is above 0
// (or NaN), 0 elsewhere; one fused array op when the backward is not being recorded, a
// product with that constant mask when it is.
func reluGrad(n *Node, g *Tensor) *Tensor {
	y := n.unpack(savedResult)
	if !gradEnabled {
		return roomy(func(r *tensor.Small) *tensor.Array { return r.ThresholdBackward(g.data, y.data, 0) })
	}
	return thresholdBackward(g, y, 0)
}

// thresholdBackward is torch's threshold_backward(grad, self, threshold), g where self
// > threshold and 0 elsewhere, as an op of its own: relu's backward recorded under
// create_graph (ThresholdBackwardBackward0). Its derivative for g is itself again; for
// self it is zero, which torch still sends back along self's edge.
func thresholdBackward(g, self *Tensor, threshold int) *Tensor {
	r, n := record("ThresholdBackwardBackward0", func(*tensor.Small) *tensor.Array {
		return tensor.ThresholdBackward(g.data, self.data, float64(threshold))
	}, g, self)
	if n != nil {
		n.save(savedSelf, self, true)
		n.scalar, n.attrs = threshold, thresholdAttrs
		n.grads[0], n.grads[1] = thresholdGradGrad, zeroGrad
	}
	return r
}

func thresholdGradGrad(n *Node, gg *Tensor) *Tensor {
	return thresholdBackward(gg, n.unpack(savedSelf), n.scalar.(int))
}

var thresholdAttrs = []Attr{{"threshold", scalarOperand{}}}

// Sqrt's derivative is 1/(2 sqrt t).
func (t *Tensor) Sqrt() *Tensor {
	r, n := record("SqrtBackward0", func(*tensor.Small) *tensor.Array { return t.data.Sqrt() }, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.grads[0] = sqrtGrad
	}
	return r
}

func sqrtGrad(n *Node, g *Tensor) *Tensor { return g.Div(n.unpack(savedResult).mulScalar(2)) }

// Reciprocal is 1/t; its derivative is -1/t² = -result².
func (t *Tensor) Reciprocal() *Tensor {
	r, n := record("ReciprocalBackward0", func(*tensor.Small) *tensor.Array {
		if t.data.DType().IsFloat() {
			return tensor.OnesLike(t.data).Div(t.data)
		}
		return tensor.Ones().Div(t.data)
	}, t)
	if n != nil {
		n.save(savedResult, r, true)
		n.grads[0] = reciprocalGrad
	}
	return r
}

// reciprocalGrad is torch's -g·(result·result).
func reciprocalGrad(n *Node, g *Tensor) *Tensor {
	y := n.unpack(savedResult)
	return g.Neg().Mul(y.Mul(y))
}

// Clamp limits t to [min, max] (nil = unbounded); the gradient passes where t is inside.
// Its formula is a closure: it reads the bounds, which the node does not keep.
func (t *Tensor) Clamp(min, max any) *Tensor {
	r, n := record("ClampBackward1", func(*tensor.Small) *tensor.Array { return t.data.Clamp(min, max) }, t)
	if n == nil {
		return r
	}
	n.attr("max", pyScalarOrNone(max))
	n.attr("min", pyScalarOrNone(min))
	n.save(savedSelf, t, true)
	// torch's clamp_backward: where(min <= self <= max, g, 0)
	n.grads[0] = func(n *Node, g *Tensor) *Tensor {
		x := n.unpack(savedSelf).data
		inside := tensor.OnesLike(x).To(tensor.Bool)
		if min != nil {
			inside = inside.Mul(x.Ge(min))
		}
		if max != nil {
			inside = inside.Mul(x.Le(max))
		}
		return Where(wrap(inside), g, zeroOf(g))
	}
	return r
}

func pyScalarOrNone(v any) any {
	if v == nil {
		return nil
	}
	return pyScalar(v)
}

// Maximum is the elementwise max; ties split the gradient evenly, as torch does.
func (t *Tensor) Maximum(other *Tensor) *Tensor {
	r, n := record("MaximumBackward0", func(*tensor.Small) *tensor.Array { return t.data.Maximum(other.data) }, t, other)
	if n != nil {
		n.save(savedOther, other, true)
		n.save(savedSelf, t, true)
		n.grads[0], n.grads[1] = maximumSelfGrad, maximumOtherGrad
	}
	return r
}

// Minimum is the elementwise min.
func (t *Tensor) Minimum(other *Tensor) *Tensor {
	r, n := record("MinimumBackward0", func(*tensor.Small) *tensor.Array { return t.data.Minimum(other.data) }, t, other)
	if n != nil {
		n.save(savedOther, other, true)
		n.save(savedSelf, t, true)
		n.grads[0], n.grads[1] = minimumSelfGrad, minimumOtherGrad
	}
	return r
}

func maximumSelfGrad(n *Node, g *Tensor) *Tensor  { return minmaxGrad(n, g, true, (*tensor.Array).Gt) }
func maximumOtherGrad(n *Node, g *Tensor) *Tensor { return minmaxGrad(n, g, false, (*tensor.Array).Gt) }
func minimumSelfGrad(n *Node, g *Tensor) *Tensor  { return minmaxGrad(n, g, true, (*tensor.Array).Lt) }
func minimumOtherGrad(n *Node, g *Tensor) *Tensor { return minmaxGrad(n, g, false, (*tensor.Array).Lt) }

// minmaxGrad is torch's formula, where(a == b, g/2, g).masked_fill_(b wins, 0), for a
// self's (ofSelf) or other's value and b the other one.
func minmaxGrad(n *Node, g *Tensor, ofSelf bool, wins func(a *tensor.Array, b any) *tensor.Array) *Tensor {
	a, b := n.unpack(savedSelf).data, n.unpack(savedOther).data
	if !ofSelf {
		a, b = b, a
	}
	return Where(wrap(a.Eq(b)), g.Div(2), g).maskedFill(wins(b, a), 0)
}

// Atan2 is atan2(t, other) elementwise, the angle of the point (other, t) (torch.atan2,
// Atan2Backward0).
func (t *Tensor) Atan2(other *Tensor) *Tensor {
	r, n := record("Atan2Backward0", func(*tensor.Small) *tensor.Array { return t.data.Atan2(other.data) }, t, other)
	if n != nil {
		n.save(savedOther, other, true)
		n.save(savedSelf, t, true)
		n.grads[0], n.grads[1] = atan2SelfGrad, atan2OtherGrad
	}
	return r
}

// atan2SelfGrad and atan2OtherGrad are torch's atan2_backward: (g·other)·recip for
// self, (g·(-self))·recip for other, recip = 1/(self²+other²) computed first, as torch
// does: recorded under create_graph, the order the ops are made in is the order a
// second backward runs them in, and so the order it adds their gradients in.
func atan2SelfGrad(n *Node, g *Tensor) *Tensor {
	self, other := n.unpack(savedSelf), n.unpack(savedOther)
	recip := atan2Recip(self, other)
	return g.Mul(other).Mul(recip)
}

func atan2OtherGrad(n *Node, g *Tensor) *Tensor {
	self, other := n.unpack(savedSelf), n.unpack(savedOther)
	recip := atan2Recip(self, other)
	return g.Mul(self.Neg()).Mul(recip)
}

// atan2Recip is 1/(self²+other²).
func atan2Recip(self, other *Tensor) *Tensor {
	return self.Mul(self).Add(other.Mul(other)).Reciprocal()
}

// Where picks x where cond holds and y elsewhere (WhereBackward0).
func Where(cond, x, y any) *Tensor {
	c := asTensor(cond).data
	xt, yt := asTensor(x), asTensor(y)
	r, n := record("WhereBackward0", func(*tensor.Small) *tensor.Array { return tensor.Where(c, xt.data, yt.data) }, xt, yt)
	if n != nil {
		n.save(savedCondition, wrap(c), true)
		n.grads[0], n.grads[1] = whereXGrad, whereYGrad
	}
	return r
}

// whereXGrad and whereYGrad are torch's where(condition, g, 0) and where(condition, 0, g).
func whereXGrad(n *Node, g *Tensor) *Tensor {
	return Where(n.unpack(savedCondition), g, zeroOf(g))
}

func whereYGrad(n *Node, g *Tensor) *Tensor {
	return Where(n.unpack(savedCondition), zeroOf(g), g)
}

// zeroOf is a 0-d zero of g's dtype, torch's at::zeros({}, grad.options()).
func zeroOf(g *Tensor) *Tensor { return wrap(tensor.New(0.0).To(g.data.DType())) }

// maskedFill is t with value where mask is true (MaskedFillBackward0), torch's
// masked_fill, which formulas call.
func (t *Tensor) maskedFill(mask *tensor.Array, value float64) *Tensor {
	r, n := record("MaskedFillBackward0", func(*tensor.Small) *tensor.Array {
		return tensor.Where(mask, tensor.New(value).To(t.data.DType()), t.data)
	}, t)
	if n != nil {
		n.save(savedMask, wrap(mask), true)
		n.grads[0] = func(n *Node, g *Tensor) *Tensor { return g.maskedFill(n.unpack(savedMask).data, 0) }
	}
	return r
}

var savedMask = savedNameOf("mask")

// Comparisons give bool tensors outside the graph.

// Eq is t == other elementwise.
func (t *Tensor) Eq(other any) *Tensor { return wrap(t.data.Eq(unwrap(other))) }

// Ne is t != other.
func (t *Tensor) Ne(other any) *Tensor { return wrap(t.data.Ne(unwrap(other))) }

// Lt is t < other.
func (t *Tensor) Lt(other any) *Tensor { return wrap(t.data.Lt(unwrap(other))) }

// Le is t <= other.
func (t *Tensor) Le(other any) *Tensor { return wrap(t.data.Le(unwrap(other))) }

// Gt is t > other.
func (t *Tensor) Gt(other any) *Tensor { return wrap(t.data.Gt(unwrap(other))) }

// Ge is t >= other.
func (t *Tensor) Ge(other any) *Tensor { return wrap(t.data.Ge(unwrap(other))) }

// unwrap gives tensor ops an operand: the array of a tensor, scalars as they are.
func unwrap(v any) any {
	if t, ok := v.(*Tensor); ok {
		return t.data
	}
	return v
}
