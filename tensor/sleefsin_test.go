package tensor

import (
	"math"
	"strconv"
	"testing"
)

// TestSinMatchesTorch requires float32 sin to be PyTorch's bit for bit
// (testdata/sin_golden.json, gen_sin.py): on the whole array, whose SIMD and scalar
// paths both take sinf32, and element by element.
func TestSinMatchesTorch(t *testing.T) {
	var g struct{ X, Sin []string }
	readGolden(t, "sin_golden.json", &g)
	dec := func(hex []string) []float32 {
		out := make([]float32, len(hex))
		for i, h := range hex {
			b, err := strconv.ParseUint(h, 16, 32)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = math.Float32frombits(uint32(b))
		}
		return out
	}
	x, want := dec(g.X), dec(g.Sin)
	got := FromFloat32(x).Sin().Float32s()
	bad := 0
	for i := range x {
		if !sameBits32(got[i], want[i]) || !sameBits32(sinf32(x[i]), want[i]) {
			if bad < 5 {
				t.Errorf("sin(%v) = %v (scalar %v), torch %v", x[i], got[i], sinf32(x[i]), want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d differ from torch", bad, len(x))
	}
}
