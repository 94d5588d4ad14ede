package kernel_test

import (
	"context"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gograd/gograd/kernel"
)

// fakeExecutor understands a few commands, one per cell, so the wire layer
// can be tested without the interpreter:
//
//	print:TEXT  stderr:TEXT  value:TEXT  error:TEXT  panic  loop  compiled
//	input:PROMPT  display:TEXT  update:TEXT  clear  big:N  block
type fakeExecutor struct {
	interrupted atomic.Bool   // the compiled-op flag (tensor.SetInterrupt's stand-in)
	release     chan struct{} // "block" prints, then waits for this
}

func newFake() *fakeExecutor { return &fakeExecutor{release: make(chan struct{})} }

func (f *fakeExecutor) setInterrupt(on bool) { f.interrupted.Store(on) }

func (f *fakeExecutor) Execute(ctx context.Context, code string, out kernel.Output) (kernel.ExecResult, error) {
	cmd, arg, _ := strings.Cut(code, ":")
	switch cmd {
	case "print":
		out.Stdout(arg)
	case "stderr":
		out.Stderr(arg)
	case "value":
		return kernel.ExecResult{Data: map[string]any{"text/plain": arg}}, nil
	case "error":
		return kernel.ExecResult{}, &kernel.CellError{Name: "RuntimeError", Value: arg, Traceback: []string{"cell line 1", "RuntimeError: " + arg}}
	case "panic":
		panic("executor bug")
	case "loop": // an interpreted loop: it watches ctx
		<-ctx.Done()
		return kernel.ExecResult{}, ctx.Err()
	case "compiled": // a compiled op: it sees only the interrupt flag
		for !f.interrupted.Load() {
			time.Sleep(time.Millisecond)
		}
		return kernel.ExecResult{}, &kernel.CellError{Name: "KeyboardInterrupt", Traceback: []string{"KeyboardInterrupt"}}
	case "input":
		s, err := out.Input(arg, false)
		if err != nil {
			return kernel.ExecResult{}, &kernel.CellError{Name: "StdinNotImplementedError", Value: err.Error()}
		}
		out.Stdout("got " + s)
	case "display":
		out.Display(map[string]any{"text/plain": arg, "text/html": "<b>" + arg + "</b>"}, "d1", false)
	case "update":
		out.Display(map[string]any{"text/plain": arg}, "d1", true)
	case "clear":
		out.Stdout("before")
		out.ClearOutput(true)
	case "big": // 10 MB in 1 KB writes, as a chatty loop would
		line := strings.Repeat("x", 1023) + "\n"
		for i := 0; i < 10*1024; i++ {
			out.Stdout(line)
		}
	case "block":
		out.Stdout("first")
		select {
		case <-f.release:
		case <-ctx.Done():
		}
		out.Stdout("second")
	}
	return kernel.ExecResult{}, nil
}

func (f *fakeExecutor) Complete(code string, cursor int) ([]string, int, int) {
	word := code[strings.LastIndexAny(code[:cursor], " .(")+1 : cursor]
	var out []string
	for _, c := range []string{"Println", "Printf", "Sprint"} {
		if strings.HasPrefix(c, word) {
			out = append(out, c)
		}
	}
	return out, cursor - len(word), cursor
}

func (f *fakeExecutor) Inspect(code string, cursor int, detail int) (map[string]any, bool) {
	if strings.Contains(code, "Println") {
		return map[string]any{"text/plain": "func Println(a ...any) (n int, err error)"}, true
	}
	return nil, false
}

func (f *fakeExecutor) IsComplete(code string) (string, string) {
	if strings.HasSuffix(code, "{") {
		return "incomplete", "\t"
	}
	return "complete", ""
}
