package session

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// A notebook's heap is mostly small (a few MB of tensors and the
// interpreter's trees) while its cells allocate at a high rate: every call
// from a cell into compiled code goes through reflect, which allocates its
// argument and result slices. With Go's default pacing (the next collection
// when the heap has doubled) a small heap is collected every few MB, and a
// cell's loop spends a fifth of its time in the collector. SetHeapFloor puts a
// floor under the heap goal instead: the next collection comes when the heap
// has grown by the larger of its live size (Go's default, GOGC=100) and the
// floor. A large heap is paced as Go paces it; a small one collects every
// floor bytes. The price is memory: up to floor bytes of garbage may wait for
// the collector, and the resident set of a small session rises by up to that
// much.
//
// The goal is adjusted after each collection, when the live heap is known: a
// finalizer of an object that lives for one cycle sets GOGC for the next.

// DefaultHeapFloor is the kernel's floor: a few dozen of the 1-4 MB tensors
// a notebook typically holds, small beside the hundreds of MB a PyTorch
// kernel takes.
const DefaultHeapFloor = 64 << 20

var heapFloor struct {
	once  sync.Once
	bytes uint64
}

// SetHeapFloor makes the garbage collector of the process let the heap grow
// by at least floor bytes between collections (see above). It does nothing
// when the user set GOGC in the environment: their choice stands. It is for
// the kernel's main, once; later calls do nothing.
func SetHeapFloor(floor uint64) {
	if os.Getenv("GOGC") != "" || floor == 0 {
		return
	}
	heapFloor.once.Do(func() {
		heapFloor.bytes = floor
		retune()
	})
}

// gcSentinel is garbage from its birth: its finalizer runs after the next
// collection, retunes and makes the next sentinel.
type gcSentinel struct{ _ [16]byte }

// retune sets GOGC from the live heap so that the next goal is
// live + max(live, floor), and arms the sentinel of the next cycle.
func retune() {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	live := uint64(0)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live = sample[0].Value.Uint64()
	}
	debug.SetGCPercent(gcPercent(live, heapFloor.bytes))
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) { retune() })
}

// gcPercent is the GOGC that makes the goal after a heap of live bytes
// live + max(live, floor). A live heap under 1 MB (0 before the first cycle)
// counts as 1 MB, so that the percent stays finite.
func gcPercent(live, floor uint64) int {
	if live >= floor {
		return 100
	}
	return int(floor * 100 / max(live, 1<<20))
}
