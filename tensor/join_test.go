package tensor

import (
	"math"
	"runtime"
	"testing"
)

// TestCatLargeWritesAll: Cat's result starts as recycled memory (allocRaw) that may hold
// an earlier array's values, so every element must come from a part. Blocks full of
// NaN are dropped first; each result is then checked element by element, over both
// dims, with an empty part among the others and a promoted dtype.
func TestCatLargeWritesAll(t *testing.T) {
	for range 4 {
		junk := Full(math.NaN(), 300, 130).To(Float64)
		_ = junk.Sum()
	}
	runtime.GC()
	runtime.Gosched()
	a := FromFloat32(hashFloats(300*50, 1), 300, 50)
	b := Zeros(300, 0)
	c := FromFloat32(hashFloats(300*80, 2), 300, 80).To(Float64)
	for _, dim := range []int{0, 1} {
		parts := []*Array{a, b, c}
		if dim == 0 {
			parts = []*Array{a.T(), b.T(), c.T()}
		}
		got := Cat(parts, dim)
		if got.DType() != Float64 {
			t.Fatalf("dim %d: dtype %v, want float64", dim, got.DType())
		}
		gv, av, cv := got.Float64s(), a.Float64s(), c.Float64s()
		for i := 0; i < 300; i++ {
			for j := 0; j < 130; j++ {
				var want float64
				if j < 50 {
					want = av[i*50+j]
				} else {
					want = cv[i*80+j-50]
				}
				v := gv[j*300+i]
				if dim == 1 {
					v = gv[i*130+j]
				}
				if v != want {
					t.Fatalf("dim %d: [%d, %d] = %v, want %v", dim, i, j, v, want)
				}
			}
		}
	}
}
