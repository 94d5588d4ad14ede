package session

import (
	"os"
	"runtime"
	"testing"
	"time"
)

func TestGCPercent(t *testing.T) {
	const mb = 1 << 20
	for _, tc := range []struct {
		live, floor uint64
		want        int
	}{
		{0, 64 * mb, 6400},
		{mb / 2, 64 * mb, 6400},
		{4 * mb, 64 * mb, 1600},
		{32 * mb, 64 * mb, 200},
		{64 * mb, 64 * mb, 100},
		{1 << 30, 64 * mb, 100},
	} {
		if got := gcPercent(tc.live, tc.floor); got != tc.want {
			t.Errorf("gcPercent(%d, %d) = %d, want %d", tc.live, tc.floor, got, tc.want)
		}
	}
}

// After a collection, the next one is due when the heap has grown by the
// floor, not when a small heap has doubled.
func TestHeapFloor(t *testing.T) {
	if os.Getenv("GOGC") != "" {
		t.Skip("GOGC is set: SetHeapFloor leaves the pacing to it")
	}
	SetHeapFloor(DefaultHeapFloor)
	var ms runtime.MemStats
	for range 100 {
		runtime.GC() // the cycle's sentinel retunes in the finalizer goroutine
		time.Sleep(10 * time.Millisecond)
		runtime.ReadMemStats(&ms)
		if ms.NextGC >= ms.HeapAlloc+DefaultHeapFloor*9/10 {
			break
		}
	}
	if ms.HeapAlloc < DefaultHeapFloor && ms.NextGC < ms.HeapAlloc+DefaultHeapFloor*9/10 {
		t.Errorf("heap %d bytes, next collection at %d: want about %d bytes of room",
			ms.HeapAlloc, ms.NextGC, DefaultHeapFloor)
	}
}
