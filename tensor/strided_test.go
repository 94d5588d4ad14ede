package tensor

import (
	"math"
	"math/rand"
	"slices"
	"testing"
)

// Property tests for the strided machinery (walk, coalesce, views): random shapes,
// random views (permutations, steps, expands) and random broadcasting, checked element
// by element against At, which indexes storage directly and shares no code with the
// iteration paths.

func randomView(r *rand.Rand, a *Array) *Array {
	for k := 0; k < 3; k++ {
		if a.Dim() == 0 {
			return a
		}
		switch r.Intn(4) {
		case 0:
			perm := r.Perm(a.Dim())
			a = a.Permute(perm...)
		case 1:
			d := r.Intn(a.Dim())
			n := a.Shape()[d]
			start := r.Intn(n + 1)
			a = a.Slice(d, start, n, 1+r.Intn(2))
		case 2:
			d := r.Intn(a.Dim() + 1)
			sh := a.Unsqueeze(d).Shape()
			sh[d] = 1 + r.Intn(3)
			a = a.Unsqueeze(d).Expand(sh...)
		case 3:
			a = a.T()
		}
	}
	return a
}

func randomArray(r *rand.Rand) *Array {
	nd := r.Intn(4)
	shape := make([]int, nd)
	for i := range shape {
		shape[i] = 1 + r.Intn(5)
	}
	n := numelOf(shape)
	d := make([]float32, n)
	for i := range d {
		d[i] = float32(r.Intn(100)) / 4
	}
	return randomView(r, FromFloat32(d, shape...))
}

// index enumerates all multi-indexes of shape in row-major order.
func index(shape []int, f func(idx []int)) {
	idx := make([]int, len(shape))
	if numelOf(shape) == 0 {
		return
	}
	for {
		f(idx)
		d := len(shape) - 1
		for ; d >= 0; d-- {
			idx[d]++
			if idx[d] < shape[d] {
				break
			}
			idx[d] = 0
		}
		if d < 0 {
			return
		}
	}
}

// bcastAt reads a at the broadcast index idx of a result with ndim dims.
func bcastAt(a *Array, idx []int) float64 {
	off := len(idx) - a.Dim()
	sub := make([]int, a.Dim())
	for i := range sub {
		if a.Shape()[i] != 1 {
			sub[i] = idx[off+i]
		}
	}
	return a.At(sub...)
}

func TestStridedBinaryProperty(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	tried := 0
	for iter := 0; iter < 3000; iter++ {
		a, b := randomArray(r), randomArray(r)
		if r.Intn(2) == 0 && a.Dim() > 0 {
			// make b broadcastable against a: a trailing sub-shape with some 1s
			sh := a.Shape()[r.Intn(a.Dim()):]
			for i := range sh {
				if r.Intn(3) == 0 {
					sh[i] = 1
				}
			}
			b = randomView(r, Ones(sh...)).Add(FromFloat32([]float32{0.5}))
			if !slices.Equal(b.Shape(), sh) {
				b = Ones(sh...).Mul(0.5)
			}
		}
		var shape []int
		func() {
			defer func() { recover() }()
			shape = broadcastShapes(a.Shape(), b.Shape())
		}()
		if shape == nil {
			continue
		}
		tried++
		sum, prod := a.Add(b), a.Mul(b).T()
		wh, neg := Where(a.Gt(b), a, b), a.Neg()
		index(a.Shape(), func(idx []int) {
			if neg.At(idx...) != -a.At(idx...) {
				t.Fatalf("neg %v", idx)
			}
		})
		if !slices.Equal(sum.Shape(), shape) {
			t.Fatalf("shape %v, want %v", sum.Shape(), shape)
		}
		index(shape, func(idx []int) {
			x, y := bcastAt(a, idx), bcastAt(b, idx)
			if got := sum.At(idx...); got != float64(float32(x)+float32(y)) {
				t.Fatalf("add %v: %v, want %v", idx, got, x+y)
			}
			rev := make([]int, len(idx))
			for i := range idx {
				rev[i] = idx[len(idx)-1-i]
			}
			if got := prod.At(rev...); got != float64(float32(x)*float32(y)) {
				t.Fatalf("mul %v: %v, want %v", idx, got, x*y)
			}
			if got := wh.At(idx...); got != math.Max(x, y) {
				t.Fatalf("where %v: %v, want %v", idx, got, math.Max(x, y))
			}
		})
		// copies, joins and the same values through Cat
		if a.Dim() > 0 {
			d := r.Intn(a.Dim())
			cat := Cat([]*Array{a, a.Mul(2)}, d)
			index(cat.Shape(), func(idx []int) {
				j := append([]int{}, idx...)
				want := 1.0
				if j[d] >= a.Shape()[d] {
					j[d] -= a.Shape()[d]
					want = 2
				}
				if cat.At(idx...) != want*a.At(j...) {
					t.Fatalf("cat %v", idx)
				}
			})
		}
		c := a.Contiguous()
		index(a.Shape(), func(idx []int) {
			if c.At(idx...) != a.At(idx...) {
				t.Fatalf("Contiguous %v", idx)
			}
		})
	}
	if tried < 1000 {
		t.Fatalf("only %d broadcastable pairs", tried)
	}
}

func TestStridedReduceProperty(t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for iter := 0; iter < 2000; iter++ {
		a := randomArray(r)
		if a.Dim() == 0 {
			continue
		}
		d := r.Intn(a.Dim())
		keep := r.Intn(2) == 0
		s := a.SumDims([]int{d}, keep)
		var mx, mi *Array
		if a.Shape()[d] > 0 {
			mx, mi = a.MaxDim(d, true)
		}
		sh := a.Shape()
		sh[d] = 1
		index(sh, func(idx []int) {
			want, best, bestI := 0.0, math.Inf(-1), -1
			j := append([]int{}, idx...)
			for k := 0; k < a.Shape()[d]; k++ {
				j[d] = k
				v := a.At(j...)
				want += v // exact: quarter-integers, small counts
				if v > best {
					best, bestI = v, k
				}
			}
			out := idx
			if !keep {
				out = append(append([]int{}, idx[:d]...), idx[d+1:]...)
			}
			if got := s.At(out...); got != want {
				t.Fatalf("sum over %d at %v of %v: %v, want %v", d, idx, a.Shape(), got, want)
			}
			if mx != nil && (mx.At(idx...) != best || int(mi.At(idx...)) != bestI) {
				t.Fatalf("max over %d at %v: %v/%v, want %v/%v", d, idx, mx.At(idx...), mi.At(idx...), best, bestI)
			}
		})
	}
}

func TestStridedInplaceProperty(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	for iter := 0; iter < 1000; iter++ {
		base := Arange(0.0, 120).Reshape(4, 5, 6)
		v := base.Permute(r.Perm(3)...)
		v = v.Slice(r.Intn(3), r.Intn(3), 6, 1+r.Intn(2))
		before := base.Clone()
		v.Mul_(2)
		// every element of v doubled, every other element of base untouched
		touched := map[int]bool{}
		index(v.Shape(), func(idx []int) {
			off := v.offset
			for i, x := range idx {
				off += x * v.strides()[i]
			}
			touched[off] = true
		})
		for off := 0; off < 120; off++ {
			want := before.At(off/30, off/6%5, off%6)
			if touched[off] {
				want *= 2
			}
			if got := base.At(off/30, off/6%5, off%6); got != want {
				t.Fatalf("offset %d: %v, want %v", off, got, want)
			}
		}
	}
}
