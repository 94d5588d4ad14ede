// Package golden reads the testdata goldens that the autograd packages' gen.py scripts
// write with real PyTorch: a JSON file decoded into the test's own struct, and float
// values stored as IEEE-754 bit patterns in hex so that tests can ask for bit-exact
// agreement.
package golden

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// Load decodes the JSON file at path (relative to the test's package directory) into v,
// failing the test if it cannot.
func Load(t testing.TB, path string, v any) {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// Bits32 decodes 8-digit hex bit patterns of float32 values.
func Bits32(t testing.TB, hex []string) []uint32 {
	t.Helper()
	out := make([]uint32, len(hex))
	for i, h := range hex {
		u, err := strconv.ParseUint(h, 16, 32)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = uint32(u)
	}
	return out
}

// Float32s decodes hex bit patterns into the float32 values they stand for.
func Float32s(t testing.TB, hex []string) []float32 {
	t.Helper()
	bits := Bits32(t, hex)
	out := make([]float32, len(bits))
	for i, b := range bits {
		out[i] = math.Float32frombits(b)
	}
	return out
}

// Float64s decodes 16-digit hex bit patterns into float64 values.
func Float64s(t testing.TB, hex []string) []float64 {
	t.Helper()
	out := make([]float64, len(hex))
	for i, h := range hex {
		u, err := strconv.ParseUint(h, 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = math.Float64frombits(u)
	}
	return out
}

// SameFloats fails t when got and want differ in length or in any value, bit for bit
// (for goldens that PyTorch's kernels must reproduce exactly); what names them.
func SameFloats(t testing.TB, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, torch %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Float64bits(got[i]) != math.Float64bits(want[i]) && !(math.IsNaN(got[i]) && math.IsNaN(want[i])) {
			t.Errorf("%s[%d] = %v, torch %v", what, i, got[i], want[i])
			return
		}
	}
}
