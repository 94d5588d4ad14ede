package tensor

// The kernels of nll_loss over an input viewed as (N, C, S): N samples, C classes, S
// positions of the trailing dims (1 for a matrix), and one class index per sample and
// position (N·S targets, row-major). A target equal to ignore adds nothing; weight is
// a weight per class, nil for all ones.

// NLLPick returns, for each target, -weight[t]·input[n, t, s] in the input's dtype
// (zero where ignored), shaped (N·S), and the sum of the weights of the targets not
// ignored. Targets must be in [0, C) or ignore (callers check).
func NLLPick(input *Array, target []int64, weight []float64, ignore, c, spots int) (*Array, float64) {
	switch input.dtype {
	case Float32:
		return nllPick[float32](input, target, weight, ignore, c, spots)
	case Float64:
		return nllPick[float64](input, target, weight, ignore, c, spots)
	}
	runtimeErr("\"nll_loss_out_frame\" not implemented for '%s'", input.dtype.torchName())
	return nil, 0
}

func nllPick[T float32 | float64](input *Array, target []int64, weight []float64, ignore, c, spots int) (*Array, float64) {
	src := contig[T](input)
	out, d := allocT[T]([]int{len(target)})
	total := 0.0
	eachTarget(target, weight, ignore, c, spots, func(i, at int, w float64) {
		d[i] = -T(w) * src[at]
		total += w
	})
	return out, total
}

// NLLWeights is the dense (N, C, S)-ordered array, of the given shape and dtype, that
// holds -weight[t] at each target's place and zeros elsewhere: the gradient of the
// per-target losses with respect to the input.
func NLLWeights(dt DType, shape []int, target []int64, weight []float64, ignore, c, spots int) *Array {
	switch dt {
	case Float32:
		return nllWeights[float32](shape, target, weight, ignore, c, spots)
	case Float64:
		return nllWeights[float64](shape, target, weight, ignore, c, spots)
	}
	runtimeErr("\"nll_loss_backward_out_frame\" not implemented for '%s'", dt.torchName())
	return nil
}

func nllWeights[T float32 | float64](shape []int, target []int64, weight []float64, ignore, c, spots int) *Array {
	out, d := allocT[T](shape)
	eachTarget(target, weight, ignore, c, spots, func(_, at int, w float64) { d[at] = -T(w) })
	return out
}

// eachTarget calls f for each target i not ignored with at, the place of its class in
// the (N, C, S) input, and its weight.
func eachTarget(target []int64, weight []float64, ignore, c, spots int, f func(i, at int, w float64)) {
	for i, t := range target {
		if int(t) == ignore {
			continue
		}
		w := 1.0
		if weight != nil {
			w = weight[t]
		}
		n, s := i/spots, i%spots
		f(i, (n*c+int(t))*spots+s, w)
	}
}

// NLLReduce is nll_loss's reduced loss over an (N, C) or (C) input, as PyTorch's
// nll_loss_out_frame sums it: in the input's dtype, each target's -weight·input taken
// into a cascade of partial sums (a level per 2^p samples, p = max(4, ⌈log2 N⌉/4),
// eight levels), the levels then added lowest first; likewise the total
// weight, or the count of targets not ignored without weights. mean divides the sum
// by the total weight. It returns the loss and the total weight, 0-d arrays.
func NLLReduce(input *Array, target []int64, weight []float64, ignore, c int, mean bool) (loss, total *Array) {
	switch input.dtype {
	case Float32:
		l, t := nllReduce[float32](contig[float32](input), target, weight, ignore, c, mean)
		return FromFloat32([]float32{l}).Reshape(), FromFloat32([]float32{t}).Reshape()
	case Float64:
		l, t := nllReduce[float64](contig[float64](input), target, weight, ignore, c, mean)
		return FromFloat64([]float64{l}).Reshape(), FromFloat64([]float64{t}).Reshape()
	}
	runtimeErr("\"nll_loss_out_frame\" not implemented for '%s'", input.dtype.torchName())
	return nil, nil
}

func nllReduce[T float32 | float64](x []T, target []int64, weight []float64, ignore, c int, mean bool) (loss, total T) {
	const levels = 8
	n := len(target)
	power := 4
	if lg := ceilLog2(n) / 4; lg > power {
		power = lg
	}
	mask := 1<<power - 1
	var lossSums, weightSums [levels]T
	ignored := 0
	for b, t := range target {
		if int(t) == ignore {
			ignored++
			continue
		}
		v := x[b*c+int(t)]
		if weight != nil {
			w := T(weight[t])
			lossSums[0] -= T(v * w) // rounded before the subtraction, as PyTorch's loop (no fused multiply-add)
			weightSums[0] += w
		} else {
			lossSums[0] -= v
		}
		for j := 0; j+1 < levels; j++ {
			if b&(mask<<(j*power)) != 0 {
				break
			}
			weightSums[j+1] += weightSums[j]
			lossSums[j+1] += lossSums[j]
			weightSums[j], lossSums[j] = 0, 0
		}
	}
	if weight == nil {
		total = T(n - ignored)
	} else {
		for _, w := range weightSums {
			total += w
		}
	}
	for _, l := range lossSums {
		loss += l
	}
	if mean {
		loss /= total
	}
	return loss, total
}

// NLLGrad is nll_loss's gradient over an input of the given shape, viewed as (N, C, S)
// (spots S, 1 for a matrix or a vector), given
// the loss's gradient g in the input's dtype: for a reduced loss (g 0-d), as PyTorch's
// nll_loss_backward_out_frame makes it, -(g/total) for a mean (-g for a sum) times
// weight[t] at each target's place; for reduction "none" (g one per target), -weight[t]
// times g's own element. Zeros (+0) elsewhere.
func NLLGrad(shape []int, target []int64, weight []float64, ignore, c, spots int, g *Array, total float64, mean bool) *Array {
	switch g.dtype {
	case Float32:
		return nllGrad[float32](shape, target, weight, ignore, c, spots, contig[float32](g), float32(total), mean, g.Dim() == 0)
	case Float64:
		return nllGrad[float64](shape, target, weight, ignore, c, spots, contig[float64](g), total, mean, g.Dim() == 0)
	}
	runtimeErr("\"nll_loss_backward_out_frame\" not implemented for '%s'", g.dtype.torchName())
	return nil
}

func nllGrad[T float32 | float64](shape []int, target []int64, weight []float64, ignore, c, spots int, g []T, total T, mean, reduced bool) *Array {
	out := allocZeroed[T](shape) // one value per row: the rest is the zeros
	d := storage[T](out)
	if reduced {
		r := g[0]
		if mean {
			r /= total
		}
		r = -r
		eachTarget(target, weight, ignore, c, spots, func(_, at int, w float64) {
			if weight != nil {
				d[at] = T(w) * r
			} else {
				d[at] = r
			}
		})
		return out
	}
	eachTarget(target, weight, ignore, c, spots, func(i, at int, w float64) { d[at] = -T(w) * g[i] })
	return out
}
