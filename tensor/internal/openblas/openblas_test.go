package openblas

import (
	"math"
	"os"
	"os/exec"
	"strings"
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

// TestGemv checks the matrix-vector binding by hand on both transpose flags, a leading
// dimension past the row count, a vector increment of two and beta 0 over NaNs (the old
// contents of y are ignored) and beta 1 (they are added).
func TestGemv(t *testing.T) {
	if ok, why := Open(""); !ok {
		t.Skip("OpenBLAS not available:", why)
	}
	// A = [[1 2 3] [4 5 6]] column-major with lda 3 (a padding row of 9s)
	a := []float32{1, 4, 9, 2, 5, 9, 3, 6, 9}
	x := []float32{1, -7, 0, -7, 2} // {1, 0, 2} with increment 2
	nan := float32(math.NaN())
	y := []float32{nan, nan}
	Sgemv(false, 2, 3, 1, &a[0], 3, &x[0], 2, 0, &y[0], 1) // A·x = {7, 16}
	if y[0] != 7 || y[1] != 16 {
		t.Fatalf("sgemv n: %v", y)
	}
	// Aᵀ·{1, -1} = {-3, -3, -3}, times 2, plus y
	x2 := []float32{1, -1}
	y2 := []float32{1, 2, 3}
	Sgemv(true, 2, 3, 2, &a[0], 3, &x2[0], 1, 1, &y2[0], 1)
	if y2[0] != -5 || y2[1] != -4 || y2[2] != -3 {
		t.Fatalf("sgemv t: %v", y2)
	}
	a64 := make([]float64, len(a))
	for i := range a {
		a64[i] = float64(a[i])
	}
	x64 := []float64{1, -7, 0, -7, 2}
	y64 := []float64{math.NaN(), math.NaN(), 5, 5}
	Dgemv(false, 2, 3, 1, &a64[0], 3, &x64[0], 2, 0, &y64[0], 2) // y at increment 2
	if y64[0] != 7 || y64[2] != 16 || !math.IsNaN(y64[1]) || y64[3] != 5 {
		t.Fatalf("dgemv n: %v", y64)
	}
	xt := []float64{1, -1}
	yt := []float64{math.NaN(), math.NaN(), math.NaN()}
	Dgemv(true, 2, 3, 1, &a64[0], 3, &xt[0], 1, 0, &yt[0], 1)
	if yt[0] != -3 || yt[1] != -3 || yt[2] != -3 {
		t.Fatalf("dgemv t: %v", yt)
	}
}

// TestProductBeforeOpen: a product called before Open panics (the stub build's too)
// rather than ending the process. It runs in a child process, where nothing has opened
// the library yet.
func TestProductBeforeOpen(t *testing.T) {
	if os.Getenv("GOGRAD_OB_CHILD") != "" {
		for name, f := range map[string]func(){
			"sgemm": func() { var v float32; Sgemm(false, false, 1, 1, 1, 1, &v, 1, &v, 1, 0, &v, 1) },
			"dgemm": func() { var v float64; Dgemm(false, false, 1, 1, 1, 1, &v, 1, &v, 1, 0, &v, 1) },
			"sgemv": func() { var v float32; Sgemv(false, 1, 1, 1, &v, 1, &v, 1, 0, &v, 1) },
			"dgemv": func() { var v float64; Dgemv(false, 1, 1, 1, &v, 1, &v, 1, 0, &v, 1) },
		} {
			func() {
				defer func() {
					if recover() == nil {
						t.Errorf("%s before Open did not panic", name)
					}
				}()
				f()
			}()
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestProductBeforeOpen$", "-test.v")
	cmd.Env = append(os.Environ(), "GOGRAD_OB_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS") {
		t.Fatalf("child: %v\n%s", err, out)
	}
}
