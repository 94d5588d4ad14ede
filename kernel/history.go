package kernel

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
)

// HistoryEntry is one stored cell: the session (one per kernel start,
// counting from 1), its execution count in that session, the code, and the
// text/plain of its result when it had one.
type HistoryEntry struct {
	Session int     `json:"session"`
	Line    int     `json:"line"`
	Input   string  `json:"input"`
	Output  *string `json:"output,omitempty"`
}

// History keeps the cells of this and earlier sessions, answering the three
// kinds of history_request. With a path it appends each cell to that file
// as a JSON line, so a restarted kernel finds its earlier sessions.
type History struct {
	mu      sync.Mutex
	entries []HistoryEntry
	session int
	file    *os.File
}

// maxLoadedHistory and maxHistoryRead bound what a kernel reads back from
// the history file: entries kept, and bytes read from the file's end.
const (
	maxLoadedHistory = 10000
	maxHistoryRead   = 1 << 20
)

// DefaultHistoryFile is gograd/history.jsonl under the Jupyter data
// directory ($JUPYTER_DATA_DIR, else ~/.local/share/jupyter).
func DefaultHistoryFile() string {
	dir := os.Getenv("JUPYTER_DATA_DIR")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "-"
		}
		dir = filepath.Join(home, ".local", "share", "jupyter")
	}
	return filepath.Join(dir, "gograd", "history.jsonl")
}

// OpenHistory loads the history file at path (empty: memory only) and
// starts a new session after the last one recorded there.
func OpenHistory(path string) (*History, error) {
	h := &History{}
	if path != "" {
		if f, err := os.Open(path); err == nil {
			// Only the file's tail is read: it holds the newest sessions
			// (the file is appended to), and start-up stays fast however
			// long the history grows.
			var r io.Reader = f
			if st, err := f.Stat(); err == nil && st.Size() > maxHistoryRead {
				if _, err := f.Seek(st.Size()-maxHistoryRead, io.SeekStart); err == nil {
					br := bufio.NewReader(f)
					br.ReadString('\n') // a partial line
					r = br
				}
			}
			sc := bufio.NewScanner(r)
			sc.Buffer(make([]byte, 64<<10), 64<<20)
			for sc.Scan() {
				var e HistoryEntry
				if json.Unmarshal(sc.Bytes(), &e) == nil && e.Session > 0 {
					h.entries = append(h.entries, e)
					if len(h.entries) > 2*maxLoadedHistory {
						h.entries = append(h.entries[:0], h.entries[len(h.entries)-maxLoadedHistory:]...)
					}
				}
			}
			f.Close()
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			h.init()
			return h, err
		}
		f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			h.init()
			return h, err
		}
		h.file = f
	}
	h.init()
	return h, nil
}

func (h *History) init() {
	if len(h.entries) > maxLoadedHistory {
		h.entries = h.entries[len(h.entries)-maxLoadedHistory:]
	}
	for _, e := range h.entries {
		if e.Session > h.session {
			h.session = e.Session
		}
	}
	h.session++
}

// Session is the number of the current session.
func (h *History) Session() int { return h.session }

// Add records cell line of the current session.
func (h *History) Add(line int, input string, output *string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	e := HistoryEntry{Session: h.session, Line: line, Input: input, Output: output}
	h.entries = append(h.entries, e)
	if h.file != nil {
		b, _ := json.Marshal(e)
		h.file.Write(append(b, '\n'))
	}
}

// Tail returns the last n cells, oldest first.
func (h *History) Tail(n int) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	if n < 0 {
		n = 0
	}
	if n > len(h.entries) {
		n = len(h.entries)
	}
	return append([]HistoryEntry(nil), h.entries[len(h.entries)-n:]...)
}

// Range returns the cells of session with start <= line < stop (stop <= 0:
// to the end). Session 0 is the current one and a negative session counts
// back from it, as in IPython.
func (h *History) Range(session, start, stop int) []HistoryEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	if session <= 0 {
		session += h.session
	}
	var out []HistoryEntry
	for _, e := range h.entries {
		if e.Session == session && e.Line >= start && (stop <= 0 || e.Line < stop) {
			out = append(out, e)
		}
	}
	return out
}

// Search returns the cells whose code matches the glob pattern (* any
// text, ? one character, [...] a class, as SQLite's GLOB that IPython uses),
// the last n of them (n <= 0: all), oldest first. With unique, only the
// latest of identical cells is kept.
func (h *History) Search(pattern string, n int, unique bool) []HistoryEntry {
	re, err := globRegexp(pattern)
	if err != nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	var rev []HistoryEntry // newest first
	seen := map[string]bool{}
	for i := len(h.entries) - 1; i >= 0; i-- {
		e := h.entries[i]
		if !re.MatchString(e.Input) || (unique && seen[e.Input]) {
			continue
		}
		seen[e.Input] = true
		rev = append(rev, e)
		if n > 0 && len(rev) == n {
			break
		}
	}
	out := make([]HistoryEntry, len(rev))
	for i, e := range rev {
		out[len(rev)-1-i] = e
	}
	return out
}

// globRegexp translates a GLOB pattern to an anchored regexp.
func globRegexp(pattern string) (*regexp.Regexp, error) {
	var b strings.Builder
	b.WriteString(`(?s)\A`)
	rs := []rune(pattern)
	for i := 0; i < len(rs); i++ {
		switch c := rs[i]; c {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		case '[':
			j := i + 1
			if j < len(rs) && rs[j] == '^' {
				j++
			}
			if j < len(rs) && rs[j] == ']' {
				j++
			}
			for j < len(rs) && rs[j] != ']' {
				j++
			}
			if j >= len(rs) { // no closing bracket: a literal '['
				b.WriteString(`\[`)
				continue
			}
			class := string(rs[i+1 : j])
			neg := strings.HasPrefix(class, "^")
			class = strings.TrimPrefix(class, "^")
			b.WriteByte('[')
			if neg {
				b.WriteByte('^')
			}
			b.WriteString(strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(class))
			b.WriteByte(']')
			i = j
		default:
			b.WriteString(regexp.QuoteMeta(string(c)))
		}
	}
	b.WriteString(`\z`)
	return regexp.Compile(b.String())
}

type historyRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           int    `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

func history(r *Request) {
	var req historyRequest
	if err := r.Decode(&req); err != nil {
		r.Reply("history_reply", errorContent("ValueError", err.Error()))
		return
	}
	h := r.k.history
	var entries []HistoryEntry
	switch req.HistAccessType {
	case "tail":
		n := 10
		if req.N != nil {
			n = *req.N
		}
		entries = h.Tail(n)
	case "range":
		entries = h.Range(req.Session, req.Start, req.Stop)
	case "search":
		n := 0
		if req.N != nil {
			n = *req.N
		}
		entries = h.Search(req.Pattern, n, req.Unique)
	default:
		r.Reply("history_reply", errorContent("ValueError", "unknown hist_access_type "+req.HistAccessType))
		return
	}
	// Each item is (session, line, input), or (session, line, (input, output))
	// when output was asked for; output is null for cells without a value.
	items := make([][]any, 0, len(entries))
	for _, e := range entries {
		var in any = e.Input
		if req.Output {
			var out any
			if e.Output != nil {
				out = *e.Output
			}
			in = []any{e.Input, out}
		}
		items = append(items, []any{e.Session, e.Line, in})
	}
	r.Reply("history_reply", map[string]any{"status": "ok", "history": items})
}
