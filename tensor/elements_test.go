package tensor

import "testing"

// TestFloatData: Float32Data and Float64Data give a contiguous array's own elements
// (writes show in the array and its views), and refuse other layouts and dtypes.
func TestFloatData(t *testing.T) {
	a := FromFloat32([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	row := a.Select(0, 1) // contiguous view at an offset
	d, ok := row.Float32Data()
	if !ok || len(d) != 3 || d[0] != 4 {
		t.Fatalf("row: %v %v", d, ok)
	}
	d[0] = 40
	if got := a.Float32s(); got[3] != 40 {
		t.Errorf("write through the slice not seen by the base: %v", got)
	}
	for name, bad := range map[string]*Array{
		"transposed": a.T(),
		"strided":    a.Slice(1, 0, 3, 2),
		"expanded":   FromFloat32([]float32{1}, 1).Expand(4),
	} {
		if _, ok := bad.Float32Data(); ok {
			t.Errorf("%s: Float32Data accepted a non-contiguous array", name)
		}
	}
	if _, ok := a.Float64Data(); ok {
		t.Error("Float64Data accepted a float32 array")
	}
	b := FromFloat64([]float64{1, 2}, 2)
	if d, ok := b.Float64Data(); !ok || len(d) != 2 || d[1] != 2 {
		t.Errorf("float64: %v %v", d, ok)
	}
	if _, ok := b.Float32Data(); ok {
		t.Error("Float32Data accepted a float64 array")
	}
	if got := SIMDPath(); got != "avx512" && got != "avx2" && got != "none" {
		t.Errorf("SIMDPath() = %q", got)
	}
}
