package optim

import (
	"math"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor/fused"
)

// Adam is the Adam optimizer (torch.optim.Adam) with optional L2 weight decay and the
// AMSGrad variant.
type Adam struct {
	base
	decoupled bool // AdamW: weight decay shrinks the parameter, not the gradient
	state     map[*autograd.Tensor]*adamState
}

// AdamW is Adam with decoupled weight decay (torch.optim.AdamW): each step first
// shrinks the parameter by lr*weight_decay, and the gradient stays as it is.
type AdamW struct{ Adam }

// adamState is PyTorch's per-parameter state: the step count and the running averages,
// kept as []float32 or []float64 like the parameter.
type adamState struct {
	step       int
	m, v, vmax any
}

var (
	adamRule = &rule{
		name:     "Adam",
		keywords: []string{"amsgrad", "betas", "eps", "lr", "maximize", "weight_decay"},
		fixed:    map[string]string{"capturable": "False", "differentiable": "False", "foreach": "None", "fused": "False"},
	}
	adamWRule = &rule{
		name:     "AdamW",
		keywords: adamRule.keywords,
		fixed:    map[string]string{"capturable": "False", "foreach": "None"},
	}
)

// NewAdam makes an Adam optimizer over params (a []*autograd.Tensor, a module, or
// []*Group). Defaults are PyTorch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight
// decay. Options: LR, Betas, Eps, WeightDecay, AMSGrad, Maximize.
//
//	opt := optim.NewAdam(model.Parameters(), optim.LR(1e-4))
func NewAdam(params any, opts ...Option) *Adam {
	return &Adam{base: newBase(adamRule, Group{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}, params, opts, checkAdam),
		state: map[*autograd.Tensor]*adamState{}}
}

// NewAdamW makes an AdamW optimizer over params. Defaults are PyTorch's: lr 1e-3,
// betas (0.9, 0.999), eps 1e-8, weight decay 1e-2. Options as for NewAdam.
func NewAdamW(params any, opts ...Option) *AdamW {
	b := newBase(adamWRule, Group{LR: 1e-3, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8, WeightDecay: 1e-2}, params, opts, checkAdam)
	return &AdamW{Adam{base: b, decoupled: true, state: map[*autograd.Tensor]*adamState{}}}
}

// checkAdam is the argument check Adam and AdamW share, in PyTorch's order.
func checkAdam(h *Group) {
	invalid(h.LR >= 0, "learning rate", h.LR)
	invalid(h.Eps >= 0, "epsilon value", h.Eps)
	invalid(h.Beta1 >= 0 && h.Beta1 < 1, "beta parameter at index 0", h.Beta1)
	invalid(h.Beta2 >= 0 && h.Beta2 < 1, "beta parameter at index 1", h.Beta2)
	invalid(h.WeightDecay >= 0, "weight_decay value", h.WeightDecay)
}

// Step applies one update to every parameter that has a gradient.
func (o *Adam) Step() {
	o.eachParam(func(g *Group, p *autograd.Tensor) {
		st := stateOf(o.state, p)
		byDType(p, func() { adamStep[float32](o.decoupled, g, p, st) },
			func() { adamStep[float64](o.decoupled, g, p, st) })
	})
}

// adamStep is _single_tensor_adam (or _single_tensor_adamw when decoupled) of PyTorch
// 1.13, the path taken on the CPU with foreach and fused off, for one parameter, in
// PyTorch's operation order:
//
//	grad = grad + weight_decay * param                     (add, fused; Adam)
//	param = param * (1 - lr*weight_decay)                  (mul_; AdamW)
//	m = beta1*m;  m = m + (1-beta1)*grad                   (mul_, add_ fused)
//	v = beta2*v;  v = v + ((1-beta2)*grad)*grad            (mul_, addcmul_ fused)
//	denom = sqrt(v) / sqrt(1-beta2^t) + eps                (max(vmax, v) for AMSGrad)
//	param = param + (-lr/(1-beta1^t) * m) / denom          (addcdiv_)
//
// The bias corrections are Python floats (float64); every other scalar is rounded to
// the parameter's dtype before use, as PyTorch's kernels do.
func adamStep[T float](decoupled bool, h *Group, p *autograd.Tensor, st *adamState) {
	s := readSlot[T](p)
	n := len(s.p)
	if st.m == nil {
		st.m, st.v = make([]T, n), make([]T, n)
	}
	if h.AMSGrad && st.vmax == nil { // first step, or AMSGrad switched on since
		st.vmax = make([]T, n)
	}
	st.step++
	var g []T
	if decoupled {
		g = s.decayedGrad(h.Maximize, 0, false)
		shrink := T(1 - h.LR*h.WeightDecay)
		for i := range s.p {
			s.p[i] *= shrink
		}
		s.done(p) // PyTorch's mul_ is an in-place op of its own: the version moves twice a step
	} else {
		g = s.decayedGrad(h.Maximize, h.WeightDecay, false)
	}
	bc1 := 1 - powInt(h.Beta1, st.step)
	bc2 := 1 - powInt(h.Beta2, st.step)
	k := adamConsts[T]{
		b1: T(h.Beta1), b2: T(h.Beta2), c1: T(1 - h.Beta1), c2: T(1 - h.Beta2),
		stepSize: T(-(h.LR / bc1)), bc2Sqrt: T(math.Sqrt(bc2)), eps: T(h.Eps),
	}
	if h.AMSGrad {
		k.amsgrad(s.p, g, st.m.([]T), st.v.([]T), st.vmax.([]T))
	} else {
		k.adam(s.p, g, st.m.([]T), st.v.([]T))
	}
	s.done(p)
}

// adamConsts are one step's scalars, rounded to the parameter's dtype.
type adamConsts[T float] struct {
	b1, b2, c1, c2, stepSize, bc2Sqrt, eps T
}

// adam is the step's element-wise part in one pass: each element goes through
// PyTorch's sequence of whole-tensor ops (mul_, add_, mul_, addcmul_, sqrt, div, add_,
// addcdiv_) with every intermediate rounded to T as those ops round it, so the bits
// are those of the op-by-op sequence while each element is loaded and stored once.
//
// float32 parameters go through a SIMD kernel (tensor/fused) where the CPU has
// one, which does the same per lane; this loop does the elements after its last whole
// vector, and all of them on the pure-Go path.
func (k adamConsts[T]) adam(p, g, m, v []T) {
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	start := 0
	if p32, ok := any(p).([]float32); ok {
		start = fused.Adam(p32, any(g).([]float32), any(m).([]float32), any(v).([]float32), fused.AdamConsts{
			B1: float32(k.b1), C1: float32(k.c1), B2: float32(k.b2), C2: float32(k.c2),
			BC2Sqrt: float32(k.bc2Sqrt), Eps: float32(k.eps), StepSize: float32(k.stepSize)})
	}
	for i := start; i < len(p); i++ {
		gi := g[i]
		mi := fma(k.c1, gi, T(k.b1*m[i]))
		vi := fma(T(k.c2*gi), gi, T(k.b2*v[i]))
		m[i], v[i] = mi, vi
		d := T(sqrt(vi)/k.bc2Sqrt) + k.eps
		p[i] += T(k.stepSize*mi) / d
	}
}

// amsgrad is adam with the denominator from the running maximum of v (torch.maximum,
// which propagates NaN).
func (k adamConsts[T]) amsgrad(p, g, m, v, vmax []T) {
	g, m, v, vmax = g[:len(p)], m[:len(p)], v[:len(p)], vmax[:len(p)]
	for i := range p {
		gi := g[i]
		mi := fma(k.c1, gi, T(k.b1*m[i]))
		vi := fma(T(k.c2*gi), gi, T(k.b2*v[i]))
		m[i], v[i] = mi, vi
		if vi > vmax[i] || vi != vi {
			vmax[i] = vi
		}
		d := T(sqrt(vmax[i])/k.bc2Sqrt) + k.eps
		p[i] += T(k.stepSize*mi) / d
	}
}

// powInt is beta**step as Python computes it with C's pow, which is correctly rounded in
// all but rare cases; Go's math.Pow is not (it differs in the last bit for most steps
// past 3), and float64 parameters would show it. Exponentiation by squaring in
// double-double arithmetic, rounded once at the end.
func powInt(b float64, n int) float64 {
	rh, rl := 1.0, 0.0
	bh, bl := b, 0.0
	for ; n > 0; n >>= 1 {
		if n&1 == 1 {
			rh, rl = ddMul(rh, rl, bh, bl)
		}
		bh, bl = ddMul(bh, bl, bh, bl)
	}
	return rh + rl
}

// ddMul multiplies two double-double numbers (hi + lo), keeping about 104 bits.
func ddMul(ah, al, bh, bl float64) (hi, lo float64) {
	p := ah * bh
	e := math.FMA(ah, bh, -p) + (ah*bl + al*bh)
	hi = p + e
	return hi, e - (hi - p)
}
