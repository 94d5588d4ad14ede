package optim

import (
	"github.com/gograd/gograd/autograd"
)

// SGD is stochastic gradient descent with optional momentum, dampening, Nesterov
// momentum and weight decay (torch.optim.SGD).
type SGD struct {
	base
	buf map[*autograd.Tensor]any // momentum buffers, []float32 or []float64
}

var sgdRule = &rule{
	name:     "SGD",
	keywords: []string{"dampening", "lr", "maximize", "momentum", "nesterov", "weight_decay"},
	fixed:    map[string]string{"differentiable": "False", "foreach": "None"},
}

// NewSGD makes an SGD optimizer over params (a []*autograd.Tensor, a module, or
// []*Group). LR is required, as in PyTorch; the other options are Momentum, Dampening,
// WeightDecay, Nesterov and Maximize, all 0 or false by default.
//
//	opt := optim.NewSGD(model.Parameters(), optim.LR(0.01), optim.Momentum(0.9))
func NewSGD(params any, opts ...Option) *SGD {
	b := newBase(sgdRule, Group{}, params, opts, func(h *Group) {
		if h.given["lr"] {
			invalid(h.LR >= 0, "learning rate", h.LR)
		}
		invalid(h.Momentum >= 0, "momentum value", h.Momentum)
		invalid(h.WeightDecay >= 0, "weight_decay value", h.WeightDecay)
		if h.Nesterov && (h.Momentum <= 0 || h.Dampening != 0) {
			panic(valueError("Nesterov momentum requires a momentum and zero dampening"))
		}
	})
	return &SGD{base: b, buf: map[*autograd.Tensor]any{}}
}

// Step applies one update to every parameter that has a gradient.
func (o *SGD) Step() {
	o.eachParam(func(g *Group, p *autograd.Tensor) {
		byDType(p, func() { sgdStep[float32](o, g, p) }, func() { sgdStep[float64](o, g, p) })
	})
}

// sgdStep is _single_tensor_sgd of PyTorch 1.13 for one parameter:
//
//	d_p = grad (+ weight_decay * param)
//	buf = d_p on the first step, else momentum * buf + (1 - dampening) * d_p
//	d_p = d_p + momentum * buf (Nesterov) or buf
//	param = param - lr * d_p
//
// Each "x + a*y" is PyTorch's add_(y, alpha=a), a fused multiply-add on the CPU.
func sgdStep[T float](o *SGD, g *Group, p *autograd.Tensor) {
	s := readSlot[T](p)
	d := s.decayedGrad(g.Maximize, g.WeightDecay, g.Momentum != 0 && g.Nesterov)
	if g.Momentum != 0 {
		mom, keep := T(g.Momentum), T(1-g.Dampening)
		b, ok := o.buf[p].([]T)
		if !ok {
			b = append([]T(nil), d...) // torch.clone(d_p).detach()
			o.buf[p] = b
		} else {
			axpby(b, d, keep, mom)
		}
		if g.Nesterov {
			axpby(d, b, mom, 1)
		} else {
			d = b
		}
	}
	axpby(s.p, d, T(-g.LR), 1)
	s.done(p)
}
