package optim

import "github.com/gograd/gograd/autograd"

// RMSprop divides the gradient by a running root mean square of its recent values
// (torch.optim.RMSprop), with optional momentum, centring and weight decay.
type RMSprop struct {
	base
	state map[*autograd.Tensor]*rmsState
}

// rmsState holds the running averages of one parameter, []float32 or []float64.
type rmsState struct{ squareAvg, gradAvg, buf any }

var rmspropRule = &rule{
	name:     "RMSprop",
	keywords: []string{"alpha", "centered", "eps", "lr", "maximize", "momentum", "weight_decay"},
	fixed:    map[string]string{"differentiable": "False", "foreach": "None"},
}

// NewRMSprop makes an RMSprop optimizer over params (a []*autograd.Tensor, a module,
// or []*Group). Defaults are PyTorch's: lr 1e-2, alpha 0.99, eps 1e-8, no momentum, no
// weight decay, not centred. Options: LR, Alpha, Eps, WeightDecay, Momentum, Centered,
// Maximize.
func NewRMSprop(params any, opts ...Option) *RMSprop {
	b := newBase(rmspropRule, Group{LR: 1e-2, Alpha: 0.99, Eps: 1e-8}, params, opts, func(h *Group) {
		invalid(h.LR >= 0, "learning rate", h.LR)
		invalid(h.Eps >= 0, "epsilon value", h.Eps)
		invalid(h.Momentum >= 0, "momentum value", h.Momentum)
		invalid(h.WeightDecay >= 0, "weight_decay value", h.WeightDecay)
		invalid(h.Alpha >= 0, "alpha value", h.Alpha)
	})
	return &RMSprop{base: b, state: map[*autograd.Tensor]*rmsState{}}
}

// Step applies one update to every parameter that has a gradient.
func (o *RMSprop) Step() {
	o.eachParam(func(g *Group, p *autograd.Tensor) {
		st := stateOf(o.state, p)
		byDType(p, func() { rmspropStep[float32](g, p, st) }, func() { rmspropStep[float64](g, p, st) })
	})
}

// rmspropStep is _single_tensor_rmsprop of PyTorch 1.13 for one parameter:
//
//	grad = grad + weight_decay * param              (add, fused)
//	sq = alpha*sq;  sq = sq + ((1-alpha)*grad)*grad  (mul_, addcmul_ fused)
//	centred: ga = alpha*ga + (1-alpha)*grad;  avg = sqrt(sq - ga*ga)  (fused)
//	otherwise avg = sqrt(sq);  then avg = avg + eps
//	momentum: buf = momentum*buf + grad/avg;  param = param - lr*buf (fused)
//	otherwise param = param + (-lr*grad)/avg       (addcdiv_)
func rmspropStep[T float](h *Group, p *autograd.Tensor, st *rmsState) {
	s := readSlot[T](p)
	n := len(s.p)
	g := s.decayedGrad(h.Maximize, h.WeightDecay, false)
	if st.squareAvg == nil {
		st.squareAvg = make([]T, n)
	}
	if h.Centered && st.gradAvg == nil {
		st.gradAvg = make([]T, n)
	}
	if h.Momentum > 0 && st.buf == nil {
		st.buf = make([]T, n)
	}
	sq := st.squareAvg.([]T)
	alpha, keep := T(h.Alpha), T(1-h.Alpha)
	for i := range g {
		sq[i] = fma(T(keep*g[i]), g[i], T(alpha*sq[i]))
	}
	avg := make([]T, n)
	if h.Centered {
		ga := st.gradAvg.([]T)
		for i := range g {
			ga[i] = fma(keep, g[i], T(alpha*ga[i]))
			avg[i] = sqrt(fma(-ga[i], ga[i], sq[i]))
		}
	} else {
		for i := range sq {
			avg[i] = sqrt(sq[i])
		}
	}
	eps := T(h.Eps)
	for i := range avg {
		avg[i] += eps
	}
	if h.Momentum > 0 {
		buf, mom, step := st.buf.([]T), T(h.Momentum), T(-h.LR)
		for i := range buf {
			buf[i] = T(mom*buf[i]) + g[i]/avg[i]
			s.p[i] = fma(step, buf[i], s.p[i])
		}
	} else {
		step := T(-h.LR)
		for i := range s.p {
			s.p[i] += T(step*g[i]) / avg[i]
		}
	}
	s.done(p)
}
