package tensor

import (
	"fmt"
	"math"
	"testing"

	"github.com/gograd/gograd/tensor/internal/openblas"
)

// blasViews are the operand layouts a product can get, each built from a contiguous
// r×c matrix's values: as itself, as the transpose of a stored c×r matrix, sliced with
// a row stride, and broadcast from one row (which BLAS cannot read, so it is packed).
var blasViews = []struct {
	name string
	make func(v []float32, r, c int) *Array
}{
	{"contiguous", func(v []float32, r, c int) *Array { return FromFloat32(v, r, c) }},
	{"transposed", func(v []float32, r, c int) *Array { return FromFloat32(v, r, c).T().Contiguous().T() }},
	{"rowstride", func(v []float32, r, c int) *Array {
		return Cat([]*Array{FromFloat32(v, r, c), Zeros(r, 3)}, 1).Slice(1, 0, c, 1)
	}},
	{"expanded", func(v []float32, r, c int) *Array { return FromFloat32(v[:c], 1, c).Expand(r, c) }},
}

// exactMm is P·Q summed in float64: within a few float32 ulps of any summation order.
func exactMm(p, q *Array) []float64 {
	r, k, c := p.Shape()[0], p.Shape()[1], q.Shape()[1]
	P, Q := p.Float64s(), q.Float64s()
	out := make([]float64, r*c)
	for i := 0; i < r; i++ {
		for j := 0; j < c; j++ {
			for l := 0; l < k; l++ {
				out[i*c+j] += P[i*k+l] * Q[l*c+j]
			}
		}
	}
	return out
}

// TestBlasLayouts checks that every operand layout reaches OpenBLAS and gives, with the
// Haswell kernel, the bits of the same product on contiguous copies (the layout changes
// only how it packs, never what it sums), and with any kernel a product within rounding
// of the exact one; and that transposed and strided views are passed without a copy.
func TestBlasLayouts(t *testing.T) {
	if !useBLAS() {
		t.Skip("OpenBLAS not available")
	}
	// Haswell's kernel sums the same way whatever the transpose flags; others (SkylakeX's
	// small-matrix kernels) have one kernel per pair of flags.
	haswell := openblas.CoreName() == "Haswell"
	shapes := [][3]int{{1, 1, 1}, {3, 5, 1}, {1, 7, 4}, {64, 100, 10}, {37, 300, 41}, {5, 700, 1}}
	for _, s := range shapes {
		r, k, c := s[0], s[1], s[2]
		pv, qv := signedHashFloats(r*k, 7), signedHashFloats(k*c, 8)
		for _, vp := range blasViews {
			for _, vq := range blasViews {
				p, q := vp.make(pv, r, k), vq.make(qv, k, c)
				t.Run(fmt.Sprintf("%dx%dx%d/%s/%s", r, k, c, vp.name, vq.name), func(t *testing.T) {
					got := p.Mm(q).Float32s()
					want := p.Contiguous().Mm(q.Contiguous()).Float32s()
					exact := exactMm(p, q)
					for i := range got {
						if haswell && math.Float32bits(got[i]) != math.Float32bits(want[i]) {
							t.Fatalf("[%d] = %v, contiguous operands give %v", i, got[i], want[i])
						}
						if d := math.Abs(float64(got[i]) - exact[i]); d > 1e-5*float64(k) {
							t.Fatalf("[%d] = %v, exact %v", i, got[i], exact[i])
						}
					}
				})
			}
		}
	}
	// no hidden copies: both views of a stored matrix are read where they lie
	x := FromFloat32(signedHashFloats(12, 1), 3, 4)
	for _, v := range []*Array{x, x.T(), x.Slice(1, 0, 2, 1), x.T().Slice(0, 1, 3, 1)} {
		for _, tr := range []bool{false, true} {
			op := colMajor[float32](v, tr)
			if &op.d[0] != &storage[float32](x)[v.offset] {
				t.Errorf("%v (transposed %v): operand copied", v.Shape(), tr)
			}
		}
	}
}

// TestBlasCut checks products cut into row blocks (those above blasMaxWork): the same
// values within rounding, and the same bits for the rows of each block as a product of
// those rows alone.
func TestBlasCut(t *testing.T) {
	if !useBLAS() {
		t.Skip("OpenBLAS not available")
	}
	defer func(w int) { blasMaxWork = w }(blasMaxWork)
	for _, s := range [][3]int{{10, 50, 7}, {10, 50, 1}} {
		r, k, c := s[0], s[1], s[2]
		p := FromFloat32(signedHashFloats(r*k, 3), r, k)
		q := FromFloat32(signedHashFloats(k*c, 4), k, c).T().Contiguous().T()
		blasMaxWork = 3 * k * c // blocks of three rows
		got := p.Mm(q)
		for lo := 0; lo < r; lo += 3 {
			hi := min(r, lo+3)
			want := p.Slice(0, lo, hi, 1).Mm(q).Float32s()
			rows := got.Slice(0, lo, hi, 1).Float32s()
			for i := range want {
				if math.Float32bits(rows[i]) != math.Float32bits(want[i]) {
					t.Fatalf("%v: rows %d..%d [%d] = %v, want %v", s, lo, hi, i, rows[i], want[i])
				}
			}
		}
	}
}

// TestBlasFloat64 checks OpenBLAS's dgemm binding (not yet the path of Float64 Mm, whose
// goldens sum in order) against the exact product.
func TestBlasFloat64(t *testing.T) {
	if !useBLAS() {
		t.Skip("OpenBLAS not available")
	}
	for _, s := range [][3]int{{3, 5, 1}, {17, 40, 9}} {
		r, k, c := s[0], s[1], s[2]
		p := FromFloat32(signedHashFloats(r*k, 5), r, k).To(Float64)
		q := FromFloat32(signedHashFloats(k*c, 6), k, c).To(Float64).T().Contiguous().T()
		out := Zeros(r, c).To(Float64)
		blasMm(p, q, storage[float64](out), true)
		exact := exactMm(p, q)
		for i, v := range out.Float64s() {
			if math.Abs(v-exact[i]) > 1e-13*float64(k) {
				t.Fatalf("%v [%d] = %v, exact %v", s, i, v, exact[i])
			}
		}
	}
}
