package tensor

import "runtime"

// Elementwise kernels run in parallel over contiguous ranges, as PyTorch's do: with
// at least grainSize elements per worker and at most GOMAXPROCS workers. Each worker
// checks the interrupt flag between pieces of interruptEvery elements. A panic in a
// worker (an interrupt, a failing kernel) is recovered there and re-raised in the
// caller's goroutine (parallel).
//
// The caller runs the first range itself and the team's helpers (team.go) the others.

// chunks calls f over [0, n) in pieces of at most interruptEvery elements. f must only
// touch indexes in [lo, hi), since pieces may run concurrently.
func chunks(n int, f func(lo, hi int)) { split(n, f, serialChunks) }

// chunksWhole is chunks without the interrupt checks, for in-place ops: like
// PyTorch's, which an interrupt reaches only between ops, they change all of an array
// or nothing. (They are a pass over memory, short even on large arrays.)
func chunksWhole(n int, f func(lo, hi int)) { split(n, f, wholeRange) }

func wholeRange(lo, hi int, f func(lo, hi int)) { f(lo, hi) }

// split runs serial over [0, n) cut into one contiguous range per worker.
func split(n int, f func(lo, hi int), serial func(lo, hi int, f func(lo, hi int))) {
	workers := min(runtime.GOMAXPROCS(0), n/grainSize)
	if workers <= 1 {
		serial(0, n, f)
		return
	}
	// pieces start at multiples of 64, so kernels that treat SIMD blocks of 16 and a
	// tail differently (sigmoid) see the blocks PyTorch's single loop sees
	per := ((n+workers-1)/workers + 63) / 64 * 64
	parallel((n+per-1)/per, func(k int) {
		lo := k * per
		serial(lo, min(lo+per, n), f)
	})
}

// serialChunks checks the flag between pieces, not before the first: an op smaller
// than one piece never checks, so small ops stay usable while the flag is raised.
func serialChunks(lo, hi int, f func(lo, hi int)) {
	for start := lo; start < hi; start += interruptEvery {
		if start > lo {
			checkInterrupt()
		}
		f(start, min(start+interruptEvery, hi))
	}
}
