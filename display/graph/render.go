package graph

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Renderer lays out DOT text and draws it in a Graphviz output format ("svg").
type Renderer interface {
	Render(dot, format string) ([]byte, error)
}

// ErrNoGraphviz is returned (wrapped) when no renderer is available. Its text says what
// to install.
var ErrNoGraphviz = errors.New("no Graphviz renderer found: install gograd-dot " +
	"(go install github.com/gograd/gograd/display/graph/cmd/gograd-dot) " +
	"or Debian's graphviz package (apt-get install graphviz) for the dot command")

// RenderTimeout bounds one layout. Graphviz can take very long on huge graphs; past this
// the renderer's process is killed and the cell gets an error instead of hanging.
var RenderTimeout = 60 * time.Second

// WasmRenderer runs gograd-dot, which links go-graphviz (Graphviz compiled to
// WebAssembly), as a child process in -serve mode. The process starts on the first
// Render and stays up, so only the first graph pays for loading the WebAssembly module.
type WasmRenderer struct {
	Path string // the gograd-dot executable

	mu     sync.Mutex
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Reader
	stderr *tail

	timedOut atomic.Bool // the last round trip was cut by RenderTimeout
}

// tail keeps the last bytes a child wrote to stderr, to explain its death. The child
// does not inherit the kernel's stderr: the kernel redirects that per cell, and a child
// started in one cell would otherwise write into a pipe a later cell no longer reads.
type tail struct {
	mu  sync.Mutex
	buf []byte
}

func (t *tail) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if len(t.buf) > 4096 {
		t.buf = t.buf[len(t.buf)-4096:]
	}
	return len(p), nil
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.buf))
}

// Render sends dot to the child and returns its output. A child that died is
// restarted once.
func (w *WasmRenderer) Render(dot, format string) ([]byte, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	out, retry, err := w.roundTrip(dot, format)
	if retry && !w.timedOut.Load() {
		w.stopLocked()
		out, _, err = w.roundTrip(dot, format)
	}
	return out, err
}

// roundTrip reports retry when the failure was the pipe, not the graph.
func (w *WasmRenderer) roundTrip(dot, format string) (out []byte, retry bool, err error) {
	if w.cmd == nil {
		if err := w.startLocked(); err != nil {
			return nil, false, err
		}
	}
	w.timedOut.Store(false)
	proc := w.cmd.Process
	timer := time.AfterFunc(RenderTimeout, func() {
		w.timedOut.Store(true)
		proc.Kill() // unblocks the reads below
	})
	defer timer.Stop()
	if _, err := fmt.Fprintf(w.stdin, "%s %d\n%s", format, len(dot), dot); err != nil {
		return nil, true, w.died(err)
	}
	var status string
	var n int
	if _, err := fmt.Fscanf(w.stdout, "%s %d\n", &status, &n); err != nil {
		return nil, true, w.died(err)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(w.stdout, body); err != nil {
		return nil, true, w.died(err)
	}
	if status != "ok" {
		return nil, false, fmt.Errorf("gograd-dot: %s", body)
	}
	return body, false, nil
}

// died describes a broken pipe to the child with what the child said last.
func (w *WasmRenderer) died(err error) error {
	if w.timedOut.Load() {
		w.stopLocked()
		return fmt.Errorf("gograd-dot: layout took longer than %v", RenderTimeout)
	}
	if msg := w.stderr.String(); msg != "" {
		return fmt.Errorf("gograd-dot: %w: %s", err, msg)
	}
	return fmt.Errorf("gograd-dot: %w", err)
}

func (w *WasmRenderer) startLocked() error {
	cmd := exec.Command(w.Path, "-serve")
	w.stderr = &tail{}
	cmd.Stderr = w.stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting gograd-dot: %w", err)
	}
	w.cmd, w.stdin, w.stdout = cmd, in, bufio.NewReader(out)
	return nil
}

// Close stops the child process.
func (w *WasmRenderer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stopLocked()
}

func (w *WasmRenderer) stopLocked() error {
	if w.cmd == nil {
		return nil
	}
	w.stdin.Close() // the child exits at end of input
	err := w.cmd.Wait()
	w.cmd, w.stdin, w.stdout = nil, nil, nil
	return err
}

// DotRenderer runs Graphviz's dot command once per graph.
type DotRenderer struct {
	Path string // the dot executable
}

// Render runs dot -T<format>.
func (d DotRenderer) Render(dot, format string) ([]byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), RenderTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, d.Path, "-T"+format)
	cmd.Stdin = strings.NewReader(dot)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("%s: layout took longer than %v", d.Path, RenderTimeout)
		}
		return nil, fmt.Errorf("%s: %v: %s", d.Path, err, strings.TrimSpace(stderr.String()))
	}
	return stdout.Bytes(), nil
}

// chain tries each renderer in turn and returns the first success.
type chain []Renderer

func (c chain) Render(dot, format string) ([]byte, error) {
	var errs []error
	for _, r := range c {
		out, err := r.Render(dot, format)
		if err == nil {
			return out, nil
		}
		errs = append(errs, err)
	}
	return nil, errors.Join(errs...)
}

var (
	rendererMu sync.Mutex
	renderer   Renderer
)

// SetRenderer makes r the renderer of every Graph; nil goes back to FindRenderer's
// choice.
func SetRenderer(r Renderer) {
	rendererMu.Lock()
	renderer = r
	rendererMu.Unlock()
}

func currentRenderer() (Renderer, error) {
	rendererMu.Lock()
	defer rendererMu.Unlock()
	if renderer == nil {
		r, err := FindRenderer()
		if err != nil {
			return nil, err
		}
		renderer = r
	}
	return renderer, nil
}

// FindRenderer looks for Graphviz. It prefers gograd-dot (real Graphviz 12 as
// WebAssembly, same output everywhere) and falls back to the dot command. gograd-dot is
// looked for at $GOGRAD_DOT, next to the running executable (where the kernel's install
// step puts it), in $GOBIN or $GOPATH/bin (go install), then on PATH.
// GOGRAD_GRAPHVIZ=dot or =wasm forces one of the two.
func FindRenderer() (Renderer, error) {
	var found chain
	want := os.Getenv("GOGRAD_GRAPHVIZ")
	if want != "dot" {
		if p := findGogradDot(); p != "" {
			found = append(found, &WasmRenderer{Path: p})
		}
	}
	if want != "wasm" {
		if p, err := exec.LookPath("dot"); err == nil {
			found = append(found, DotRenderer{Path: p})
		}
	}
	switch len(found) {
	case 0:
		return nil, ErrNoGraphviz
	case 1:
		return found[0], nil
	}
	return found, nil
}

func findGogradDot() string {
	if p := os.Getenv("GOGRAD_DOT"); p != "" {
		return p
	}
	var dirs []string
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
	}
	// Where `go install .../cmd/gograd-dot` puts it.
	if d := os.Getenv("GOBIN"); d != "" {
		dirs = append(dirs, d)
	}
	if d := os.Getenv("GOPATH"); d != "" {
		dirs = append(dirs, filepath.Join(filepath.SplitList(d)[0], "bin"))
	} else if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "go", "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, "gograd-dot")
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p
		}
	}
	if p, err := exec.LookPath("gograd-dot"); err == nil {
		return p
	}
	return ""
}

// SVG lays the graph out and returns the picture as SVG text. It is drawn in Courier
// rather than the "monospace" Source names, so that its boxes fit the text as browsers
// draw it (see layoutFont).
func (g *Graph) SVG() (string, error) {
	r, err := currentRenderer()
	if err != nil {
		return "", err
	}
	out, err := r.Render(g.source(layoutFont), "svg")
	if err != nil {
		return "", err
	}
	return string(out), nil
}
