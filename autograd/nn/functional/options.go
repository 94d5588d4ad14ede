package F

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// Option is one of a loss's keyword arguments.
type Option func(*options)

type options struct {
	reduction      string
	weight         *autograd.Tensor
	posWeight      *autograd.Tensor
	ignoreIndex    int
	labelSmoothing float64
	beta, delta    float64
}

func makeOptions(opts []Option) options {
	o := options{reduction: "mean", ignoreIndex: -100, beta: 1, delta: 1}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Reduction is reduction=: "mean" (the default), "sum" or "none".
func Reduction(r string) Option { return func(o *options) { o.reduction = r } }

// Weight is weight=: a rescaling weight per class (nll_loss, cross_entropy) or per
// element (binary_cross_entropy, broadcast to the input).
func Weight(w *autograd.Tensor) Option { return func(o *options) { o.weight = w } }

// PosWeight is binary_cross_entropy_with_logits's pos_weight=, the weight of positive
// examples per class.
func PosWeight(w *autograd.Tensor) Option { return func(o *options) { o.posWeight = w } }

// IgnoreIndex is ignore_index= (default -100): targets of that class add nothing.
func IgnoreIndex(i int) Option { return func(o *options) { o.ignoreIndex = i } }

// LabelSmoothing is cross_entropy's label_smoothing= in [0, 1].
func LabelSmoothing(e float64) Option { return func(o *options) { o.labelSmoothing = e } }

// Beta is smooth_l1_loss's beta= (default 1).
func Beta(b float64) Option { return func(o *options) { o.beta = b } }

// Delta is huber_loss's delta= (default 1).
func Delta(d float64) Option { return func(o *options) { o.delta = d } }

// torch's Reduction enum, as nodes show it.
const (
	reduceNone = 0
	reduceMean = 1
	reduceSum  = 2
)

// reductionEnum is torch's Reduction enum value for reduction= r.
func reductionEnum(r string) int {
	switch r {
	case "none":
		return reduceNone
	case "mean":
		return reduceMean
	case "sum":
		return reduceSum
	}
	panic(&tensor.Error{Kind: "ValueError", Msg: fmt.Sprintf("%s is not a valid value for reduction", r)})
}

// reduce applies reduction r to per-element losses, with autograd ops (Mean and Sum
// of the whole tensor record MeanBackward0 and SumBackward0, as torch's losses do).
func reduce(l *autograd.Tensor, r int) *autograd.Tensor {
	switch r {
	case reduceMean:
		return l.Mean()
	case reduceSum:
		return l.Sum()
	}
	return l
}

// reduceArray is reduce on arrays (a forward computed without recording).
func reduceArray(l *tensor.Array, r int) *tensor.Array {
	switch r {
	case reduceMean:
		return l.Mean()
	case reduceSum:
		return l.Sum()
	}
	return l
}

// gradScale is what a reduction multiplies each element's gradient by: 1/numel for
// mean, 1 otherwise.
func gradScale(numel, r int) float64 {
	if r == reduceMean {
		return 1 / float64(numel)
	}
	return 1
}

// arg is an optional trailing number with its default.
func arg(xs []float64, i int, def float64) float64 {
	if i < len(xs) {
		return xs[i]
	}
	return def
}

func valueErr(format string, a ...any) {
	panic(&tensor.Error{Kind: "ValueError", Msg: fmt.Sprintf(format, a...)})
}

func runtimeErr(format string, a ...any) {
	panic(&tensor.Error{Kind: "RuntimeError", Msg: fmt.Sprintf(format, a...)})
}

// sizeStr is torch.Size([3, 4]) as Python prints it.
func sizeStr(s []int) string { return autograd.Size(s).String() }
