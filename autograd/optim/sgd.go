package optim

import (
	"fmt"
	"strings"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// SGD is stochastic gradient descent with optional momentum, dampening, Nesterov
// momentum and weight decay (torch.optim.SGD). The fields are the hyper-parameters of
// the single parameter group and may be changed between steps.
type SGD struct {
	Params                               []*autograd.Tensor
	LR, Momentum, Dampening, WeightDecay float64
	Nesterov, Maximize                   bool

	given map[string]bool
	buf   map[*autograd.Tensor]any // momentum buffers, []float32 or []float64
}

// NewSGD makes an SGD optimizer over params (a []*autograd.Tensor or a module) with
// learning rate lr. Options: Momentum, Dampening, WeightDecay, Nesterov, Maximize.
//
//	opt := optim.NewSGD([]*autograd.Tensor{w}, 0.01, optim.Momentum(0.9))
func NewSGD(params any, lr float64, opts ...Option) *SGD {
	h := apply(hyper{lr: lr}, []string{"lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize"}, opts)
	if h.lr < 0 {
		panic(valueError("Invalid learning rate: %s", autograd.PyFloat(h.lr)))
	}
	if h.momentum < 0 {
		panic(valueError("Invalid momentum value: %s", autograd.PyFloat(h.momentum)))
	}
	if h.weightDecay < 0 {
		panic(valueError("Invalid weight_decay value: %s", autograd.PyFloat(h.weightDecay)))
	}
	if h.nesterov && (h.momentum <= 0 || h.dampening != 0) {
		panic(valueError("Nesterov momentum requires a momentum and zero dampening"))
	}
	return &SGD{
		Params: paramList(params), LR: h.lr, Momentum: h.momentum, Dampening: h.dampening,
		WeightDecay: h.weightDecay, Nesterov: h.nesterov, Maximize: h.maximize,
		given: h.given, buf: map[*autograd.Tensor]any{},
	}
}

// Step applies one update to every parameter that has a gradient.
func (o *SGD) Step() {
	for _, p := range o.Params {
		if p.Grad() == nil {
			continue
		}
		checkGrad(p)
		switch p.Array().DType() {
		case tensor.Float32:
			sgdStep[float32](o, p)
		case tensor.Float64:
			sgdStep[float64](o, p)
		}
	}
}

// sgdStep is _single_tensor_sgd of PyTorch 1.13 for one parameter:
//
//	d_p = grad (+ weight_decay * param)
//	buf = d_p on the first step, else momentum * buf + (1 - dampening) * d_p
//	d_p = d_p + momentum * buf (Nesterov) or buf
//	param = param - lr * d_p
//
// Each "x + a*y" is PyTorch's add_(y, alpha=a), a fused multiply-add on the CPU.
func sgdStep[T float](o *SGD, p *autograd.Tensor) {
	s := readSlot[T](p)
	d := s.decayedGrad(o.Maximize, o.WeightDecay)
	if o.Momentum != 0 {
		mom, keep := T(o.Momentum), T(1-o.Dampening)
		b, ok := o.buf[p].([]T)
		if !ok {
			b = append([]T(nil), d...) // torch.clone(d_p).detach()
			o.buf[p] = b
		} else {
			for i := range b {
				b[i] = fma(keep, d[i], T(mom*b[i]))
			}
		}
		if o.Nesterov {
			for i := range d {
				d[i] = fma(mom, b[i], d[i])
			}
		} else {
			d = b
		}
	}
	step := T(-o.LR)
	for i := range s.p {
		s.p[i] = fma(step, d[i], s.p[i])
	}
	write(p, s.p)
}

// ZeroGrad zeroes every parameter's gradient in place (zero_grad(set_to_none=False)).
func (o *SGD) ZeroGrad() { zeroGrads(o.Params) }

// ZeroGradToNone drops every gradient (zero_grad(set_to_none=True)).
func (o *SGD) ZeroGradToNone() { noneGrads(o.Params) }

// String is PyTorch's repr of the optimizer: its parameter group's settings, sorted.
func (o *SGD) String() string {
	return groupRepr("SGD", []kv{
		{"dampening", o.num("dampening", o.Dampening)},
		{"differentiable", "False"},
		{"foreach", "None"},
		{"lr", autograd.PyFloat(o.LR)},
		{"maximize", autograd.PyBool(o.Maximize)},
		{"momentum", o.num("momentum", o.Momentum)},
		{"nesterov", autograd.PyBool(o.Nesterov)},
		{"weight_decay", o.num("weight_decay", o.WeightDecay)},
	})
}

// num prints a default that PyTorch declares as the int 0 the way Python prints it.
func (o *SGD) num(name string, v float64) string { return intDefault(o.given, name, v) }

type kv struct{ k, v string }

func groupRepr(class string, entries []kv) string {
	var b strings.Builder
	b.WriteString(class + " (\nParameter Group 0\n")
	for _, e := range entries {
		fmt.Fprintf(&b, "    %s: %s\n", e.k, e.v)
	}
	b.WriteString(")")
	return b.String()
}

func intDefault(given map[string]bool, name string, v float64) string {
	if !given[name] && v == 0 {
		return "0"
	}
	return autograd.PyFloat(v)
}
