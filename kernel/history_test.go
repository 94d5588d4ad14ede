package kernel

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

func TestGlob(t *testing.T) {
	for _, c := range []struct {
		pattern, s string
		want       bool
	}{
		{"a*", "abc", true},
		{"a*", "ba", false},
		{"*b*", "abc", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"*", "multi\nline", true}, // GLOB's * crosses newlines
		{"x := [0-9]", "x := 7", true},
		{"x := [^0-9]", "x := 7", false},
		{"a.c", "abc", false}, // regexp metacharacters are literal
		{"f(x)", "f(x)", true},
		{"[", "[", true},
	} {
		re, err := globRegexp(c.pattern)
		if err != nil {
			t.Errorf("%q: %v", c.pattern, err)
			continue
		}
		if got := re.MatchString(c.s); got != c.want {
			t.Errorf("glob %q on %q = %v, want %v", c.pattern, c.s, got, c.want)
		}
	}
}

func TestHistoryPersists(t *testing.T) {
	path := t.TempDir() + "/h/history.jsonl"
	h, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	out := "2"
	h.Add(1, "1+1", &out)
	h.Add(2, "x := 3", nil)
	h2, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if h2.Session() != h.Session()+1 {
		t.Errorf("second session %d after %d", h2.Session(), h.Session())
	}
	got := h2.Range(-1, 1, 0) // the previous session
	if len(got) != 2 || got[0].Input != "1+1" || *got[0].Output != "2" || got[1].Output != nil {
		t.Errorf("previous session %+v", got)
	}
	h2.Add(1, "y", nil)
	if tail := h2.Tail(2); len(tail) != 2 || tail[0].Input != "x := 3" || tail[1].Session != h2.Session() {
		t.Errorf("tail across sessions %+v", tail)
	}
}

// A long history file is read from its tail: the newest sessions survive.
func TestHistoryReadsTail(t *testing.T) {
	path := t.TempDir() + "/history.jsonl"
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	line := strings.Repeat("x", 1000)
	for session := 1; session <= 3000; session++ { // ~3 MB
		b, _ := json.Marshal(HistoryEntry{Session: session, Line: 1, Input: line})
		f.Write(append(b, '\n'))
	}
	f.Close()
	h, err := OpenHistory(path)
	if err != nil {
		t.Fatal(err)
	}
	if h.Session() != 3001 {
		t.Errorf("new session %d, want 3001", h.Session())
	}
	tail := h.Tail(1)
	if len(tail) != 1 || tail[0].Session != 3000 || tail[0].Input != line {
		t.Errorf("tail %+v", tail)
	}
	if n := len(h.Tail(100000)); n >= 3000 || n < 500 {
		t.Errorf("loaded %d entries from a 3 MB file with a 1 MB read limit", n)
	}
}
