package tensor

import (
	"math"
	"runtime"
	"slices"
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

// TestCatContiguousParts: contiguous parts of the result's dtype take catSlabs, a copy
// per part and outer slab over the cores. Each part must land in its own slice of the
// result, over every dim of 1-d to 4-d shapes, with parts of different and zero sizes
// along dim, in every dtype, in results large enough to be split over the cores.
func TestCatContiguousParts(t *testing.T) {
	onCores(t, func(t *testing.T) {
		for _, shape := range [][]int{{7}, {5, 3}, {64, 8, 784}, {3, 4, 5, 6}, {300, 301}, {2, 0, 3}} {
			for dim := range shape {
				for _, dt := range []DType{Float32, Float64, Int64, Bool} {
					var parts []*Array
					for k, grow := range []int{0, 1, -1, 2} {
						s := slices.Clone(shape)
						s[dim] = max(0, s[dim]+grow)
						n := 1
						for _, v := range s {
							n *= v
						}
						parts = append(parts, FromFloat32(hashFloats(n, uint64(k+3)), s...).Mul(100).To(dt))
					}
					got := Cat(parts, dim)
					at := 0
					for k, p := range parts {
						n := p.Shape()[dim]
						if !Equal(got.Slice(dim, at, at+n, 1), p) {
							t.Fatalf("%v %v dim %d: part %d is not at [%d, %d)", shape, dt, dim, k, at, at+n)
						}
						at += n
					}
					if at != got.Shape()[dim] {
						t.Fatalf("%v %v dim %d: result has %d along dim, want %d", shape, dt, dim, got.Shape()[dim], at)
					}
				}
			}
		}
	})
}
