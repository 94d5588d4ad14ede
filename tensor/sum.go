package tensor

import (
	"math/bits"
	"slices"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// Float sums follow PyTorch's CPU kernel (aten/src/ATen/native/cpu/SumKernel.cpp,
// cascade_sum) step by step, because float32 rounding decides what prints (a sum landing
// on 25.000002 prints as 25.0000, not 25.). The facts reproduced here:
//
//   - The reduction runs over TensorIterator's 2-d loops: reduced dims first, each group
//     ordered by stride; the kernel sees (size0, size1) blocks and accumulates each block's
//     partial sum into the output (out += partial), in the dtype itself (no float64
//     accumulator for float32).
//   - A block is summed by one of four loops depending on layout: vectorized inner
//     (reduced dim contiguous and at least one SIMD vector long), vectorized outer (kept
//     dim contiguous and at least one vector wide), scalar inner, scalar outer.
//   - Each loop uses multi_row_sum: a four-level cascade whose level step is
//     2^max(4, ceil(log2(n))/4), with several accumulators ("rows") side by side, and
//     row_sum splits a row four ways (instruction-level parallelism) before cascading.
//   - A whole-array reduction of at least 32768 elements is split among threads in equal
//     contiguous chunks of at least 32768, whose partial sums are then added in thread
//     order.
//
// vecBytes is the SIMD width of the kernel PyTorch dispatches to (32 bytes: AVX2, as in
// the reference runs); sumThreads is the thread count to emulate (1: torch with
// set_num_threads(1); Debian's torch on a 2-core machine uses 2).
var (
	vecBytes   = 32
	sumThreads = 1
)

const (
	grainSize = 32768 // at::internal::GRAIN_SIZE
	ilpFactor = 4
	numLevels = 4
)

func lanesOf[T float]() int {
	var z T
	if _, ok := any(z).(float32); ok {
		return vecBytes / 4
	}
	return vecBytes / 8
}

// ceilLog2 is ATen's utils::CeilLog2 (1 for x <= 2).
func ceilLog2(x int) int {
	if x <= 2 {
		return 1
	}
	return bits.Len64(uint64(x - 1))
}

// multiRowSum sums size rows of nrows*lanes accumulators with PyTorch's four-level
// cascade. Accumulator (k, l) reads d[base + i*rowStride + k*colStride + l], for row i;
// lanes > 1 models one SIMD vector per k.
func multiRowSum[T float](d []T, base, rowStride, colStride, size, nrows, lanes int) []T {
	levelPower := max(4, ceilLog2(size)/numLevels)
	levelStep := 1 << levelPower
	levelMask := levelStep - 1
	w := nrows * lanes
	acc := zeros[T](numLevels * w)
	a0 := acc[:w]
	dense := colStride == lanes
	simdRow := dense && w*sizeOf[T]() == 128 // rows the SIMD kernels take: four AVX2 vectors
	load := func(i int) {
		p := base + i*rowStride
		if dense {
			blk := d[p : p+w]
			for q, v := range blk {
				a0[q] += v
			}
			return
		}
		for k := 0; k < nrows; k++ {
			pk := p + k*colStride
			for l := 0; l < lanes; l++ {
				a0[k*lanes+l] += d[pk+l]
			}
		}
	}
	// loadRun adds rows i..i+n-1 into level 0; the 32-wide dense case (float32
	// vectors of 8, four at a time: the common whole-array sum) runs on a fixed-size
	// array without bounds checks.
	loadRun := func(i, n int) {
		if simdRow && n > 0 && asm.SumRows(a0, d[base+i*rowStride:], n, rowStride) {
			return // the same lane-by-lane additions, in SIMD registers
		}
		if dense && w == 32 {
			a := (*[32]T)(a0)
			p := base + i*rowStride
			for r := 0; r < n; r++ {
				blk := (*[32]T)(d[p : p+32])
				for q := 0; q < 32; q += 4 {
					a[q] += blk[q]
					a[q+1] += blk[q+1]
					a[q+2] += blk[q+2]
					a[q+3] += blk[q+3]
				}
				p += rowStride
			}
			return
		}
		for r := 0; r < n; r++ {
			load(i + r)
		}
	}
	// A unit of levelStep blocks (levelStep² rows) starts with levels 0 and 1 at zero,
	// so the level-1 sums of a dense sum's whole units are computed first, on all cores
	// (unitSums), and the cascade then climbs with them in order: the same additions,
	// the same bits. On one core the SIMD level loop does the same additions in one
	// pass, with no unit sums to store and add up again.
	i := 0
	unitRows := levelStep * levelStep
	units := size / unitRows
	onAllCores := workersFor(units*unitRows*w, grainSize) > 1 // as unitSums's chunks cut it
	if dense && units >= 2 && (onAllCores || !simdRow) {
		a2, a3 := acc[2*w:3*w], acc[3*w:] // level 1 stays zero between units
		buf := takeScratch[T]()
		defer putScratch(buf)
		vals := sizedScratch(buf, units*w)
		unitSums(vals, d, base, rowStride, units, levelStep, w)
		for u := range units {
			for q, v := range vals[u*w : (u+1)*w] {
				a2[q] += v
			}
			i += unitRows
			if i&(levelMask<<(2*levelPower)) == 0 {
				for q := range a3 {
					a3[q] += a2[q]
					a2[q] = 0
				}
			}
		}
	} else if simdRow {
		// the whole level loop in SIMD registers, when there is a SIMD path, in runs of
		// levelStep³ rows with an interrupt check between them: a run starts where level
		// 3 has just taken a climb, so the kernel, which counts the rows from the run's
		// start, climbs exactly where the whole loop would
		span := levelStep * levelStep * levelStep
		for i < size {
			if i > 0 {
				checkInterrupt()
			}
			n := min(span, size-i)
			did := asm.Cascade(acc, d[base+i*rowStride:], n, rowStride, levelStep, levelMask<<levelPower, levelMask<<(2*levelPower))
			i += did
			if did < n {
				break // the rows short of a block are the Go loop's below
			}
		}
	}
	for i+levelStep <= size {
		loadRun(i, levelStep)
		i += levelStep
		climbLevels(acc, w, i, levelPower)
	}
	loadRun(i, size-i) // the rows short of a block, into level 0 as load adds them
	return foldLevels(acc, w)
}

// climbLevels is the cascade's step after a block of rows ending at row i: level j
// (w accumulators each, in acc) is added into level j+1 and cleared, from level 0 up
// while i is a multiple of the next level's span (levelPower bits a level).
func climbLevels[T float](acc []T, w, i, levelPower int) {
	mask := 1<<levelPower - 1
	for j := 1; j < numLevels; j++ {
		lo, hi := acc[(j-1)*w:j*w], acc[j*w:(j+1)*w]
		for q := range hi {
			hi[q] += lo[q]
			lo[q] = 0
		}
		if i&(mask<<(j*levelPower)) != 0 {
			break
		}
	}
}

// foldLevels ends the cascade: levels 1..3 added in order into level 0, which it
// returns (the first w accumulators of acc).
func foldLevels[T float](acc []T, w int) []T {
	a0 := acc[:w]
	for j := 1; j < numLevels; j++ {
		for q, v := range acc[j*w : (j+1)*w] {
			a0[q] += v
		}
	}
	return a0
}

// unitSums writes into vals the level-1 sums (w accumulators each) of units units of
// step·step dense rows of w elements, rows rowStride apart from d[base], unit u
// starting at row u·step·step: each unit's step blocks summed row by row from zero,
// and the blocks added in order from zero, as multiRowSum's level loop does. Units run
// in parallel above the grain size (chunks), in SIMD registers for rows of 128 bytes.
// vals may hold anything: every unit's sum is written over it.
func unitSums[T float](vals, d []T, base, rowStride, units, step, w int) {
	per := step * step * w       // elements per unit
	simd := w*sizeOf[T]() == 128 // the kernels' row: four AVX2 vectors
	// chunks cuts [0, units·per) into pieces; each unit goes to the piece holding its
	// first element
	chunks(units*per, func(lo, hi int) {
		u, end := (lo+per-1)/per, (hi+per-1)/per
		for u < end {
			p := base + u*step*step*rowStride
			if simd {
				u += asm.UnitSums(vals[u*w:end*w], d[p:], end-u, rowStride, step)
				if u == end {
					break
				}
				p = base + u*step*step*rowStride
			}
			a0, a1 := zeros[T](w), vals[u*w:(u+1)*w]
			clear(a1)
			for b := 0; b < step; b++ {
				clear(a0)
				if !simd || !asm.SumRows(a0, d[p:], step, rowStride) {
					for r := 0; r < step; r++ {
						for q, v := range d[p+r*rowStride : p+r*rowStride+w] {
							a0[q] += v
						}
					}
				}
				for q, v := range a0 {
					a1[q] += v
				}
				p += step * rowStride
			}
			u++
		}
	})
}

// rowSum is row_sum: the row seen as (-1, 4) is cascaded four rows at a time, the tail
// goes into the first partial, and the four partials are added in order. lanes > 1
// sums SIMD vectors of lanes contiguous elements (stride is then the vector stride).
func rowSum[T float](d []T, base, stride, size, lanes int) []T {
	sizeILP := size / ilpFactor
	return rowSumTail(multiRowSum(d, base, stride*ilpFactor, stride, sizeILP, ilpFactor, lanes), d, base, stride, size, lanes)
}

// rowSumTail finishes rowSum from its cascade's ilpFactor partial vectors p: the rows
// short of ilpFactor added into the first vector, then the others added into it in
// order. It returns the first vector.
func rowSumTail[T float](p, d []T, base, stride, size, lanes int) []T {
	for i := size / ilpFactor * ilpFactor; i < size; i++ {
		for l := 0; l < lanes; l++ {
			p[l] += d[base+i*stride+l]
		}
	}
	for k := 1; k < ilpFactor; k++ {
		for l := 0; l < lanes; l++ {
			p[l] += p[k*lanes+l]
		}
	}
	return p[:lanes]
}

// sumBlock is cascade_sum's 2-d loop: it adds into out the sums of a block of size1
// outputs, each reducing size0 inputs. in/out strides are in elements; outS0 must be 0
// unless the dims are swapped (done here, as in PyTorch).
func sumBlock[T float](out, in []T, outOff, inOff, size0, size1, inS0, inS1, outS0, outS1 int) {
	if outS0 != 0 && outS1 == 0 {
		inS0, inS1 = inS1, inS0
		outS0, outS1 = outS1, outS0
		size0, size1 = size1, size0
	}
	if outS0 != 0 && outS1 != 0 { // not a reduction: elementwise accumulate
		for j := 0; j < size1; j++ {
			for i := 0; i < size0; i++ {
				out[outOff+j*outS1+i*outS0] += in[inOff+j*inS1+i*inS0]
			}
		}
		return
	}
	W := lanesOf[T]()
	switch {
	case inS0 == 1 && size0 >= W: // vectorized inner sum
		vecSize := size0 / W
		for j := 0; j < size1; j++ {
			row := inOff + j*inS1
			v := rowSum(in, row, W, vecSize, W)
			var acc T
			for k := vecSize * W; k < size0; k++ {
				acc += in[row+k]
			}
			for _, x := range v {
				acc += x
			}
			out[outOff+j*outS1] += acc
		}
	case inS1 == 1 && size1 >= W: // vectorized outer sum
		j := 0
		for ; j+ilpFactor*W <= size1; j += ilpFactor * W {
			s := multiRowSum(in, inOff+j, inS0, W, size0, ilpFactor, W)
			for q, x := range s {
				out[outOff+(j+q)*outS1] += x
			}
		}
		for ; j+W <= size1; j += W {
			s := rowSum(in, inOff+j, inS0, size0, W)
			for q, x := range s {
				out[outOff+(j+q)*outS1] += x
			}
		}
		for ; j < size1; j++ {
			out[outOff+j*outS1] += rowSum(in, inOff+j, inS0, size0, 1)[0]
		}
	case inS0 < inS1: // scalar inner sum
		for j := 0; j < size1; j++ {
			out[outOff+j*outS1] += rowSum(in, inOff+j*inS1, inS0, size0, 1)[0]
		}
	default: // scalar outer sum
		j := 0
		for ; j+ilpFactor-1 < size1; j += ilpFactor {
			s := multiRowSumStrided(in, inOff+j*inS1, inS0, inS1, size0)
			for q, x := range s {
				out[outOff+(j+q)*outS1] += x
			}
		}
		for ; j < size1; j++ {
			out[outOff+j*outS1] += rowSum(in, inOff+j*inS1, inS0, size0, 1)[0]
		}
	}
}

// multiRowSumStrided is multiRowSum with four scalar accumulators whose columns are
// colStride apart.
func multiRowSumStrided[T float](d []T, base, rowStride, colStride, size int) []T {
	return multiRowSum(d, base, rowStride, colStride, size, ilpFactor, 1)
}

// iterDim is one dim of the reduction's iteration space.
type iterDim struct {
	size, in, out int
}

// shouldSwap is TensorIterator's comparison of two dims for a reduction (output
// operand first, then the input): 1 if x should come after y, -1 if before, 0 if
// undecided. Reduced dims (output stride 0) go first; a broadcast (stride 0) input dim
// decides nothing; otherwise the smaller stride, then the smaller size, goes first.
func shouldSwap(x, y iterDim) int {
	if (x.out == 0) != (y.out == 0) {
		if y.out == 0 {
			return 1
		}
		return -1
	}
	for _, s := range [][2]int{{x.out, y.out}, {x.in, y.in}} {
		if s[0] == 0 || s[1] == 0 {
			continue
		}
		if s[0] < s[1] {
			return -1
		}
		if s[0] > s[1] {
			return 1
		}
		if x.size > y.size {
			return 1
		}
	}
	return 0
}

// reorderDims is reorder_dimensions' insertion sort, which stops at the first dim
// that compares "before" and steps over undecided ones.
func reorderDims(dims []iterDim) {
	for i := 1; i < len(dims); i++ {
		d1 := i
		for d0 := i - 1; d0 >= 0; d0-- {
			c := shouldSwap(dims[d0], dims[d1])
			if c > 0 {
				dims[d0], dims[d1] = dims[d1], dims[d0]
				d1 = d0
			} else if c < 0 {
				break
			}
		}
	}
}

// cascadeSum sums a over the dims marked in reduce into out, a zeroed contiguous array
// of a's shape with reduced dims of size 1.
func cascadeSum[T float](a *Array, reduce []bool, out *Array) {
	od := storage[T](out)
	in := storage[T](a)
	if a.Numel() == 0 {
		return
	}
	// Operand strides over the iteration space, dims in reverse order (fastest first),
	// size-1 dims dropped, then ordered as TensorIterator's reorder_dimensions does.
	var dimsBuf, cBuf [smallDims]iterDim // on the stack for arrays of up to smallDims dims
	dims := dimsBuf[:0]
	for d := len(a.shape()) - 1; d >= 0; d-- {
		if a.shape()[d] == 1 {
			continue
		}
		os := out.strides()[d]
		if reduce[d] {
			os = 0
		}
		dims = append(dims, iterDim{a.shape()[d], a.strides()[d], os})
	}
	reorderDims(dims)
	// coalesce
	c := cBuf[:0]
	for _, d := range dims {
		if n := len(c); n > 0 {
			l := &c[n-1]
			if d.in == l.in*l.size && d.out == l.out*l.size {
				l.size *= d.size
				continue
			}
		}
		c = append(c, d)
	}
	for len(c) < 2 {
		c = append(c, iterDim{1, 0, 0})
	}
	total := a.Numel()
	if len(c) == 2 && c[1].size == 1 && out.Numel() == 1 && total >= grainSize && sumThreads > 1 {
		// two-pass reduction: at::parallel_for gives min(threads, ceil(n/grain)) threads
		// equal contiguous chunks; their partial sums (one slot per thread, unused ones
		// zero) are then summed
		used := min(sumThreads, (total+grainSize-1)/grainSize)
		chunk := (total + used - 1) / used
		parts := zeros[T](sumThreads)
		for t := 0; t*chunk < total; t++ {
			lo, hi := t*chunk, min(total, (t+1)*chunk)
			sumBlock(parts, in, t, a.offset+lo*c[0].in, hi-lo, 1, c[0].in, 0, 0, 0)
			checkInterrupt()
		}
		sumBlock(od, parts, 0, 0, sumThreads, 1, 1, 0, 0, 0)
		return
	}
	if len(c) == 2 && !serialSums && !small(c[0].size*c[1].size) {
		// the one block, over the cores; a small one stays below, where its sum
		// allocates nothing more than its result (autograd's scalar graphs)
		sumBlock2(od, in, out.offset, a.offset, c[0], c[1], true)
		return
	}
	if !serialSums && !small(total) && independentBlocks(c[2:]) && fillsCores(c) {
		// blocks of their own outputs (the kept dims outside the reduced ones, as a
		// per-channel mean has them): over the cores, a range of blocks each (a
		// block's sums do not depend on where it runs), as PyTorch's parallel
		// reduction cuts its largest kept dim
		sumBlocksPar(od, in, out.offset, a.offset, c)
		return
	}
	fast := !serialSums && !small(total)
	sumOdometer(od, in, out.offset, a.offset, c[0], c[1], c[2:], fast)
}

// sumOdometer is cascadeSum over outer dims beyond the first two: one 2-d block each,
// in order (a reduced outer dim adds each block's sums onto the same outputs); the
// blocks of a large reduction (fast) take sumBlock2's loops, a block at a time.
func sumOdometer[T float](od, in []T, outOff, inOff int, d0, d1 iterDim, outer []iterDim, fast bool) {
	idx := make([]int, len(outer))
	done := 0
	for {
		if fast {
			sumBlock2(od, in, outOff, inOff, d0, d1, firstVisit(outer, idx))
		} else {
			sumBlock(od, in, outOff, inOff, d0.size, d1.size, d0.in, d1.in, d0.out, d1.out)
		}
		done += d0.size * d1.size
		if done >= interruptEvery {
			done = 0
			checkInterrupt()
		}
		if !nextBlock(outer, idx, &inOff, &outOff) {
			return
		}
	}
}

// firstVisit reports whether the odometer's block at idx over the outer dims is the
// first to reach its outputs: no reduced outer dim (out stride 0) has moved past 0.
func firstVisit(outer []iterDim, idx []int) bool {
	for k, d := range outer {
		if d.out == 0 && idx[k] > 0 {
			return false
		}
	}
	return true
}

// independentBlocks reports whether every outer dim keeps its outputs apart (none is
// reduced), so that each 2-d block writes outputs of its own.
func independentBlocks(outer []iterDim) bool {
	for _, d := range outer {
		if d.out == 0 {
			return false
		}
	}
	return true
}

// fillsCores reports whether cutting the blocks of c (dims 0 and 1, outer dims beyond)
// into ranges over the cores shares the work: blocks each too small to be shared
// themselves, or enough of them for every core.
func fillsCores(c []iterDim) bool {
	blocks := 1
	for _, d := range c[2:] {
		blocks *= d.size
	}
	return blocks > 1 && (small(c[0].size*c[1].size) || blocks >= NumThreads())
}

// sumBlocksPar is cascadeSum's odometer for independent blocks, cut into ranges of
// blocks over the cores; each range walks its blocks in order, each block summed by
// sumBlock2 into outputs still +0. A block below the grain runs on the range's core;
// a larger one may share itself out further (parallel runs an op called from inside
// a piece on goroutines of its own).
func sumBlocksPar[T float](od, in []T, outBase, inBase int, c []iterDim) {
	// a copy for the ranges' closure, which would otherwise move cascadeSum's dims off
	// its stack on every call
	d0, d1, outer := c[0], c[1], slices.Clone(c[2:])
	blocks, per := 1, d0.size*d1.size
	for _, d := range outer {
		blocks *= d.size
	}
	byRows(blocks, per, elementGrain(per), func(b0, b1 int) {
		idx := make([]int, len(outer))
		inOff, outOff := inBase, outBase
		for k, rest := 0, b0; k < len(outer); k++ {
			idx[k] = rest % outer[k].size
			rest /= outer[k].size
			inOff += idx[k] * outer[k].in
			outOff += idx[k] * outer[k].out
		}
		for b := b0; b < b1; b++ {
			sumBlock2(od, in, outOff, inOff, d0, d1, true)
			nextBlock(outer, idx, &inOff, &outOff)
		}
	})
}

// nextBlock moves the odometer idx over the outer dims (fastest first) to the next
// block, and the offsets with it; it reports false, with idx back at zero, after the
// last block.
func nextBlock(outer []iterDim, idx []int, inOff, outOff *int) bool {
	for k := range outer {
		idx[k]++
		*inOff += outer[k].in
		*outOff += outer[k].out
		if idx[k] < outer[k].size {
			return true
		}
		*inOff -= outer[k].in * outer[k].size
		*outOff -= outer[k].out * outer[k].size
		idx[k] = 0
	}
	return false
}
