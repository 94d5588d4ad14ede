package session

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gograd/gograd/kernel"
	"github.com/gograd/gograd/kernel/dap"
)

// While a cell runs, file descriptors 1 and 2 are the cell's pipes: a test
// that stops a cell must not report (t.Log, t.Fatal) before the cell ends,
// so these tests collect what they find and report it afterwards.

// dapClient drives a session's debugger through package dap, as the
// kernel's control channel does.
type dapClient struct {
	srv    *dap.Server
	events chan dap.Event
	seq    int
	errs   []string
}

func newDAPClient(t *testing.T, s *Session) *dapClient {
	c := &dapClient{events: make(chan dap.Event, 64)}
	files := dap.Files{Prefix: t.TempDir() + string(filepath.Separator), Suffix: ".go"}
	c.srv = dap.NewServer(s.DebugTarget(), files, func(e dap.Event) { c.events <- e })
	return c
}

func (c *dapClient) errorf(format string, args ...any) {
	c.errs = append(c.errs, fmt.Sprintf(format, args...))
}

// do sends a request and returns the response body as a front end
// decodes it; a failure is recorded.
func (c *dapClient) do(command string, args any) map[string]any {
	c.seq++
	b, _ := json.Marshal(map[string]any{"seq": c.seq, "type": "request", "command": command, "arguments": args})
	r := c.srv.Handle(b)
	if !r.Success {
		c.errorf("%s: %s", command, r.Message)
	}
	jb, _ := json.Marshal(r.Body)
	var body map[string]any
	json.Unmarshal(jb, &body)
	return body
}

// event waits for the next event named name.
func (c *dapClient) event(name string) map[string]any {
	timeout := time.After(20 * time.Second)
	for {
		select {
		case e := <-c.events:
			if e.Event == name {
				b, _ := json.Marshal(e.Body)
				var body map[string]any
				json.Unmarshal(b, &body)
				return body
			}
		case <-timeout:
			c.errorf("no %s event", name)
			return map[string]any{}
		}
	}
}

// topFrame is the innermost frame of the stopped thread.
func (c *dapClient) topFrame(thread any) map[string]any {
	fs, _ := c.do("stackTrace", map[string]any{"threadId": thread})["stackFrames"].([]any)
	if len(fs) == 0 {
		c.errorf("no stack frames")
		return map[string]any{}
	}
	return fs[0].(map[string]any)
}

// vars lists a variables reference as name -> variable.
func (c *dapClient) vars(ref any) map[string]map[string]any {
	out := map[string]map[string]any{}
	list, _ := c.do("variables", map[string]any{"variablesReference": ref})["variables"].([]any)
	for _, v := range list {
		m := v.(map[string]any)
		out[m["name"].(string)] = m
	}
	return out
}

// finish waits for the cell to end (detaching if it does not), then reports
// what the test collected while it ran.
func (c *dapClient) finish(t *testing.T, done chan cellRun) cellRun {
	t.Helper()
	var r cellRun
	select {
	case r = <-done:
	case <-time.After(20 * time.Second):
		c.do("disconnect", map[string]any{})
		r = <-done
		c.errorf("the cell did not finish")
	}
	for _, e := range c.errs {
		t.Error(e)
	}
	return r
}

type cellRun struct {
	res kernel.ExecResult
	err error
}

func runAsync(s *Session, code string) chan cellRun {
	done := make(chan cellRun, 1)
	go func() {
		r, err := s.Execute(context.Background(), code, &recorder{})
		done <- cellRun{r, err}
	}()
	return done
}

func TestDebugStopsInLoopAndSteps(t *testing.T) {
	s := New()
	c := newDAPClient(t, s)
	c.do("initialize", map[string]any{"adapterID": "gograd"})
	c.do("attach", map[string]any{})
	mustRun(t, s, "w := autograd.New([]float32{1, 2, 3}, autograd.RequiresGrad)\nw.Mul(w).Sum().Backward()")
	code := "acc := 0.0\nfor i := 0; i < 3; i++ {\n\ty := w.Mul(w)\n\tacc += float64(i)\n\t_ = y\n}\nacc"
	info := c.do("debugInfo", map[string]any{})
	path, _ := c.do("dumpCell", map[string]any{"code": code})["sourcePath"].(string)
	if !strings.HasPrefix(path, info["tmpFilePrefix"].(string)) || !strings.HasSuffix(path, ".go") {
		t.Fatalf("dumpCell path %s, debugInfo %v", path, info)
	}
	c.do("setBreakpoints", map[string]any{"source": map[string]any{"path": path}, "breakpoints": []map[string]any{{"line": 4}}})
	c.do("configurationDone", map[string]any{})
	done := runAsync(s, code)

	stop := c.event("stopped")
	th := stop["threadId"]
	if stop["reason"] != "breakpoint" {
		c.errorf("stopped for %v, want breakpoint", stop["reason"])
	}
	top := c.topFrame(th)
	if src, _ := top["source"].(map[string]any); top["line"] != 4.0 || src["path"] != path {
		c.errorf("top frame %v, want line 4 of %s", top, path)
	}
	scopes, _ := c.do("scopes", map[string]any{"frameId": top["id"]})["scopes"].([]any)
	if len(scopes) == 2 {
		locals := c.vars(scopes[0].(map[string]any)["variablesReference"])
		if locals["i"]["value"] != "0" || locals["i"]["type"] != "int" {
			c.errorf("local i = %v", locals["i"])
		}
		if y := locals["y"]; y == nil || !strings.Contains(y["value"].(string), "tensor([1., 4., 9.]") {
			c.errorf("local y = %v", y)
		}
		globals := c.vars(scopes[1].(map[string]any)["variablesReference"])
		w := globals["w"]
		if w == nil || w["type"] != "Tensor [3] torch.float32" || w["variablesReference"] == 0.0 {
			c.errorf("global w = %v", w)
		} else {
			kids := c.vars(w["variablesReference"])
			if g := kids["grad"]; g == nil || !strings.HasPrefix(g["value"].(string), "tensor([2., 4., 6.]") {
				c.errorf("w.grad = %v", g)
			}
			if v := kids["values"]; v == nil || v["value"] != "len 3: [1 2 3]" {
				c.errorf("w values = %v", v)
			}
		}
		if a := globals["acc"]; a == nil || a["type"] != "float64" {
			c.errorf("global acc = %v", a)
		}
	} else {
		c.errorf("scopes %v", scopes)
	}
	if ev := c.do("evaluate", map[string]any{"expression": "acc + float64(i) + w.Grad().Sum().Item()", "frameId": top["id"]}); ev["result"] != "12" {
		c.errorf("evaluate: %v", ev)
	}

	// JupyterLab sends the breakpoints again while stopped; the next
	// iteration must still stop, once.
	c.do("setBreakpoints", map[string]any{"source": map[string]any{"path": path}, "breakpoints": []map[string]any{{"line": 4}}})
	c.do("continue", map[string]any{"threadId": th})
	c.event("stopped")
	top = c.topFrame(th)
	if ev := c.do("evaluate", map[string]any{"expression": "i", "frameId": top["id"]}); ev["result"] != "1" {
		c.errorf("after continue i = %v, want 1", ev["result"])
	}
	c.do("next", map[string]any{"threadId": th})
	if st := c.event("stopped"); st["reason"] != "step" {
		c.errorf("next stopped for %v", st["reason"])
	}
	if top = c.topFrame(th); top["line"] != 5.0 {
		c.errorf("after next at line %v, want 5", top["line"])
	}
	c.do("next", map[string]any{"threadId": th})
	c.event("stopped")
	if top = c.topFrame(th); top["line"] != 2.0 {
		c.errorf("second next at line %v, want 2 (the loop)", top["line"])
	}
	c.do("setBreakpoints", map[string]any{"source": map[string]any{"path": path}, "breakpoints": []map[string]any{}})
	c.do("continue", map[string]any{"threadId": th})
	r := c.finish(t, done)
	if r.err != nil {
		t.Fatal(r.err)
	}
	if got := r.res.Data["text/plain"]; got != "3" {
		t.Errorf("cell shows %v, want 3", got)
	}
}

func mustRun(t *testing.T, s *Session, code string) kernel.ExecResult {
	t.Helper()
	r, err := s.Execute(context.Background(), code, &recorder{})
	if err != nil {
		t.Fatalf("%q: %v", code, err)
	}
	return r
}

// A breakpoint in a loop stops once per iteration, also when the cell's
// first lines define the values the loop uses (the cell JupyterLab's browser
// test runs).
func TestDebugContinueStopsEachIteration(t *testing.T) {
	s := New()
	c := newDAPClient(t, s)
	c.do("attach", map[string]any{})
	code := "dw := autograd.New([]float32{1, 2, 3}, autograd.RequiresGrad)\ndw.Mul(dw).Sum().Backward()\nacc := 0.0\nfor i := 0; i < 3; i++ {\n\tacc += float64(i)\n}\nacc"
	c.do("setBreakpoints", map[string]any{"source": map[string]any{"path": s.dbg.files.Path(code)}, "breakpoints": []map[string]any{{"line": 5}}})
	done := runAsync(s, code)
	var seen []string
	for n := 0; n < 3; n++ {
		if st := c.event("stopped"); st["reason"] != "breakpoint" {
			c.errorf("stop %d for %v", n, st["reason"])
		}
		top := c.topFrame(1)
		ev := c.do("evaluate", map[string]any{"expression": "i", "frameId": top["id"]})
		seen = append(seen, fmt.Sprint(top["line"], ":", ev["result"]))
		c.do("continue", map[string]any{"threadId": 1})
	}
	r := c.finish(t, done)
	if got := strings.Join(seen, " "); got != "5:0 5:1 5:2" {
		t.Errorf("stops (line:i) %s, want 5:0 5:1 5:2", got)
	}
	if r.err != nil || r.res.Data["text/plain"] != "3" {
		t.Errorf("cell: %v %v", r.res.Data, r.err)
	}
}

// A function literal made before the debugger was on cannot be entered by
// yaegi's debugger: while a breakpoint puts cells under it, the cell fails
// with a message saying what to do, and after re-running the cell that made
// it, it works.
func TestDebugClosureMadeBeforeAttach(t *testing.T) {
	s := New()
	mulCell := "k := 3\nmul := func(x int) int { return x * k }"
	mustRun(t, s, mulCell+"\nfunc twice(x int) int { return 2 * x }")
	c := newDAPClient(t, s)
	c.do("attach", map[string]any{})
	// Without a breakpoint cells run plainly: the closure works.
	if r := mustRun(t, s, "mul(2)"); r.Data["text/plain"] != "6" {
		t.Errorf("mul with no breakpoint: %v", r.Data)
	}
	c.do("setBreakpoints", map[string]any{"source": map[string]any{"path": "/elsewhere.go"}, "breakpoints": []map[string]any{{"line": 1}}})
	if r := mustRun(t, s, "twice(3) + 6"); r.Data["text/plain"] != "12" {
		t.Errorf("twice: %v", r.Data)
	}
	_, err := s.Execute(context.Background(), "mul(2)", &recorder{})
	if err == nil || !strings.Contains(err.Error(), "re-run the cell that made it") {
		t.Fatalf("calling an old closure under the debugger: %v", err)
	}
	mustRun(t, s, mulCell)
	if r := mustRun(t, s, "done := make(chan int)\ngo func() { done <- mul(5) }()\n<-done"); r.Data["text/plain"] != "15" {
		t.Errorf("after re-running: %v", r.Data)
	}
}

// pause stops a running loop; copyToGlobals assigns a variable of the
// stopped frame to a notebook variable; cancelling the cell (an interrupt)
// ends the stop.
func TestDebugPauseAndCopyToGlobals(t *testing.T) {
	s := New()
	c := newDAPClient(t, s)
	c.do("attach", map[string]any{})
	mustRun(t, s, "best := -1")
	// A breakpoint somewhere puts cells under the debugger.
	c.do("setBreakpoints", map[string]any{"source": map[string]any{"path": "/elsewhere.go"}, "breakpoints": []map[string]any{{"line": 1}}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan cellRun, 1)
	go func() {
		r, err := s.Execute(ctx, "n := 0\nfor {\n\tn++\n}", &recorder{})
		done <- cellRun{r, err}
	}()
	// Pause once the cell runs under the debugger (it answers an error
	// before).
	for i := 0; ; i++ {
		b, _ := json.Marshal(map[string]any{"seq": 100 + i, "type": "request", "command": "pause", "arguments": map[string]any{"threadId": 1}})
		if c.srv.Handle(b).Success || i == 500 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if st := c.event("stopped"); st["reason"] != "pause" {
		c.errorf("stopped for %v, want pause", st["reason"])
	}
	top := c.topFrame(1)
	n := c.do("evaluate", map[string]any{"expression": "n", "frameId": top["id"]})["result"]
	c.do("copyToGlobals", map[string]any{"srcVariableName": "n", "dstVariableName": "best", "srcFrameId": top["id"]})
	if got := c.do("evaluate", map[string]any{"expression": "best", "frameId": top["id"]})["result"]; got != n || n == "0" {
		c.errorf("best = %v after copyToGlobals of n = %v", got, n)
	}
	cancel()
	r := c.finish(t, done)
	if ce, ok := r.err.(*kernel.CellError); !ok || ce.Name != "KeyboardInterrupt" {
		t.Errorf("cancelled cell: %v", r.err)
	}
	if got := mustRun(t, s, "best").Data["text/plain"]; got != n {
		t.Errorf("best = %v after the cell, want %v", got, n)
	}
}

// stepIn enters a function an earlier cell defined, at its first line;
// stepOut returns to the calling line.
func TestDebugStepInAndOut(t *testing.T) {
	s := New()
	c := newDAPClient(t, s)
	c.do("attach", map[string]any{})
	mustRun(t, s, "func sq(x int) int {\n\ty := x * x\n\treturn y\n}")
	code := "a := 2\nb := sq(a)\nb"
	c.do("setBreakpoints", map[string]any{"source": map[string]any{"path": s.dbg.files.Path(code)}, "breakpoints": []map[string]any{{"line": 2}}})
	done := runAsync(s, code)
	c.event("stopped")
	c.do("stepIn", map[string]any{"threadId": 1})
	c.event("stopped")
	if top := c.topFrame(1); top["name"] != "sq" || top["line"] != 2.0 {
		c.errorf("after stepIn: %v, want sq at line 2", top)
	}
	c.do("next", map[string]any{"threadId": 1})
	c.event("stopped")
	top := c.topFrame(1)
	if top["name"] != "sq" || top["line"] != 3.0 {
		c.errorf("after next: %v, want sq at line 3", top)
	}
	if y := c.do("evaluate", map[string]any{"expression": "y", "frameId": top["id"]})["result"]; y != "4" {
		c.errorf("y = %v, want 4", y)
	}
	c.do("stepOut", map[string]any{"threadId": 1})
	c.event("stopped")
	if top := c.topFrame(1); top["name"] != "<cell>" || top["line"] != 2.0 {
		c.errorf("after stepOut: %v, want the cell at line 2", top)
	}
	c.do("continue", map[string]any{"threadId": 1})
	if r := c.finish(t, done); r.err != nil || r.res.Data["text/plain"] != "4" {
		t.Errorf("cell: %v %v", r.res.Data, r.err)
	}
}

// BenchmarkLoopCellDebugger is a cell looping 100000 times in interpreted
// code: detached (the path of every cell while JupyterLab's debugger is
// off, or on without breakpoints), and attached with a breakpoint elsewhere
// (yaegi then checks each node of the loop). The ratio is what a set
// breakpoint costs such a cell.
func BenchmarkLoopCellDebugger(b *testing.B) {
	code := "n := 0\nfor i := 0; i < 100000; i++ {\n\tn += i\n}"
	for _, attached := range []bool{false, true} {
		b.Run(map[bool]string{false: "detached", true: "attached"}[attached], func(b *testing.B) {
			s := New()
			if attached {
				s.DebugTarget().Attach(dap.Files{Prefix: b.TempDir() + "/", Suffix: ".go"}, func(dap.Stop) {})
				s.DebugTarget().SetBreakpoints("/elsewhere.go", []int{1})
			}
			for b.Loop() {
				if _, err := s.Execute(context.Background(), code, nullOutput{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// JupyterLab restores a notebook's breakpoints on a new kernel, and may send them
// before it attaches: they are kept, and the cell runs as usual.
func TestBreakpointsBeforeAttach(t *testing.T) {
	s := New()
	placed := s.DebugTarget().SetBreakpoints("/tmp/cell.go", []int{2, 3})
	if len(placed) != 2 {
		t.Fatalf("placed = %v, want two answers", placed)
	}
	if _, err := s.Execute(context.Background(), "x := 1\nx++", &recorder{}); err != nil {
		t.Fatal(err)
	}
}
