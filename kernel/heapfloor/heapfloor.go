package heapfloor

import (
	"flag"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// Default is the kernel's floor: a few dozen of the 1-4 MB tensors
// a notebook typically holds, small beside the hundreds of MB a PyTorch
// kernel takes.
const Default = 64 << 20

var heapFloor struct {
	once  sync.Once
	bytes uint64
}

// Set makes the garbage collector of the process let the heap grow
// by at least floor bytes between collections (see above). It does nothing
// when the user set GOGC in the environment: their choice stands. It is for a
// program's main (the kernel's), or for benchmarks that measure code as the
// kernel runs it; the first call wins and later calls do nothing.
func Set(floor uint64) {
	if os.Getenv("GOGC") != "" || floor == 0 {
		return
	}
	heapFloor.once.Do(func() {
		heapFloor.bytes = floor
		retune()
	})
}

// SetForBenchmarks is Set(Default) when the process runs benchmarks (go test -bench):
// a TestMain calls it after flag.Parse, so that benchmarks measure code as the kernel
// runs it while tests keep Go's pacing.
func SetForBenchmarks() {
	if f := flag.Lookup("test.bench"); f != nil && f.Value.String() != "" {
		Set(Default)
	}
}

// gcSentinel is garbage from its birth: its finalizer runs after the next
// collection, retunes and makes the next sentinel.
type gcSentinel struct{ _ [16]byte }

// retune sets GOGC from the last cycle's figures so that the next goal is
// about live + max(base, floor), and arms the sentinel of the next cycle.
func retune() {
	samples := []metrics.Sample{
		{Name: "/gc/heap/live:bytes"},
		{Name: "/gc/scan/stack:bytes"},
		{Name: "/gc/scan/globals:bytes"},
	}
	metrics.Read(samples)
	var v [3]uint64
	for i, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			v[i] = s.Value.Uint64()
		}
	}
	debug.SetGCPercent(gcPercent(v[0], v[0]+v[1]+v[2], heapFloor.bytes))
	runtime.SetFinalizer(&gcSentinel{}, func(*gcSentinel) { retune() })
}

// gcPercent is the GOGC that lets a heap of live bytes grow by about
// max(base, floor) bytes before the next collection. Go's goal is the larger
// of live + base*GOGC/100, base counting the goroutine stacks and the globals
// besides the live heap, and a minimum heap of 4 MB*GOGC/100 (the runtime's
// heapMinimum): the percent is bounded by both. A base under 1 MB (0 before
// the first cycle) counts as 1 MB, so that the percent stays finite.
func gcPercent(live, base, floor uint64) int {
	const heapMinimum = 4 << 20
	if base >= floor {
		return 100
	}
	p := min(floor*100/max(base, 1<<20), (live+floor)*100/heapMinimum)
	return int(max(p, 100))
}
