package tensor

import "math"

// LinspaceOf is Linspace computed in dtype dt, as torch.linspace(..., dtype=dt) is: a
// float64 result is computed in float64 (not rounded through float32), with the same
// scheme as Linspace's float32 kernel — step = (end-start)/(steps-1), the first half
// counting up from start and the second half back from end, each value one fused
// multiply-add — in runs of 8 (two AVX2 vectors of 4 doubles) where each vector
// computes its base that way and adds l*step per lane. Other dtypes are the float32
// result converted.
func LinspaceOf(dt DType, start, end float64, steps int) *Array {
	if dt != Float64 {
		return Linspace(start, end, steps).To(dt)
	}
	if steps < 0 {
		runtimeErr("number of steps must be non-negative")
	}
	a, d := allocT[float64]([]int{steps})
	if steps == 0 {
		return a
	}
	if steps == 1 {
		d[0] = start
		return a
	}
	step := (end - start) / float64(steps-1)
	half := steps / 2
	at := func(idx int) float64 {
		if idx < half {
			return math.FMA(step, float64(idx), start)
		}
		return math.FMA(-step, float64(steps-idx-1), end)
	}
	const vec = 4
	i := 0
	for ; i+2*vec <= steps; i += 2 * vec {
		for _, b := range []int{i, i + vec} {
			base := at(b)
			for l := 0; l < vec; l++ {
				d[b+l] = base + float64(l)*step
			}
		}
	}
	for ; i < steps; i++ {
		d[i] = at(i)
	}
	return a
}

// ArangeOf is Arange with a dtype (torch.arange(..., dtype=dt)): a float64 result is
// computed in float64 as torch's kernel does, in runs of 8 (two vectors of 4) where
// each vector's base is start + step*idx and its lanes base + l*step, all fused
// multiply-adds (unlike linspace's lanes; autograd's fidelity_golden.json pins both
// against torch), the tail element by element. Any other dtype is
// Arange's result converted.
func ArangeOf(dt DType, args ...any) *Array {
	if dt != Float64 {
		return Arange(args...).To(dt)
	}
	r := Arange(args...) // checks the arguments and gives the length
	vals := make([]float64, len(args))
	for i, x := range args {
		vals[i], _, _ = scalarValue(x)
	}
	start, step := 0.0, 1.0
	switch len(vals) {
	case 2:
		start = vals[0]
	case 3:
		start, step = vals[0], vals[2]
	}
	a, d := allocT[float64]([]int{r.Numel()})
	const vec = 4
	i := 0
	for ; i+2*vec <= len(d); i += 2 * vec {
		for _, b := range []int{i, i + vec} {
			base := math.FMA(step, float64(b), start)
			for l := 0; l < vec; l++ {
				d[b+l] = math.FMA(float64(l), step, base)
			}
		}
	}
	for ; i < len(d); i++ {
		d[i] = math.FMA(step, float64(i), start)
	}
	return a
}
