package nn

// NormOption is one of the keyword arguments of the normalisation layers
// (BatchNorm1d, BatchNorm2d, LayerNorm), with torch's defaults when not given.
type NormOption func(*normOptions)

type normOptions struct {
	eps, momentum    float64
	cumulative       bool // momentum=None: a cumulative moving average
	affine, tracking bool
}

func makeNormOptions(opts []NormOption) normOptions {
	o := normOptions{eps: 1e-5, momentum: 0.1, affine: true, tracking: true}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Eps is eps=, added to the variance for stability (default 1e-5).
func Eps(e float64) NormOption { return func(o *normOptions) { o.eps = e } }

// Momentum is batch norm's momentum= (default 0.1): the weight of a batch's
// statistics in the running ones.
func Momentum(m float64) NormOption {
	return func(o *normOptions) { o.momentum, o.cumulative = m, false }
}

// CumulativeAverage is batch norm's momentum=None: the running statistics are the plain
// average of every batch's so far (the momentum of batch k is 1/k).
func CumulativeAverage() NormOption { return func(o *normOptions) { o.cumulative = true } }

// Affine is batch norm's affine= (default true): a learnt weight and bias per channel.
func Affine(on bool) NormOption { return func(o *normOptions) { o.affine = on } }

// ElementwiseAffine is layer norm's elementwise_affine= (default true): a learnt
// weight and bias of the normalised shape.
func ElementwiseAffine(on bool) NormOption { return Affine(on) }

// TrackRunningStats is batch norm's track_running_stats= (default true): keep running
// statistics for evaluation; without them evaluation normalises by the batch's own.
func TrackRunningStats(on bool) NormOption { return func(o *normOptions) { o.tracking = on } }
