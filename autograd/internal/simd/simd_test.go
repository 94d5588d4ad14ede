package simd

import (
	"fmt"
	"math"
	"testing"
)

// TestAdd: on every path, Add adds whole vectors and leaves the tail to the caller, for
// every length up to 67; the sums are Go's, Inf and NaN included.
func TestAdd(t *testing.T) {
	for _, p := range Supported() {
		for n := 0; n < 68; n++ {
			t.Run(fmt.Sprint(p, "/", n), func(t *testing.T) {
				defer SetPath(SetPath(p))
				x, y := make([]float32, n), make([]float32, n)
				for i := range x {
					x[i] = float32(i)*0.37 - 3
					y[i] = float32(n-i) * 1.13
				}
				if n > 3 {
					x[1], y[2], x[3], y[3] = float32(math.Inf(1)), float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))
				}
				want := make([]float32, n)
				for i := range want {
					want[i] = x[i] + y[i]
				}
				orig := append([]float32(nil), x...)
				done := Add(x, y)
				if p == None && done != 0 || p != None && n >= lanes[p-1] && done != n&^(lanes[p-1]-1) {
					t.Fatalf("did %d of %d elements", done, n)
				}
				for i := range x {
					exp := want[i]
					if i >= done {
						exp = orig[i] // the caller's part: untouched
					}
					if math.Float32bits(x[i]) != math.Float32bits(exp) && !(x[i] != x[i] && exp != exp) {
						t.Fatalf("x[%d] = %g, want %g", i, x[i], exp)
					}
				}
			})
		}
	}
}
