package tensor

import (
	"math"
	"testing"
)

// libmExpf's table holds 2^(i/32) (its first entry 1 exactly, and each entry's value
// within half an ulp of math.Exp2's), and libmExpf is within an ulp of the correctly
// rounded exponential over its range; PyTorch's bits it reproduces are checked by the
// goldens whose tails PyTorch's scalar code computes (silu, softmax).
func TestLibmExpf(t *testing.T) {
	tab := exp2Table()
	if tab[0] != math.Float64bits(1) {
		t.Fatalf("table[0] = %#x", tab[0])
	}
	for i, b := range tab {
		v := math.Float64frombits(b + uint64(i)<<47)
		if d := math.Abs(v-math.Exp2(float64(i)/32)) / v; d > 0x1p-52 {
			t.Errorf("table[%d] = %v, 2^(%d/32) = %v", i, v, i, math.Exp2(float64(i)/32))
		}
	}
	for _, x := range []float32{0, -0, 1, -1, 0.5, 88.7, -103.9, 1e-8, -87, 50.25, float32(math.Inf(1)), float32(math.Inf(-1))} {
		got, want := libmExpf(x), float32(math.Exp(float64(x)))
		if got != want && math.Abs(float64(got-want)) > float64(math.Nextafter32(want, float32(math.Inf(1)))-want) {
			t.Errorf("libmExpf(%v) = %v, exp %v", x, got, want)
		}
	}
	if v := libmExpf(float32(math.NaN())); v == v {
		t.Errorf("libmExpf(NaN) = %v", v)
	}
	if libmExpf(89) != float32(math.Inf(1)) || libmExpf(-104) != 0 {
		t.Errorf("limits: %v %v", libmExpf(89), libmExpf(-104))
	}
	bad := 0
	for i, x := range hashFloats(100000, 3) {
		v := (x - 0.5) * 200
		got, want := libmExpf(v), float32(math.Exp(float64(v)))
		if got != want {
			bad++
			if math.Abs(float64(got-want)) > math.Abs(float64(math.Nextafter32(want, 0)-want))*1.01 {
				t.Fatalf("libmExpf(%v) = %v, exp %v (input %d)", v, got, want, i)
			}
		}
	}
	t.Logf("%d of 100000 differ from the correctly rounded value by an ulp", bad)
}

// libmExp64 is glibc's exp bit for bit (libmexp64_golden.json, gen_libmexp64.py: its
// whole range, the slow ranges' edges, subnormal results, the limits and specials),
// and its table holds 2^(i/128) as scale·(1 + tail).
func TestLibmExp64(t *testing.T) {
	for i, e := range exp2Table128() {
		scale := math.Float64frombits(e.scale + uint64(i)<<45)
		if v := scale * (1 + e.tail); math.Abs(v-math.Exp2(float64(i)/128)) > 0x1p-52*v || math.Abs(e.tail) > 0x1p-53 {
			t.Errorf("table[%d] = %v·(1 + %v), 2^(%d/128) = %v", i, scale, e.tail, i, math.Exp2(float64(i)/128))
		}
	}
	var g struct{ X, Exp []string }
	readGolden(t, "libmexp64_golden.json", &g)
	xs, ys := decodeBits64(t, g.X), decodeBits64(t, g.Exp)
	bad := 0
	for i, x := range xs {
		if got := libmExp64(x); math.Float64bits(got) != math.Float64bits(ys[i]) {
			if bad++; bad <= 5 {
				t.Errorf("exp(%v) = %v (%#x), glibc %v (%#x)", x, got, math.Float64bits(got), ys[i], math.Float64bits(ys[i]))
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d differ from glibc's bits", bad, len(xs))
	}
}
