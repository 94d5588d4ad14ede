package kernel_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gograd/gograd/kernel"
	"github.com/gograd/gograd/kernel/dap"
)

// These tests drive JupyterLab's debug protocol over the real sockets of a
// kernel running the yaegi session: debug_request and debug_reply on the
// control channel, debug_event on iopub, as JupyterLab sends them.
//
// The kernel runs in the test's process, and while a cell runs file
// descriptors 1 and 2 are the cell's: a test must not report before a
// stopped cell ends, so problems are collected and reported afterwards.

type debugClient struct {
	*client
	seq  int
	errs []string
}

func (d *debugClient) errorf(format string, args ...any) {
	d.errs = append(d.errs, fmt.Sprintf(format, args...))
}

// report fails the test with what was collected; call it with no cell
// stopped.
func (d *debugClient) report(t *testing.T) {
	t.Helper()
	for _, e := range d.errs {
		t.Error(e)
	}
	d.errs = nil
}

// do sends a DAP request in a debug_request and returns the response's
// body; a failed response is recorded unless wantFail.
func (d *debugClient) do(command string, args any) map[string]any {
	r := d.raw(command, args)
	if r["success"] != true {
		d.errorf("%s: %v", command, r["message"])
	}
	body, _ := r["body"].(map[string]any)
	return body
}

func (d *debugClient) raw(command string, args any) map[string]any {
	d.seq++
	id := d.request("control", "debug_request", map[string]any{"seq": d.seq, "type": "request", "command": command, "arguments": args})
	select {
	case m := <-d.waitReply(id):
		if m.Header.MsgType != "debug_reply" {
			d.errorf("%s: got %s", command, m.Header.MsgType)
		}
		var r map[string]any
		json.Unmarshal(m.Content, &r)
		if r["command"] != command || r["request_seq"] != float64(d.seq) || r["type"] != "response" {
			d.errorf("%s: response %v", command, r)
		}
		return r
	case <-time.After(20 * time.Second):
		d.errorf("%s: no debug_reply", command)
		return map[string]any{}
	}
}

func (d *debugClient) waitReply(id string) chan *kernel.Message {
	ch := make(chan *kernel.Message, 1)
	go func() {
		for m := range d.controlCh {
			if parentID(m) == id {
				ch <- m
				return
			}
		}
	}()
	return ch
}

// event waits for the debug_event named name, dropping other iopub
// messages.
func (d *debugClient) event(name string) map[string]any {
	timeout := time.After(30 * time.Second)
	for {
		select {
		case m := <-d.iopubCh:
			if m.Header.MsgType != "debug_event" {
				continue
			}
			var e map[string]any
			json.Unmarshal(m.Content, &e)
			if e["type"] != "event" {
				d.errorf("debug_event of type %v", e["type"])
			}
			if e["event"] == name {
				body, _ := e["body"].(map[string]any)
				return body
			}
		case <-timeout:
			d.errorf("no %s debug_event", name)
			return map[string]any{}
		}
	}
}

func (d *debugClient) frames(thread any) []map[string]any {
	var out []map[string]any
	list, _ := d.do("stackTrace", map[string]any{"threadId": thread})["stackFrames"].([]any)
	for _, f := range list {
		out = append(out, f.(map[string]any))
	}
	if len(out) == 0 {
		d.errorf("no stack frames")
		out = append(out, map[string]any{})
	}
	return out
}

func (d *debugClient) vars(ref any) map[string]map[string]any {
	out := map[string]map[string]any{}
	list, _ := d.do("variables", map[string]any{"variablesReference": ref})["variables"].([]any)
	for _, v := range list {
		m := v.(map[string]any)
		out[m["name"].(string)] = m
	}
	return out
}

// scopeVars lists the locals and globals of a frame.
func (d *debugClient) scopeVars(frameID any) (locals, globals map[string]map[string]any) {
	scopes, _ := d.do("scopes", map[string]any{"frameId": frameID})["scopes"].([]any)
	if len(scopes) != 2 {
		d.errorf("scopes %v", scopes)
		return nil, nil
	}
	return d.vars(scopes[0].(map[string]any)["variablesReference"]), d.vars(scopes[1].(map[string]any)["variablesReference"])
}

// startDebugging is JupyterLab's start-up sequence.
func startDebugging(t *testing.T, c *client) (*debugClient, map[string]any) {
	d := &debugClient{client: c}
	init := d.do("initialize", map[string]any{"clientID": "jupyterlab", "adapterID": "gograd", "pathFormat": "path",
		"linesStartAt1": true, "columnsStartAt1": true, "supportsVariableType": true})
	filters, _ := init["exceptionBreakpointFilters"].([]any)
	if len(filters) != 1 || filters[0].(map[string]any)["filter"] != dap.PanicFilter {
		d.errorf("initialize: exception filters %v", filters)
	}
	d.do("attach", map[string]any{})
	info := d.do("debugInfo", map[string]any{})
	if info["isStarted"] != true || info["hashMethod"] != "Murmur2" || info["hashSeed"] != float64(dap.HashSeed) ||
		info["tmpFileSuffix"] != ".go" {
		d.errorf("debugInfo %v", info)
	}
	d.report(t)
	return d, info
}

// cellPath is the cell's file as JupyterLab computes it from debugInfo.
func cellPath(info map[string]any, code string) string {
	return fmt.Sprintf("%s%d%s", info["tmpFilePrefix"], dap.Murmur2([]byte(code), uint32(info["hashSeed"].(float64))), info["tmpFileSuffix"])
}

func (d *debugClient) setBreakpoints(path string, lines ...int) {
	var bps []map[string]any
	for _, l := range lines {
		bps = append(bps, map[string]any{"line": l})
	}
	if bps == nil {
		bps = []map[string]any{}
	}
	r := d.do("setBreakpoints", map[string]any{"source": map[string]any{"path": path}, "breakpoints": bps})
	if got, _ := r["breakpoints"].([]any); len(got) != len(lines) {
		d.errorf("setBreakpoints answered %v", r)
	}
}

// executeAsync sends an execute_request and returns its msg_id.
func executeAsync(c *client, code string) string {
	return c.request("shell", "execute_request", map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
}

func TestDebuggerOverSockets(t *testing.T) {
	c := sessionKernel(t)
	// kernel_info says the kernel debugs.
	rep := c.reply(c.shellCh, c.request("shell", "kernel_info_request", map[string]any{}), 10*time.Second)
	if content(t, rep)["debugger"] != true {
		t.Fatalf("kernel_info debugger = %v", content(t, rep)["debugger"])
	}
	d, info := startDebugging(t, c)

	ok(t, c, "w := autograd.New([]float32{1, 2, 3}, autograd.RequiresGrad)\nw.Mul(w).Sum().Backward()")
	square := "func square(x *autograd.Tensor) *autograd.Tensor {\n\ty := x.Mul(x)\n\treturn y\n}"
	ok(t, c, square)

	code := "acc := 0.0\nfor i := 0; i < 3; i++ {\n\ty := w.Mul(w)\n\tacc += float64(i)\n\t_ = y\n}\nz := square(w)\nacc"
	path := cellPath(info, code)
	if got := d.do("dumpCell", map[string]any{"code": code})["sourcePath"]; got != path {
		d.errorf("dumpCell wrote %v, JupyterLab expects %s", got, path)
	}
	d.setBreakpoints(path, 4)
	d.setBreakpoints(cellPath(info, square), 3)
	d.do("configurationDone", map[string]any{})
	d.report(t)

	id := executeAsync(c, code)
	stop := d.event("stopped")
	th := stop["threadId"]
	if stop["reason"] != "breakpoint" {
		d.errorf("stopped for %v", stop["reason"])
	}
	// Heartbeat and control answer while the cell is stopped.
	if err := c.hb.Send(zmq4.NewMsg([]byte("ping"))); err == nil {
		if m, err := c.hb.Recv(); err != nil || string(m.Bytes()) != "ping" {
			d.errorf("heartbeat while stopped: %q %v", m.Bytes(), err)
		}
	}
	if threads, _ := d.do("threads", map[string]any{})["threads"].([]any); len(threads) != 1 {
		d.errorf("threads %v", threads)
	}
	top := d.frames(th)[0]
	if src, _ := top["source"].(map[string]any); top["line"] != 4.0 || src["path"] != path {
		d.errorf("stopped at %v, want line 4 of %s", top, path)
	}
	locals, globals := d.scopeVars(top["id"])
	if locals["i"]["value"] != "0" || locals["i"]["type"] != "int" {
		d.errorf("local i = %v", locals["i"])
	}
	if y := locals["y"]; y == nil || y["value"] != "tensor([1., 4., 9.], grad_fn=<MulBackward0>)" {
		d.errorf("local y = %v", y)
	}
	if w := globals["w"]; w == nil || w["type"] != "Tensor [3] torch.float32" || w["variablesReference"] == 0.0 {
		d.errorf("global w = %v", w)
	} else {
		kids := d.vars(w["variablesReference"])
		// w.Mul(w).Sum().Backward(): d/dw sum(w*w) = 2w.
		if g := kids["grad"]; g == nil || g["value"] != "tensor([2., 4., 6.])" {
			d.errorf("w.grad = %v", g)
		}
		if v := kids["values"]; v == nil || v["variablesReference"] == 0.0 {
			d.errorf("w values = %v", v)
		} else if vs := d.vars(v["variablesReference"]); vs["2"]["value"] != "3" {
			d.errorf("w values = %v", vs)
		}
		if kids["requires_grad"]["value"] != "true" {
			d.errorf("w.requires_grad = %v", kids["requires_grad"])
		}
	}
	if ev := d.do("evaluate", map[string]any{"expression": "acc + float64(i) + w.Grad().Sum().Item()", "frameId": top["id"], "context": "watch"}); ev["result"] != "12" {
		d.errorf("evaluate = %v, want 12", ev)
	}
	d.do("next", map[string]any{"threadId": th})
	if st := d.event("stopped"); st["reason"] != "step" {
		d.errorf("next stopped for %v", st["reason"])
	}
	if top = d.frames(th)[0]; top["line"] != 5.0 {
		d.errorf("after next: line %v, want 5", top["line"])
	}
	// Off the loop: the next stop is in square, a function of the earlier cell.
	d.setBreakpoints(path)
	d.do("continue", map[string]any{"threadId": th})
	d.event("stopped")
	fs := d.frames(th)
	if len(fs) != 2 {
		d.errorf("in square: %d frames %v", len(fs), fs)
	} else {
		if src, _ := fs[0]["source"].(map[string]any); fs[0]["name"] != "square" || fs[0]["line"] != 3.0 || src["path"] != cellPath(info, square) {
			d.errorf("frame 0 %v, want square at line 3 of its cell", fs[0])
		}
		if src, _ := fs[1]["source"].(map[string]any); fs[1]["line"] != 7.0 || src["path"] != path {
			d.errorf("frame 1 %v, want the cell at line 7", fs[1])
		}
		locals, _ := d.scopeVars(fs[0]["id"])
		if locals["y"]["value"] != "tensor([1., 4., 9.], grad_fn=<MulBackward0>)" || locals["x"] == nil {
			d.errorf("square's locals %v", locals)
		}
	}
	d.do("stepOut", map[string]any{"threadId": th})
	d.event("stopped")
	if top = d.frames(th)[0]; top["line"] != 7.0 || top["name"] != "<cell>" {
		d.errorf("after stepOut: %v, want the cell at line 7", top)
	}
	d.do("continue", map[string]any{"threadId": th})

	rep = c.reply(c.shellCh, id, 30*time.Second)
	d.report(t)
	if got := content(t, rep); got["status"] != "ok" {
		t.Fatalf("cell: %v", got)
	}
	if got := result(t, c, "acc"); got != "3" {
		t.Errorf("acc = %s, want 3", got)
	}
}

func TestDebuggerInspectVariablesWithoutBreakpoints(t *testing.T) {
	c := sessionKernel(t)
	d, _ := startDebugging(t, c)
	ok(t, c, "n := 3\nname := \"gograd\"\nxs := []float64{1.5, 2}\ntype point struct{ X, Y int }\np := point{1, 2}\nm := map[string]int{\"a\": 1}\nt := autograd.Ones(2, 2)\nfunc f() int { return 1 }")
	vars, _ := d.do("inspectVariables", map[string]any{})["variables"].([]any)
	got := map[string]map[string]any{}
	for _, v := range vars {
		m := v.(map[string]any)
		got[m["name"].(string)] = m
	}
	for name, want := range map[string][2]string{
		"n":    {"int", "3"},
		"name": {"string", `"gograd"`},
		"xs":   {"[]float64", "len 2: [1.5 2]"},
		"p":    {"point", "{1 2}"},
		"m":    {"map[string]int", "len 1: map[a:1]"},
		"t":    {"Tensor [2 2] torch.float32", "tensor([[1., 1.],\n        [1., 1.]])"},
	} {
		if g := got[name]; g == nil || g["type"] != want[0] || g["value"] != want[1] {
			t.Errorf("%s: %v, want type %s value %q", name, g, want[0], want[1])
		}
	}
	if got["f"] != nil || len(got) != 6 {
		t.Errorf("variables %v: want the six variables only", got)
	}
	// A struct expands to its fields.
	if p := got["p"]; p != nil {
		fields := d.vars(p["variablesReference"])
		if fields["X"]["value"] != "1" || fields["Y"]["value"] != "2" {
			t.Errorf("p's fields %v", fields)
		}
	}
	rich := d.do("richInspectVariables", map[string]any{"variableName": "t"})
	if data, _ := rich["data"].(map[string]any); data["text/plain"] != "tensor([[1., 1.],\n        [1., 1.]])" {
		t.Errorf("richInspectVariables t: %v", rich)
	}
	// A plot shows as its image.
	ok(t, c, "xs := autograd.Linspace(0, 1, 5)\nfig := plot.New()\nfig.Plot(xs, xs.Mul(xs))")
	rich = d.do("richInspectVariables", map[string]any{"variableName": "fig"})
	data, _ := rich["data"].(map[string]any)
	images := 0
	for mime := range data {
		if strings.HasPrefix(mime, "image/") {
			images++
		}
	}
	if images == 0 {
		t.Errorf("richInspectVariables fig: no image in %v", keys(data))
	}
	d.report(t)
}

func TestDebuggerBreaksOnPanic(t *testing.T) {
	c := sessionKernel(t)
	d, info := startDebugging(t, c)
	boom := "func boom(xs []int) int {\n\tk := 5\n\treturn xs[k]\n}"
	ok(t, c, boom)
	d.do("setExceptionBreakpoints", map[string]any{"filters": []string{dap.PanicFilter}})
	if got := d.do("debugInfo", map[string]any{})["exceptionFilters"]; fmt.Sprint(got) != "[panic]" {
		d.errorf("debugInfo exceptionFilters %v", got)
	}
	code := "n := 1\nm := boom([]int{n})\n_ = m"
	id := executeAsync(c, code)
	stop := d.event("stopped")
	if stop["reason"] != "exception" {
		d.errorf("stopped for %v, want exception", stop["reason"])
	}
	fs := d.frames(stop["threadId"])
	if len(fs) != 2 {
		d.errorf("frames %v", fs)
	} else {
		if src, _ := fs[0]["source"].(map[string]any); fs[0]["name"] != "boom" || fs[0]["line"] != 3.0 || src["path"] != cellPath(info, boom) {
			d.errorf("frame 0 %v, want boom at line 3 of its cell", fs[0])
		}
		if src, _ := fs[1]["source"].(map[string]any); fs[1]["name"] != "<cell>" || fs[1]["line"] != 2.0 || src["path"] != cellPath(info, code) {
			d.errorf("frame 1 %v, want the cell at line 2", fs[1])
		}
		_, globals := d.scopeVars(fs[1]["id"])
		if globals["n"]["value"] != "1" {
			d.errorf("globals at the panic: %v", globals)
		}
	}
	d.do("continue", map[string]any{"threadId": stop["threadId"]})
	rep := c.reply(c.shellCh, id, 30*time.Second)
	d.report(t)
	if got := content(t, rep); got["status"] != "error" || got["ename"] != "runtime error" {
		t.Fatalf("cell: %v", got)
	}
	// Without the filter, a panic does not stop.
	d.do("setExceptionBreakpoints", map[string]any{"filters": []string{}})
	failing(t, c, "boom(nil)")
	d.report(t)
}

func TestDebuggerInterruptEndsTheStop(t *testing.T) {
	c := sessionKernel(t)
	d, info := startDebugging(t, c)
	code := "total := 0\nfor i := 0; i < 5; i++ {\n\ttotal += i\n}\ntotal"
	d.setBreakpoints(cellPath(info, code), 3)
	id := executeAsync(c, code)
	d.event("stopped")
	rep := c.reply(c.controlCh, c.request("control", "interrupt_request", map[string]any{}), 10*time.Second)
	if content(t, rep)["status"] != "ok" {
		d.errorf("interrupt_reply %v", content(t, rep))
	}
	ex := c.reply(c.shellCh, id, 30*time.Second)
	d.report(t)
	if got := content(t, ex); got["status"] != "error" || got["ename"] != "KeyboardInterrupt" {
		t.Fatalf("interrupted cell: %v", got)
	}
	// The kernel and the debugger go on: the next run stops again.
	d.setBreakpoints(cellPath(info, code))
	if got := result(t, c, code); got != "10" {
		t.Errorf("after the interrupt the cell shows %s, want 10", got)
	}
	d.do("disconnect", map[string]any{"restart": false, "terminateDebuggee": false})
	if got := result(t, c, "total * 2"); got != "20" {
		t.Errorf("after disconnect: %s", got)
	}
	d.report(t)
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
