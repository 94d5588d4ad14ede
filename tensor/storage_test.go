package tensor

import (
	"strings"
	"testing"
)

// TestStorageChecksDType checks the storage seam: reading an array's storage as
// another element type panics instead of reading past the allocation.
func TestStorageChecksDType(t *testing.T) {
	a := Zeros(3)
	one := FromFloat64([]float64{2})
	for name, f := range map[string]func(){
		"storage":     func() { storage[float64](a) },
		"storage/int": func() { storage[int64](a) },
		"oneOf":       func() { oneOf[float32](one) },
		"setStorage":  func() { setStorage(a, []int64{1, 2, 3}) },
	} {
		func() {
			defer func() {
				r, _ := recover().(string)
				if !strings.Contains(r, "storage read as") {
					t.Errorf("%s: panic %q, want a dtype mismatch", name, r)
				}
			}()
			f()
		}()
	}
	if got := storage[float32](a); len(got) != 3 {
		t.Errorf("matching read: %v", got)
	}
}
