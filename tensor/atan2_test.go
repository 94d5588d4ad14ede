package tensor

import (
	"math"
	"testing"
)

// TestAtan2MatchesTorch runs the cases of testdata/atan2_golden.json, computed by
// torch.atan2 (testdata/gen_atan2.py): the result's dtype and shape must be torch's,
// NaN where torch has NaN, and each value within one unit in the last place of torch's
// (torch's float32 atan2 is SIMD code accurate to one unit; ours is rounded from
// float64), exact for the signed zeros, infinities and multiples of π/4 of the
// special-value cases.
func TestAtan2MatchesTorch(t *testing.T) {
	type input struct {
		goldenArr
		Transpose bool `json:"transpose"`
	}
	var g struct {
		Cases []struct {
			Name   string    `json:"name"`
			X      input     `json:"x"`
			Y      input     `json:"y"`
			Expect goldenArr `json:"expect"`
		} `json:"cases"`
	}
	readGolden(t, "atan2_golden.json", &g)
	if len(g.Cases) == 0 {
		t.Fatal("no cases")
	}
	build := func(in input) *Array {
		a := in.array()
		if in.Transpose {
			a = a.Transpose(0, 1)
		}
		return a
	}
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			got := build(c.X).Atan2(build(c.Y))
			want := c.Expect.array()
			if got.DType() != want.DType() || !got.SameShape(want) {
				t.Fatalf("got %v %v, torch %v %v", got.DType(), got.Shape(), want.DType(), want.Shape())
			}
			gv, wv := got.Float64s(), want.Float64s()
			for i := range wv {
				if !withinULP(gv[i], wv[i], got.DType()) {
					t.Errorf("element %d: atan2(%v, %v) = %v, torch %v",
						i, build(c.X).Expand(got.Shape()...).Contiguous().Float64s()[i],
						build(c.Y).Expand(got.Shape()...).Contiguous().Float64s()[i], gv[i], wv[i])
				}
			}
		})
	}
}

// withinULP reports whether got is want or its neighbour in dtype d (NaN matches NaN;
// zeros and infinities must match exactly, sign included).
func withinULP(got, want float64, d DType) bool {
	switch {
	case math.IsNaN(want) || math.IsNaN(got):
		return math.IsNaN(want) && math.IsNaN(got)
	case want == 0 || math.IsInf(want, 0):
		return got == want && math.Signbit(got) == math.Signbit(want)
	case d == Float32:
		w := float32(want)
		return float32(got) == w || float32(got) == math.Nextafter32(w, float32(math.Inf(1))) || float32(got) == math.Nextafter32(w, float32(math.Inf(-1)))
	}
	return got == want || got == math.Nextafter(want, math.Inf(1)) || got == math.Nextafter(want, math.Inf(-1))
}
