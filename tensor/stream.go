package tensor

import "github.com/gograd/gograd/tensor/internal/asm"

// Streamed writes of cold results.
//
// An ordinary store to a line that is not in the caches first reads the line from
// memory, to merge the store into it. A large result written over a block nobody has
// touched for a while is therefore read and then written: twice its size in memory
// traffic, against once for a block still in the caches. PyTorch's caching allocator
// hands a loop of ops the block the previous result just freed, usually still cached.
// Here a block comes back only through a collection (recycle.go), a cycle of blocks
// later, and the cycle outgrows the caches: the block is cold (allocOut says so).
//
// A cold result is written through a small buffer instead: each piece of the op
// computes into a pooled buffer that stays in the L1 cache, and asm.Stream copies it
// out with non-temporal stores, which write whole lines without reading them and
// leave the operands in the caches. The extra copy runs at the L1's speed. A warm
// block is written in place: streaming would push it out of the caches it is in.
//
// Invariants: the op sees the same pieces either way (the buffer's length is a
// multiple of 64 elements, so a piece starts where it would without streaming, and
// kernels that treat blocks of 16 elements apart see the same blocks), so the bits
// do not depend on the block's temperature; a piece fences its streamed stores
// (asm.Fence) before it returns, so the result is visible to any core once the op's
// pieces have joined.

// streamMin is the smallest result streamed: a smaller one fits in a core's L2 cache,
// where the next op reads it.
const streamMin = 1 << 20

// streamPiece is the elements a piece computes into its buffer at a time: a few KB,
// well inside the L1 cache beside the operands' lines.
const streamPiece = 1024

// writeOut runs f over the elements of a new result dst in pieces over the cores, as
// chunks does: f(d, lo) writes the result's elements lo to lo+len(d) into d. When the
// result is large and its block cold, d is a buffer streamed into dst; otherwise d is
// dst[lo:lo+len(d)] itself. Small results run on the calling goroutine in one piece.
func writeOut[T float](dst []T, cold bool, f func(d []T, lo int)) {
	n := len(dst)
	switch {
	case small(n):
		f(dst, 0)
	case !cold || n*sizeOf[T]() < streamMin:
		chunks(n, func(lo, hi int) { f(dst[lo:hi], lo) })
	default:
		chunks(n, func(lo, hi int) {
			buf := takeScratch[T]()
			defer putScratch(buf)
			s := sizedScratch(buf, streamPiece)
			for i := lo; i < hi; i += streamPiece {
				d := s[:min(streamPiece, hi-i)]
				f(d, i)
				asm.Stream(dst[i:i+len(d)], d)
			}
			asm.Fence()
		})
	}
}

// writeInPlace is writeOut for an in-place op: f writes x's own elements, in pieces
// without the interrupt checks (chunksWhole), streamed never: x was just read.
func writeInPlace[T float](x []T, f func(d []T, lo int)) {
	if n := len(x); small(n) {
		f(x, 0)
	} else {
		chunksWhole(n, func(lo, hi int) { f(x[lo:hi], lo) })
	}
}

// streamTo copies s to d (of one length) with non-temporal stores (asm.Stream): a copy
// needs no buffer. Float elements only; others are copied. A piece that streams fences
// before it returns (asm.Fence).
func streamTo[T elem](d, s []T) {
	switch dd := any(d).(type) {
	case []float32:
		asm.Stream(dd, any(s).([]float32))
	case []float64:
		asm.Stream(dd, any(s).([]float64))
	default:
		copy(d, s)
	}
}
