package heapfloor

import (
	"os"
	"runtime"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live, base, floor uint64
		want              int
	}{
		// the minimum heap bounds a small heap's percent: 4 MB*1600% = 64 MB
		{0, 0, 64 * mb, 1600},
		{mb / 2, mb, 64 * mb, 1612},
		// the base bounds a larger one's: 8 MB*800% = 64 MB
		{6 * mb, 8 * mb, 64 * mb, 800},
		{30 * mb, 32 * mb, 64 * mb, 200},
		{60 * mb, 64 * mb, 64 * mb, 100},
		{1 << 30, 1 << 30, 64 * mb, 100},
	} {
		if got := gcPercent(tc.live, tc.base, tc.floor); got != tc.want {
			t.Errorf("gcPercent(%d, %d, %d) = %d, want %d", tc.live, tc.base, tc.floor, got, tc.want)
		}
	}
}

// After a collection, the next one is due when the heap has grown by about
// the floor: not when a small heap has doubled, nor much later (Go's goal
// counts the globals and stacks too, which GOGC multiplies).
func TestHeapFloor(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: Set leaves the pacing to it")
	}
	Set(Default)
	var ms runtime.MemStats
	for range 100 {
		runtime.GC() // the cycle's sentinel retunes in the finalizer goroutine
		time.Sleep(10 * time.Millisecond)
		runtime.ReadMemStats(&ms)
		if room := ms.NextGC - ms.HeapAlloc; room >= Default*9/10 && room <= Default*3/2 {
			break
		}
	}
	if room := ms.NextGC - ms.HeapAlloc; ms.HeapAlloc < Default && (room < Default*9/10 || room > Default*3/2) {
		t.Errorf("heap %d bytes, next collection at %d: %d bytes of room, want about %d",
			ms.HeapAlloc, ms.NextGC, room, Default)
	}
}
