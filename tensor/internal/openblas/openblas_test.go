package openblas

import (
	"os"
	"testing"
)

// TestProduct checks the binding on a product small enough to check by hand, with
// each pair of transpose flags, when the library opens; and that the query functions
// are safe when it does not.
func TestProduct(t *testing.T) {
	if ok, why := Open(""); !ok {
		if CoreName() != "" || Threads() != 0 {
			t.Error("queries answer without a library")
		}
		SetThreads(2)
		t.Skip("OpenBLAS not available:", why, os.Getenv("GOGRAD_OPENBLAS"))
	}
	// A (2x3) and B (3x2), column-major; A·B = [[4 1] [10 4]] (rows), i.e. column-major
	// {4, 10, 1, 4}.
	a := []float32{1, 4, 2, 5, 3, 6}  // [[1 2 3] [4 5 6]]
	b := []float32{0, 1, 1, 1, 0, 0}  // [[0 1] [1 0] [1 0]]
	at := []float32{1, 2, 3, 4, 5, 6} // A stored transposed (3x2 column-major)
	bt := []float32{0, 1, 1, 0, 1, 0} // B stored transposed (2x3): [[0 1 1] [1 0 0]]
	want := []float32{5, 11, 1, 4}
	for _, c := range []struct {
		ta, tb   bool
		a, b     []float32
		lda, ldb int
	}{{false, false, a, b, 2, 3}, {true, false, at, b, 3, 3}, {false, true, a, bt, 2, 2}, {true, true, at, bt, 3, 2}} {
		got := make([]float32, 4)
		Sgemm(c.ta, c.tb, 2, 2, 3, 1, &c.a[0], c.lda, &c.b[0], c.ldb, 0, &got[0], 2)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("ta=%v tb=%v: %v, want %v", c.ta, c.tb, got, want)
			}
		}
		a64, b64 := make([]float64, 6), make([]float64, 6)
		for i := range a64 {
			a64[i], b64[i] = float64(c.a[i]), float64(c.b[i])
		}
		got64 := []float64{1, 1, 1, 1}
		Dgemm(c.ta, c.tb, 2, 2, 3, 2, &a64[0], c.lda, &b64[0], c.ldb, 1, &got64[0], 2)
		for i := range want {
			if got64[i] != 2*float64(want[i])+1 {
				t.Fatalf("dgemm ta=%v tb=%v: %v", c.ta, c.tb, got64)
			}
		}
	}
	if CoreName() == "" || Threads() < 1 {
		t.Errorf("core %q, threads %d", CoreName(), Threads())
	}
}
