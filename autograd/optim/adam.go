package optim

import (
	"math"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Adam is the Adam optimizer (torch.optim.Adam) with optional weight decay and the
// AMSGrad variant. The fields are the hyper-parameters of the single parameter group.
type Adam struct {
	Params                []*autograd.Tensor
	LR, Beta1, Beta2, Eps float64
	WeightDecay           float64
	AMSGrad, Maximize     bool

	given map[string]bool
	state map[*autograd.Tensor]*adamState
}

// adamState is PyTorch's per-parameter state: the step count and the running averages,
// kept as []float32 or []float64 like the parameter.
type adamState struct {
	step       int
	m, v, vmax any
}

// NewAdam makes an Adam optimizer over params (a []*autograd.Tensor or a module).
// Defaults are PyTorch's: lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay.
// Options: LR, Betas, Eps, WeightDecay, AMSGrad, Maximize.
//
//	opt := optim.NewAdam(model.Parameters(), optim.LR(1e-4))
func NewAdam(params any, opts ...Option) *Adam {
	h := apply(hyper{lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8},
		[]string{"lr", "betas", "eps", "weight_decay", "amsgrad", "maximize"}, opts)
	switch {
	case !(h.lr >= 0):
		panic(valueError("Invalid learning rate: %s", autograd.PyFloat(h.lr)))
	case !(h.eps >= 0):
		panic(valueError("Invalid epsilon value: %s", autograd.PyFloat(h.eps)))
	case !(h.beta1 >= 0 && h.beta1 < 1):
		panic(valueError("Invalid beta parameter at index 0: %s", autograd.PyFloat(h.beta1)))
	case !(h.beta2 >= 0 && h.beta2 < 1):
		panic(valueError("Invalid beta parameter at index 1: %s", autograd.PyFloat(h.beta2)))
	case !(h.weightDecay >= 0):
		panic(valueError("Invalid weight_decay value: %s", autograd.PyFloat(h.weightDecay)))
	}
	return &Adam{
		Params: paramList(params), LR: h.lr, Beta1: h.beta1, Beta2: h.beta2, Eps: h.eps,
		WeightDecay: h.weightDecay, AMSGrad: h.amsgrad, Maximize: h.maximize,
		given: h.given, state: map[*autograd.Tensor]*adamState{},
	}
}

// Step applies one update to every parameter that has a gradient.
func (o *Adam) Step() {
	for _, p := range o.Params {
		if p.Grad() == nil {
			continue
		}
		checkGrad(p)
		st := o.state[p]
		if st == nil {
			st = &adamState{}
			o.state[p] = st
		}
		switch p.Array().DType() {
		case tensor.Float32:
			adamStep[float32](o, p, st)
		case tensor.Float64:
			adamStep[float64](o, p, st)
		}
	}
}

// adamStep is _single_tensor_adam of PyTorch 1.13 (the path taken on the CPU, foreach
// and fused off) for one parameter, in PyTorch's operation order:
//
//	grad = grad + weight_decay * param                     (add, fused)
//	m = beta1*m;  m = m + (1-beta1)*grad                   (mul_, add_ fused)
//	v = beta2*v;  v = v + ((1-beta2)*grad)*grad            (mul_, addcmul_ fused)
//	denom = sqrt(v) / sqrt(1-beta2^t) + eps                (max(vmax, v) for AMSGrad)
//	param = param + (-lr/(1-beta1^t) * m) / denom          (addcdiv_)
//
// The bias corrections are Python floats (float64); every other scalar is rounded to
// the parameter's dtype before use, as PyTorch's kernels do.
func adamStep[T float](o *Adam, p *autograd.Tensor, st *adamState) {
	s := readSlot[T](p)
	n := len(s.p)
	if st.m == nil {
		st.m, st.v = make([]T, n), make([]T, n)
	}
	m, v := st.m.([]T), st.v.([]T)
	if o.AMSGrad && st.vmax == nil { // first step, or AMSGrad switched on since
		st.vmax = make([]T, n)
	}
	st.step++
	g := s.decayedGrad(o.Maximize, o.WeightDecay)
	b1, b2 := T(o.Beta1), T(o.Beta2)
	c1, c2 := T(1-o.Beta1), T(1-o.Beta2)
	for i := range g {
		m[i] = fma(c1, g[i], T(b1*m[i]))
		v[i] = fma(T(c2*g[i]), g[i], T(b2*v[i]))
	}
	bc1 := 1 - powInt(o.Beta1, st.step)
	bc2 := 1 - powInt(o.Beta2, st.step)
	stepSize := T(-(o.LR / bc1))
	bc2Sqrt := T(math.Sqrt(bc2))
	eps := T(o.Eps)
	den := v
	if o.AMSGrad {
		vmax := st.vmax.([]T)
		for i := range v {
			if v[i] > vmax[i] || v[i] != v[i] { // torch.maximum propagates NaN
				vmax[i] = v[i]
			}
		}
		den = vmax
	}
	for i := range s.p {
		d := T(sqrt(den[i])/bc2Sqrt) + eps
		s.p[i] += T(T(stepSize*m[i]) / d)
	}
	write(p, s.p)
}

// ZeroGrad zeroes every parameter's gradient in place (zero_grad(set_to_none=False)).
func (o *Adam) ZeroGrad() { zeroGrads(o.Params) }

// ZeroGradToNone drops every gradient (zero_grad(set_to_none=True)).
func (o *Adam) ZeroGradToNone() { noneGrads(o.Params) }

// String is PyTorch's repr of the optimizer: its parameter group's settings, sorted.
func (o *Adam) String() string {
	return groupRepr("Adam", []kv{
		{"amsgrad", autograd.PyBool(o.AMSGrad)},
		{"betas", "(" + autograd.PyFloat(o.Beta1) + ", " + autograd.PyFloat(o.Beta2) + ")"},
		{"capturable", "False"},
		{"differentiable", "False"},
		{"eps", autograd.PyFloat(o.Eps)},
		{"foreach", "None"},
		{"fused", "False"},
		{"lr", autograd.PyFloat(o.LR)},
		{"maximize", autograd.PyBool(o.Maximize)},
		{"weight_decay", intDefault(o.given, "weight_decay", o.WeightDecay)},
	})
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
