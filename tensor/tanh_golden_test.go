package tensor

import (
	"math"
	"testing"
)

// tanhGolden is testdata/tanh_golden.json (gen_tanh.py): float32 torch.tanh of one
// contiguous run, of pieces of it computed alone (every length 1 to 67 and a few
// thousands) and of its every third element.
type tanhGolden struct {
	X, Tanh []string
	Runs    []struct {
		Off, N int
		Tanh   []string
	}
	Strided []string
}

// countBits32 returns how many of got equal want bit for bit (NaN payloads included),
// reporting the first few that differ.
func countBits32(t *testing.T, what string, x, got, want []float32) int {
	t.Helper()
	same := 0
	for i := range want {
		if math.Float32bits(got[i]) == math.Float32bits(want[i]) {
			same++
		} else if i-same < 3 {
			t.Errorf("%s: tanh(%v) (%08x) = %08x, torch %08x", what, x[i], math.Float32bits(x[i]), math.Float32bits(got[i]), math.Float32bits(want[i]))
		}
	}
	if same != len(want) {
		t.Errorf("%s: %d of %d differ from torch", what, len(want)-same, len(want))
	}
	return same
}

// TestTanhMatchesTorch requires float32 tanh to be PyTorch's bit for bit on every SIMD
// path: the whole run, each piece alone (its SIMD vectors and its tail), the strided
// input, and tanhf32 element by element.
func TestTanhMatchesTorch(t *testing.T) {
	var g tanhGolden
	readGolden(t, "tanh_golden.json", &g)
	x, want := decodeBits32(t, g.X), decodeBits32(t, g.Tanh)
	scalar := make([]float32, len(x))
	for i, v := range x {
		scalar[i] = tanhf32(v)
	}
	same := countBits32(t, "tanhf32", x, scalar, want)
	t.Logf("tanhf32: %d of %d equal", same, len(want))
	forEachSIMD(t, func(t *testing.T) {
		same := countBits32(t, "run", x, FromFloat32(x).Tanh().Float32s(), want)
		total := len(want)
		for _, r := range g.Runs {
			xs := x[r.Off : r.Off+r.N]
			same += countBits32(t, "piece", xs, FromFloat32(xs).Tanh().Float32s(), decodeBits32(t, r.Tanh))
			total += r.N
		}
		strided := FromFloat32(x).Slice(0, 0, len(x), 3)
		same += countBits32(t, "strided", strided.Float32s(), strided.Tanh().Float32s(), decodeBits32(t, g.Strided))
		total += len(g.Strided)
		t.Logf("%d of %d equal", same, total)
	})
}
