package F

import (
	"math"
	"slices"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// LayerNorm is F.layer_norm(input, normalized_shape, weight, bias, eps=1e-5) of
// PyTorch 1.13 (NativeLayerNormBackward0): each slice over the last
// len(normalizedShape) dims, which must equal normalizedShape, is shifted by its mean
// and scaled by 1/sqrt(biased variance + eps), then by weight and plus bias (each of
// normalizedShape's shape, or nil).
//
// The node saves input, weight, bias, result1 (the means) and result2 (the inverse
// standard deviations), both of input's shape with the normalised dims as 1, and the
// attribute normalized_shape. The forward is torch's CPU kernel's arithmetic in the
// input's dtype: the statistics by its vectorised Welford cascade (rowMoments), then
// (x·rstd - mean·rstd)·weight + bias with its multiply-adds fused. The
// backward is written with autograd ops, recomputing the statistics from the input
// under create_graph, so it differentiates again.
func LayerNorm(input *Tensor, normalizedShape []int, weight, bias *Tensor, eps ...float64) *Tensor {
	e := arg(eps, 0, 1e-5)
	ns := slices.Clone(normalizedShape)
	if len(ns) == 0 {
		runtimeErr("Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = []")
	}
	for _, p := range []struct {
		name string
		t    *Tensor
	}{{"weight", weight}, {"bias", bias}} {
		if p.t != nil && !slices.Equal(p.t.Shape(), ns) {
			runtimeErr("Expected %s to be of same shape as normalized_shape, but got %s of shape %s and normalized_shape = %s",
				p.name, p.name, shapeList(p.t.Shape()), shapeList(ns))
		}
	}
	xs := input.Shape()
	lead := len(xs) - len(ns)
	if lead < 0 || !slices.Equal([]int(xs[lead:]), ns) {
		runtimeErr("Given normalized_shape=%s, expected input with shape [*%s], but got input of size%s",
			shapeList(ns), shapeTail(ns), shapeList(xs))
	}
	checkFloat(input, "LayerNormKernelImpl")

	dt := input.Array().DType()
	rnd := roundTo(dt)
	n := 1
	for _, d := range ns {
		n *= d
	}
	x := input.Array().Float64s()
	rows := 0
	if n > 0 {
		rows = len(x) / n
	}
	w, b := floatsOr(weight, 1, n), floatsOr(bias, 0, n)
	mean, rstd := make([]float64, rows), make([]float64, rows)
	out := make([]float64, len(x))
	re := rnd(e)
	lanes := 8 // torch's AVX2 kernels: 8 float32 or 4 float64 per vector
	if dt == tensor.Float64 {
		lanes = 4
	}
	for r := 0; r < rows; r++ {
		row := x[r*n : (r+1)*n]
		m, variance := rowMoments(row, lanes, rnd)
		mean[r] = m
		rstd[r] = rnd(1 / rnd(math.Sqrt(rnd(max(variance, 0)+re))))
		scale, shift := rstd[r], rnd(-rstd[r]*mean[r])
		for j, v := range row {
			out[r*n+j] = rnd(math.FMA(rnd(math.FMA(v, scale, shift)), w[j], b[j]))
		}
	}
	statShape := slices.Clone([]int(xs))
	for i := lead; i < len(statShape); i++ {
		statShape[i] = 1
	}
	r, op := autograd.NewOp("NativeLayerNormBackward0", tensor.FromFloat64(out, xs...).To(dt), input, weight, bias)
	if op == nil {
		return r
	}
	op.Save("bias", bias, bias != nil)
	op.Save("input", input, true)
	op.Attr("normalized_shape", ns)
	op.Save("result1", autograd.FromArray(tensor.FromFloat64(mean, statShape...).To(dt)), true)
	op.Save("result2", autograd.FromArray(tensor.FromFloat64(rstd, statShape...).To(dt)), true)
	op.Save("weight", weight, weight != nil)
	normDims, batchDims := make([]int, 0, len(ns)), make([]int, 0, lead)
	for i := range xs {
		if i < lead {
			batchDims = append(batchDims, i)
		} else {
			normDims = append(normDims, i)
		}
	}
	op.SetBackward(func(g *Tensor) []*Tensor {
		x := op.Unpack("input")
		var mu, rs *Tensor
		if autograd.IsGradEnabled() {
			// create_graph: the statistics as functions of x
			mu = x.MeanDims(normDims, true)
			rs = x.Sub(mu).Pow(2).MeanDims(normDims, true).Add(e).Sqrt().Reciprocal()
		} else {
			mu, rs = op.Unpack("result1"), op.Unpack("result2")
		}
		xhat := x.Sub(mu).Mul(rs)
		grads := make([]*Tensor, 3)
		if op.Needs(0) {
			gx := g
			if weight != nil {
				gx = g.Mul(op.Unpack("weight"))
			}
			d := gx.Sub(gx.MeanDims(normDims, true)).Sub(xhat.Mul(gx.Mul(xhat).MeanDims(normDims, true)))
			grads[0] = d.Mul(rs)
		}
		sumBatch := func(t *Tensor) *Tensor {
			if len(batchDims) == 0 {
				return t
			}
			return t.SumDims(batchDims, false)
		}
		if op.Needs(1) {
			grads[1] = sumBatch(g.Mul(xhat))
		}
		if op.Needs(2) {
			grads[2] = sumBatch(g)
		}
		return grads
	})
	return r
}

// shapeTail is ", 4, 5" for [4, 5]: the dims after the * in layer_norm's message.
func shapeTail(s []int) string {
	out := ""
	for _, d := range s {
		out += ", " + itoa(d)
	}
	return out
}

// laneMoments are Welford accumulators, one per SIMD lane: the count each has seen, and
// each lane's mean and sum of squared deviations.
type laneMoments struct {
	m0     int
	m1, m2 []float64
}

// add merges the lanes' moments of m0 more values (means m1, sums m2) into l, as
// torch's AddMomentsVec (Chan et al.'s pairwise update), each step in the dtype.
func (l *laneMoments) add(m0 int, m1, m2 []float64, rnd func(float64) float64) {
	n := l.m0 + m0
	c := 0.0
	if n != 0 {
		c = rnd(float64(m0) / float64(n))
	}
	for i := range l.m1 {
		d := rnd(m1[i] - l.m1[i])
		l.m1[i] = rnd(l.m1[i] + rnd(c*d))
		l.m2[i] = rnd(l.m2[i] + rnd(m2[i]+rnd(rnd(rnd(d*d)*c)*float64(l.m0))))
	}
	l.m0 = n
}

func (l *laneMoments) reset() {
	l.m0 = 0
	clear(l.m1)
	clear(l.m2)
}

// rowMoments are a row's mean and biased variance as torch 1.13's RowwiseMoments
// computes them on a CPU with vectors of lanes values: Welford's update per lane over
// chunks of 16 vectors, the chunks merged in a binary cascade, the values after the
// last whole vector by a scalar Welford, then the lanes merged into it one by one.
// Each operation is rounded to the dtype (rnd), so the float32 results are torch's bit
// for bit (testdata/norm_golden.json).
func rowMoments(x []float64, lanes int, rnd func(float64) float64) (mean, variance float64) {
	const chunk = 16
	n := len(x) / lanes // whole vectors
	chunks := (n + chunk - 1) / chunk
	depth := 1
	for 1<<depth < chunks {
		depth++
	}
	stk := make([]laneMoments, depth)
	for i := range stk {
		stk[i] = laneMoments{m1: make([]float64, lanes), m2: make([]float64, lanes)}
	}
	m1, m2 := make([]float64, lanes), make([]float64, lanes)
	for i := 0; i < chunks; i++ {
		count := min(chunk, n-i*chunk)
		clear(m1)
		clear(m2)
		for j := 0; j < count; j++ {
			v := x[(i*chunk+j)*lanes:]
			c := rnd(1 / float64(j+1))
			for k := range m1 {
				d := rnd(v[k] - m1[k])
				m1[k] = rnd(m1[k] + rnd(d*c))
				m2[k] = rnd(m2[k] + rnd(d*rnd(v[k]-m1[k])))
			}
		}
		stk[0].add(count, m1, m2, rnd)
		for j, mask := 1, i+1; j < depth && mask&1 == 0; j, mask = j+1, mask>>1 {
			stk[j].add(stk[j-1].m0, stk[j-1].m1, stk[j-1].m2, rnd)
			stk[j-1].reset()
		}
	}
	for i := 1; i < depth; i++ {
		stk[0].add(stk[i].m0, stk[i].m1, stk[i].m2, rnd)
	}
	m0, mu, sq := 0, 0.0, 0.0
	for _, v := range x[n*lanes:] {
		d := rnd(v - mu)
		m0++
		mu = rnd(mu + rnd(d/float64(m0)))
		sq = rnd(sq + rnd(d*rnd(v-mu)))
	}
	for i := 0; i < lanes; i++ {
		all := m0 + n
		c := 0.0
		if all != 0 {
			c = rnd(float64(n) / float64(all))
		}
		d := rnd(stk[0].m1[i] - mu)
		mu = rnd(mu + rnd(c*d))
		sq = rnd(sq + rnd(stk[0].m2[i]+rnd(rnd(rnd(d*d)*c)*float64(m0))))
		m0 = all
	}
	return mu, rnd(sq / float64(len(x)))
}
