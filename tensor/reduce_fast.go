package tensor

import (
	"math"
	"slices"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// Loops for the reductions of reduce.go and norm.go that give the same bits as their
// element-by-element definitions (extremum, prodRow, normRow) with several
// independent accumulators, without a call per element, and over both cores where the
// work splits without changing the order of any rounding step.

// argMax is extremum(r, 1) for a non-empty float row: the first NaN if r holds one,
// else the first element equal to the largest (-0 and +0 are equal, so of two zeros
// the first). Blocks of eight whose elements all pass v <= m (no NaN, none larger than
// the running maximum) are passed over with one test each; the others are gone
// through in order as extremum does.
func argMax[T float](r []T) int {
	m, k := r[0], 0
	if m != m {
		return 0
	}
	i := 0
	for ; i+8 <= len(r); i += 8 {
		v := (*[8]T)(r[i : i+8])
		if v[0] <= m && v[1] <= m && v[2] <= m && v[3] <= m && v[4] <= m && v[5] <= m && v[6] <= m && v[7] <= m {
			continue
		}
		for j, x := range v {
			if x != x {
				return i + j
			}
			if x > m {
				m, k = x, i+j
			}
		}
	}
	for ; i < len(r); i++ {
		if x := r[i]; x != x {
			return i
		} else if x > m {
			m, k = x, i
		}
	}
	return k
}

// argMin is extremum(r, -1) for a non-empty float row; see argMax.
func argMin[T float](r []T) int {
	m, k := r[0], 0
	if m != m {
		return 0
	}
	i := 0
	for ; i+8 <= len(r); i += 8 {
		v := (*[8]T)(r[i : i+8])
		if v[0] >= m && v[1] >= m && v[2] >= m && v[3] >= m && v[4] >= m && v[5] >= m && v[6] >= m && v[7] >= m {
			continue
		}
		for j, x := range v {
			if x != x {
				return i + j
			}
			if x < m {
				m, k = x, i+j
			}
		}
	}
	for ; i < len(r); i++ {
		if x := r[i]; x != x {
			return i
		} else if x < m {
			m, k = x, i
		}
	}
	return k
}

// argExtreme is argMax (want > 0) or argMin.
func argExtreme[T float](r []T, want int) int {
	if want > 0 {
		return argMax(r)
	}
	return argMin(r)
}

// scratchLen is the length of the scratch a float32 minimum is negated into, piece by
// piece (simdExtreme32).
const scratchLen = 2048

// simdExtreme32 returns the largest (want > 0) or the smallest element of r by the
// SIMD maximum kernel (the smallest as the negated largest of -r, negated piece by
// piece into scratch, scratchLen long) and whether that settles it: not when the
// kernel does not run, a NaN is about or the extremum is a zero (whose sign the kernel
// does not order).
func simdExtreme32(r []float32, want int, scratch []float32) (float32, bool) {
	if asm.Current() == asm.None || len(r) < 32 {
		return 0, false
	}
	var m float32
	for lo := 0; lo < len(r); lo += scratchLen {
		x := r[lo:min(len(r), lo+scratchLen)]
		if want < 0 {
			t := scratch[:len(x)]
			j := asm.BinaryScalar(asm.Mul, t, x, -1)
			for ; j < len(x); j++ {
				t[j] = -x[j]
			}
			x = t
		}
		pm, done, nan := asm.Max32(x)
		if nan {
			return 0, false
		}
		if done == 0 { // a last piece shorter than the kernel takes
			pm = x[0]
		}
		for _, v := range x[done:] {
			if !(v <= pm) {
				if v != v {
					return 0, false
				}
				pm = v
			}
		}
		if lo == 0 || pm > m {
			m = pm
		}
	}
	if m == 0 {
		return 0, false
	}
	if want < 0 {
		m = -m
	}
	return m, true
}

// argSettled is the index of the first element of r reaching m, the largest (want >
// 0) or smallest element of r, NaN-free: blocks of eight all short of m are passed
// over with one test each.
func argSettled[T float](r []T, m T, want int) int {
	i := 0
	if want > 0 {
		for ; i+8 <= len(r); i += 8 {
			v := (*[8]T)(r[i : i+8])
			if !(v[0] < m && v[1] < m && v[2] < m && v[3] < m && v[4] < m && v[5] < m && v[6] < m && v[7] < m) {
				break
			}
		}
		for ; r[i] < m; i++ {
		}
		return i
	}
	for ; i+8 <= len(r); i += 8 {
		v := (*[8]T)(r[i : i+8])
		if !(v[0] > m && v[1] > m && v[2] > m && v[3] > m && v[4] > m && v[5] > m && v[6] > m && v[7] > m) {
			break
		}
	}
	for ; r[i] > m; i++ {
	}
	return i
}

// argRow is extremum(r, want) for a non-empty float row, float32 rows taking the SIMD
// kernel (simdExtreme32; scratch is its scratch) for the extremum, then its first
// index.
func argRow[T float](r []T, want int, scratch []float32) int {
	if r32, ok := any(r).([]float32); ok {
		if m, ok := simdExtreme32(r32, want, scratch); ok {
			return argSettled(r32, m, want)
		}
	}
	return argExtreme(r, want)
}

// best is an extremum of part of a row: its value v and, unless the value alone is
// known (k < 0: a maximum that is neither NaN nor zero, whose bits no other equal
// element can differ in), the index k of the element extremum would pick.
type best[T float] struct {
	v   T
	k   int
	nan bool
}

// merge returns the extremum of b's part followed by c's: the first NaN, else the
// larger (want > 0) or smaller value, ties going to b's earlier element.
func (b best[T]) merge(c best[T], want int) best[T] {
	switch {
	case b.nan:
		return b
	case c.nan, want > 0 && c.v > b.v, want < 0 && c.v < b.v:
		return c
	}
	return b
}

// pieceExtreme is the extremum of r, whose first element is element lo of the row.
// With values only, a float32 extremum the SIMD kernel settles is returned without
// its index.
func pieceExtreme[T float](r []T, lo, want int, values bool, scratch []float32) best[T] {
	if r32, ok := any(r).([]float32); ok {
		if m, ok := simdExtreme32(r32, want, scratch); ok {
			if values {
				return best[T]{v: T(m), k: -1}
			}
			return best[T]{v: T(m), k: lo + argSettled(r32, m, want)}
		}
	}
	k := argExtreme(r, want)
	return best[T]{v: r[k], k: lo + k, nan: r[k] != r[k]}
}

// rowExtreme is the extremum of a whole row, cut into ranges over the cores above the
// grain size (one per worker, in order, merged in order) and checking the interrupt
// flag between pieces of interruptEvery elements.
func rowExtreme[T float](r []T, want int, values bool) best[T] {
	n := len(r)
	workers := min(NumThreads(), n/grainSize)
	run := func(lo, hi int) best[T] {
		scratch := make([]float32, scratchLen)
		b := pieceExtreme(r[lo:min(hi, lo+interruptEvery)], lo, want, values, scratch)
		for s := lo + interruptEvery; s < hi && !b.nan; s += interruptEvery {
			checkInterrupt()
			b = b.merge(pieceExtreme(r[s:min(hi, s+interruptEvery)], s, want, values, scratch), want)
		}
		return b
	}
	if workers <= 1 {
		return run(0, n)
	}
	per := (n + workers - 1) / workers
	parts := make([]best[T], workers)
	parallel(workers, func(w int) { parts[w] = run(w*per, min(n, (w+1)*per)) })
	b := parts[0]
	for _, c := range parts[1:] {
		b = b.merge(c, want)
	}
	return b
}

// extremeFloat is extremeT for float arrays: rows over the cores (byRows), a single
// row cut over them (rowExtreme).
func extremeFloat[T float](a *Array, mask []bool, want int, keepdim, wantValues bool) (*Array, *Array) {
	if v, i, ok := extremeCols[T](a, mask, want, keepdim, wantValues); ok {
		return v, i
	}
	src, m, shape := reducedRows[T](a, mask)
	idx := alloc(Int64, shape)
	od := storage[int64](idx)
	var v *Array
	var vals []T
	if wantValues {
		v = alloc(a.dtype, shape)
		vals = storage[T](v)
	}
	if len(od) == 1 {
		b := rowExtreme(src, want, false)
		od[0] = int64(b.k)
		if vals != nil {
			vals[0] = src[b.k]
		}
	} else {
		byRows(len(od), m, elementGrain(m), func(r0, r1 int) {
			var scratch []float32
			if m >= 32 && dtypeOf[T]() == Float32 && want < 0 {
				scratch = make([]float32, min(m, scratchLen))
			}
			for i := r0; i < r1; i++ {
				row := src[i*m : (i+1)*m : (i+1)*m]
				k := argRow(row, want, scratch)
				od[i] = int64(k)
				if vals != nil {
					vals[i] = row[k]
				}
			}
		})
	}
	if v != nil {
		v = finish(v, a, mask, keepdim)
	}
	return v, finish(idx, a, mask, keepdim)
}

// prodLanes multiplies the elements of r, whose length is a multiple of len(acc) (32
// float32 or 16 float64), into acc lane by lane, block after block, eight lanes at a
// time: lane q's products are taken in the same order.
func prodLanes[T float](acc []T, r []T) {
	w := len(acc)
	for q := 0; q+8 <= w; q += 8 {
		a := (*[8]T)(acc[q : q+8])
		a0, a1, a2, a3, a4, a5, a6, a7 := a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]
		for i := q; i+8 <= len(r); i += w {
			v := (*[8]T)(r[i : i+8])
			a0 *= v[0]
			a1 *= v[1]
			a2 *= v[2]
			a3 *= v[3]
			a4 *= v[4]
			a5 *= v[5]
			a6 *= v[6]
			a7 *= v[7]
		}
		*a = [8]T{a0, a1, a2, a3, a4, a5, a6, a7}
	}
}

// prodInner is prodRow(r, true) for a float row: the same four vectors of lanes, each
// lane's products in the same order, combined the same way; a long row checks the
// interrupt flag between pieces of about interruptEvery elements.
func prodInner[T float](r []T) T {
	lanes := 4
	if _, ok := any(r).([]float32); ok {
		lanes = 8
	}
	block := 4 * lanes
	if len(r) < block {
		return prodRow(r, true)
	}
	var buf [32]T
	acc := buf[:block]
	copy(acc, r)
	end := len(r) - len(r)%block
	piece := interruptEvery / block * block
	for lo := block; lo < end; lo += piece {
		if lo > block {
			checkInterrupt()
		}
		prodLanes(acc, r[lo:min(end, lo+piece)])
	}
	for l := 0; l < lanes; l++ {
		acc[l] = (acc[l] * acc[lanes+l]) * (acc[2*lanes+l] * acc[3*lanes+l])
	}
	p := T(1)
	for _, v := range acc[:lanes] {
		p *= v
	}
	for _, v := range r[end:] {
		p *= v
	}
	return p
}

// Norm of float32 over contiguous elements (normRow's SIMD path): lane j of eight
// accumulates acc = fma(x, x, acc) rounded to float32, over x = r[j], r[j+8], ...
//
// While a lane's acc stays within one binade [2^k, 2^(k+1)) (k >= -126, so float32
// spaces its values u = 2^(k-23) apart there), each step rounds the exact acc + x² to
// a multiple of u, ties to even. Float64 does that rounding in a single addition when
// acc is carried with an offset c = 1.5·2^(k+29): c + acc lies in a binade where
// float64 spaces its values u apart too, c/u is even (so the ties go the same way),
// and x² is exact in float64. A run of steps is then one float64 addition each,
// independent per lane, and is valid when the final acc (c + acc - c, exact) is still
// below 2^(k+1): acc never decreases (x² >= 0), and a sum reaching 2^(k+1), a NaN or
// an infinity fails the test. A run that fails is done again in halves, down to a few
// steps done with fmaf.

// normRun is the steps per lane a run starts with.
const normRun = 128

// normGroup accumulates lanes j = 0..3 of acc: lane j takes r[8t+j], t in [s, e).
func normGroup(acc *[4]float32, r []float32, s, e int) {
	if e-s > 8 && normFast(acc, r, s, e) {
		return
	}
	if e-s <= 8 {
		a0, a1, a2, a3 := acc[0], acc[1], acc[2], acc[3]
		for t := s; t < e; t++ {
			v := r[8*t : 8*t+4 : 8*t+4]
			a0 = fmaf(v[0], v[0], a0)
			a1 = fmaf(v[1], v[1], a1)
			a2 = fmaf(v[2], v[2], a2)
			a3 = fmaf(v[3], v[3], a3)
		}
		*acc = [4]float32{a0, a1, a2, a3}
		return
	}
	mid := s + (e-s)/2
	normGroup(acc, r, s, mid)
	normGroup(acc, r, mid, e)
}

// normFast does normGroup's steps with offset float64 sums and reports whether they
// are valid; acc changes only when they are.
func normFast(acc *[4]float32, r []float32, s, e int) bool {
	var c, top [4]float64
	for j, a := range acc {
		b := math.Float32bits(a)
		k := int(b>>23) - 127
		if b>>31 != 0 || k < -126 || k > 127 { // a sign, zero or subnormal, Inf or NaN
			return false
		}
		c[j] = math.Float64frombits(uint64(k+29+1023)<<52 | 1<<51)
		top[j] = math.Float64frombits(uint64(k+1+1023) << 52)
	}
	a0, a1, a2, a3 := c[0]+float64(acc[0]), c[1]+float64(acc[1]), c[2]+float64(acc[2]), c[3]+float64(acc[3])
	t := s
	for ; t+2 <= e; t += 2 { // two steps at a time: fewer loop instructions per element
		v := (*[12]float32)(r[8*t : 8*t+12])
		x0, x1, x2, x3 := float64(v[0]), float64(v[1]), float64(v[2]), float64(v[3])
		a0 += x0 * x0
		a1 += x1 * x1
		a2 += x2 * x2
		a3 += x3 * x3
		x0, x1, x2, x3 = float64(v[8]), float64(v[9]), float64(v[10]), float64(v[11])
		a0 += x0 * x0
		a1 += x1 * x1
		a2 += x2 * x2
		a3 += x3 * x3
	}
	if t < e {
		v := (*[4]float32)(r[8*t : 8*t+4])
		x0, x1, x2, x3 := float64(v[0]), float64(v[1]), float64(v[2]), float64(v[3])
		a0 += x0 * x0
		a1 += x1 * x1
		a2 += x2 * x2
		a3 += x3 * x3
	}
	a0, a1, a2, a3 = a0-c[0], a1-c[1], a2-c[2], a3-c[3]
	if !(a0 < top[0] && a1 < top[1] && a2 < top[2] && a3 < top[3]) {
		return false
	}
	*acc = [4]float32{float32(a0), float32(a1), float32(a2), float32(a3)}
	return true
}

// normSteps runs lanes 4h..4h+3 of acc (h = 0 or 1) over steps [s0, s1) of r, step t
// being r[8t : 8t+8], in runs of normRun steps.
func normSteps(acc *[8]float32, r []float32, h, s0, s1 int) {
	a := (*[4]float32)(acc[4*h : 4*h+4])
	x := r[4*h:]
	for s := s0; s < s1; s += normRun {
		normGroup(a, x, s, min(s1, s+normRun))
	}
}

// norm2Inner32 is normRow(r, 2, true) for float32: its eight lanes (the SIMD kernel's
// register where there is one; else offset float64 runs, for a long row four lanes on
// each of two cores), added in order, the tail fused in one by one. It checks
// the interrupt flag between pieces of about interruptEvery elements.
func norm2Inner32(r []float32) float32 {
	var acc [8]float32
	steps := len(r) / 8
	per := interruptEvery / 8 // steps per piece
	if asm.Current() != asm.None {
		// The SIMD kernel takes the eight lanes in one register, a fused multiply-add
		// per step: each lane is one chain of dependent steps, which a second core
		// cannot shorten, so one core runs it.
		for s := 0; s < steps; s += per {
			if s > 0 {
				checkInterrupt()
			}
			e := min(steps, s+per)
			if done := asm.SquareSum8(&acc, r[8*s:8*e]) / 8; s+done < e {
				normSteps(&acc, r, 0, s+done, e)
				normSteps(&acc, r, 1, s+done, e)
			}
		}
	} else if NumThreads() > 1 && steps*8 >= 2*grainSize {
		parallel(2, func(h int) {
			var own [8]float32 // not acc: the other core writes beside it
			for s := 0; s < steps; s += per {
				if s > 0 {
					checkInterrupt()
				}
				normSteps(&own, r, h, s, min(steps, s+per))
			}
			copy(acc[4*h:4*h+4], own[4*h:4*h+4])
		})
	} else {
		for s := 0; s < steps; s += per {
			if s > 0 {
				checkInterrupt()
			}
			// both halves piece by piece: the second reads what the first left in cache
			normSteps(&acc, r, 0, s, min(steps, s+per))
			normSteps(&acc, r, 1, s, min(steps, s+per))
		}
	}
	s := acc[0]
	for _, v := range acc[1:] {
		s += v
	}
	for _, v := range r[steps*8:] {
		s = fmaf(v, v, s)
	}
	return float32(math.Sqrt(float64(s)))
}

// extremeValue is the max (want > 0) or min of all elements of a non-empty float array
// as a 0-d array: extremum's element of them in row-major order.
func extremeValue[T float](a *Array, want int) *Array {
	src, _, _ := reducedRows[T](a, reduceMask(nil, a.Dim()))
	b := rowExtreme(src, want, true)
	out := alloc(a.dtype, nil)
	storage[T](out)[0] = b.v
	return out
}

// prodRows is reduceRows with prodRow for floats: contiguous inner rows (inner) of at
// least one block of four vectors and at most interruptEvery elements go to
// asm.InnerProds a range of rows at a time, others to prodFloat one by one.
func prodRows[T float](a *Array, mask []bool, inner bool) *Array {
	src, m, shape := reducedRows[T](a, mask)
	out, od := allocRaw[T](shape) // every element is written
	block := 128 / sizeOf[T]()    // prodInner's four vectors
	byRows(len(od), m, elementGrain(m), func(r0, r1 int) {
		if inner && m >= block && m <= interruptEvery && asm.InnerProds(od[r0:], src[r0*m:], r1-r0, m, 1, m) {
			return
		}
		for i := r0; i < r1; i++ {
			od[i] = prodFloat(src[i*m:(i+1)*m:(i+1)*m], inner)
		}
	})
	return out
}

// prodFloat is prodRow for a float row.
func prodFloat[T float](r []T, inner bool) T {
	if inner {
		return prodInner(r)
	}
	return prodRow(r, false)
}

// serialSums makes cascadeSum call sumBlock as it did before sumBlock2, for tests.
var serialSums = false

// sumBlock2 is cascadeSum's single sumBlock call for a reduction over two coalesced
// dims (d0 first), over the cores: its outputs (the second dim once sumBlock has swapped
// them) are cut into ranges at multiples of the groups of outputs sumBlock sums
// together (4·lanes for the vectorized outer loop, ilpFactor for the scalar outer
// one), the last range taking the outputs left over, so each output is summed by the
// same loop as before. Contiguous rows take innerSum. fresh says that the block's
// outputs still hold the zeros cascadeSum's result starts from (no earlier block added
// into them), so a sum may be written where it would be added to +0.
func sumBlock2[T float](out, in []T, outOff, inOff int, d0, d1 iterDim, fresh bool) {
	size0, size1, inS0, inS1, outS0, outS1 := d0.size, d1.size, d0.in, d1.in, d0.out, d1.out
	if outS0 != 0 && outS1 == 0 { // sumBlock's swap
		inS0, inS1 = inS1, inS0
		outS0, outS1 = outS1, outS0
		size0, size1 = size1, size0
	}
	if outS0 != 0 { // not a reduction
		sumBlock(out, in, outOff, inOff, size0, size1, inS0, inS1, outS0, outS1)
		return
	}
	if outS1 == 0 {
		// Every sum goes into the one output, in order: they are computed apart (the
		// output is a fresh zero, to which adding a sum or zero plus it is the same)
		// and then added in order.
		parts := zeros[T](size1)
		sumCols(parts, in, 0, inOff, size0, size1, inS0, inS1, 1, true)
		for _, v := range parts {
			out[outOff] += v
		}
		return
	}
	sumCols(out, in, outOff, inOff, size0, size1, inS0, inS1, outS1, fresh)
}

// sumCols is sumBlock2 for a block whose outputs are all distinct (outS0 = 0, outS1 !=
// 0, after sumBlock's swap).
func sumCols[T float](out, in []T, outOff, inOff, size0, size1, inS0, inS1, outS1 int, fresh bool) {
	const outS0 = 0
	W := lanesOf[T]()
	align := 1
	switch {
	case inS0 == 1 && size0 >= W:
		byRows(size1, size0, elementGrain(size0), func(j0, j1 int) {
			if innerSumsFit[T](size0) {
				o, p := outOff+j0*outS1, inOff+j0*inS1
				if asm.InnerSums(out[o:], in[p:], j1-j0, inS1, outS1, size0) {
					return
				}
			}
			acc := zeros[T](numLevels * ilpFactor * W)
			for j := j0; j < j1; j++ {
				p := inOff + j*inS1
				out[outOff+j*outS1] += innerSum(in[p:p+size0:p+size0], acc)
			}
		})
		return
	case inS1 == 1 && size1 >= W:
		align = ilpFactor * W
		if units := size1 / align; units > 0 && asm.Current() != asm.None && align*sizeOf[T]() == 128 {
			// The column groups, over the cores, block by block across each range
			// (outerCols). The vectors of columns short of a group are summed by
			// rowSum's cascade (vecCascade) on the last range's core, piece by piece
			// beside its groups while those rows are in cache (a pass of their own
			// would read a line of every row again); the columns short of a vector
			// by rowSum as sumBlock sums them.
			j := units * align
			var vecBuf [ilpFactor - 1]*vecCascade[T] // fewer than a group's vectors
			vecs := vecBuf[:0]
			for ; j+W <= size1; j += W {
				vecs = append(vecs, newVecCascade(in, inOff+j, inS0, size0, W))
			}
			if grain := elementGrain(size0 * align); workersFor(units, grain) <= 1 {
				// byRows would run this range as one piece (outerCols checks the
				// interrupt flag itself) on this core: called directly, no closure is
				// allocated, and a reduction made of many small blocks runs a block
				// per call
				outerCols(out, in, outOff, inOff, size0, units, inS0, outS1, vecs, fresh)
			} else {
				last := slices.Clone(vecs) // the closure's own: vecBuf stays on the stack
				byRows(units, 1, grain, func(u0, u1 int) {
					var mine []*vecCascade[T]
					if u1 == units {
						mine = last
					}
					outerCols(out, in, outOff+u0*align*outS1, inOff+u0*align, size0, u1-u0, inS0, outS1, mine, fresh)
				})
			}
			for v, c := range vecs {
				for q, x := range c.sum() {
					out[outOff+(units*align+v*W+q)*outS1] += x
				}
			}
			for ; j < size1; j++ {
				out[outOff+j*outS1] += rowSum(in, inOff+j, inS0, size0, 1)[0]
			}
			return
		}
	case inS0 < inS1:
	default:
		align = ilpFactor
	}
	units := max(1, size1/align)
	byRows(units, size0*align, elementGrain(size0*align), func(u0, u1 int) {
		j0, j1 := u0*align, u1*align
		if u1 == units {
			j1 = size1
		}
		sumBlock(out, in, outOff+j0*outS1, inOff+j0*inS1, size0, j1-j0, inS0, inS1, outS0, outS1)
	})
}

// outerCols is sumBlock's vectorized outer loop over groups whole groups of four
// vectors of columns (128 bytes: the columns from in[inOff], rows inS0 apart), each
// summed as multiRowSum sums it (its rows' cascade, the level loop in asm.CascadeCols
// across the groups block by block, the rows short of a block then added into level
// 0 and the levels folded into it) and added into out, outS1 apart; SIMD paths only.
// The cascades vecs advance over the rows of each piece after it. byRows hands it its
// whole range (n = 1): it checks the interrupt flag itself, between pieces of about
// interruptEvery elements. fresh is sumBlock2's: out's elements are still +0.
func outerCols[T float](out, in []T, outOff, inOff, size0, groups, inS0, outS1 int, vecs []*vecCascade[T], fresh bool) {
	w := ilpFactor * lanesOf[T]()
	levelPower := max(4, ceilLog2(size0)/numLevels)
	step := 1 << levelPower
	if size0 <= step {
		// At most one block: level 0 sums the rows in order from zero, and a block
		// that ends at step only moves it up to level 1 from zero; the fold then adds
		// zeros (level 0, a sum from +0, is never -0, so they change nothing). Each
		// group's sum is its rows added in order from zero, and added to an output
		// that is +0 it is itself: fresh contiguous outputs take the rows directly.
		if fresh && outS1 == 1 {
			for g := range groups {
				o := outOff + g*w
				asm.SumRows(out[o:o+w], in[inOff+g*w:], size0, inS0)
			}
			for _, c := range vecs {
				c.advance(size0 / ilpFactor)
			}
			return
		}
		s := zeros[T](w)
		for g := range groups {
			clear(s)
			asm.SumRows(s, in[inOff+g*w:], size0, inS0)
			if o := outOff + g*w; outS1 == 1 && asm.Binary(asm.Add, out[o:o+w], out[o:o+w], s) == w {
				continue
			}
			for q, v := range s {
				out[outOff+(g*w+q)*outS1] += v
			}
		}
		for _, c := range vecs {
			c.advance(size0 / ilpFactor)
		}
		return
	}
	mask := step - 1
	acc := zeros[T](groups * numLevels * w)
	piece := max(step, interruptEvery/(groups*w)/step*step) // rows between checks
	i := 0
	for i+step <= size0 {
		if i > 0 {
			checkInterrupt()
		}
		next := asm.CascadeCols(acc, in[inOff:], groups, inS0, step, mask<<levelPower, mask<<(2*levelPower), i, min(size0, i+piece))
		if next == i {
			panic("tensor: outerCols without a SIMD path")
		}
		i = next
		for _, c := range vecs {
			c.advance(i / ilpFactor)
		}
	}
	for g := range groups {
		lv := acc[g*numLevels*w : (g+1)*numLevels*w]
		if i < size0 { // the rows short of a block, into level 0
			asm.SumRows(lv[:w], in[inOff+g*w+i*inS0:], size0-i, inS0)
		}
		for q, v := range foldLevels(lv, w) {
			out[outOff+(g*w+q)*outS1] += v
		}
	}
}

// vecCascade is rowSum of one vector of lanes columns (base in d, rows stride apart,
// size0 of them) in steps: multiRowSum's level loop over its four strided vectors
// (cascade row r is array rows 4r..4r+3), advanced block by block as rows arrive,
// then the rows short of a block, the levels folded, the array rows short of four and
// the four partial vectors added in order, as rowSum does.
type vecCascade[T float] struct {
	d                          []T
	base, stride, lanes, size0 int
	size, levelPower, step, i  int // cascade rows, its level step, the rows done
	acc                        []T // the levels, in levels when they fit
	levels                     [numLevels * ilpFactor * 8]T
}

func newVecCascade[T float](d []T, base, stride, size0, lanes int) *vecCascade[T] {
	size := size0 / ilpFactor
	lp := max(4, ceilLog2(size)/numLevels)
	c := &vecCascade[T]{d: d, base: base, stride: stride, lanes: lanes, size0: size0,
		size: size, levelPower: lp, step: 1 << lp}
	if n := numLevels * ilpFactor * lanes; n <= len(c.levels) {
		c.acc = c.levels[:n] // one allocation, not two
	} else {
		c.acc = zeros[T](n)
	}
	return c
}

// load adds cascade rows [from, to) into level 0, as multiRowSum's load does.
func (c *vecCascade[T]) load(from, to int) {
	a0 := c.acc[:ilpFactor*c.lanes]
	for r := from; r < to; r++ {
		p := c.base + r*ilpFactor*c.stride
		for k := 0; k < ilpFactor; k++ {
			src := c.d[p+k*c.stride : p+k*c.stride+c.lanes]
			dst := a0[k*c.lanes : (k+1)*c.lanes]
			for l, v := range src {
				dst[l] += v
			}
		}
	}
}

// advance runs the blocks that end at or before cascade row upto, each climbing the
// levels as multiRowSum's loop does.
func (c *vecCascade[T]) advance(upto int) {
	for c.i+c.step <= min(upto, c.size) {
		c.load(c.i, c.i+c.step)
		c.i += c.step
		climbLevels(c.acc, ilpFactor*c.lanes, c.i, c.levelPower)
	}
}

// sum finishes the cascade and returns rowSum's lanes.
func (c *vecCascade[T]) sum() []T {
	c.advance(c.size)
	c.load(c.i, c.size)
	return rowSumTail(foldLevels(c.acc, ilpFactor*c.lanes), c.d, c.base, c.stride, c.size0, c.lanes)
}

// innerSumsFit tells whether asm.InnerSums sums rows of n elements as innerSum does:
// PyTorch's vectors are 32 bytes (four of them, 128 bytes, a row of the cascade), and
// the row has fewer than 256 such rows, so that its cascade stays below level 2.
func innerSumsFit[T float](n int) bool {
	return vecBytes == 32 && n/(ilpFactor*lanesOf[T]()) < 256
}

// innerSum is what sumBlock's vectorized inner loop adds into the output of a
// contiguous row r of at least lanesOf elements: rowSum's cascade over the row's
// vectors four at a time (multiRowSum's dense rows of 128 bytes), the vectors left
// over, the four partial vectors added in order, then from zero the elements left
// over and the lanes. It takes multiRowSum's steps without its allocations; a row
// long enough for its units (unitSums), or another vector width, takes sumBlock. acc
// is scratch for the levels (numLevels·ilpFactor·lanesOf elements).
func innerSum[T float](r, acc []T) T {
	W := lanesOf[T]()
	w := ilpFactor * W
	vecSize := len(r) / W
	size := vecSize / ilpFactor
	levelPower := max(4, ceilLog2(size)/numLevels)
	step := 1 << levelPower
	if w*sizeOf[T]() != 128 || size >= 2*step*step {
		var o [1]T
		sumBlock(o[:], r, 0, 0, len(r), 1, 1, 0, 0, 0)
		return o[0]
	}
	acc = acc[:numLevels*w]
	clear(acc)
	a0 := acc[:w]
	mask := step - 1
	i := asm.Cascade(acc, r, size, w, step, mask<<levelPower, mask<<(2*levelPower))
	for i+step <= size {
		addRows(a0, r[i*w:], step, w)
		i += step
		climbLevels(acc, w, i, levelPower)
	}
	addRows(a0, r[i*w:], size-i, w)
	foldLevels(acc, w)
	for v := size * ilpFactor; v < vecSize; v++ {
		for l, x := range r[v*W : (v+1)*W] {
			a0[l] += x
		}
	}
	for k := 1; k < ilpFactor; k++ {
		for l := 0; l < W; l++ {
			a0[l] += a0[k*W+l]
		}
	}
	var s T
	for _, x := range r[vecSize*W:] {
		s += x
	}
	for _, x := range a0[:W] {
		s += x
	}
	return s
}

// addRows adds n rows of w elements, w apart from d[0], into a0 lane by lane in row
// order, as multiRowSum's loadRun does for dense rows.
func addRows[T float](a0, d []T, n, w int) {
	if n == 0 || asm.SumRows(a0, d, n, w) {
		return
	}
	for r := 0; r < n; r++ {
		for q, v := range d[r*w : r*w+w] {
			a0[q] += v
		}
	}
}
