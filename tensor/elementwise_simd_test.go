package tensor

import (
	"math"
	"testing"
)

// The unary ops with SIMD run kernels (neg, abs, sqrt, sign, relu, clamp with number bounds,
// pow 2, 3 and 0.5) give, element by element, the scalar definitions' bits: on runs
// long enough for the kernels and the parallel pieces, contiguous and strided, with
// NaN, infinities, zeros of both signs and subnormals among the values, both float
// dtypes, on every SIMD path.
func TestUnarySIMDMatchesScalar(t *testing.T) {
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1e-40, -1e-40, 0.5, -0.5, 1, -2}
	n := 2*grainSize + 37
	base := hashFloats(2*n, 1)
	for i := 0; i < len(base); i += 7 {
		base[i] = float32(specials[(i/7)%len(specials)])
	}
	inf := math.Inf(1)
	ops := []struct {
		name string
		f    func(a *Array) *Array
		ref  func(x float64, dt DType) float64
	}{
		{"neg", (*Array).Neg, func(x float64, _ DType) float64 { return -x }},
		{"abs", (*Array).Abs, func(x float64, _ DType) float64 { return math.Abs(x) }},
		{"sqrt", (*Array).Sqrt, func(x float64, _ DType) float64 { return math.Sqrt(x) }},
		{"sign", (*Array).Sign, func(x float64, _ DType) float64 { return sign(x) }},
		{"relu", (*Array).Relu, func(x float64, _ DType) float64 { return clampLo(x, 0) }},
		{"clamp", func(a *Array) *Array { return a.Clamp(-0.25, 0.75) }, func(x float64, _ DType) float64 { return clampHi(clampLo(x, -0.25), 0.75) }},
		{"clamp min", func(a *Array) *Array { return a.Clamp(0.1, nil) }, func(x float64, dt DType) float64 { return clampLo(x, roundTo(0.1, dt)) }},
		{"clamp max", func(a *Array) *Array { return a.Clamp(nil, -inf) }, func(x float64, _ DType) float64 { return clampHi(x, -inf) }},
		{"pow 2", func(a *Array) *Array { return a.Pow(2) }, func(x float64, dt DType) float64 { return roundTo(x*x, dt) }},
		{"pow 3", func(a *Array) *Array { return a.Pow(3) }, func(x float64, dt DType) float64 { return roundTo(roundTo(x*x, dt)*x, dt) }},
		{"pow 0.5", func(a *Array) *Array { return a.Pow(0.5) }, func(x float64, _ DType) float64 { return math.Sqrt(x) }},
	}
	forEachSIMD(t, func(t *testing.T) {
		{
			for _, dt := range []DType{Float32, Float64} {
				full := FromFloat32(base).To(dt)
				for _, in := range []struct {
					name string
					a    *Array
				}{{"contiguous", full.Slice(0, 0, n, 1)}, {"strided", full.Slice(0, 0, 2*n, 2)}} {
					x := in.a.Float64s()
					for _, op := range ops {
						got := op.f(in.a).Float64s()
						for i, v := range x {
							want := roundTo(op.ref(v, dt), dt)
							if math.Float64bits(got[i]) != math.Float64bits(want) && !(got[i] != got[i] && want != want) {
								t.Fatalf("%s %s %s: element %d, f(%v) = %v, want %v", dt, in.name, op.name, i, v, got[i], want)
							}
						}
					}
				}
			}
		}
	})
}

// roundTo rounds x to dt's precision.
func roundTo(x float64, dt DType) float64 {
	if dt == Float32 {
		return float64(float32(x))
	}
	return x
}

// Maximum and Minimum take the arithmetic fast paths (same shape, a Go number, a
// broadcast row or column) with their SIMD kernel, and give the scalar definitions'
// bits, NaN as NaN and a tie of zeros keeping the first operand's sign.
func TestExtremaMatchScalar(t *testing.T) {
	n := 2*grainSize + 64
	xs, ys := hashFloats(n, 1), hashFloats(n, 2)
	for i := 0; i < n; i += 5 {
		xs[i] = float32([]float64{math.NaN(), 0, math.Copysign(0, -1), math.Inf(1), 0.25}[(i/5)%5])
		ys[i] = float32([]float64{0.5, math.Copysign(0, -1), 0, math.NaN(), 0.25}[(i/5)%5])
	}
	forEachSIMD(t, func(t *testing.T) {
		for _, dt := range []DType{Float32, Float64} {
			x, y := FromFloat32(xs, n/64, 64).To(dt), FromFloat32(ys, n/64, 64).To(dt)
			for _, c := range []struct {
				name string
				y    any
			}{
				{"array", y},
				{"number", -0.125},
				{"row", y.Select(0, 3)},
				{"column", y.Slice(1, 0, 1, 1)},
			} {
				for _, op := range []struct {
					name string
					f    func(a *Array, b any) *Array
					ref  func(a, b float64) float64
				}{
					{"maximum", (*Array).Maximum, maximum[float64]},
					{"minimum", (*Array).Minimum, minimum[float64]},
				} {
					got := op.f(x, c.y).Float64s()
					var yb []float64
					if v, ok := c.y.(float64); ok {
						yb = FromFloat64([]float64{v}).To(dt).Expand(x.Shape()...).Contiguous().Float64s()
					} else {
						yb = c.y.(*Array).Expand(x.Shape()...).Contiguous().Float64s()
					}
					for i, v := range x.Float64s() {
						want := op.ref(v, yb[i])
						if !(want != want && got[i] != got[i]) && math.Float64bits(want) != math.Float64bits(got[i]) {
							t.Fatalf("%s %s %s: element %d, (%v, %v) -> %v, want %v", dt, c.name, op.name, i, v, yb[i], got[i], want)
						}
					}
				}
			}
		}
	})
}

// Comparisons of a vector with a vector or a Go number, on either side, give the
// operators' results (NaN compares false except for ne), on runs long enough for the
// parallel pieces and on small ones, both float dtypes.
func TestCompareLoops(t *testing.T) {
	for _, n := range []int{5, 2*grainSize + 9} {
		xs, ys := hashFloats(n, 1), hashFloats(n, 2)
		for i := 0; i < n; i += 4 {
			xs[i] = float32([]float64{math.NaN(), 0, math.Copysign(0, -1), math.Inf(1), 0.5}[(i/4)%5])
			ys[i] = float32([]float64{0.5, math.Copysign(0, -1), 0, math.NaN(), 0.5}[(i/4)%5])
		}
		for _, dt := range []DType{Float32, Float64} {
			x, y := FromFloat32(xs).To(dt), FromFloat32(ys).To(dt)
			xv, yv := x.Float64s(), y.Float64s()
			for _, op := range []struct {
				name string
				f    func(a *Array, b any) *Array
				ref  func(a, b float64) bool
			}{
				{"eq", (*Array).Eq, func(a, b float64) bool { return a == b }},
				{"ne", (*Array).Ne, func(a, b float64) bool { return a != b }},
				{"lt", (*Array).Lt, func(a, b float64) bool { return a < b }},
				{"le", (*Array).Le, func(a, b float64) bool { return a <= b }},
				{"gt", (*Array).Gt, func(a, b float64) bool { return a > b }},
				{"ge", (*Array).Ge, func(a, b float64) bool { return a >= b }},
			} {
				for _, c := range []struct {
					name string
					got  *Array
					want func(i int) bool
				}{
					{"arrays", op.f(x, y), func(i int) bool { return op.ref(xv[i], yv[i]) }},
					{"number right", op.f(x, 0.5), func(i int) bool { return op.ref(xv[i], 0.5) }},
					{"number left", op.f(FromFloat64([]float64{0.5}).To(dt).Expand(n), x), func(i int) bool { return op.ref(0.5, xv[i]) }},
				} {
					got := c.got.Bools()
					for i := range got {
						if got[i] != c.want(i) {
							t.Fatalf("n=%d %s %s %s: element %d (%v, %v) = %v", n, dt, op.name, c.name, i, xv[i], yv[i], got[i])
						}
					}
				}
			}
		}
	}
}
