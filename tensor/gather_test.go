package tensor

import (
	"fmt"
	"testing"
)

// Clone (Contiguous, contig) of strided views gives every element where the view has
// it: transposed matrices of many shapes, large
// ones cut over the cores, permuted 3-D arrays, stepped slices, int64 and bool, on one
// core and on two.
func TestGatherViews(t *testing.T) {
	check := func(name string, v *Array) {
		t.Helper()
		c := v.Clone()
		if !c.IsContiguous() || !c.SameShape(v) {
			t.Fatalf("%s: clone is not a contiguous array of the view's shape", name)
		}
		got, want := c.Float64s(), viewReference(v)
		for i := range want {
			if got[i] != want[i] {
				t.Fatalf("%s: element %d = %v, want %v", name, i, got[i], want[i])
			}
		}
	}
	for _, procs := range []int{1, 2} {
		withProcs(procs, func() {
			for _, r := range []int{1, 2, 31, 32, 33, 70} {
				for _, c := range []int{1, 3, 32, 65} {
					m := FromFloat32(hashFloats(r*c, 1), c, r)
					check(fmt.Sprintf("procs %d transpose %dx%d", procs, r, c), m.T())
				}
			}
			big := FromFloat32(hashFloats(1000*777, 2), 777, 1000)
			check(fmt.Sprintf("procs %d transpose 1000x777", procs), big.T())
			check(fmt.Sprintf("procs %d transpose of a column slice", procs), big.Slice(1, 3, 900, 1).T())
			p := FromFloat32(hashFloats(40*50*60, 3), 40, 50, 60)
			check(fmt.Sprintf("procs %d permute", procs), p.Permute(2, 0, 1))
			check(fmt.Sprintf("procs %d stepped", procs), p.Slice(2, 1, 60, 3))
			check(fmt.Sprintf("procs %d int64 transpose", procs), big.To(Int64).T())
			check(fmt.Sprintf("procs %d bool transpose", procs), big.Gt(0.5).T())
			check(fmt.Sprintf("procs %d float64 permute", procs), p.To(Float64).Permute(1, 2, 0))
		})
	}
}
