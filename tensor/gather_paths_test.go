package tensor

import (
	"fmt"
	"testing"
)

// viewReference is v's elements in row-major order, read one by one with At (the
// reference of TestGatherViews and TestGatherPaths).
func viewReference(v *Array) []float64 {
	want := make([]float64, 0, v.Numel())
	idx := make([]int, v.Dim())
	var rec func(d int)
	rec = func(d int) {
		if d == v.Dim() {
			want = append(want, v.At(idx...))
			return
		}
		for i := 0; i < v.Shape()[d]; i++ {
			idx[d] = i
			rec(d + 1)
		}
	}
	if v.Numel() > 0 {
		rec(0)
	}
	return want
}

// checkClone fails t unless v.Clone() is contiguous, of v's shape and dtype, and
// holds v's elements in row-major order.
func checkClone(t *testing.T, name string, v *Array) {
	t.Helper()
	c := v.Clone()
	if !c.IsContiguous() || !c.SameShape(v) || c.DType() != v.DType() {
		t.Fatalf("%s: clone is not a contiguous %v array of the view's shape", name, v.DType())
	}
	got, want := c.Float64s(), viewReference(v)
	if len(got) != len(want) {
		t.Fatalf("%s: %d elements, want %d", name, len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("%s %v: element %d = %v, want %v", name, v.Shape(), i, got[i], want[i])
		}
	}
}

// permutations are the orders of n dims.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for at := 0; at <= len(p); at++ {
			q := append(append(append([]int{}, p[:at]...), n-1), p[at:]...)
			out = append(out, q)
		}
	}
	return out
}

// TestGatherPaths checks Clone of permuted views against At, element by element, on
// the paths gather takes: transposes in register tiles (every size from 0 to 67 on
// both sides of a matrix, so every tile edge), blocks of short contiguous rows, and
// the strided walk; over 3-, 4- and 5-d permutations, sliced and stepped views,
// broadcast (stride 0) dims, every dtype, on one core and two, with arrays large
// enough to be cut over the cores.
func TestGatherPaths(t *testing.T) {
	dtypes := []DType{Float32, Float64, Int64, Bool}
	as := func(x *Array, dt DType) *Array {
		if dt == Bool {
			return x.Gt(0.5)
		}
		return x.Mul(1000).To(dt)
	}
	for _, procs := range []int{1, 2} {
		withProcs(procs, func() {
			for _, dt := range dtypes {
				pre := fmt.Sprintf("procs %d %v", procs, dt)
				for r := 0; r <= 67; r++ {
					for _, c := range []int{0, 1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 64, 67} {
						m := as(FromFloat32(hashFloats(r*c, uint64(r)), r, c), dt)
						checkClone(t, pre+" transpose", m.T())
						checkClone(t, pre+" transposed rows", m.T().Slice(0, min(c, 1), c, 1))
					}
				}
				x3 := as(FromFloat32(hashFloats(9*17*33, 3), 9, 17, 33), dt)
				for _, p := range permutations(3) {
					checkClone(t, fmt.Sprintf("%s permute %v", pre, p), x3.Permute(p...))
					checkClone(t, fmt.Sprintf("%s sliced permute %v", pre, p), x3.Slice(2, 2, 31, 1).Permute(p...))
					checkClone(t, fmt.Sprintf("%s stepped permute %v", pre, p), x3.Slice(1, 1, 17, 2).Permute(p...))
					checkClone(t, fmt.Sprintf("%s stepped inner permute %v", pre, p), x3.Slice(2, 0, 33, 3).Permute(p...))
				}
				x4 := as(FromFloat32(hashFloats(3*16*9*20, 4), 3, 16, 9, 20), dt)
				for _, p := range permutations(4) {
					checkClone(t, fmt.Sprintf("%s permute %v", pre, p), x4.Permute(p...))
				}
				x5 := as(FromFloat32(hashFloats(2*3*5*8*9, 5), 2, 3, 5, 8, 9), dt)
				for _, p := range [][]int{{0, 1, 2, 4, 3}, {0, 2, 3, 4, 1}, {4, 3, 2, 1, 0}, {1, 0, 3, 2, 4}, {0, 4, 1, 2, 3}} {
					checkClone(t, fmt.Sprintf("%s permute %v", pre, p), x5.Permute(p...))
				}
				// broadcast dims: a per-channel value repeated, then permuted
				ch := as(FromFloat32(hashFloats(5*7, 6), 5, 1, 7), dt).Expand(5, 19, 7)
				for _, p := range permutations(3) {
					checkClone(t, fmt.Sprintf("%s broadcast permute %v", pre, p), ch.Permute(p...))
				}
				// large enough for gatherPar's cuts, a transpose's not at cache lines
				big := as(FromFloat32(hashFloats(8*16*28*28, 7), 8, 16, 28, 28), dt)
				checkClone(t, pre+" NHWC", big.Permute(0, 2, 3, 1))
				checkClone(t, pre+" 0213", big.Permute(0, 2, 1, 3))
				wide := as(FromFloat32(hashFloats(333*1001, 8), 333, 1001), dt)
				checkClone(t, pre+" transpose 1001x333", wide.T())
				checkClone(t, pre+" transpose of a slice", wide.Slice(1, 5, 1000, 1).Slice(0, 1, 333, 1).T())
				checkClone(t, pre+" 3-d transpose", as(FromFloat32(hashFloats(3*200*170, 9), 3, 200, 170), dt).Permute(2, 1, 0))
			}
		})
	}
}
