package tensor

import (
	"runtime"
	"runtime/metrics"
	"sync"
)

// Large results recycle the storage of dead arrays.
//
// Go hands out zeroed memory. For the result of an elementwise op, which the kernel
// overwrites anyway, that zeroing is a second pass over memory as long as the kernel's
// own, done by the calling goroutine alone while the kernel's pass is split over the
// cores; such kernels are bound by memory traffic, so the zeroing costs about what the
// op does. PyTorch's allocator hands freed blocks back as they are. Here the garbage
// collector says when a block is free: each recycled block carries a finalizer on its
// first word, which runs once nothing refers to any part of it (a view, a slice, an
// unsafe.Pointer into it keeps it alive as it keeps any Go memory alive), and puts it
// on a free list kept by size. allocRaw takes from there before asking Go for memory.
//
// Invariants:
//   - a block is on a free list only after its finalizer ran, so after the collector
//     found it unreachable, and the finalizer is set again each time the block is handed
//     out: no block is ever on a list and in use at once;
//   - only allocRaw's callers see recycled memory, and they write every element before
//     the array escapes (alloc and allocT still return zeros);
//   - idle blocks are bounded (recycleIdleMax bytes) and age: a block not taken within
//     two collections after it was freed is dropped for the collector to free, so a
//     session that stops computing returns to its own size (Go collects at least every
//     two minutes);
//   - only blocks of at least recycleMin bytes, Go's large objects: each of those gets
//     a span of its own, zeroed at every allocation, a pass over memory that costs
//     more than the finalizer does (commit e79a577 gives the A/B); below it, Go's
//     size-class slots are cheap enough.
//
// A block comes back only through a collection, so rawBlock collects when the lists
// run dry (see collectionDue): a loop that drops each result then runs on a few blocks
// taken in turn.
const (
	recycleMin  = 32 << 10
	recycleUnit = 8 << 10 // Go's page: blocks are rounded up to whole pages anyway

	// The bytes handed out between the collections rawBlock asks for are the
	// collector's own pacing (see collectionDue), within these bounds: at least
	// collectEveryMin, so that a small heap under Go's default pacing (a goal of a
	// few MB) does not collect at every few results; at most collectEveryMax, the
	// kernel's heap floor (kernel/heapfloor), so that the blocks a large heap's
	// pacing would leave in rotation stay a bounded few.
	collectEveryMin = 32 << 20
	collectEveryMax = 64 << 20

	// collectCachedEvery is the bytes of blocks smaller than streamMin handed out
	// that make a collection due sooner than the pacing would. Those results are
	// written through the caches (stream.go streams only larger ones), so a block
	// that comes back while some of its lines are still in the last-level cache
	// saves the reads of those lines: a rotation the cache can partly hold. Shorter
	// rotations warm the blocks further but cost collections, which on two
	// processors also stall OpenBLAS's threads in a product-heavy loop. Larger
	// blocks, streamed when cold, gain nothing from a short rotation and leave the
	// pacing alone.
	collectCachedEvery = collectEveryMin

	// recycleIdleMax bounds the bytes on the free lists: what one collection frees
	// of collectEveryMax bytes handed out, and half again for the blocks of the
	// collection before that are not yet taken.
	recycleIdleMax = collectEveryMax * 3 / 2

	// coldAfter is how many bytes of blocks handed out since a block was last handed
	// out make it cold, out of the caches (a guess at the last level cache a core
	// can count on: results written since, and the operands they were computed
	// from, have filled it).
	coldAfter = 8 << 20
)

var recycler struct {
	mu     sync.Mutex
	free   map[int][]idleBlock // by size in bytes, a multiple of recycleUnit
	idle   int                 // bytes on the free lists
	gen    uint32              // collections seen
	since  int                 // bytes handed out since the last collection
	cached int                 // of those, in blocks smaller than streamMin
	clock  uint64              // bytes handed out in all
	hits   int                 // blocks handed out again (for tests)
	every  int                 // pacedGrowth, read at start and after each collection
	watch  sync.Once
}

type idleBlock struct {
	p     *uint64
	gen   uint32 // the collection after which it was freed
	wrote uint64 // the clock when it was last handed out
}

// allocRaw is allocT for results the caller overwrites in full before the array
// escapes: large arrays may get a recycled block holding old values.
func allocRaw[T elem](shape []int) (*Array, []T) {
	a, d, _ := allocOut[T](shape)
	return a, d
}

// allocOut is allocRaw that also says whether the storage is cold: a large block
// fresh from Go or not handed out for coldAfter bytes, whose writes miss the caches
// (see writeOut).
func allocOut[T elem](shape []int) (*Array, []T, bool) {
	n := numelChecked(shape)
	if n*sizeOf[T]() < recycleMin {
		a, d := allocT[T](shape)
		return a, d, false
	}
	p, cold := rawBlock(n * sizeOf[T]())
	d := blockSlice[T](p, n)
	a := &Array{dtype: dtypeOf[T]()}
	a.setContiguousShape(shape)
	setStorage(a, d)
	return a, d, cold
}

// allocZeroed is allocT, taking large arrays' storage from the free lists as allocRaw
// does and clearing it: a block that served a loop a moment ago is in the caches,
// where fresh memory from the system must first be mapped.
func allocZeroed[T elem](shape []int) *Array {
	a, d := allocRaw[T](shape)
	if len(d)*sizeOf[T]() >= recycleMin {
		clear(d)
	}
	return a
}

// allocRawOf is allocRaw for a dtype known at run time.
func allocRawOf(dt DType, shape []int) *Array {
	a, _ := allocOutOf(dt, shape)
	return a
}

// allocOutOf is allocOut for a dtype known at run time.
func allocOutOf(dt DType, shape []int) (*Array, bool) {
	switch dt {
	case Float32:
		a, _, cold := allocOut[float32](shape)
		return a, cold
	case Float64:
		a, _, cold := allocOut[float64](shape)
		return a, cold
	case Int64:
		a, _, cold := allocOut[int64](shape)
		return a, cold
	}
	a, _, cold := allocOut[bool](shape)
	return a, cold
}

// rawSlice is allocRaw's storage alone: n elements the caller overwrites in full.
func rawSlice[T elem](n int) []T {
	if n*sizeOf[T]() < recycleMin {
		return make([]T, n)
	}
	p, _ := rawBlock(n * sizeOf[T]())
	return blockSlice[T](p, n)
}

// rawBlock returns the first word of a block of at least bytes bytes, recycled when a
// free one of its size class is at hand, with the finalizer that recycles it set, and
// whether the block is cold (fresh, or not handed out for coldAfter bytes).
func rawBlock(bytes int) (*uint64, bool) {
	recycler.watch.Do(watchCollections)
	size := (bytes + recycleUnit - 1) &^ (recycleUnit - 1)
	p, cold, now := takeBlock(size)
	if p == nil && collectionDue() {
		collectQuietly()
		// The finalizers of the blocks found dead run on one goroutine, which
		// with GOMAXPROCS=1 would wait for this one to be preempted.
		runtime.Gosched()
		p, cold, now = takeBlock(size)
	}
	if p == nil {
		p, cold = &make([]uint64, size/8)[0], true
	}
	runtime.SetFinalizer(p, func(p *uint64) { putBlock(p, size, now) })
	return p, cold
}

// collectionDue reports whether enough bytes have been handed out since the last
// collection that rawBlock, finding no free block, collects rather than taking fresh
// memory.
//
// Blocks come back only through a collection, and Go starts one when the heap has grown
// by its goal. Served from the free lists, a loop does not grow the heap, so it would
// empty the lists and then take fresh memory until the heap had grown enough: with the
// kernel's 64 MB floor, 16 blocks of 4 MB each time, and fresh memory is the costliest
// kind (pages the system must map and zero, often those the runtime gave back to it a
// moment before). Collecting when the lists run dry instead, once the bytes handed out
// since the last collection reach the heap growth the collector's pacing allows
// (recycler.every, read after each collection), keeps the collections no more frequent
// than without recycling, since the same bytes would have been allocated. A collection
// asked for costs the same however little garbage it finds, and far more with two
// processors than with one (the runtime's handoffs between them cost more than the
// marking of a small heap), so collecting sooner than the pacing would buys little for large blocks: a cold one is
// streamed (stream.go) at nearly the same speed whatever the rotation's length. Blocks
// written through the caches are the exception: once collectCachedEvery bytes of them
// have been handed out, a collection is due, so that their rotation stays short enough
// to come back warm.
func collectionDue() bool {
	recycler.mu.Lock()
	defer recycler.mu.Unlock()
	return recycler.since >= recycler.every || recycler.cached >= collectCachedEvery
}

// pacedGrowth is the heap growth the collector allows before its next collection (its
// goal less the live heap), within collectEveryMin and collectEveryMax.
func pacedGrowth() int {
	samples := []metrics.Sample{{Name: "/gc/heap/goal:bytes"}, {Name: "/gc/heap/live:bytes"}}
	metrics.Read(samples)
	if samples[0].Value.Kind() != metrics.KindUint64 || samples[1].Value.Kind() != metrics.KindUint64 {
		return collectEveryMin
	}
	goal, live := samples[0].Value.Uint64(), samples[1].Value.Uint64()
	if goal <= live {
		return collectEveryMin
	}
	return int(min(max(goal-live, collectEveryMin), collectEveryMax))
}

// takeBlock takes a free block of size bytes, the most recently freed (the likeliest
// to be in a cache), or returns nil; with it, whether it is cold, and the clock now
// (the block's hand-out time).
func takeBlock(size int) (p *uint64, cold bool, now uint64) {
	recycler.mu.Lock()
	defer recycler.mu.Unlock()
	recycler.since += size
	if size < streamMin {
		recycler.cached += size
	}
	recycler.clock += uint64(size)
	now = recycler.clock
	l := recycler.free[size]
	if len(l) == 0 {
		return nil, true, now
	}
	b := l[len(l)-1]
	recycler.hits++
	l[len(l)-1] = idleBlock{}
	recycler.free[size] = l[:len(l)-1]
	recycler.idle -= size
	return b.p, now-b.wrote > coldAfter, now
}

// putBlock is a dead block's finalizer: it files the block, handed out at clock
// wrote, or drops it when the free lists are full.
func putBlock(p *uint64, size int, wrote uint64) {
	recycler.mu.Lock()
	defer recycler.mu.Unlock()
	if recycler.idle+size > recycleIdleMax {
		return
	}
	if recycler.free == nil {
		recycler.free = map[int][]idleBlock{}
	}
	recycler.free[size] = append(recycler.free[size], idleBlock{p, recycler.gen, wrote})
	recycler.idle += size
}

// collectionSentinel is garbage from birth: its finalizer runs after each collection
// and arms itself again.
type collectionSentinel struct{ _ [16]byte }

func watchCollections() {
	every := pacedGrowth()
	recycler.mu.Lock()
	recycler.every = every
	recycler.mu.Unlock()
	runtime.SetFinalizer(&collectionSentinel{}, collected)
}

// collected counts a collection, reads the pacing of the next one and drops the blocks
// freed two collections ago and not taken since.
func collected(s *collectionSentinel) {
	every := pacedGrowth()
	recycler.mu.Lock()
	recycler.gen++
	recycler.since = 0
	recycler.cached = 0
	recycler.every = every
	for size, l := range recycler.free {
		k := 0
		for _, b := range l {
			if recycler.gen-b.gen < 2 {
				l[k] = b
				k++
			} else {
				recycler.idle -= size
			}
		}
		clear(l[k:])
		if k == 0 {
			delete(recycler.free, size)
		} else {
			recycler.free[size] = l[:k]
		}
	}
	recycler.mu.Unlock()
	runtime.SetFinalizer(s, collected)
}

// ReleaseIdle drops the blocks waiting on the free lists for the collector to free.
// A kernel calls it when a cell ends: blocks serve the loops inside a cell, and between
// cells a session keeps no more than its values.
func ReleaseIdle() {
	recycler.mu.Lock()
	defer recycler.mu.Unlock()
	clear(recycler.free)
	recycler.idle = 0
}

// recycleStats reports the bytes waiting on the free lists and the blocks handed out
// again so far (for tests).
func recycleStats() (idle, hits int) {
	recycler.mu.Lock()
	defer recycler.mu.Unlock()
	return recycler.idle, recycler.hits
}
