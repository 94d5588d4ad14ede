package session

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gograd/gograd/kernel"
)

// recorder is a kernel.Output that keeps what a cell sent.
type recorder struct {
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	nStdout  int // messages
	displays []map[string]any
	updates  []map[string]any
	ids      []string
	clears   int
	inputs   []string // lines to answer input requests with
	prompts  int
	firstOut time.Time // when the first stdout message arrived
}

func (r *recorder) Stdout(t string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.nStdout == 0 {
		r.firstOut = time.Now()
	}
	r.nStdout++
	r.stdout.WriteString(t)
}

func (r *recorder) Stderr(t string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stderr.WriteString(t)
}

func (r *recorder) Display(b map[string]any, id string, update bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if update {
		r.updates = append(r.updates, b)
	} else {
		r.displays = append(r.displays, b)
	}
	r.ids = append(r.ids, id)
}

func (r *recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears++
}

var errNoStdin = errors.New("stdin not allowed")

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.prompts++
	if len(r.inputs) == 0 {
		return "", errNoStdin
	}
	l := r.inputs[0]
	r.inputs = r.inputs[1:]
	return l, nil
}

func (r *recorder) Out() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stdout.String()
}

func (r *recorder) Err() string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stderr.String()
}

// run executes code and fails the test on a cell error.
func run(t *testing.T, s *Session, code string) (*recorder, map[string]any) {
	t.Helper()
	r := &recorder{}
	res, err := s.Execute(context.Background(), code, r)
	if err != nil {
		t.Fatalf("cell %q failed: %v\nstderr: %s", code, err, r.Err())
	}
	return r, res.Data
}

// runErr executes code that must fail and returns its error.
func runErr(t *testing.T, s *Session, code string) (*recorder, *kernel.CellError) {
	t.Helper()
	r := &recorder{}
	_, err := s.Execute(context.Background(), code, r)
	if err == nil {
		t.Fatalf("cell %q succeeded, want an error", code)
	}
	var ce *kernel.CellError
	if !errors.As(err, &ce) {
		t.Fatalf("cell %q: error %T %v, want *kernel.CellError", code, err, err)
	}
	return r, ce
}

// text is the text/plain of a result, "" when there is none.
func text(data map[string]any) string {
	if data == nil {
		return ""
	}
	s, _ := data["text/plain"].(string)
	return s
}
