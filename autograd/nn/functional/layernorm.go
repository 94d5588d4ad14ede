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

	n := 1
	for _, d := range ns {
		n *= d
	}
	statShape := slices.Clone([]int(xs))
	for i := lead; i < len(statShape); i++ {
		statShape[i] = 1
	}
	// torch's AVX2 kernels: vectors of 8 float32 or 4 float64
	var out, mean, rstd *tensor.Array
	if input.Array().DType() == tensor.Float64 {
		out, mean, rstd = layerNormForward(input.Array().Float64s(), n, 4, e, weight, bias, tensor.FromFloat64)
	} else {
		out, mean, rstd = layerNormForward(input.Array().Float32s(), n, 8, e, weight, bias, tensor.FromFloat32)
	}
	out, mean, rstd = out.Reshape(xs...), mean.Reshape(statShape...), rstd.Reshape(statShape...)
	r, op := autograd.NewOp("NativeLayerNormBackward0", out, input, weight, bias)
	if op == nil {
		return r
	}
	op.Save("bias", bias, bias != nil)
	op.Save("input", input, true)
	op.Attr("normalized_shape", ns)
	op.Save("result1", autograd.FromArray(mean), true)
	op.Save("result2", autograd.FromArray(rstd), true)
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
		if !autograd.IsGradEnabled() {
			// not differentiated again: one pass per row
			var w []float64
			if weight != nil {
				w = op.Unpack("weight").Array().Float64s()
			}
			mean, rstd := op.Unpack("result1").Array().Float64s(), op.Unpack("result2").Array().Float64s()
			needs := [3]bool{op.Needs(0), op.Needs(1), op.Needs(2)}
			var dx *tensor.Array
			var dw, db []float64
			if xa := x.Array(); xa.DType() == tensor.Float64 {
				var v []float64
				v, dw, db = layerNormBackward(xa.Float64s(), g.Array().Float64s(), mean, rstd, w, n, needs[0])
				dx = tensor.FromFloat64(v, xs...)
			} else {
				var v []float32
				v, dw, db = layerNormBackward(xa.Float32s(), g.Array().Float32s(), mean, rstd, w, n, needs[0])
				dx = tensor.FromFloat32(v, xs...)
			}
			grads := make([]*Tensor, 3)
			dt := x.Array().DType()
			for i, a := range []*tensor.Array{dx, tensor.FromFloat64(dw, ns...).To(dt), tensor.FromFloat64(db, ns...).To(dt)} {
				if needs[i] {
					grads[i] = autograd.FromArray(a)
				}
			}
			return grads
		}
		// create_graph: the backward as autograd ops, recorded as torch's node, the
		// statistics as functions of x
		var w *Tensor
		if weight != nil {
			w = op.Unpack("weight")
		}
		needs := [3]bool{op.Needs(0), op.Needs(1), op.Needs(2)}
		return backwardNodes("NativeLayerNormBackwardBackward0", []*Tensor{g, x, w}, func(in []*Tensor) []*Tensor {
			g, x, w := in[0], in[1], in[2]
			mu := x.MeanDims(normDims, true)
			rs := x.Sub(mu).Pow(2).MeanDims(normDims, true).Add(e).Sqrt().Reciprocal()
			xhat := x.Sub(mu).Mul(rs)
			grads := make([]*Tensor, 3)
			if needs[0] {
				gx := g
				if w != nil {
					gx = g.Mul(w)
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
			if needs[1] {
				grads[1] = sumBatch(g.Mul(xhat))
			}
			if needs[2] {
				grads[2] = sumBatch(g)
			}
			return grads
		})
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

// layerNormForward normalises each row of n values of x as torch's CPU kernel does,
// in T's arithmetic: the statistics by rowMoments over vectors of lanes values, rstd =
// 1/sqrt(max(var, 0) + eps), then (x·rstd + (-rstd·mean))·w + b with both
// multiply-adds fused, as the compiler fuses them in torch's kernel. wrap makes the
// flat results arrays.
func layerNormForward[T float32 | float64](x []T, n, lanes int, eps float64, weight, bias *Tensor,
	wrap func([]T, ...int) *tensor.Array) (out, mean, rstd *tensor.Array) {
	rows := 0
	if n > 0 {
		rows = len(x) / n
	}
	w, b := floatsOr(weight, 1, n), floatsOr(bias, 0, n) // T's values, exactly
	mu, rs := make([]T, rows), make([]T, rows)
	y := make([]T, len(x))
	e := T(eps)
	for r := 0; r < rows; r++ {
		row := x[r*n : (r+1)*n]
		m, v := rowMoments(row, lanes)
		mu[r], rs[r] = m, 1/T(math.Sqrt(float64(max(v, 0)+e)))
		scale, shift := float64(rs[r]), float64(T(-rs[r]*m))
		yr := y[r*n : (r+1)*n]
		for j, v := range row {
			yr[j] = T(math.FMA(float64(T(math.FMA(float64(v), scale, shift))), w[j], b[j]))
		}
	}
	return wrap(y), wrap(mu), wrap(rs)
}

// laneMoments are Welford accumulators, one per SIMD lane: the count each has seen, and
// each lane's mean and sum of squared deviations.
type laneMoments[T float32 | float64] struct {
	m0     int
	m1, m2 []T
}

// add merges the lanes' moments of m0 more values (means m1, sums m2) into l, as
// torch's AddMomentsVec (Chan et al.'s pairwise update). The conversions round each
// product, as torch's separate vector multiplies do (Go must not fuse them).
func (l *laneMoments[T]) add(m0 int, m1, m2 []T) {
	n := l.m0 + m0
	var c T
	if n != 0 {
		c = T(m0) / T(n)
	}
	for i := range l.m1 {
		d := m1[i] - l.m1[i]
		l.m1[i] += T(c * d)
		l.m2[i] += m2[i] + T(T(T(d*d)*c)*T(l.m0))
	}
	l.m0 = n
}

func (l *laneMoments[T]) reset() {
	l.m0 = 0
	clear(l.m1)
	clear(l.m2)
}

// rowMoments are a row's mean and biased variance as torch 1.13's RowwiseMoments
// computes them on a CPU with vectors of lanes values: Welford's update per lane over
// chunks of 16 vectors, the chunks merged in a binary cascade, the values after the
// last whole vector by a scalar Welford, then the lanes merged into it one by one, all
// in T, so that the results are torch's bit for bit (testdata/norm_golden.json).
func rowMoments[T float32 | float64](x []T, lanes int) (mean, variance T) {
	const chunk = 16
	n := len(x) / lanes // whole vectors
	chunks := (n + chunk - 1) / chunk
	depth := 1
	for 1<<depth < chunks {
		depth++
	}
	stk := make([]laneMoments[T], depth)
	for i := range stk {
		stk[i] = laneMoments[T]{m1: make([]T, lanes), m2: make([]T, lanes)}
	}
	m1, m2 := make([]T, lanes), make([]T, lanes)
	for i := 0; i < chunks; i++ {
		count := min(chunk, n-i*chunk)
		clear(m1)
		clear(m2)
		for j := 0; j < count; j++ {
			v := x[(i*chunk+j)*lanes:][:lanes]
			c := 1 / T(j+1)
			for k, xv := range v {
				d := xv - m1[k]
				m1[k] += T(d * c)
				m2[k] += T(d * (xv - m1[k]))
			}
		}
		stk[0].add(count, m1, m2)
		for j, mask := 1, i+1; j < depth && mask&1 == 0; j, mask = j+1, mask>>1 {
			stk[j].add(stk[j-1].m0, stk[j-1].m1, stk[j-1].m2)
			stk[j-1].reset()
		}
	}
	for i := 1; i < depth; i++ {
		stk[0].add(stk[i].m0, stk[i].m1, stk[i].m2)
	}
	m0 := 0
	var mu, sq T
	for _, v := range x[n*lanes:] {
		d := v - mu
		m0++
		mu += d / T(m0)
		sq += T(d * (v - mu))
	}
	for i := 0; i < lanes; i++ {
		all := m0 + n
		var c T
		if all != 0 {
			c = T(n) / T(all)
		}
		d := stk[0].m1[i] - mu
		mu += T(c * d)
		sq += stk[0].m2[i] + T(T(T(d*d)*c)*T(m0))
		m0 = all
	}
	return mu, sq / T(len(x))
}

// layerNormBackward is native_layer_norm_backward for a gradient g that is not
// differentiated again, in float64 per row of n values: with x̂ = (x-mean)·rstd and
// gw = g·w, the input's gradient is rstd·(gw - mean(gw) - x̂·mean(gw·x̂)), rounded once
// to T (computed only if wantDx); the weight's and the bias's are Σ g·x̂ and Σ g over
// the rows. w is nil without weight.
func layerNormBackward[T float32 | float64](x, g []T, mean, rstd, w []float64, n int, wantDx bool) (dx []T, dw, db []float64) {
	dx = make([]T, len(x))
	dw, db = make([]float64, n), make([]float64, n)
	gw, xhat := make([]float64, n), make([]float64, n)
	for r := range mean {
		row, gr := x[r*n:(r+1)*n], g[r*n:(r+1)*n]
		a, b := 0.0, 0.0
		for j, v := range row {
			gj := float64(gr[j])
			xhat[j] = (float64(v) - mean[r]) * rstd[r]
			gw[j] = gj
			if w != nil {
				gw[j] *= w[j]
			}
			a += gw[j]
			b += gw[j] * xhat[j]
			dw[j] += gj * xhat[j]
			db[j] += gj
		}
		a, b = a/float64(n), b/float64(n)
		if wantDx {
			d := dx[r*n : (r+1)*n]
			for j := range row {
				d[j] = T(rstd[r] * (gw[j] - a - xhat[j]*b))
			}
		}
	}
	return dx, dw, db
}
