package optim

import (
	"fmt"
	"math"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Optimizer is what every rule here implements: Step applies one update from the
// current gradients, ZeroGrad clears the gradients for the next backward pass.
type Optimizer interface {
	Step()
	ZeroGrad()
}

// Option sets one hyper-parameter, PyTorch's keyword arguments (lr=..., momentum=...).
// An option that the optimizer does not have panics with PyTorch's TypeError.
type Option func(*hyper)

// hyper holds every keyword any optimizer here accepts, and which ones were given.
type hyper struct {
	lr, momentum, dampening, weightDecay, eps float64
	beta1, beta2                              float64
	nesterov, amsgrad, maximize               bool
	given                                     map[string]bool
}

func (h *hyper) set(name string) {
	if h.given == nil {
		h.given = map[string]bool{}
	}
	h.given[name] = true
}

// LR is the learning rate (lr).
func LR(v float64) Option { return func(h *hyper) { h.lr = v; h.set("lr") } }

// Momentum is SGD's momentum factor.
func Momentum(v float64) Option { return func(h *hyper) { h.momentum = v; h.set("momentum") } }

// Dampening is SGD's dampening for momentum.
func Dampening(v float64) Option { return func(h *hyper) { h.dampening = v; h.set("dampening") } }

// Nesterov turns on Nesterov momentum in SGD.
func Nesterov(on bool) Option { return func(h *hyper) { h.nesterov = on; h.set("nesterov") } }

// WeightDecay is the L2 penalty added to the gradient (weight_decay).
func WeightDecay(v float64) Option {
	return func(h *hyper) { h.weightDecay = v; h.set("weight_decay") }
}

// Betas are Adam's running-average coefficients (betas=(b1, b2)).
func Betas(b1, b2 float64) Option {
	return func(h *hyper) { h.beta1, h.beta2 = b1, b2; h.set("betas") }
}

// Eps is Adam's denominator term (eps).
func Eps(v float64) Option { return func(h *hyper) { h.eps = v; h.set("eps") } }

// AMSGrad selects Adam's AMSGrad variant (amsgrad=True).
func AMSGrad(on bool) Option { return func(h *hyper) { h.amsgrad = on; h.set("amsgrad") } }

// Maximize ascends the objective instead of descending it (maximize=True).
func Maximize(on bool) Option { return func(h *hyper) { h.maximize = on; h.set("maximize") } }

// apply runs opts over defaults and rejects keywords outside allowed, the way Python
// rejects an unexpected keyword argument.
func apply(h hyper, allowed []string, opts []Option) hyper {
	for _, o := range opts {
		if o != nil {
			o(&h)
		}
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for name := range h.given {
		if !ok[name] {
			panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("__init__() got an unexpected keyword argument '%s'", name)})
		}
	}
	return h
}

func valueError(format string, args ...any) *tensor.Error {
	return &tensor.Error{Kind: "ValueError", Msg: fmt.Sprintf(format, args...)}
}

// paramList accepts what a cell naturally has in hand: a []*autograd.Tensor, a single
// one in a slice literal, an autograd.Tuple, or anything with Parameters() (an
// nn.Module), without this package importing nn.
func paramList(params any) []*autograd.Tensor {
	var ps []*autograd.Tensor
	switch p := params.(type) {
	case []*autograd.Tensor:
		ps = p
	case autograd.Tuple:
		ps = p
	case interface{ Parameters() []*autograd.Tensor }:
		ps = p.Parameters()
	case *autograd.Tensor:
		name := map[tensor.DType]string{tensor.Float32: "FloatTensor", tensor.Float64: "DoubleTensor",
			tensor.Int64: "LongTensor", tensor.Bool: "BoolTensor"}[p.Array().DType()]
		panic(&tensor.Error{Kind: "TypeError", Msg: "params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch." + name})
	default:
		panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("params argument given to the optimizer should be an iterable of Tensors or dicts, but got %T", params)})
	}
	if len(ps) == 0 {
		panic(valueError("optimizer got an empty parameter list"))
	}
	seen := map[*autograd.Tensor]bool{}
	out := make([]*autograd.Tensor, 0, len(ps))
	for _, p := range ps {
		if p == nil {
			panic(&tensor.Error{Kind: "TypeError", Msg: "optimizer can only optimize Tensors, but one of the params is NoneType"})
		}
		if !p.IsLeaf() {
			panic(valueError("can't optimize a non-leaf Tensor"))
		}
		if seen[p] {
			// PyTorch warns and keeps going; updating the same tensor twice would be wrong.
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// zeroGrads is Optimizer.zero_grad(set_to_none=False) of PyTorch 1.13: a gradient that
// carries a graph (create_graph=True) is detached first, then zeroed in place.
func zeroGrads(params []*autograd.Tensor) {
	for _, p := range params {
		g := p.Grad()
		if g == nil {
			continue
		}
		if g.GradFn() != nil {
			g = g.Detach()
			p.SetGrad(g)
		}
		g.Zero_()
	}
}

func noneGrads(params []*autograd.Tensor) {
	for _, p := range params {
		p.SetGrad(nil)
	}
}

// float is the element type of a parameter an optimizer can update.
type float interface{ ~float32 | ~float64 }

// fma is a*b+c with one rounding at the end, as the FMA instructions in PyTorch's AVX2
// kernels compute add_(x, alpha=a) and addcmul_. For float32 the exact product fits in a
// float64, so only the final rounding to float32 can differ from a true float32 FMA
// (double rounding, about once in 2^29 operations).
func fma[T float](a, b, c T) T { return T(math.FMA(float64(a), float64(b), float64(c))) }

// sqrt is correctly rounded for float32 too: a float64 square root rounded to float32
// cannot double-round wrongly.
func sqrt[T float](x T) T { return T(math.Sqrt(float64(x))) }

// slot is one parameter's numbers for the length of a step: copies of its values and
// gradient in row-major order, written back when the step is done.
type slot[T float] struct {
	p, g []T
}

// decayedGrad is the gradient both rules start from, in place of s.g: negated for
// maximize, then plus weight_decay * param (PyTorch's add with alpha, one fused
// multiply-add).
func (s slot[T]) decayedGrad(maximize bool, weightDecay float64) []T {
	g := s.g
	if maximize {
		for i := range g {
			g[i] = -g[i]
		}
	}
	if weightDecay != 0 {
		wd := T(weightDecay)
		for i := range g {
			g[i] = fma(wd, s.p[i], g[i])
		}
	}
	return g
}

// readSlot copies a parameter's values and gradient out of their arrays.
func readSlot[T float](p *autograd.Tensor) slot[T] {
	return slot[T]{p: values[T](p.Array()), g: values[T](p.Grad().Array())}
}

func values[T float](a *tensor.Array) []T {
	var z T
	switch any(z).(type) {
	case float32:
		return any(a.Float32s()).([]T)
	default:
		return any(a.Float64s()).([]T)
	}
}

// write stores updated values back into the parameter's own storage (it may be shared
// with a model, or viewed by the user), keeping its shape and strides. It is an in-place
// op under no_grad, as in PyTorch, so the parameter's version counter moves.
func write[T float](p *autograd.Tensor, v []T) {
	a := p.Array()
	var src *tensor.Array
	switch x := any(v).(type) {
	case []float32:
		src = tensor.FromFloat32(x)
	case []float64:
		src = tensor.FromFloat64(x)
	}
	src = src.Reshape(a.Shape()...) // FromFloat* cannot make a 0-d array directly
	autograd.NoGrad(func() { p.Copy_(src) })
}

// checkGrad rejects a gradient whose size does not match its parameter (possible here
// because SetGrad accepts anything, as assigning .grad does in PyTorch before it checks).
func checkGrad(p *autograd.Tensor) {
	if p.Grad().Numel() != p.Numel() {
		panic(&tensor.Error{Kind: "RuntimeError", Msg: "assigned grad has data of a different size"})
	}
}
