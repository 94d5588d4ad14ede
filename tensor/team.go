package tensor

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// The team is a set of helper goroutines that run the pieces of parallel ops (split,
// the Go matrix product), one piece each beside the caller's.
//
// Why not a goroutine per piece: an op's second piece would then wait for the Go
// scheduler to wake a parked thread, and on a virtual machine whose other vCPU is
// idle (halted) that takes tens of microseconds, about as long as a piece of a
// million-element op. PyTorch's OpenMP threads avoid the same cost by spinning a while
// after each parallel region (libgomp's GOMP_SPINCOUNT). So does the team: a helper,
// and a caller waiting for one, polls for spinFor, yielding its processor to any other
// runnable goroutine between polls (runtime.Gosched), and only then parks on a
// channel. A notebook's ops follow each other closely, and a pause longer than spinFor
// costs one wake-up, as before.
var team helpers

// spinFor is how long a helper or a waiting caller polls before it parks.
const spinFor = 200 * time.Microsecond

// quiet, while raised, parks pollers at once: a collection stops the world, which
// costs far more with a goroutine polling on the other processor (it must be
// preempted, and its yields contend for the scheduler's lock) than with that processor
// idle. See collectQuietly.
var quiet atomic.Bool

// collectQuietly runs a collection with the team's pollers parked.
func collectQuietly() {
	quiet.Store(true)
	defer quiet.Store(false)
	runtime.GC()
}

// helpers is the team. Its mutex is held by the op whose pieces it runs; an op that
// cannot take it at once (another goroutine's op, an op called from inside a piece)
// runs its pieces on goroutines of their own: nothing waits for the team.
type helpers struct {
	mu sync.Mutex
	hs []*helper
}

// parallel runs piece(k) for k in [0, n), concurrently: piece 0 on the calling
// goroutine, the others on the team's helpers or, when the team is busy, on goroutines
// of their own. Once every piece has ended it re-raises the first panic of any (by k),
// in the caller's goroutine: a panic escaping a goroutine would end the process.
func parallel(n int, piece func(k int)) {
	failures := make([]any, n)
	if team.mu.TryLock() {
		for len(team.hs) < n-1 {
			h := &helper{wake: make(chan struct{}, 1), finished: make(chan struct{}, 1)}
			go h.loop()
			team.hs = append(team.hs, h)
		}
		hs := team.hs[:n-1]
		for k, h := range hs {
			h.give(piece, k+1)
		}
		failures[0] = runPiece(piece, 0)
		for k, h := range hs {
			failures[k+1] = h.wait()
		}
		team.mu.Unlock()
	} else {
		var wg sync.WaitGroup
		for k := 1; k < n; k++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				failures[k] = runPiece(piece, k)
			}()
		}
		failures[0] = runPiece(piece, 0)
		wg.Wait()
	}
	for _, r := range failures {
		if r != nil {
			panic(r)
		}
	}
}

// runPiece runs piece(k) and returns what it panicked with, or nil.
func runPiece(piece func(k int), k int) (failure any) {
	defer func() { failure = recover() }()
	piece(k)
	return nil
}

// A helper runs one piece at a time. given and done count the pieces handed to it and
// the pieces it has finished; piece, k and failure are the current piece's, written by
// one side before it advances its counter and read by the other after it sees it.
type helper struct {
	given, done atomic.Uint64
	piece       func(k int)
	k           int
	failure     any

	asleep, waiting atomic.Bool   // the helper, or the caller, is parked
	wake, finished  chan struct{} // their wake-ups (buffered: a send never blocks)
}

func (h *helper) give(piece func(k int), k int) {
	h.piece, h.k = piece, k
	h.given.Add(1)
	signal(&h.asleep, h.wake)
}

// wait returns once the current piece has ended, with what it panicked with.
func (h *helper) wait() any {
	n := h.given.Load()
	await(func() bool { return h.done.Load() == n }, &h.waiting, h.finished)
	return h.failure
}

func (h *helper) loop() {
	for n := uint64(1); ; n++ {
		await(func() bool { return h.given.Load() >= n }, &h.asleep, h.wake)
		h.failure = runPiece(h.piece, h.k)
		h.piece = nil // an idle helper does not keep the op's closure and arrays alive
		h.done.Store(n)
		signal(&h.waiting, h.finished)
	}
}

// await returns once ready holds: it polls for spinFor (not at all while quiet is
// raised), then parks on ch with parked raised. With signal it is a Dekker handshake
// (Go's atomics are sequentially consistent): the waiter raises parked and then reads
// ready's state, the signaller writes that state and then reads parked, so at least
// one sees the other's write, and a waiter never sleeps through its signal. A wake-up
// left over from a waiter that did not park costs one more check of ready.
func await(ready func() bool, parked *atomic.Bool, ch chan struct{}) {
	var start time.Time
	for i := 1; !ready(); i++ {
		if i%64 != 0 {
			continue
		}
		if start.IsZero() {
			start = time.Now()
		}
		if !quiet.Load() && time.Since(start) <= spinFor {
			runtime.Gosched()
			continue
		}
		parked.Store(true)
		for !ready() {
			<-ch
		}
		parked.Store(false)
		return
	}
}

// signal wakes the other side of await if it is parked.
func signal(parked *atomic.Bool, ch chan struct{}) {
	if parked.Load() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
