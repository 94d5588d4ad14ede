package tensor

// Elementwise kernels run in parallel over contiguous ranges, as PyTorch's do: with
// at least grainSize elements per worker and at most NumThreads workers. Each worker
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
	workers := workersFor(n, grainSize)
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

// byRows runs f over the rows [0, count) of an array whose rows hold n elements each
// (or units of n elements: any independent pieces of work), in contiguous ranges of at
// least grain rows, one range per core, as PyTorch's parallel_for cuts a range by its
// grain. Rows are independent, so the cut never changes the bits. Each range checks
// the interrupt flag between pieces of about interruptEvery elements, not before the
// first, so small work never checks.
func byRows(count, n, grain int, f func(r0, r1 int)) {
	per := max(1, interruptEvery/max(1, n)) // rows per piece between checks
	workers := workersFor(count, grain)
	if workers <= 1 {
		rowPieces(0, count, per, f) // no closure: small reductions run here per block
		return
	}
	each := (count + workers - 1) / workers
	parallel((count+each-1)/each, func(k int) {
		rowPieces(k*each, min((k+1)*each, count), per, f)
	})
}

// workersFor is how many cores split and byRows give count units of work cut in
// ranges of at least grain units: at most one per grain, at most NumThreads. Callers
// that choose a path by whether the work would be shared ask it too.
func workersFor(count, grain int) int { return min(NumThreads(), count/max(1, grain)) }

// rowPieces is byRows's range: f over [r0, r1) in pieces of per rows, the interrupt
// flag checked between them.
func rowPieces(r0, r1, per int, f func(r0, r1 int)) {
	for start := r0; start < r1; start += per {
		if start > r0 {
			checkInterrupt()
		}
		f(start, min(start+per, r1))
	}
}

// elementGrain is the grain in rows of n elements for work cut like the elementwise
// ops, grainSize elements per core.
func elementGrain(n int) int { return max(1, grainSize/max(1, n)) }

// softmaxGrain is PyTorch's grain for its softmax kernels' rows of n elements,
// GRAIN_SIZE/(16·n) rows: a 64×1000 batch already takes both cores.
func softmaxGrain(n int) int { return max(1, grainSize/(16*max(1, n))) }
