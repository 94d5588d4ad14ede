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
