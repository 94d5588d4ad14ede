package tensor

import (
	"math"
	"strconv"
	"testing"
)

// decodeBits32 decodes the float32 bit patterns of a golden.
func decodeBits32(t *testing.T, hex []string) []float32 {
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

// TestSinMatchesTorch requires float32 sin to be PyTorch's bit for bit
// (testdata/sin_golden.json, gen_sin.py): on the whole array, whose SIMD and scalar
// paths both take sleefSin32, and element by element.
func TestSinMatchesTorch(t *testing.T) {
	var g struct{ X, Sin []string }
	readGolden(t, "sin_golden.json", &g)
	x, want := decodeBits32(t, g.X), decodeBits32(t, g.Sin)
	got := FromFloat32(x).Sin().Float32s()
	bad := 0
	for i := range x {
		if !sameBits32(got[i], want[i]) || !sameBits32(sleefSin32(x[i]), want[i]) {
			if bad < 5 {
				t.Errorf("sin(%v) = %v (scalar %v), torch %v", x[i], got[i], sleefSin32(x[i]), want[i])
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d differ from torch", bad, len(x))
	}
}

// TestPowMatchesTorch requires float32 x ** e to be PyTorch's bit for bit where torch
// runs SLEEF's powf (testdata/pow_golden.json, gen_pow.py): every element of a
// contiguous run of whole 16-element blocks.
func TestPowMatchesTorch(t *testing.T) {
	var g struct {
		X     []string
		Cases []struct {
			E   float64
			Pow []string
		}
	}
	readGolden(t, "pow_golden.json", &g)
	x := decodeBits32(t, g.X)
	for _, c := range g.Cases {
		want := decodeBits32(t, c.Pow)
		got := FromFloat32(x).Pow(c.E).Float32s()
		bad := 0
		for i := range x {
			if !sameBits32(got[i], want[i]) {
				if bad < 3 {
					t.Errorf("%v ** %v = %v, torch %v", x[i], c.E, got[i], want[i])
				}
				bad++
			}
		}
		if bad > 0 {
			t.Errorf("** %v: %d of %d differ from torch", c.E, bad, len(x))
		}
	}
}
