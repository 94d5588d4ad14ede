package tensor

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"

	"github.com/gograd/gograd/kernel/heapfloor"
)

// A recycled block is handed out again only once nothing refers to any part of it: a
// view of a dropped result, a slice of its storage and the array itself keep their
// values however many results are computed and dropped after them.
func TestRecycleKeepsReachableBlocks(t *testing.T) {
	x := FromFloat32(hashFloats(1<<18, 1), 512, 512) // 1 MiB results: recycled
	view := x.Add(1).Select(0, 7)                    // the result itself is dropped
	kept := x.Mul(2)
	slice := contig[float32](x.Sub(3))[1000:1010] // a bare slice into a dropped result
	wantView := append([]float32(nil), contig[float32](view.Contiguous())...)
	wantKept := append([]float32(nil), contig[float32](kept)...)
	wantSlice := append([]float32(nil), slice...)
	for i := 0; i < 300; i++ {
		x.Add(float32(i)).Neg()
		if i%50 == 0 {
			runtime.GC()
		}
	}
	for i, v := range contig[float32](view.Contiguous()) {
		if v != wantView[i] {
			t.Fatalf("view[%d] = %v after recycling, want %v", i, v, wantView[i])
		}
	}
	for i, v := range contig[float32](kept) {
		if v != wantKept[i] {
			t.Fatalf("kept[%d] = %v after recycling, want %v", i, v, wantKept[i])
		}
	}
	for i, v := range slice {
		if v != wantSlice[i] {
			t.Fatalf("slice[%d] = %v after recycling, want %v", i, v, wantSlice[i])
		}
	}
}

// A loop that drops its results runs on a few blocks, not one per result, and what waits
// on the free lists is bounded and goes back to Go once the loop stops.
func TestRecycleReusesAndReleases(t *testing.T) {
	x := FromFloat32(hashFloats(1<<20, 1)) // 4 MiB results
	const ops = 400
	_, hits0 := recycleStats()
	for i := 0; i < ops; i++ {
		x.Exp()
		if idle, _ := recycleStats(); idle > recycleIdleMax {
			t.Fatalf("%d bytes idle, want at most %d", idle, recycleIdleMax)
		}
	}
	// Each collection brings back what died since the one before, and rawBlock
	// collects when the lists run dry: most results get a recycled block.
	if _, hits := recycleStats(); hits-hits0 < ops*3/4 {
		t.Errorf("%d of %d results got a recycled block, want at least %d", hits-hits0, ops, ops*3/4)
	}
	for i := 0; i < 4; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if idle, _ := recycleStats(); idle != 0 {
		t.Errorf("%d bytes idle after four collections without allocations, want 0", idle)
	}
}

// Results of recycled blocks are whole: every element is the op's, whatever the block
// held before (a block of one size class serves arrays of several lengths).
func TestRecycleOverwritesEveryElement(t *testing.T) {
	for _, n := range []int{65536, 65537, 66000, 1 << 17} {
		x := FromFloat32(hashFloats(n, 3))
		for i := 0; i < 40; i++ {
			y := x.Mul(0)
			for j, v := range contig[float32](y) {
				if v != 0 {
					t.Fatalf("n=%d: element %d of x*0 is %v", n, j, v)
				}
			}
			x.Add(7) // leaves nonzero blocks behind
			x.Add(5)
		}
	}
}

// The collections rawBlock asks for follow the collector's pacing: the heap growth its
// goal allows, within collectEveryMin and collectEveryMax.
func TestRecycleFollowsPacing(t *testing.T) {
	if collectEveryMax != heapfloor.Default {
		t.Errorf("collectEveryMax is %d, want the kernel's heap floor, %d", collectEveryMax, heapfloor.Default)
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	for _, tc := range []struct {
		gogc int
		want int
	}{
		{1, collectEveryMin},       // a goal a hair above the live heap
		{1 << 20, collectEveryMax}, // a goal far above it
	} {
		debug.SetGCPercent(tc.gogc)
		runtime.GC()
		if got := pacedGrowth(); got != tc.want {
			t.Errorf("GOGC=%d: %d bytes between collections, want %d", tc.gogc, got, tc.want)
		}
	}
	// The sentinel's finalizer reads it after each collection.
	if every := collectedPacing(); every != collectEveryMax {
		t.Errorf("after a collection under GOGC=%d the recycler collects every %d bytes, want %d", 1<<20, every, collectEveryMax)
	}
}

// collectedPacing collects and returns the interval the recycler read after it, waiting
// (up to 10 s: a loaded machine delays the finalizers' goroutine) for the collection's
// sentinel to have run.
func collectedPacing() int {
	recycler.watch.Do(watchCollections)
	read := func() (uint32, int) {
		recycler.mu.Lock()
		defer recycler.mu.Unlock()
		return recycler.gen, recycler.every
	}
	gen, _ := read()
	runtime.GC()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if g, every := read(); g != gen {
			return every
		}
		runtime.Gosched()
		time.Sleep(time.Millisecond)
	}
	_, every := read()
	return every
}

// Blocks written through the caches (smaller than streamMin) come back sooner than the
// pacing would bring them: a collection per collectCachedEvery bytes of them. Larger
// blocks keep to the pacing.
func TestRecycleCachedBlocksCollectSooner(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(1 << 20))
	if every := collectedPacing(); every != collectEveryMax {
		t.Fatalf("under GOGC=%d the recycler collects every %d bytes, want %d", 1<<20, every, collectEveryMax)
	}
	collections := func(x *Array, bytes int) uint32 {
		var m0, m1 runtime.MemStats
		runtime.ReadMemStats(&m0)
		for range bytes / (x.Numel() * 4) {
			x.Exp()
		}
		runtime.ReadMemStats(&m1)
		return m1.NumGC - m0.NumGC
	}
	const total = 4 * collectEveryMax
	small := FromFloat32(hashFloats(streamMin/4/4, 1)) // quarter-MB results
	large := FromFloat32(hashFloats(streamMin, 2))     // 4 MB results
	if n, want := collections(small, total), uint32(total/collectCachedEvery-1); n < want {
		t.Errorf("%d MB of %d KB results: %d collections, want at least %d", total>>20, streamMin/4>>10, n, want)
	}
	if n, want := collections(large, total), uint32(total/collectEveryMax+1); n > want {
		t.Errorf("%d MB of 4 MB results: %d collections, want at most %d", total>>20, n, want)
	}
}
