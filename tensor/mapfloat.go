package tensor

// MapFloat applies f to every element of a float array, computing in float64 and
// rounding to a's dtype, into a new contiguous array of a's shape: the pointwise
// functions math provides and the op tables lack (log1p, erf, expm1), for nn's
// activations and losses. A float32 result is f's float64 value rounded once, so it is
// the correctly rounded float32 result whenever f is correctly rounded in float64.
func (a *Array) MapFloat(f func(float64) float64) *Array {
	if !a.dtype.IsFloat() {
		runtimeErr("MapFloat: expected a floating point tensor, got %s", a.dtype.torchName())
	}
	src := a.Float64s()
	if a.dtype == Float64 {
		out, d := allocRaw[float64](a.shape())
		for i, v := range src {
			d[i] = f(v)
		}
		return out
	}
	out, d := allocRaw[float32](a.shape())
	for i, v := range src {
		d[i] = float32(f(v))
	}
	return out
}
