package optim

import "github.com/gograd/gograd/autograd"

// Adagrad scales each coordinate's step by the root of the sum of its squared
// gradients so far (torch.optim.Adagrad), with optional learning-rate decay and weight
// decay.
type Adagrad struct {
	base
	state map[*autograd.Tensor]*adagradState
}

// adagradState is one parameter's step count and sum of squares ([]float32 or
// []float64).
type adagradState struct {
	step int
	sum  any
}

var adagradRule = &rule{
	name:     "Adagrad",
	keywords: []string{"eps", "initial_accumulator_value", "lr", "lr_decay", "maximize", "weight_decay"},
	fixed:    map[string]string{"foreach": "None"},
}

// NewAdagrad makes an Adagrad optimizer over params (a []*autograd.Tensor, a module,
// or []*Group). Defaults are PyTorch's: lr 1e-2, no lr decay, no weight decay, sums
// starting at 0, eps 1e-10. Options: LR, LRDecay, WeightDecay, InitialAccumulatorValue,
// Eps, Maximize.
func NewAdagrad(params any, opts ...Option) *Adagrad {
	b := newBase(adagradRule, Group{LR: 1e-2, Eps: 1e-10}, params, opts, func(h *Group) {
		invalid(h.LR >= 0, "learning rate", h.LR)
		invalid(h.LRDecay >= 0, "lr_decay value", h.LRDecay)
		invalid(h.WeightDecay >= 0, "weight_decay value", h.WeightDecay)
		invalid(h.InitialAccumulatorValue >= 0, "initial_accumulator_value value", h.InitialAccumulatorValue)
		invalid(h.Eps >= 0, "epsilon value", h.Eps)
	})
	o := &Adagrad{base: b, state: map[*autograd.Tensor]*adagradState{}}
	// PyTorch 1.13 fills the sums when the optimizer is made, from the constructor's
	// initial_accumulator_value: a group's own value is ignored (the golden pins this).
	v := o.defaults.InitialAccumulatorValue
	for _, g := range o.groups {
		for _, p := range g.Params {
			st := &adagradState{}
			byDType(p, func() { st.sum = filled[float32](p.Numel(), v) },
				func() { st.sum = filled[float64](p.Numel(), v) })
			o.state[p] = st
		}
	}
	return o
}

func filled[T float](n int, v float64) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(v)
	}
	return s
}

// Step applies one update to every parameter that has a gradient.
func (o *Adagrad) Step() {
	o.eachParam(func(g *Group, p *autograd.Tensor) {
		st := stateOf(o.state, p) // new for a group added after the optimizer was made
		byDType(p, func() { adagradStep[float32](g, p, st) }, func() { adagradStep[float64](g, p, st) })
	})
}

// adagradStep is _single_tensor_adagrad of PyTorch 1.13 for one dense parameter:
//
//	grad = grad + weight_decay * param         (add, fused)
//	clr = lr / (1 + (step-1)*lr_decay)         (Python floats)
//	sum = sum + grad*grad                      (addcmul_, fused)
//	param = param + (-clr*grad) / (sqrt(sum) + eps)   (addcdiv_)
func adagradStep[T float](h *Group, p *autograd.Tensor, st *adagradState) {
	s := readSlot[T](p)
	if st.sum == nil {
		st.sum = filled[T](len(s.p), h.InitialAccumulatorValue)
	}
	st.step++
	g := s.decayedGrad(h.Maximize, h.WeightDecay, false)
	clr := h.LR / (1 + float64(st.step-1)*h.LRDecay)
	sum, eps, step := st.sum.([]T), T(h.Eps), T(-clr)
	for i := range g {
		sum[i] = fma(g[i], g[i], sum[i])
		s.p[i] += T(step*g[i]) / (sqrt(sum[i]) + eps)
	}
	s.done(p)
}
