package session

import (
	"reflect"
	"testing"
)

// globalSlots is the length of yaegi's global frame, which it copies whenever
// it grows.
func globalSlots(s *Session) int {
	return reflect.ValueOf(s.in).Elem().FieldByName("frame").Elem().FieldByName("data").Len()
}

// A cell that defines nothing must not grow the interpreter's global frame:
// otherwise each cell costs more than the one before.
func TestCellsDoNotGrowGlobalFrame(t *testing.T) {
	tests := []struct {
		code string
		max  float64 // slots per cell
	}{
		{"1 + 1", 0},
		{"fmt.Println(1)", 0},
		{"func() {}()", 0},
		{"for i := 0; i < 2; i++ {}", 0},
		{"tensor.Ones(2).Add(1).Shape()", 0},
		{"x := 1", 1}, // a redefinition takes a new slot
	}
	for _, tc := range tests {
		s := New()
		run(t, s, tc.code)
		before := globalSlots(s)
		for range 50 {
			run(t, s, tc.code)
		}
		if per := float64(globalSlots(s)-before) / 50; per > tc.max {
			t.Errorf("%q: %.2f global slots per cell, want at most %v", tc.code, per, tc.max)
		}
	}
}
