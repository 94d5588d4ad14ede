package autograd

import (
	"fmt"

	"github.com/gograd/gograd/tensor"
)

// The op table, part 1: elementwise ops. Each op is declared once: its torch grad_fn
// name, its forward on tensor.Array, what it saves (the names torchviz shows), and one
// gradient formula per input written with autograd ops, so that the backward pass is
// itself differentiable (create_graph, higher derivatives). Broadcasting needs nothing
// here: the engine sums every input gradient back to the input's shape and dtype.
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
	r, n, out := arith("AddBackward0", (*tensor.Small).Add, t, o, s)
	if n == nil {
		return r
	}
	n.attrs = alphaOne
	n.grads[0], n.grads[1] = passGrad, passGrad // [1] never runs for a number: no edge
	return n.output(out)
}

// arith computes t op other for the four arithmetic ops, fwd being op's tensor.Small
// method. Without recording it returns the result r, in one allocation with its array
// when small. Otherwise r is nil and n is the op's node, begun (see begin), with out
// its forward result, placed in the node's room when small.
func arith(name string, fwd func(*tensor.Small, *tensor.Array, any) *tensor.Array, t, o *Tensor, s any) (r *Tensor, n *Node, out *tensor.Array) {
	if !recording(t, o) {
		return roomy(func(room *tensor.Small) *tensor.Array { return fwd(room, t.data, operand(o, s)) }), nil, nil
	}
	small := t.Numel() <= smallOutput && (o == nil || o.Numel() <= smallOutput)
	n = begin(name, small, t, o)
	out = fwd(n.room(), t.data, operand(o, s))
	n.fit(out, t, o)
	return nil, n, out
}

// passGrad is the formula of an input that receives the output's gradient unchanged.
func passGrad(_ *Node, g *Tensor) *Tensor { return g }

// Sub is t - other (SubBackward0).
func (t *Tensor) Sub(other any) *Tensor {
	o, s := split(other)
	r, n, out := arith("SubBackward0", (*tensor.Small).Sub, t, o, s)
	if n == nil {
		return r
	}
	n.attrs = alphaOne
	n.grads[0] = passGrad
	n.grads[1] = func(_ *Node, g *Tensor) *Tensor { return g.Neg() } // never runs for a number
	return n.output(out)
}

// rsub is s - t for a scalar s (RsubBackward1).
func (t *Tensor) rsub(s any) *Tensor {
	out := t.data.Neg().Add(s)
	if t.data.DType() == tensor.Int64 || t.data.DType() == tensor.Bool {
		out = tensor.New(s).Sub(t.data)
	}
	n := newNode("RsubBackward1", out, t)
	if n == nil {
		return wrap(out)
	}
	n.attrs = alphaOne
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Neg() }
	return n.output(out)
}

// Mul is t * other (MulBackward0): d/dself = g*other, d/dother = g*self.
func (t *Tensor) Mul(other any) *Tensor {
	o, s := split(other)
	r, n, out := arith("MulBackward0", (*tensor.Small).Mul, t, o, s)
	if n == nil {
		return r
	}
	if o == nil {
		n.save(savedOther, wrapped(s, out), true)
		n.save(savedSelf, t, false)
		n.scalar = s
		n.grads[0] = func(n *Node, g *Tensor) *Tensor { return g.Mul(n.scalar) }
		return n.output(out)
	}
	n.save(savedOther, o, n.needs(0))
	n.save(savedSelf, t, n.needs(1))
	n.grads[0] = func(n *Node, g *Tensor) *Tensor { return g.Mul(n.savedT(0)) }
	n.grads[1] = func(n *Node, g *Tensor) *Tensor { return g.Mul(n.savedT(1)) }
	return n.output(out)
}

// Div is t / other (DivBackward0): d/dself = g/other, d/dother = -g*self/other².
func (t *Tensor) Div(other any) *Tensor {
	o, s := split(other)
	r, n, out := arith("DivBackward0", (*tensor.Small).Div, t, o, s)
	if n == nil {
		return r
	}
	if o == nil {
		n.save(savedOther, wrapped(s, out), true)
		n.save(savedSelf, t, false)
		n.scalar = s
		n.grads[0] = func(n *Node, g *Tensor) *Tensor { return g.Div(n.scalar) }
		return n.output(out)
	}
	n.save(savedOther, o, true)
	n.save(savedSelf, t, n.needs(1))
	n.grads[0] = func(n *Node, g *Tensor) *Tensor { return g.Div(n.savedT(0)) }
	n.grads[1] = func(n *Node, g *Tensor) *Tensor {
		y := n.savedT(0)
		return g.Neg().Mul(n.savedT(1)).Div(y.Mul(y))
	}
	return n.output(out)
}

// Pow is t ** exponent: PowBackward0 for a scalar exponent, PowBackward1 for a tensor.
func (t *Tensor) Pow(exponent any) *Tensor {
	o, s := split(exponent)
	if o == nil {
		out := t.data.Pow(s)
		n := newNode("PowBackward0", out, t)
		if n == nil {
			return wrap(out)
		}
		n.attrs = powAttrs
		n.save(savedSelf, t, true)
		n.scalar = s
		n.grads[0] = func(n *Node, g *Tensor) *Tensor {
			s := n.scalar
			if scalarFloat(s) == 0 {
				return wrap(tensor.ZerosLike(g.data))
			}
			x := n.savedT(0)
			if e := minusOne(s); scalarFloat(e) != 1 {
				x = x.Pow(e)
			} // x**1 is x exactly: skip the op (the hot x**2 case)
			return g.Mul(x.Mul(s))
		}
		return n.output(out)
	}
	return powTensor(t, o, t.data.Pow(o.data))
}

var powAttrs = []Attr{{"exponent", scalarOperand{}}}

// powTensor is self ** exponent with both tensors (PowBackward1); 2 ** x lands here with
// self a constant 0-d tensor, as in torch.
func powTensor(self, exp *Tensor, out *tensor.Array) *Tensor {
	n := newNode("PowBackward1", out, self, exp)
	if n == nil {
		return wrap(out)
	}
	r := n.output(out)
	sExp := n.save(savedExponent, exp, true)
	sRes := n.save(savedResult, r, n.needs(1))
	sSelf := n.save(savedSelf, self, true)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor {
		e := sExp.get()
		return g.Mul(e.Mul(sSelf.get().Pow(e.Sub(1))))
	}
	n.grads[1] = func(_ *Node, g *Tensor) *Tensor {
		x := sSelf.get()
		// torch masks the 0*log(0) = nan case: where self == 0 and exponent >= 0 the
		// gradient is 0. The log stays an autograd op so second derivatives see it.
		zero := x.data.Eq(0)
		mask := wrap(zero.Mul(sExp.get().data.Ge(0)).Eq(false).To(g.data.DType()))
		safe := Where(wrap(zero), wrap(tensor.OnesLike(x.data)), x)
		return g.Mul(sRes.get().Mul(safe.Log())).Mul(mask)
	}
	return r
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

// unary records a one-input op whose formula may use the saved input (saves savedSelf) or the
// saved output (savedResult) as n.savedT(0); saves 0 saves nothing.
func unary(name string, t *Tensor, out *tensor.Array, saves savedName, f gradFormula) *Tensor {
	return unaryTail(newNode(name, out, t), t, out, saves, f)
}

// unaryIn is unary for an op with a tensor.Small method fwd: a small result shares an
// allocation with its tensor, or with its node when recorded.
func unaryIn(name string, t *Tensor, fwd func(*tensor.Small, *tensor.Array) *tensor.Array, saves savedName, f gradFormula) *Tensor {
	if !recording(t) {
		return roomy(func(room *tensor.Small) *tensor.Array { return fwd(room, t.data) })
	}
	n := begin(name, t.Numel() <= smallOutput, t)
	out := fwd(n.room(), t.data)
	n.fit(out, t)
	return unaryTail(n, t, out, saves, f)
}

// unaryTail finishes a unary op once its node (nil: not recorded) and result exist.
func unaryTail(n *Node, t *Tensor, out *tensor.Array, saves savedName, f gradFormula) *Tensor {
	if n == nil {
		return wrap(out)
	}
	r := n.output(out)
	switch saves {
	case savedSelf:
		n.save(savedSelf, t, true)
	case savedResult:
		n.saveResult(savedResult, r)
	}
	n.grads[0] = f
	return r
}

// Neg is -t.
func (t *Tensor) Neg() *Tensor {
	return unaryIn("NegBackward0", t, (*tensor.Small).Neg, 0, func(_ *Node, g *Tensor) *Tensor { return g.Neg() })
}

// Abs is |t|; its derivative is sign(t).
func (t *Tensor) Abs() *Tensor {
	return unary("AbsBackward0", t, t.data.Abs(), savedSelf, func(n *Node, g *Tensor) *Tensor { return g.Mul(n.savedT(0).Sign()) })
}

// Sign is -1, 0 or 1; its derivative is 0.
func (t *Tensor) Sign() *Tensor {
	return unary("SignBackward0", t, t.data.Sign(), 0, func(_ *Node, g *Tensor) *Tensor { return wrap(tensor.ZerosLike(g.data)) })
}

// Exp is e**t; its derivative is the result itself.
func (t *Tensor) Exp() *Tensor {
	return unary("ExpBackward0", t, t.data.Exp(), savedResult, func(n *Node, g *Tensor) *Tensor { return g.Mul(n.savedT(0)) })
}

// Log is the natural logarithm; its derivative is 1/t.
func (t *Tensor) Log() *Tensor {
	return unary("LogBackward0", t, t.data.Log(), savedSelf, func(n *Node, g *Tensor) *Tensor { return g.Div(n.savedT(0)) })
}

// Sin's derivative is cos.
func (t *Tensor) Sin() *Tensor {
	return unary("SinBackward0", t, t.data.Sin(), savedSelf, func(n *Node, g *Tensor) *Tensor { return g.Mul(n.savedT(0).Cos()) })
}

// Cos's derivative is -sin.
func (t *Tensor) Cos() *Tensor {
	return unary("CosBackward0", t, t.data.Cos(), savedSelf, func(n *Node, g *Tensor) *Tensor { return g.Mul(n.savedT(0).Sin().Neg()) })
}

// Tan's derivative is 1 + tan².
func (t *Tensor) Tan() *Tensor {
	return unary("TanBackward0", t, t.data.Tan(), savedResult, func(n *Node, g *Tensor) *Tensor {
		y := n.savedT(0)
		return g.Mul(y.Mul(y).Add(1))
	})
}

// Tanh's derivative is 1 - tanh².
func (t *Tensor) Tanh() *Tensor {
	return unary("TanhBackward0", t, t.data.Tanh(), savedResult, func(n *Node, g *Tensor) *Tensor {
		y := n.savedT(0)
		return g.Mul(y.Mul(y).rsub(1))
	})
}

// Sigmoid's derivative is σ(1-σ).
func (t *Tensor) Sigmoid() *Tensor {
	return unary("SigmoidBackward0", t, t.data.Sigmoid(), savedResult, func(n *Node, g *Tensor) *Tensor {
		y := n.savedT(0)
		return g.Mul(y.rsub(1).Mul(y))
	})
}

// Relu is max(t, 0). Its backward is torch's threshold_backward(g, result, 0): g where
// the result is above 0 (or NaN), 0 elsewhere; one fused array op when the backward is
// not being recorded, a product with that constant mask when it is.
func (t *Tensor) Relu() *Tensor {
	return unaryIn("ReluBackward0", t, (*tensor.Small).Relu, savedResult, func(n *Node, g *Tensor) *Tensor {
		y := n.savedT(0).data
		if !gradEnabled {
			return roomy(func(r *tensor.Small) *tensor.Array { return r.ThresholdBackward(g.data, y, 0) })
		}
		return thresholdBackward(g, n.savedT(0), 0)
	})
}

// thresholdBackward is torch's threshold_backward(grad, self, threshold), g where self
// > threshold and 0 elsewhere, as an op of its own: relu's backward recorded under
// create_graph (ThresholdBackwardBackward0). Its derivative for g is itself again; for
// self it is zero, which torch still sends back along self's edge.
func thresholdBackward(g, self *Tensor, threshold int) *Tensor {
	out := tensor.ThresholdBackward(g.data, self.data, float64(threshold))
	n := newNode("ThresholdBackwardBackward0", out, g, self)
	if n == nil {
		return wrap(out)
	}
	n.save(savedSelf, self, true)
	n.scalar, n.attrs = threshold, thresholdAttrs
	n.grads[0] = func(n *Node, gg *Tensor) *Tensor { return thresholdBackward(gg, n.savedT(0), n.scalar.(int)) }
	n.grads[1] = func(_ *Node, gg *Tensor) *Tensor { return wrap(tensor.ZerosLike(gg.data)) }
	return n.output(out)
}

var thresholdAttrs = []Attr{{"threshold", scalarOperand{}}}

// Sqrt's derivative is 1/(2 sqrt t).
func (t *Tensor) Sqrt() *Tensor {
	return unary("SqrtBackward0", t, t.data.Sqrt(), savedResult, func(n *Node, g *Tensor) *Tensor { return g.Div(n.savedT(0).Mul(2)) })
}

// Reciprocal is 1/t; its derivative is -1/t² = -result².
func (t *Tensor) Reciprocal() *Tensor {
	var out *tensor.Array
	if t.data.DType().IsFloat() {
		out = tensor.OnesLike(t.data).Div(t.data)
	} else {
		out = tensor.Ones().Div(t.data)
	}
	return unary("ReciprocalBackward0", t, out, savedResult, func(n *Node, g *Tensor) *Tensor {
		y := n.savedT(0)
		return g.Mul(y.Mul(y).Neg())
	})
}

// Clamp limits t to [min, max] (nil = unbounded); the gradient passes where t is inside.
func (t *Tensor) Clamp(min, max any) *Tensor {
	out := t.data.Clamp(min, max)
	n := newNode("ClampBackward1", out, t)
	if n == nil {
		return wrap(out)
	}
	n.attr("max", pyScalarOrNone(max))
	n.attr("min", pyScalarOrNone(min))
	self := n.save(savedSelf, t, true)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor {
		x := self.get().data
		inside := tensor.OnesLike(x).To(tensor.Bool)
		if min != nil {
			inside = inside.Mul(x.Ge(min))
		}
		if max != nil {
			inside = inside.Mul(x.Le(max))
		}
		return g.Mul(wrap(inside.To(g.data.DType())))
	}
	return n.output(out)
}

func pyScalarOrNone(v any) any {
	if v == nil {
		return nil
	}
	return pyScalar(v)
}

// Maximum is the elementwise max; ties split the gradient evenly, as torch does.
func (t *Tensor) Maximum(other *Tensor) *Tensor {
	return minmax("MaximumBackward0", t, other, t.data.Maximum(other.data), func(a, b *tensor.Array) *tensor.Array { return a.Gt(b) })
}

// Minimum is the elementwise min.
func (t *Tensor) Minimum(other *Tensor) *Tensor {
	return minmax("MinimumBackward0", t, other, t.data.Minimum(other.data), func(a, b *tensor.Array) *tensor.Array { return a.Lt(b) })
}

func minmax(name string, t, o *Tensor, out *tensor.Array, wins func(a, b *tensor.Array) *tensor.Array) *Tensor {
	n := newNode(name, out, t, o)
	if n == nil {
		return wrap(out)
	}
	sOther := n.save(savedOther, o, true)
	sSelf := n.save(savedSelf, t, true)
	weight := func(first bool, dt tensor.DType) *Tensor {
		a, b := sSelf.get().data, sOther.get().data
		if !first {
			a, b = b, a
		}
		w := wins(a, b).To(dt).Add(a.Eq(b).To(dt).Mul(0.5))
		return wrap(w)
	}
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Mul(weight(true, g.data.DType())) }
	n.grads[1] = func(_ *Node, g *Tensor) *Tensor { return g.Mul(weight(false, g.data.DType())) }
	return n.output(out)
}

// Where picks x where cond holds and y elsewhere (WhereBackward0).
func Where(cond, x, y any) *Tensor {
	c := asTensor(cond).data
	xt, ys := asTensor(x), asTensor(y)
	out := tensor.Where(c, xt.data, ys.data)
	n := newNode("WhereBackward0", out, xt, ys)
	if n == nil {
		return wrap(out)
	}
	n.save(savedCondition, wrap(c), true)
	n.grads[0] = func(_ *Node, g *Tensor) *Tensor { return g.Mul(wrap(c.To(g.data.DType()))) }
	n.grads[1] = func(_ *Node, g *Tensor) *Tensor { return g.Mul(wrap(c.Eq(false).To(g.data.DType()))) }
	return n.output(out)
}

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
