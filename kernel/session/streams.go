package session

import (
	"sync"
	"time"
	"unicode/utf8"

	"github.com/gograd/gograd/kernel"
)

const (
	streamStdout = 0
	streamStderr = 1

	// A cell's output is sent in batches: at most flushDelay after it was
	// written (so it streams while the cell runs), and at once when a batch
	// reaches flushSize (so 10 MB of output neither waits nor piles up).
	flushDelay = 50 * time.Millisecond
	flushSize  = 64 << 10
)

// streams batches what a cell writes to standard output and error and hands it
// to the Output of the cell. Writing to one stream first sends what is waiting
// on the other, so the two interleave in the order they were written.
type streams struct {
	mu     sync.Mutex // held while sending too: writers wait for a slow front end
	out    func() kernel.Output
	buf    [2][]byte
	timer  *time.Timer
	armed  bool
	writes [2]*streamWriter
	raw    [2]*streamWriter

	// drain, while file descriptors are captured, waits until what was
	// written to them has been read into the buffers: output written through
	// fmt then comes after what was written to os.Stdout before it.
	drainMu sync.Mutex
	drain   func()
}

func newStreams(out func() kernel.Output) *streams {
	s := &streams{out: out}
	for k := range 2 {
		s.writes[k] = &streamWriter{s, k, true}
		s.raw[k] = &streamWriter{s, k, false}
	}
	return s
}

// writer is where the interpreter's fmt output goes; rawWriter is where the
// copies from the captured file descriptors go.
func (s *streams) writer(k int) *streamWriter    { return s.writes[k] }
func (s *streams) rawWriter(k int) *streamWriter { return s.raw[k] }

func (s *streams) setDrain(f func()) {
	s.drainMu.Lock()
	s.drain = f
	s.drainMu.Unlock()
}

type streamWriter struct {
	s     *streams
	k     int
	drain bool
}

func (w *streamWriter) Write(p []byte) (int, error) {
	s := w.s
	if w.drain {
		s.drainMu.Lock()
		d := s.drain
		s.drainMu.Unlock()
		if d != nil {
			d()
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	other := 1 - w.k
	if len(s.buf[other]) > 0 {
		s.send(other, true)
	}
	n := len(p)
	for len(p) > 0 {
		room := flushSize - len(s.buf[w.k])
		if room > len(p) {
			room = len(p)
		}
		s.buf[w.k] = append(s.buf[w.k], p[:room]...)
		p = p[room:]
		if len(s.buf[w.k]) >= flushSize {
			s.send(w.k, false)
		}
	}
	if len(s.buf[w.k]) == 0 {
		return n, nil
	}
	if !s.armed {
		s.armed = true
		if s.timer == nil {
			s.timer = time.AfterFunc(flushDelay, s.flush)
		} else {
			s.timer.Reset(flushDelay)
		}
	}
	return n, nil
}

// flush sends everything waiting.
func (s *streams) flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.armed = false
	s.send(streamStdout, true)
	s.send(streamStderr, true)
}

// send passes buffer k to the Output; the caller holds mu. Unless final, a
// character cut by a batch boundary waits for its other bytes: messages carry
// UTF-8 text.
func (s *streams) send(k int, final bool) {
	b := s.buf[k]
	n := len(b)
	if !final {
		n = completeRunes(b)
	}
	if n == 0 {
		return
	}
	text := string(b[:n])
	s.buf[k] = append(b[:0], b[n:]...)
	if cap(s.buf[k]) > 4*flushSize {
		s.buf[k] = nil // do not keep a 10 MB buffer alive
	}
	out := s.out()
	if out == nil {
		return
	}
	if k == streamStdout {
		out.Stdout(text)
	} else {
		out.Stderr(text)
	}
}

// completeRunes is the length of the longest prefix of b that does not end in
// the middle of a UTF-8 sequence.
func completeRunes(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}
