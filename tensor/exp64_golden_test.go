package tensor

import (
	"math"
	"strconv"
	"testing"
)

// decodeBits64 decodes the float64 bit patterns of a golden.
func decodeBits64(t *testing.T, hex []string) []float64 {
	out := make([]float64, len(hex))
	for i, h := range hex {
		b, err := strconv.ParseUint(h, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = math.Float64frombits(b)
	}
	return out
}

// countBits64 returns how many of got equal want bit for bit (NaN payloads included),
// reporting the first few that differ.
func countBits64(t *testing.T, what string, x, got, want []float64) int {
	t.Helper()
	same := 0
	for i := range want {
		if math.Float64bits(got[i]) == math.Float64bits(want[i]) {
			same++
		} else if i-same < 3 {
			t.Errorf("%s: exp(%v) (%016x) = %016x, torch %016x", what, x[i], math.Float64bits(x[i]), math.Float64bits(got[i]), math.Float64bits(want[i]))
		}
	}
	if same != len(want) {
		t.Errorf("%s: %d of %d differ from torch", what, len(want)-same, len(want))
	}
	return same
}

// TestExp64MatchesTorch requires float64 exp to be PyTorch's bit for bit
// (testdata/exp64_golden.json, gen_exp64.py) on every SIMD path: the whole run, each
// piece alone (its SIMD vectors and its tail), the strided input, and expf64 element by
// element.
func TestExp64MatchesTorch(t *testing.T) {
	var g struct {
		X, Exp []string
		Runs   []struct {
			Off, N int
			Exp    []string
		}
		Strided []string
	}
	readGolden(t, "exp64_golden.json", &g)
	x, want := decodeBits64(t, g.X), decodeBits64(t, g.Exp)
	scalar := make([]float64, len(x))
	for i, v := range x {
		scalar[i] = expf64(v)
	}
	t.Logf("expf64: %d of %d equal", countBits64(t, "expf64", x, scalar, want), len(want))
	forEachSIMD(t, func(t *testing.T) {
		same := countBits64(t, "run", x, FromFloat64(x).Exp().Float64s(), want)
		total := len(want)
		for _, r := range g.Runs {
			xs := x[r.Off : r.Off+r.N]
			same += countBits64(t, "piece", xs, FromFloat64(xs).Exp().Float64s(), decodeBits64(t, r.Exp))
			total += r.N
		}
		strided := FromFloat64(x).Slice(0, 0, len(x), 3)
		same += countBits64(t, "strided", strided.Float64s(), strided.Exp().Float64s(), decodeBits64(t, g.Strided))
		total += len(g.Strided)
		t.Logf("%d of %d equal", same, total)
	})
}
