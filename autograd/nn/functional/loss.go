package F

import (
	"fmt"
	"math"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// pointLoss records a pointwise loss of input and target reduced as r (its node saves
// self and target, and the attributes attrs). Its gradient for input is, in the order
// of torch's backward kernels, grad(x, t)·(factor·scale)·g, scale being the
// reduction's (1/numel for mean); the target's is its negative, which holds for every
// loss built on input - target.
func pointLoss(name string, input, target *Tensor, out *tensor.Array, r int, attrs [][2]any, factor float64, grad func(x, t *Tensor) *Tensor) *Tensor {
	res, op := autograd.NewOp(name, out, input, target)
	if op == nil {
		return res
	}
	for _, a := range attrs {
		op.Attr(a[0].(string), a[1])
	}
	op.Attr("reduction", r)
	op.Save("self", input, true)
	op.Save("target", target, true)
	scale := gradScale(out.Numel(), r)
	if r != reduceNone {
		scale = gradScale(broadcastNumel(input, target), r)
	}
	norm := factor * scale
	op.SetBackward(func(g *Tensor) []*Tensor {
		d := grad(op.Unpack("self"), op.Unpack("target"))
		if norm != 1 {
			d = d.Mul(norm)
		}
		d = d.Mul(g)
		out := make([]*Tensor, 2)
		if op.Needs(0) {
			out[0] = d
		}
		if op.Needs(1) {
			out[1] = d.Neg()
		}
		return out
	})
	return res
}

func broadcastNumel(a, b *Tensor) int {
	return autograd.Size(tensor.BroadcastShapes(a.Array().Shape(), b.Array().Shape())).Numel()
}

// MSELoss is F.mse_loss (MseLossBackward0): (input - target)² reduced; the gradient
// 2·(input - target).
func MSELoss(input, target *Tensor, opts ...Option) *Tensor {
	o := makeOptions(opts)
	r := reductionEnum(o.reduction)
	d := input.Array().Sub(target.Array())
	return pointLoss("MseLossBackward0", input, target, reduceArray(d.Mul(d), r), r, nil, 2,
		func(x, t *Tensor) *Tensor { return x.Sub(t) })
}

// L1Loss is F.l1_loss: |input - target| reduced, the composition torch records
// (SubBackward0, AbsBackward0, then MeanBackward0 or SumBackward0).
func L1Loss(input, target *Tensor, opts ...Option) *Tensor {
	o := makeOptions(opts)
	return reduce(input.Sub(target).Abs(), reductionEnum(o.reduction))
}

// SmoothL1Loss is F.smooth_l1_loss(beta=1) (SmoothL1LossBackward0): 0.5·d²/β where
// |d| < β, else |d| - 0.5β, d = input - target; with β = 0 it is l1_loss.
func SmoothL1Loss(input, target *Tensor, opts ...Option) *Tensor {
	o := makeOptions(opts)
	r := reductionEnum(o.reduction)
	if o.beta < 0 {
		runtimeErr("smooth_l1_loss does not support negative values for beta.")
	}
	if o.beta == 0 {
		return L1Loss(input, target, opts...)
	}
	b := o.beta
	d := input.Array().Sub(target.Array())
	out := d.MapFloat(func(v float64) float64 {
		z := math.Abs(v)
		if z < b {
			return 0.5 * z * z / b
		}
		return z - 0.5*b
	})
	return pointLoss("SmoothL1LossBackward0", input, target, reduceArray(out, r), r, [][2]any{{"beta", b}}, 1,
		func(x, t *Tensor) *Tensor {
			d := x.Sub(t)
			return autograd.Where(d.Abs().Lt(b), d.Div(b), d.Sign())
		})
}

// HuberLoss is F.huber_loss(delta=1) (HuberLossBackward0): 0.5·d² where |d| < δ,
// else δ·(|d| - 0.5δ).
func HuberLoss(input, target *Tensor, opts ...Option) *Tensor {
	o := makeOptions(opts)
	r := reductionEnum(o.reduction)
	dl := o.delta
	if dl <= 0 {
		runtimeErr("huber_loss does not support non-positive values for delta.")
	}
	d := input.Array().Sub(target.Array())
	out := d.MapFloat(func(v float64) float64 {
		z := math.Abs(v)
		if z < dl {
			return 0.5 * z * z
		}
		return dl * (z - 0.5*dl)
	})
	return pointLoss("HuberLossBackward0", input, target, reduceArray(out, r), r, [][2]any{{"delta", dl}}, 1,
		func(x, t *Tensor) *Tensor {
			d := x.Sub(t)
			return autograd.Where(d.Abs().Le(dl), d, d.Sign().Mul(dl))
		})
}

// NLLLoss is F.nll_loss (NllLossBackward0) over log-probabilities input (N, C) or
// (C) and class indices target (N) or (): -weight[t]·input[t] per sample, reduced
// (mean divides by the total weight of the samples not ignored).
func NLLLoss(input, target *Tensor, opts ...Option) *Tensor {
	o := makeOptions(opts)
	r := reductionEnum(o.reduction)
	if input.Dim() < 1 {
		valueErr("Expected 1 or more dimensions (got 0)")
	}
	shape := input.Array().Shape()
	if d := input.Dim(); d == 3 || d > 4 {
		// torch's nll_loss_nd: viewed as (N, C, 1, S) for nll_loss2d, and back for "none"
		n, c := shape[0], shape[1]
		out := NLLLoss(input.Contiguous().View(n, c, 1, -1), target.Contiguous().View(n, 1, -1), opts...)
		if r == reduceNone {
			return out.View(append([]int{n}, shape[2:]...)...)
		}
		return out
	}
	if input.Dim() >= 2 && (target.Dim() < 1 || target.Shape()[0] != shape[0]) {
		n := 0
		if target.Dim() > 0 {
			n = target.Shape()[0]
		}
		valueErr("Expected input batch_size (%d) to match target batch_size (%d).", shape[0], n)
	}
	if target.Array().DType() != tensor.Int64 {
		runtimeErr("expected scalar type Long but found %s", torchTypeName(target))
	}
	// the input as (N, C, S): samples, classes, and the positions of the trailing dims
	c, spots := shape[0], 1
	if input.Dim() >= 2 {
		c = shape[1]
		for _, v := range shape[2:] {
			spots *= v
		}
	}
	var w []float64
	if o.weight != nil {
		if o.weight.Numel() != c {
			runtimeErr("weight tensor should be defined either for all %d classes or no classes but got weight tensor of shape: %v", c, shapeList(o.weight.Shape()))
		}
		w = o.weight.Float64s()
	}
	ts := target.Array().Int64s()
	if len(ts)*c != input.Numel() {
		runtimeErr("nll_loss: target of shape %v does not match input of shape %v", shapeList(target.Shape()), shapeList(input.Shape()))
	}
	for _, t := range ts {
		if int(t) != o.ignoreIndex && (t < 0 || int(t) >= c) {
			panic(&tensor.Error{Kind: "IndexError", Msg: fmt.Sprintf("Target %d is out of bounds.", t)})
		}
	}
	dt := input.Array().DType()
	var out, totalW *tensor.Array
	switch {
	case spots == 1 && r != reduceNone:
		// torch's nll_loss_out_frame: its cascade of partial sums
		out, totalW = tensor.NLLReduce(input.Array(), ts, w, o.ignoreIndex, c, r == reduceMean)
	default:
		per, total := tensor.NLLPick(input.Array(), ts, w, o.ignoreIndex, c, spots)
		per = per.Reshape(target.Array().Shape()...)
		totalW = tensor.FromFloat64([]float64{total}).Reshape().To(dt)
		switch r {
		case reduceNone:
			out = per
		case reduceSum:
			out = per.Sum()
		default:
			out = per.Sum().Div(totalW)
		}
	}
	name := "NllLossBackward0"
	if input.Dim() == 4 {
		name = "NllLoss2DBackward0"
	}
	res, op := autograd.NewOp(name, out, input)
	if op == nil {
		return res
	}
	op.Attr("ignore_index", savedDim(o.ignoreIndex))
	op.Attr("reduction", r)
	op.Save("self", input, true)
	op.Save("target", target, true)
	op.Save("total_weight", autograd.FromArray(totalW), true)
	op.Save("weight", o.weight, true)
	op.SetBackward(func(g *Tensor) []*Tensor {
		op.Unpack("self")
		if !autograd.IsGradEnabled() {
			// not recorded: torch's nll_loss backward kernels, in the input's dtype
			return []*Tensor{autograd.FromArray(tensor.NLLGrad(shape, ts, w, o.ignoreIndex, c, spots,
				g.Array().To(dt), op.Unpack("total_weight").Item(), r == reduceMean))}
		}
		// the gradient of the per-target losses: -weight[t] at each target's place
		WT := autograd.FromArray(tensor.NLLWeights(dt, shape, ts, w, o.ignoreIndex, c, spots))
		switch {
		case r == reduceNone && input.Dim() >= 2:
			return []*Tensor{WT.Mul(g.Unsqueeze(1))}
		case r == reduceMean:
			return []*Tensor{WT.Mul(g).Div(op.Unpack("total_weight"))}
		}
		return []*Tensor{WT.Mul(g)}
	})
	return res
}

func shapeList(s autograd.Size) string {
	out := "["
	for i, v := range s {
		if i > 0 {
			out += ", "
		}
		out += itoa(v)
	}
	return out + "]"
}

// CrossEntropy is F.cross_entropy: log_softmax over the class dim (1, or 0 for an
// unbatched input) then nll_loss for class-index targets, or -Σ target·log_softmax for
// class probabilities (a float target of the input's shape), with label smoothing and
// class weights composed as torch composes them.
func CrossEntropy(input, target *Tensor, opts ...Option) *Tensor {
	o := makeOptions(opts)
	r := reductionEnum(o.reduction)
	if o.labelSmoothing < 0 || o.labelSmoothing > 1 {
		runtimeErr("label_smoothing must be between 0.0 and 1.0. Got: %v", o.labelSmoothing)
	}
	classDim := 1
	if input.Dim() == 1 {
		classDim = 0
	}
	c := input.Shape()[classDim]
	eps := o.labelSmoothing
	if target.Array().DType().IsFloat() && target.Dim() == input.Dim() {
		return crossEntropyProbs(input, target, o, r, classDim, c)
	}
	if input.Dim() == 2 && target.Dim() == 1 && target.Shape()[0] != input.Shape()[0] {
		valueErr("Expected input batch_size (%d) to match target batch_size (%d).", input.Shape()[0], target.Shape()[0])
	}
	if !target.Array().DType().IsFloat() || target.Dim() != input.Dim() {
		if target.Array().DType() != tensor.Int64 {
			runtimeErr("expected scalar type Long but found %s", torchTypeName(target))
		}
	}
	logp := LogSoftmax(input, classDim)
	nll := NLLLoss(logp, target, opts...)
	if eps == 0 {
		return nll
	}
	// the smoothing term: -Σ_c weight_c·logp_c per sample, zero where ignored
	wl := logp
	if o.weight != nil {
		wl = logp.Mul(classView(o.weight, input.Dim(), classDim))
	}
	smooth := wl.Sum(classDim).Neg()
	ts := target.Array().Int64s()
	keep := make([]float64, len(ts))
	var denom float64
	for i, t := range ts {
		if int(t) != o.ignoreIndex {
			keep[i] = 1
			if o.weight != nil {
				denom += o.weight.Float64s()[t]
			}
		}
	}
	smooth = smooth.Mul(autograd.FromArray(tensor.FromFloat64(keep).Reshape(smooth.Shape()...).To(input.Array().DType())))
	var ret *Tensor
	switch {
	case r == reduceSum:
		ret = smooth.Sum()
	case r == reduceNone:
		ret = smooth
	case o.weight != nil:
		ret = smooth.Sum().Div(denom)
	default:
		ret = smooth.Mean()
	}
	return nll.Mul(1 - eps).Add(ret.Mul(eps / float64(c)))
}

// classView is w shaped to broadcast along classDim of an input of ndim dims.
func classView(w *Tensor, ndim, classDim int) *Tensor {
	shape := make([]int, ndim)
	for i := range shape {
		shape[i] = 1
	}
	shape[classDim] = w.Numel()
	return w.View(shape...)
}

// crossEntropyProbs is cross_entropy with class probabilities as the target.
func crossEntropyProbs(input, target *Tensor, o options, r, classDim, c int) *Tensor {
	if !input.Array().SameShape(target.Array()) {
		runtimeErr("Expected input and target to have the same shape, got %v and %v", input.Shape(), target.Shape())
	}
	logp := LogSoftmax(input, classDim)
	t := target
	if o.labelSmoothing > 0 {
		t = target.Mul(1 - o.labelSmoothing).Add(o.labelSmoothing / float64(c))
	}
	prod := logp.Mul(t)
	if o.weight != nil {
		prod = prod.Mul(classView(o.weight, input.Dim(), classDim))
	}
	switch r {
	case 0:
		return prod.Sum(classDim).Neg()
	case 2:
		return prod.Sum().Neg()
	}
	return divScalar(prod.Sum().Neg(), input.Numel()/c)
}

// divScalar is C++'s tensor / int64 (DivBackward1, the divisor an attribute).
func divScalar(x *Tensor, n int) *Tensor {
	r, op := autograd.NewOp("DivBackward1", x.Array().Div(float64(n)), x)
	if op != nil {
		op.Attr("other", n)
		op.SetBackward(func(g *Tensor) []*Tensor { return []*Tensor{g.Div(n)} })
	}
	return r
}

// BinaryCrossEntropy is F.binary_cross_entropy (BinaryCrossEntropyBackward0) of
// probabilities input and target of the same shape: -w·(t·log p + (1-t)·log(1-p)),
// each log clamped at -100 as torch's.
func BinaryCrossEntropy(input, target *Tensor, opts ...Option) *Tensor {
	o := makeOptions(opts)
	r := reductionEnum(o.reduction)
	if !input.Array().SameShape(target.Array()) {
		valueErr("Using a target size (%v) that is different to the input size (%v) is deprecated. Please ensure they have the same size.", target.Shape(), input.Shape())
	}
	p, t := input.Float64s(), target.Float64s()
	l := make([]float64, len(p))
	for i := range p {
		if p[i] < 0 || p[i] > 1 {
			runtimeErr("all elements of input should be between 0 and 1")
		}
		l[i] = -(t[i]*math.Max(math.Log(p[i]), -100) + (1-t[i])*math.Max(math.Log1p(-p[i]), -100))
	}
	out := tensor.FromFloat64(l, input.Array().Shape()...).To(input.Array().DType())
	if o.weight != nil {
		out = out.Mul(o.weight.Array())
	}
	return bceOp("BinaryCrossEntropyBackward0", reduceArray(out, r), input, target, o, r, false,
		func(gw, x, t *Tensor) *Tensor {
			return gw.Mul(x.Sub(t)).Div(autograd.Sub(1, x).Mul(x).Clamp(1e-12, math.Inf(1)))
		},
		func(gw, x, t *Tensor) *Tensor { return gw.Mul(autograd.Sub(1, x).Log().Sub(x.Log())) })
}

// bceOp records a binary cross entropy node (saving pos_weight when withPos, then
// reduction, self, target and weight, as torch's) whose input and target gradients
// are dx and dt of the output's gradient g, then times the weight, then over numel
// for a mean, in torch's order.
func bceOp(name string, out *tensor.Array, input, target *Tensor, o options, r int, withPos bool, dx, dt func(gw, x, t *Tensor) *Tensor) *Tensor {
	res, op := autograd.NewOp(name, out, input, target)
	if op == nil {
		return res
	}
	if withPos {
		op.Save("pos_weight", o.posWeight, true)
	}
	op.Attr("reduction", r)
	op.Save("self", input, true)
	op.Save("target", target, true)
	op.Save("weight", o.weight, true)
	op.SetBackward(func(g *Tensor) []*Tensor {
		x, t := op.Unpack("self"), op.Unpack("target")
		// torch's backward formulas: the elementwise gradient times g, then times the
		// weight, then over numel for a mean
		finish := func(d *Tensor) *Tensor {
			if o.weight != nil {
				d = d.Mul(o.weight)
			}
			if r == reduceMean {
				d = d.Div(input.Numel())
			}
			return d
		}
		out := make([]*Tensor, 2)
		if op.Needs(0) {
			out[0] = finish(dx(g, x, t))
		}
		if op.Needs(1) {
			out[1] = finish(dt(g, x, t))
		}
		return out
	})
	return res
}

// BinaryCrossEntropyWithLogits is F.binary_cross_entropy_with_logits
// (BinaryCrossEntropyWithLogitsBackward0): binary cross entropy of σ(input), computed
// stably as (1-t)·x + lw·(log(1 + e^-x)), lw = 1 + (pos_weight - 1)·t.
func BinaryCrossEntropyWithLogits(input, target *Tensor, opts ...Option) *Tensor {
	o := makeOptions(opts)
	r := reductionEnum(o.reduction)
	if !input.Array().SameShape(target.Array()) {
		valueErr("Target size (%v) must be the same as input size (%v)", target.Shape(), input.Shape())
	}
	x, t := input.Array(), target.Array()
	// torch's steps: m = max(-x, 0), log(1 + e^-x) = m + log(e^-m + e^(-x-m)), each an
	// op of the input's dtype, summed in its order
	m := x.Neg().Clamp(0, nil)
	lse := m.Neg().Exp().Add(x.Neg().Sub(m).Exp()).Log()
	var loss *tensor.Array
	if o.posWeight != nil {
		lw := o.posWeight.Array().Sub(1).Mul(t).Add(1)
		loss = tensor.OnesLike(t).Sub(t).Mul(x).Add(lw.Mul(lse.Add(m)))
	} else {
		loss = tensor.OnesLike(t).Sub(t).Mul(x).Add(m).Add(lse)
	}
	if o.weight != nil {
		loss = loss.Mul(o.weight.Array())
	}
	pw := o.posWeight
	return bceOp("BinaryCrossEntropyWithLogitsBackward0", reduceArray(loss, r), input, target, o, r, true,
		func(gw, x, t *Tensor) *Tensor {
			if pw != nil {
				pt := pw.Mul(t)
				return pt.Add(1).Sub(t).Mul(x.Sigmoid()).Sub(pt).Mul(gw)
			}
			return x.Sigmoid().Sub(t).Mul(gw)
		},
		func(gw, x, t *Tensor) *Tensor {
			if pw != nil {
				s := x.Sigmoid()
				return autograd.Sub(1, s).Log().Sub(pw.Mul(s.Log())).Mul(gw)
			}
			return x.Neg().Mul(gw)
		})
}
