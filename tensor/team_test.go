package tensor

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// withProcs runs f with GOMAXPROCS set to n, so that split cuts the same pieces on any
// machine (a one-core one included).
func withProcs(n int, f func()) {
	old := runtime.GOMAXPROCS(n)
	defer runtime.GOMAXPROCS(old)
	f()
}

// coverage splits [0, n) and returns how many times each index was visited.
func coverage(n int) []int32 {
	seen := make([]int32, n)
	chunks(n, func(lo, hi int) {
		for i := lo; i < hi; i++ {
			atomic.AddInt32(&seen[i], 1)
		}
	})
	return seen
}

// TestTeamCovers: every index of a split is visited exactly once, for sizes around the
// grain and the piece boundaries, from many goroutines at once (most find the team
// busy and start goroutines of their own) and from inside a piece (a nested op).
func TestTeamCovers(t *testing.T) {
	withProcs(4, func() {
		sizes := []int{1, grainSize - 1, 2 * grainSize, 2*grainSize + 1, 3*grainSize + 63, 4*grainSize + 65, 1 << 20}
		check := func(n int) {
			for i, c := range coverage(n) {
				if c != 1 {
					t.Errorf("n=%d: index %d visited %d times", n, i, c)
					return
				}
			}
		}
		var wg sync.WaitGroup
		for g := 0; g < 8; g++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for r := 0; r < 20; r++ {
					for _, n := range sizes {
						check(n)
					}
				}
			}()
		}
		wg.Wait()
		var nested atomic.Int32
		chunks(4*grainSize, func(lo, hi int) {
			for i, c := range coverage(2 * grainSize) {
				if c != 1 {
					t.Errorf("nested: index %d visited %d times", i, c)
					return
				}
			}
			nested.Add(1)
		})
		if nested.Load() < 2 {
			t.Errorf("the outer split ran %d pieces", nested.Load())
		}
	})
}

// TestTeamPanics: a panic in a helper's piece, or in the caller's, reaches the caller
// after every piece has ended, and the team runs the next op as before.
func TestTeamPanics(t *testing.T) {
	withProcs(2, func() {
		for _, bad := range []int{0, 2 * grainSize} { // the caller's piece, a helper's
			var ended atomic.Int32
			func() {
				defer func() {
					if r := recover(); r != "boom" {
						t.Errorf("piece at %d: recovered %v", bad, r)
					}
					if ended.Load() != 1 {
						t.Errorf("piece at %d: the caller went on before the other piece ended", bad)
					}
				}()
				split(4*grainSize, func(lo, hi int) {
					if lo == bad {
						panic("boom")
					}
					time.Sleep(20 * time.Millisecond)
					ended.Add(1)
				}, wholeRange)
			}()
			for i, c := range coverage(4 * grainSize) {
				if c != 1 {
					t.Fatalf("after a panic: index %d visited %d times", i, c)
				}
			}
		}
	})
}

// TestTeamParks: an idle helper parks after spinFor, and the next op wakes it.
func TestTeamParks(t *testing.T) {
	withProcs(2, func() {
		coverage(4 * grainSize)
		team.mu.Lock()
		h := team.hs[0]
		team.mu.Unlock()
		deadline := time.Now().Add(5 * time.Second)
		for !h.asleep.Load() {
			if time.Now().After(deadline) {
				t.Fatal("the helper never parked")
			}
			time.Sleep(time.Millisecond)
		}
		start := time.Now()
		for i, c := range coverage(4 * grainSize) {
			if c != 1 {
				t.Fatalf("after parking: index %d visited %d times", i, c)
			}
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("the parked helper took %v to wake", d)
		}
	})
}

// TestByRows checks that byRows visits every row exactly once in ranges of whole rows,
// on one core and on two, for row lengths that give one range, a few and many.
func TestByRows(t *testing.T) {
	for _, procs := range []int{1, 2} {
		withProcs(procs, func() {
			for _, tc := range []struct{ count, n int }{{0, 10}, {1, 1000}, {3, 1000}, {64, 1000}, {1000, 3}, {5000, 70}, {7, 0}} {
				seen := make([]int32, tc.count)
				var ranges atomic.Int32
				byRows(tc.count, tc.n, softmaxGrain(tc.n), func(r0, r1 int) {
					ranges.Add(1)
					for r := r0; r < r1; r++ {
						atomic.AddInt32(&seen[r], 1)
					}
				})
				for r, c := range seen {
					if c != 1 {
						t.Fatalf("procs %d, %d rows of %d: row %d visited %d times", procs, tc.count, tc.n, r, c)
					}
				}
				if procs == 2 && tc.count == 64 && tc.n == 1000 && ranges.Load() < 2 {
					t.Errorf("64 rows of 1000 ran as %d range on two cores, want at least 2 (PyTorch's grain is 2 rows)", ranges.Load())
				}
			}
		})
	}
}

// TestAwaitQuiet: with quiet raised a poller parks at its first look at the flag (64
// polls), where it would otherwise go on polling for spinFor; and a signal still wakes
// it.
func TestAwaitQuiet(t *testing.T) {
	quiet.Store(true)
	defer quiet.Store(false)
	var polls atomic.Int64
	var done, parked atomic.Bool
	ch := make(chan struct{}, 1)
	returned := make(chan struct{})
	go func() {
		await(func() bool { polls.Add(1); return done.Load() }, &parked, ch)
		close(returned)
	}()
	for deadline := time.Now().Add(5 * time.Second); !parked.Load(); time.Sleep(50 * time.Microsecond) {
		if time.Now().After(deadline) {
			t.Fatal("the poller did not park")
		}
	}
	if n := polls.Load(); n > 65 {
		t.Errorf("%d polls before parking with quiet raised, want at most 65", n)
	}
	done.Store(true)
	signal(&parked, ch)
	<-returned
}
