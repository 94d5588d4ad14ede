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
// attribute normalized_shape. The forward is torch's kernel's arithmetic,
// ((x·rstd - mean·rstd)·weight + bias) in the input's dtype with its multiply-adds
// fused, from statistics taken in float64 (torch's float32 Welford sums may differ from
// them in the last bits, so float32 outputs can differ by a few ulps). The
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
	for r := 0; r < rows; r++ {
		row := x[r*n : (r+1)*n]
		sum := 0.0
		for _, v := range row {
			sum += v
		}
		m := sum / float64(n)
		sq := 0.0
		for _, v := range row {
			sq += (v - m) * (v - m)
		}
		mean[r] = rnd(m)
		rstd[r] = rnd(1 / rnd(math.Sqrt(rnd(rnd(sq/float64(n))+re))))
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
