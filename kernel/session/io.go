package session

import (
	"io"
	"strings"
	"sync"
)

// The adapters between the interpreter's standard streams, the standard
// logger and the kernel.

// stdinReader feeds interpreted code's reads of standard input with lines the
// front end sends over the stdin channel, asking for one only when a cell
// actually reads.
type stdinReader struct {
	s   *Session
	mu  sync.Mutex
	buf []byte
}

func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		out := r.s.output()
		if out == nil {
			return 0, io.EOF
		}
		// The prompt the cell printed must reach the front end before it asks.
		r.s.streams.flush()
		line, err := out.Input("", false)
		if err != nil {
			return 0, err
		}
		r.buf = append(r.buf, line...)
		r.buf = append(r.buf, '\n')
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// panicFilter takes yaegi's per-frame panic lines out of the cell's standard
// error: they become the traceback.
type panicFilter struct {
	s *Session
	w io.Writer
}

func (f *panicFilter) Write(p []byte) (int, error) {
	if panicLineRE.Match(p) || noPosPanicRE.Match(p) {
		f.s.panicMu.Lock()
		f.s.panicLines = append(f.s.panicLines, strings.TrimSpace(string(p)))
		f.s.panicMu.Unlock()
		f.s.panicStop(strings.TrimSpace(string(p))) // the debugger's stop, when breaking on panics
		return len(p), nil
	}
	return f.w.Write(p)
}

// logHold keeps what the standard logger writes during a compile.
type logHold struct {
	mu    sync.Mutex
	lines [][]byte
}

func (h *logHold) Write(p []byte) (int, error) {
	h.mu.Lock()
	h.lines = append(h.lines, append([]byte(nil), p...))
	h.mu.Unlock()
	return len(p), nil
}

// release writes the held lines to w, but for the one announcing panic r.
func (h *logHold) release(w io.Writer, r any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, l := range h.lines {
		if r != nil && strings.HasSuffix(strings.TrimSpace(string(l)), toString(r)) {
			continue
		}
		w.Write(l)
	}
}
