package F

import (
	"math"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// BatchNorm is F.batch_norm(input, running_mean, running_var, weight, bias, training,
// momentum=0.1, eps=1e-5) of PyTorch 1.13 (NativeBatchNormBackward0). input is (N, C,
// ...); the statistics are per channel C over every other dim. Weight, bias and the
// running tensors may be nil (torch's None); momentum and eps are optional trailing
// numbers.
//
// In training the batch's mean and biased variance normalise the input, and the running
// tensors, when given, move toward the batch's mean and unbiased variance in place:
// running = (1 - momentum)·running + momentum·batch (without a version bump, as torch's
// kernel, so a graph that saved them stays valid). Otherwise the running statistics
// normalise it. The forward follows torch's CPU kernel step by step in the input's
// dtype (the statistics accumulated in float64 for an (N, C, L...) input, in the dtype
// for an (N, C) one, as torch's channels-last path does), so float32 results agree to
// within an ulp or so.
//
// The node saves input, weight, running_mean, running_var, result1 (the batch mean)
// and result2 (the inverse standard deviation), both empty in evaluation, with
// attributes eps and training. Its backward is written with autograd ops (recomputing
// the statistics from the input under create_graph), so it differentiates again.
func BatchNorm(input, runningMean, runningVar, weight, bias *Tensor, training bool, momentumEps ...float64) *Tensor {
	momentum, eps := arg(momentumEps, 0, 0.1), arg(momentumEps, 1, 1e-5)
	if training {
		verifyBatchSize(input)
	}
	c := input.Shape()[normDim(input, 1)]
	for _, p := range []struct {
		name string
		t    *Tensor
	}{{"running_mean", runningMean}, {"running_var", runningVar}} {
		if p.t == nil && !training {
			runtimeErr("%s must be defined in evaluation mode", p.name)
		}
		checkChannels(p.name, p.t, c)
	}
	checkChannels("weight", weight, c)
	checkChannels("bias", bias, c)
	checkFloat(input, "batch_norm")

	st := newChannelStats(input)
	var mean, invstd []float64 // per channel, rounded to the input's dtype
	if training {
		var varSum []float64
		mean, varSum = st.moments()
		n := float64(st.n * st.s)
		invstd = make([]float64, c)
		for k := range invstd {
			invstd[k] = st.rnd(1 / math.Sqrt(st.rnd(varSum[k]/n)+eps))
		}
		updateRunning(runningMean, runningVar, mean, varSum, n, momentum)
	} else {
		mean = runningMean.Array().Float64s()
		rv := runningVar.Array().Float64s()
		e := st.rnd(eps)
		invstd = make([]float64, c)
		for k := range invstd {
			invstd[k] = st.rnd(1 / st.rnd(math.Sqrt(st.rnd(rv[k]+e))))
		}
	}
	out := st.affine(mean, invstd, floatsOr(weight, 1, c), floatsOr(bias, 0, c))

	r, op := autograd.NewOp("NativeBatchNormBackward0", out, input, weight, bias)
	if op == nil {
		return r
	}
	dt := input.Array().DType()
	saveMean, saveInvstd := tensor.Empty(0).To(dt), tensor.Empty(0).To(dt)
	if training {
		saveMean = tensor.FromFloat64(mean).To(dt)
		saveInvstd = tensor.FromFloat64(invstd).To(dt)
	}
	evalInvstd := autograd.FromArray(tensor.FromFloat64(invstd).To(dt))
	op.Attr("eps", eps)
	op.Save("input", input, true)
	op.Save("result1", autograd.FromArray(saveMean), true)
	op.Save("result2", autograd.FromArray(saveInvstd), true)
	op.Save("running_mean", runningMean, runningMean != nil)
	op.Save("running_var", runningVar, runningVar != nil)
	op.Attr("training", training)
	op.Save("weight", weight, weight != nil)
	op.SetBackward(func(g *Tensor) []*Tensor {
		x := op.Unpack("input")
		var w *Tensor
		if weight != nil {
			w = op.Unpack("weight")
		}
		needs := [3]bool{op.Needs(0), op.Needs(1), op.Needs(2)}
		if !autograd.IsGradEnabled() {
			// not differentiated again: one pass per channel, as torch's kernel
			var mu, is []float64
			if training {
				mu, is = op.Unpack("result1").Array().Float64s(), op.Unpack("result2").Array().Float64s()
			} else {
				op.Unpack("running_var")
				mu, is = op.Unpack("running_mean").Array().Float64s(), invstd
			}
			return newChannelStats(x).backward(g.Array(), mu, is, floatsOr(w, 1, c), training, needs)
		}
		// create_graph: the backward as autograd ops, recorded as torch's node
		bshape := channelShape(x.Dim(), c)
		dims := otherDims(x.Dim())
		var rm *Tensor
		if !training {
			op.Unpack("running_var") // torch reads it: an in-place change since fails
			rm = op.Unpack("running_mean").View(bshape...)
		}
		return backwardNodes("NativeBatchNormBackwardBackward0", []*Tensor{g, x, w}, func(in []*Tensor) []*Tensor {
			g, x, w := in[0], in[1], in[2]
			mu, is := rm, evalInvstd.View(bshape...)
			if training {
				// the statistics as functions of x, so that the second derivative sees
				// how they move with it
				mu = x.MeanDims(dims, true)
				is = x.Sub(mu).Pow(2).MeanDims(dims, true).Add(eps).Sqrt().Reciprocal()
			}
			xhat := x.Sub(mu).Mul(is)
			grads := make([]*Tensor, 3)
			if needs[0] {
				scale := is
				if w != nil {
					scale = is.Mul(w.View(bshape...))
				}
				if training {
					gx := g.Sub(g.MeanDims(dims, true)).Sub(xhat.Mul(g.Mul(xhat).MeanDims(dims, true)))
					grads[0] = gx.Mul(scale)
				} else {
					grads[0] = g.Mul(scale)
				}
			}
			if needs[1] {
				grads[1] = g.Mul(xhat).SumDims(dims, false)
			}
			if needs[2] {
				grads[2] = g.SumDims(dims, false)
			}
			return grads
		})
	})
	return r
}

// backwardNodes records the gradients an op's backward computes under create_graph as
// torch records them: each a node named name (NativeBatchNormBackwardBackward0, ...)
// over the tensors the backward reads (ins, nil for none), rather than the many nodes
// of the autograd ops that compute it. The node's own backward runs composite again
// and differentiates it with autograd.Grad, so every order is still available. torch
// has one node with several outputs where this has one node per gradient.
func backwardNodes(name string, ins []*Tensor, composite func(ins []*Tensor) []*Tensor) []*Tensor {
	outs := composite(ins)
	for i, o := range outs {
		if o == nil {
			continue
		}
		r, op := autograd.NewOp(name, o.Array(), ins...)
		if op == nil {
			continue
		}
		op.SetBackward(func(gg *Tensor) []*Tensor {
			grads := make([]*Tensor, len(ins))
			var need []*Tensor
			var at []int
			for j, t := range ins {
				if t != nil && op.Needs(j) {
					need, at = append(need, t), append(at, j)
				}
			}
			opts := []autograd.GradOption{autograd.GradOutputs(gg), autograd.AllowUnused}
			if autograd.IsGradEnabled() {
				opts = append(opts, autograd.CreateGraph)
			}
			autograd.EnableGrad(func() {
				gs := autograd.Grad(composite(ins)[i], need, opts...)
				for k, j := range at {
					grads[j] = gs[k]
				}
			})
			return grads
		})
		outs[i] = r
	}
	return outs
}

// verifyBatchSize is F.batch_norm's check that each channel sees more than one value
// in training (the variance of one value is undefined).
func verifyBatchSize(x *Tensor) {
	s := x.Shape()
	normDim(x, 1)
	size := s[0]
	for _, d := range s[2:] {
		size *= d
	}
	if size == 1 {
		valueErr("Expected more than 1 value per channel when training, got input size %s", sizeStr(s))
	}
}

func checkChannels(name string, t *Tensor, c int) {
	if t != nil && t.Numel() != c {
		runtimeErr("%s should contain %d elements not %d", name, c, t.Numel())
	}
}

// floatsOr is t's values, or c copies of def for a nil t.
func floatsOr(t *Tensor, def float64, c int) []float64 {
	if t != nil {
		return t.Array().Float64s()
	}
	out := make([]float64, c)
	for i := range out {
		out[i] = def
	}
	return out
}

// channelShape is (1, c, 1, ...) for an input of dim dims, a per-channel tensor's
// broadcast view.
func channelShape(dim, c int) []int {
	s := make([]int, dim)
	for i := range s {
		s[i] = 1
	}
	s[1] = c
	return s
}

// otherDims are every dim but the channel dim 1.
func otherDims(dim int) []int {
	d := []int{0}
	for i := 2; i < dim; i++ {
		d = append(d, i)
	}
	return d
}

// updateRunning moves the running statistics toward the batch's in place, as torch's
// update_stats kernel does: momentum in the dtype, the mean's update in the dtype, the
// variance's with the unbiased variance (var_sum/(n-1), in the dtype) in float64.
func updateRunning(rm, rv *Tensor, mean, varSum []float64, n, momentum float64) {
	if rm != nil {
		old := rm.Array().Float64s()
		r := roundTo(rm.Array().DType())
		mom := r(momentum)
		for k := range old {
			old[k] = r(r(mom*mean[k]) + r(r(1-mom)*old[k]))
		}
		rm.Array().Copy_(tensor.FromFloat64(old).Reshape(rm.Shape()...))
	}
	if rv != nil {
		old := rv.Array().Float64s()
		r := roundTo(rv.Array().DType())
		mom := r(momentum)
		for k := range old {
			unbiased := r(varSum[k] / (n - 1))
			old[k] = r(mom*unbiased + r(r(1-mom)*old[k]))
		}
		rv.Array().Copy_(tensor.FromFloat64(old).Reshape(rv.Shape()...))
	}
}

// roundTo rounds a float64 to dtype dt's precision: each float32 operation done in
// float64 and rounded once gives float32's own result (float64 has more than twice the
// digits), which is how the kernels here follow torch's float32 arithmetic.
func roundTo(dt tensor.DType) func(float64) float64 {
	if dt == tensor.Float32 {
		return func(v float64) float64 { return float64(float32(v)) }
	}
	return func(v float64) float64 { return v }
}

// channelStats is an (N, C, S...) input seen as N×C planes of S values each, in
// row-major order.
type channelStats struct {
	x       *tensor.Array
	shape   []int
	n, c, s int
	dt      tensor.DType
	rnd     func(float64) float64
}

func newChannelStats(x *Tensor) *channelStats {
	shape := x.Shape()
	s := 1
	for _, d := range shape[2:] {
		s *= d
	}
	dt := x.Array().DType()
	return &channelStats{x: x.Array(), shape: shape, n: shape[0], c: shape[1], s: s, dt: dt, rnd: roundTo(dt)}
}

// moments are each channel's mean and sum of squared deviations from it, as torch's
// collect_stats kernels leave them in the dtype: planes of one value (an (N, C) input)
// go through the channels-last kernel, which sums in the dtype (the squares fused into
// the sum); larger planes through the contiguous one, which sums in float64.
func (st *channelStats) moments() (mean, varSum []float64) {
	if st.dt == tensor.Float64 {
		return momentsOf(st, st.x.Float64s())
	}
	return momentsOf(st, st.x.Float32s())
}

func momentsOf[T float32 | float64](st *channelStats, x []T) (mean, varSum []float64) {
	mean, varSum = make([]float64, st.c), make([]float64, st.c)
	count := float64(st.n * st.s)
	for k := 0; k < st.c; k++ {
		var m T
		if st.s > 1 {
			sum := 0.0
			for i := 0; i < st.n; i++ {
				for _, v := range plane(x, st, i, k) {
					sum += float64(v)
				}
			}
			m = T(sum / count)
			vs := 0.0
			for i := 0; i < st.n; i++ {
				for _, v := range plane(x, st, i, k) {
					d := v - m
					vs += float64(T(d * d)) // a product in the dtype added to a float64 sum
				}
			}
			varSum[k] = float64(T(vs))
		} else {
			var sum, vs T
			for i := 0; i < st.n; i++ {
				sum += x[i*st.c+k]
			}
			m = T(float64(sum) / count)
			for i := 0; i < st.n; i++ {
				d := x[i*st.c+k] - m
				vs = T(math.FMA(float64(d), float64(d), float64(vs))) // the vectorised y + d·d, fused
			}
			varSum[k] = float64(vs)
		}
		mean[k] = float64(m)
	}
	return mean, varSum
}

// plane is the S values of sample i, channel k.
func plane[T any](x []T, st *channelStats, i, k int) []T {
	base := (i*st.c + k) * st.s
	return x[base : base+st.s]
}

// affine is torch's transform: out = x·alpha + beta per channel, alpha = invstd·w and
// beta = b - mean·alpha, each step in the dtype, the multiply-adds fused as the
// compiler fuses them in torch's kernel (checked against its results bit for bit).
func (st *channelStats) affine(mean, invstd, w, b []float64) *tensor.Array {
	if st.dt == tensor.Float64 {
		return tensor.FromFloat64(affineOf(st, st.x.Float64s(), mean, invstd, w, b), st.shape...)
	}
	return tensor.FromFloat32(affineOf(st, st.x.Float32s(), mean, invstd, w, b), st.shape...)
}

func affineOf[T float32 | float64](st *channelStats, x []T, mean, invstd, w, b []float64) []T {
	out := make([]T, len(x))
	for k := 0; k < st.c; k++ {
		alpha := T(invstd[k]) * T(w[k])
		beta := float64(T(math.FMA(-mean[k], float64(alpha), b[k])))
		for i := 0; i < st.n; i++ {
			o := plane(out, st, i, k)
			for j, v := range plane(x, st, i, k) {
				o[j] = T(math.FMA(float64(v), float64(alpha), beta))
			}
		}
	}
	return out
}

// backward is native_batch_norm_backward for a gradient g of the output (the input's
// shape) that is not differentiated again: per channel, in float64, the sums Σg and
// Σ(x-mean)·g, then the input's gradient (g - Σg/n - (x-mean)·k)·invstd·w with k =
// Σ(x-mean)·g·invstd²/n in training, g·invstd·w in evaluation; the weight's is
// Σ(x-mean)·g·invstd, the bias's Σg. Results are rounded once to the dtype.
func (st *channelStats) backward(g *tensor.Array, mean, invstd, w []float64, training bool, needs [3]bool) []*Tensor {
	var dx *tensor.Array
	var dw, db []float64
	if st.dt == tensor.Float64 {
		var v []float64
		v, dw, db = backwardOf(st, st.x.Float64s(), g.Float64s(), mean, invstd, w, training, needs[0])
		dx = tensor.FromFloat64(v, st.shape...)
	} else {
		var v []float32
		v, dw, db = backwardOf(st, st.x.Float32s(), g.Float32s(), mean, invstd, w, training, needs[0])
		dx = tensor.FromFloat32(v, st.shape...)
	}
	grads := make([]*Tensor, 3)
	for i, a := range []*tensor.Array{dx, tensor.FromFloat64(dw).To(st.dt), tensor.FromFloat64(db).To(st.dt)} {
		if needs[i] {
			grads[i] = autograd.FromArray(a)
		}
	}
	return grads
}

func backwardOf[T float32 | float64](st *channelStats, x, g []T, mean, invstd, w []float64, training, wantDx bool) (dx []T, dw, db []float64) {
	n := float64(st.n * st.s)
	dx = make([]T, len(x))
	dw, db = make([]float64, st.c), make([]float64, st.c)
	for k := 0; k < st.c; k++ {
		sum, dot := 0.0, 0.0
		for i := 0; i < st.n; i++ {
			gp := plane(g, st, i, k)
			for j, v := range plane(x, st, i, k) {
				sum += float64(gp[j])
				dot += (float64(v) - mean[k]) * float64(gp[j])
			}
		}
		dw[k], db[k] = dot*invstd[k], sum
		if !wantDx {
			continue
		}
		scale := invstd[k] * w[k]
		kk, gm := dot*invstd[k]*invstd[k]/n, sum/n
		for i := 0; i < st.n; i++ {
			gp, o := plane(g, st, i, k), plane(dx, st, i, k)
			for j, v := range plane(x, st, i, k) {
				if training {
					o[j] = T((float64(gp[j]) - gm - (float64(v)-mean[k])*kk) * scale)
				} else {
					o[j] = T(float64(gp[j]) * scale)
				}
			}
		}
	}
	return dx, dw, db
}
