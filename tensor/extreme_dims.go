package tensor

import (
	"math"
	"unsafe"
)

// Max, min, argmax and argmin over one dim that is not the innermost in memory (the
// middle dim of (N, C, L), dim 0 of a matrix). The reduced dim stays where it is: the
// array is seen as (outer, n, inner) with the inner elements contiguous, and for each
// outer index and each piece of the inner elements the n rows are walked in order,
// each element updating its column's running extremum. Nothing is gathered into rows
// first, and every step of the loop is a comparison of integers, so Go keeps it free
// of branches that depend on the data.
//
// Each element is mapped to an integer key ordered as PyTorch orders the elements for
// a maximum: keys of numbers increase with the numbers, -0 and +0 share a key, and
// every NaN has the largest key of all. A key that is strictly larger replaces the
// running one, so ties and later NaNs go to the first occurrence, as in extremum. A
// minimum uses the keys of the negated order (NaN still largest). The value returned
// is the element at the index found, so a NaN keeps its payload and a zero its sign.

// colWidth is the number of inner elements a unit of work keeps running extrema for:
// the keys and indices (4 or 8 bytes each) stay in L1, and the rows of a unit are
// read in runs long enough for the prefetcher.
const colWidth = 512

// minColInner is the fewest contiguous inner elements for which the column walk
// beats gathering the reduced dim into rows: below it the loop over a row's piece is
// too short to pay for itself.
const minColInner = 8

// extremeCols is extremeFloat or extremeT for a reduction over one dim whose
// elements are not contiguous, through the column walk; ok is false (nothing done)
// for the layouts the row path takes better: the reduced dim innermost in memory, a
// few inner elements, several reduced dims, an empty array.
func extremeCols[T number](a *Array, mask []bool, want int, keepdim, wantValues bool) (values, indices *Array, ok bool) {
	src, outer, n, inner := colLayout[T](a, mask)
	if src == nil {
		return nil, nil, false
	}
	shape := keptShape(nil, a.shape(), mask, true)
	idx, od := allocRaw[int64](shape)
	var vals []T
	if wantValues {
		values, vals = allocRaw[T](shape)
	}
	pieces := (inner + colWidth - 1) / colWidth
	width := min(inner, colWidth)
	byRows(outer*pieces, n*width, elementGrain(n*width), func(u0, u1 int) {
		var s colScratch
		for u := u0; u < u1; u++ {
			o, p := u/pieces, u%pieces
			j0 := p * colWidth
			j1 := min(inner, j0+colWidth)
			block := src[o*n*inner : (o+1)*n*inner]
			colExtremes(&s, block, n, inner, j0, j1, want)
			out := o*inner + j0
			for j, k := range s.idx[:j1-j0] {
				od[out+j] = int64(k)
				if vals != nil {
					vals[out+j] = block[int(k)*inner+j0+j]
				}
			}
		}
	})
	if values != nil {
		values = finish(values, a, mask, keepdim)
	}
	return values, finish(idx, a, mask, keepdim), true
}

// colLayout returns a's elements as (outer, n, inner) with the reduced dim (n
// elements) in the middle and inner > 1 contiguous elements after it: a's storage
// when a is contiguous, or dense with its kept dims in their order in memory (a
// transposed matrix), else a contiguous copy. src is nil when the column walk does
// not apply (see extremeCols).
func colLayout[T number](a *Array, mask []bool) (src []T, outer, n, inner int) {
	d := -1
	for i, m := range mask {
		if m {
			if d >= 0 {
				return nil, 0, 0, 0
			}
			d = i
		}
	}
	if d < 0 || a.Numel() == 0 || a.shape()[d] > math.MaxInt32 {
		return nil, 0, 0, 0
	}
	split := func(shape []int, d int) (outer, inner int) {
		return numelOf(shape[:d]), numelOf(shape[d+1:])
	}
	if !a.IsContiguous() && a.isDense() {
		if view, p, ok := keptInOrder(a, d); ok {
			outer, inner = split(view.shape(), p)
			if inner < minColInner {
				return nil, 0, 0, 0
			}
			return contig[T](view), outer, a.shape()[d], inner
		}
	}
	outer, inner = split(a.shape(), d)
	if inner < minColInner {
		return nil, 0, 0, 0
	}
	return contig[T](a), outer, a.shape()[d], inner
}

// keptInOrder returns a dense a with its dims in memory order (a contiguous view) and
// the place p of dim d in it, if the kept dims of more than one element are in the
// same order there as in a, so that the outputs come out in a's order.
func keptInOrder(a *Array, d int) (view *Array, p int, ok bool) {
	view = a.memoryOrder()
	if !view.IsContiguous() {
		return nil, 0, false
	}
	// memoryOrder is a stable sort by stride: find where each dim went
	perm := make([]int, a.Dim())
	for i := range perm {
		perm[i] = i
	}
	for i := 1; i < len(perm); i++ {
		for j := i; j > 0 && a.strides()[perm[j-1]] < a.strides()[perm[j]]; j-- {
			perm[j-1], perm[j] = perm[j], perm[j-1]
		}
	}
	last := -1
	for q, i := range perm {
		switch {
		case i == d:
			p = q
		case a.shape()[i] > 1:
			if i < last {
				return nil, 0, false
			}
			last = i
		}
	}
	return view, p, true
}

// colScratch holds a unit's running keys and indices.
type colScratch struct {
	k32 [colWidth]int32
	k64 [colWidth]int64
	idx [colWidth]int32
}

// colExtremes sets s.idx[:j1-j0] to the index along the n rows of block (each inner
// elements long) of the maximum (want > 0) or minimum of each of the columns j0..j1,
// as extremum would find it. Long walks check the interrupt flag between runs of
// about interruptEvery elements, not before the first.
func colExtremes[T number](s *colScratch, block []T, n, inner, j0, j1, want int) {
	w := j1 - j0
	idx := s.idx[:w]
	clear(idx)
	every := max(1, interruptEvery/w)
	switch b := any(block).(type) {
	case []float32:
		walkCols(s.k32[:w], idx, b, n, inner, j0, j1, every, want, math.MinInt32, colStep32)
	case []float64:
		walkCols(s.k64[:w], idx, b, n, inner, j0, j1, every, want, math.MinInt64, colStep64)
	case []int64:
		walkCols(s.k64[:w], idx, b, n, inner, j0, j1, every, want, math.MinInt64, colStepInt)
	}
}

// walkCols is colExtremes's walk for one element type: the keys start below every
// element's, then step takes the rows in order, the interrupt flag checked every
// every rows.
func walkCols[K int32 | int64, E number](keys []K, idx []int32, block []E, n, inner, j0, j1, every, want int, lowest K,
	step func(keys []K, idx []int32, row []E, r int32, want int)) {
	for j := range keys {
		keys[j] = lowest
	}
	for r := 0; r < n; r++ {
		if r > 0 && r%every == 0 {
			checkInterrupt()
		}
		step(keys, idx, block[r*inner+j0:r*inner+j1], int32(r), want)
	}
}

// colStep32 takes row r into the running keys and indices of its columns. A float32
// of bits b has magnitude bits m; its key is m for a positive sign and -m for a
// negative one (so both zeros have key 0), negated again for a minimum, and
// math.MaxInt32 for a NaN (m above the bits of Inf). Keys start at math.MinInt32,
// below every element's key.
func colStep32(keys, idx []int32, row []float32, r int32, want int) {
	// the bits are loaded straight into integer registers, and the two loops keep
	// the choice of order out of the step
	bits := unsafe.Slice((*int32)(unsafe.Pointer(unsafe.SliceData(row))), len(row))
	keys = keys[:len(bits)]
	idx = idx[:len(bits)]
	if want > 0 {
		for j, b := range bits {
			m := b & 0x7fffffff
			s := b >> 31
			k := m ^ s - s
			if m > 0x7f800000 {
				k = math.MaxInt32
			}
			c, i := keys[j], idx[j]
			if k > c {
				c, i = k, r
			}
			keys[j], idx[j] = c, i
		}
		return
	}
	for j, b := range bits {
		m := b & 0x7fffffff
		s := ^(b >> 31)
		k := m ^ s - s
		if m > 0x7f800000 {
			k = math.MaxInt32
		}
		c, i := keys[j], idx[j]
		if k > c {
			c, i = k, r
		}
		keys[j], idx[j] = c, i
	}
}

// colStep64 is colStep32 for float64.
func colStep64(keys []int64, idx []int32, row []float64, r int32, want int) {
	flip := int64(0)
	if want < 0 {
		flip = -1
	}
	keys = keys[:len(row)]
	idx = idx[:len(row)]
	for j, x := range row {
		b := int64(math.Float64bits(x))
		m := b & math.MaxInt64
		s := b>>63 ^ flip
		k := m ^ s - s
		if m > 0x7ff0000000000000 {
			k = math.MaxInt64
		}
		c, i := keys[j], idx[j]
		if k > c {
			c, i = k, r
		}
		keys[j], idx[j] = c, i
	}
}

// colStepInt is colStep32 for int64, whose key is the element itself, or its
// complement (^x = -x-1, which reverses the order without overflow) for a minimum.
// Keys start at math.MinInt64, which an element may equal: idx starts at 0, so a
// column of those still finds its first.
func colStepInt(keys []int64, idx []int32, row []int64, r int32, want int) {
	flip := int64(0)
	if want < 0 {
		flip = -1
	}
	keys = keys[:len(row)]
	idx = idx[:len(row)]
	for j, x := range row {
		k := x ^ flip
		c, i := keys[j], idx[j]
		if k > c {
			c, i = k, r
		}
		keys[j], idx[j] = c, i
	}
}
