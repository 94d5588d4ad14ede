package kernel_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gograd/gograd/kernel"
)

const testKey = "a0436f6c-1916-498b-8eb9-e81ab9368e84"

func fakeKernel(t *testing.T, transport, key string) (*fakeExecutor, *testKernel, *client) {
	f := newFake()
	tk := startKernel(t, f, transport, key, f.setInterrupt)
	return f, tk, connect(t, tk)
}

func TestKernelInfo(t *testing.T) {
	for _, transport := range []string{"ipc", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			_, tk, c := fakeKernel(t, transport, testKey)
			for _, channel := range []string{"shell", "control"} {
				id := c.request(channel, "kernel_info_request", map[string]any{})
				ch := c.shellCh
				if channel == "control" {
					ch = c.controlCh
				}
				rep := c.reply(ch, id, 5*time.Second)
				if rep.Header.MsgType != "kernel_info_reply" {
					t.Fatalf("%s: got %s", channel, rep.Header.MsgType)
				}
				got := content(t, rep)
				li := got["language_info"].(map[string]any)
				for _, f := range []struct {
					got  any
					want string
				}{
					{got["status"], "ok"}, {got["protocol_version"], "5.3"}, {got["implementation"], "gograd"},
					{li["name"], "go"}, {li["version"], strings.TrimPrefix(runtime.Version(), "go")},
					{li["mimetype"], "text/x-go"}, {li["file_extension"], ".go"},
					{li["pygments_lexer"], "go"}, {li["codemirror_mode"], "go"},
				} {
					if f.got != f.want {
						t.Errorf("%s: got %v, want %v", channel, f.got, f.want)
					}
				}
				if b, _ := got["banner"].(string); b == "" {
					t.Error("empty banner")
				}
				if hl, _ := got["help_links"].([]any); len(hl) == 0 {
					t.Error("no help_links")
				}
				// Every reply's header is complete and its parent is the request.
				if rep.Header.Version != "5.3" || rep.Header.Session != tk.Session() || rep.Header.Date == "" || rep.Header.MsgID == "" {
					t.Errorf("bad header %+v", rep.Header)
				}
				busyIdle := c.iopubUntilIdle(id, 5*time.Second)
				if msgTypes(busyIdle) != "status,status" || content(t, busyIdle[0])["execution_state"] != "busy" {
					t.Errorf("iopub around kernel_info: %s", msgTypes(busyIdle))
				}
			}
		})
	}
}

func TestBadMessagesAreDropped(t *testing.T) {
	_, tk, c := fakeKernel(t, "ipc", testKey)
	good := func(msgType string) [][]byte {
		m := c.newMessage(msgType, map[string]any{})
		frames, err := m.Encode(c.signer)
		if err != nil {
			t.Fatal(err)
		}
		return frames
	}
	badSig := good("kernel_info_request")
	badSig[1] = bytes.Repeat([]byte("0"), 64)
	tampered := good("kernel_info_request")
	tampered[5] = []byte(`{"evil": true}`)
	noSig := good("kernel_info_request")
	noSig[1] = nil
	notJSON := good("kernel_info_request")
	notJSON[2] = []byte("{not json")
	for name, frames := range map[string][][]byte{
		"bad signature":     badSig,
		"tampered content":  tampered,
		"missing signature": noSig,
		"no delimiter":      {[]byte("hello")},
		"too few frames":    {[]byte("<IDS|MSG>"), []byte("sig")},
		"unsigned garbage":  notJSON,
	} {
		c.sendFrames("shell", frames)
		select {
		case m := <-c.shellCh:
			t.Errorf("%s: kernel answered %s", name, m.Header.MsgType)
		case <-time.After(200 * time.Millisecond):
		}
	}
	if n := strings.Count(tk.logs.String(), "shell: dropped message"); n != 6 {
		t.Errorf("logged %d dropped messages, want 6:\n%s", n, tk.logs)
	}
	// The kernel keeps answering well-formed requests.
	id := c.request("shell", "kernel_info_request", map[string]any{})
	if rep := c.reply(c.shellCh, id, 5*time.Second); rep.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("got %s", rep.Header.MsgType)
	}
}

func TestSignatures(t *testing.T) {
	_, tk, c := fakeKernel(t, "ipc", testKey)
	// The client's read loop verifies every message the kernel sends with
	// the shared key (a failure is a test error), so a reply proves the
	// kernel signs with it.
	id := c.request("shell", "kernel_info_request", map[string]any{})
	if rep := c.reply(c.shellCh, id, 5*time.Second); rep.Header.Session != tk.Session() {
		t.Errorf("reply session %q, kernel session %q", rep.Header.Session, tk.Session())
	}

	// A client holding another key is ignored.
	wrong := connectWrongKey(t, tk, "not the key")
	wrong.request("shell", "kernel_info_request", map[string]any{})
	select {
	case m := <-wrong.shellCh:
		t.Errorf("kernel answered a request signed with the wrong key: %s", m.Header.MsgType)
	case <-time.After(300 * time.Millisecond):
	}

	// With an empty key, the protocol turns signing off.
	_, _, open := fakeKernel(t, "ipc", "")
	id = open.request("shell", "kernel_info_request", map[string]any{})
	if rep := open.reply(open.shellCh, id, 5*time.Second); rep.Header.MsgType != "kernel_info_reply" {
		t.Fatalf("got %s", rep.Header.MsgType)
	}
}

func TestHeartbeat(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	for i := 0; i < 3; i++ {
		ping := []byte("ping" + strings.Repeat("!", i))
		if err := c.hb.Send(zmq4.NewMsg(ping)); err != nil {
			t.Fatal(err)
		}
		got, err := c.hb.Recv()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got.Bytes(), ping) {
			t.Fatalf("heartbeat echoed %q, want %q", got.Bytes(), ping)
		}
	}
}

func TestExecute(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	rep, msgs := c.execute("print:hello, world", nil)
	if got := msgTypes(msgs); got != "status,execute_input,stream,status" {
		t.Fatalf("iopub: %s", got)
	}
	if got := content(t, msgs[1]); got["code"] != "print:hello, world" || got["execution_count"] != 1.0 {
		t.Errorf("execute_input %v", got)
	}
	if got := content(t, rep); got["status"] != "ok" || got["execution_count"] != 1.0 {
		t.Errorf("reply %v", got)
	}
	if got := streamText(t, msgs, "stdout"); got != "hello, world" {
		t.Errorf("stdout %q", got)
	}

	rep, msgs = c.execute("value:42", nil)
	if got := content(t, rep); got["status"] != "ok" || got["execution_count"] != 2.0 {
		t.Errorf("reply %v", got)
	}
	res := find(msgs, "execute_result")
	if res == nil {
		t.Fatalf("no execute_result: %s", msgTypes(msgs))
	}
	if got := content(t, res); got["execution_count"] != 2.0 || got["data"].(map[string]any)["text/plain"] != "42" {
		t.Errorf("execute_result %v", got)
	}

	// silent: no execute_input, no result, the count stays.
	rep, msgs = c.execute("value:43", map[string]any{"silent": true})
	if got := msgTypes(msgs); got != "status,status" {
		t.Errorf("silent iopub: %s", got)
	}
	if got := content(t, rep)["execution_count"]; got != 2.0 {
		t.Errorf("silent execution_count %v", got)
	}
	// store_history false: the count stays too.
	rep, _ = c.execute("print:x", map[string]any{"store_history": false})
	if got := content(t, rep)["execution_count"]; got != 2.0 {
		t.Errorf("store_history=false execution_count %v", got)
	}
	rep, msgs = c.execute("stderr:oops", nil)
	if got := streamText(t, msgs, "stderr"); got != "oops" || content(t, rep)["execution_count"] != 3.0 {
		t.Errorf("stderr %q, reply %v", got, content(t, rep))
	}
	rep, _ = c.execute("print:u", map[string]any{"user_expressions": map[string]any{"a": "1+1"}})
	ue := content(t, rep)["user_expressions"].(map[string]any)
	if a, _ := ue["a"].(map[string]any); a["status"] != "error" {
		t.Errorf("user_expressions %v", ue)
	}
}

func TestStreamsWhileCellRuns(t *testing.T) {
	f, _, c := fakeKernel(t, "ipc", testKey)
	id := c.request("shell", "execute_request", map[string]any{"code": "block", "silent": false})
	deadline := time.After(10 * time.Second)
	for {
		select {
		case m := <-c.iopubCh:
			if m.Header.MsgType == "stream" && parentID(m) == id {
				if got := content(t, m)["text"]; got != "first" {
					t.Fatalf("first stream %q", got)
				}
				close(f.release) // only now may the cell end
				c.reply(c.shellCh, id, 10*time.Second)
				return
			}
		case <-c.shellCh:
			t.Fatal("reply before the cell's first output was streamed")
		case <-deadline:
			t.Fatal("no stream while the cell was running")
		}
	}
}

func TestError(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	rep, msgs := c.execute("error:boom", nil)
	got := content(t, rep)
	if got["status"] != "error" || got["ename"] != "RuntimeError" || got["evalue"] != "boom" || got["execution_count"] != 1.0 {
		t.Errorf("reply %v", got)
	}
	if tb, _ := got["traceback"].([]any); len(tb) != 2 || tb[1] != "RuntimeError: boom" {
		t.Errorf("traceback %v", got["traceback"])
	}
	e := find(msgs, "error")
	if e == nil {
		t.Fatalf("no error on iopub: %s", msgTypes(msgs))
	}
	if ec := content(t, e); ec["ename"] != "RuntimeError" || ec["evalue"] != "boom" {
		t.Errorf("error %v", ec)
	}
	// The executor itself panicking is a cell error, not a dead kernel.
	rep, _ = c.execute("panic", nil)
	if got := content(t, rep); got["status"] != "error" || got["ename"] != "panic" {
		t.Errorf("panic reply %v", got)
	}
	if rep, _ = c.execute("value:alive", nil); content(t, rep)["status"] != "ok" {
		t.Error("kernel not usable after a panic")
	}
}

func TestStopOnErrorAbortsQueued(t *testing.T) {
	f, _, c := fakeKernel(t, "ipc", testKey)
	first := c.request("shell", "execute_request", map[string]any{"code": "block"})
	// Wait until the first cell runs, then queue an error and two more.
	for m := range c.iopubCh {
		if m.Header.MsgType == "stream" && parentID(m) == first {
			break
		}
	}
	failing := c.request("shell", "execute_request", map[string]any{"code": "error:x", "stop_on_error": true})
	queued := []string{
		c.request("shell", "execute_request", map[string]any{"code": "print:a"}),
		c.request("shell", "execute_request", map[string]any{"code": "print:b"}),
	}
	time.Sleep(100 * time.Millisecond) // let the kernel's read loop stamp them
	close(f.release)
	if got := content(t, c.reply(c.shellCh, first, 10*time.Second))["status"]; got != "ok" {
		t.Fatalf("first %v", got)
	}
	if got := content(t, c.reply(c.shellCh, failing, 10*time.Second))["status"]; got != "error" {
		t.Fatalf("failing %v", got)
	}
	for _, id := range queued {
		if got := content(t, c.reply(c.shellCh, id, 10*time.Second))["status"]; got != "aborted" {
			t.Errorf("queued execute: status %v, want aborted", got)
		}
	}
	// Requests sent after the abort run again; stop_on_error false aborts nothing.
	c.request("shell", "execute_request", map[string]any{"code": "error:y", "stop_on_error": false})
	next := c.request("shell", "execute_request", map[string]any{"code": "print:c"})
	if got := content(t, c.reply(c.shellCh, next, 10*time.Second))["status"]; got != "ok" {
		t.Errorf("after stop_on_error=false: %v", got)
	}
}

// TestStopOnErrorAbortsLateBurst: a Run All sends every request at once, but
// the server may forward some after the kernel has failed an earlier cell.
// Those the client dated before the failure reached it are aborted too; one
// made after the client saw the error reply runs, and so does an old-dated
// request from another session (its clock says nothing about this one's).
func TestStopOnErrorAbortsLateBurst(t *testing.T) {
	f, _, c := fakeKernel(t, "ipc", testKey)
	send := func(m *kernel.Message) string {
		frames, err := m.Encode(c.signer)
		if err != nil {
			t.Fatal(err)
		}
		c.sendFrames("shell", frames)
		return m.Header.MsgID
	}
	first := c.request("shell", "execute_request", map[string]any{"code": "block"})
	for m := range c.iopubCh {
		if m.Header.MsgType == "stream" && parentID(m) == first {
			break
		}
	}
	// The burst: all dated now; the failing one sent, the rest held back.
	failing := c.request("shell", "execute_request", map[string]any{"code": "error:x", "stop_on_error": true})
	late := c.newMessage("execute_request", map[string]any{"code": "print:late"})
	other := c.newMessage("execute_request", map[string]any{"code": "print:other"})
	other.Header.Session = "another-client"
	time.Sleep(50 * time.Millisecond) // the failing request sits behind the blocked cell
	close(f.release)
	if got := content(t, c.reply(c.shellCh, failing, 10*time.Second))["status"]; got != "error" {
		t.Fatalf("failing %v", got)
	}
	if got := content(t, c.reply(c.shellCh, send(late), 10*time.Second))["status"]; got != "aborted" {
		t.Errorf("a request of the burst arriving after the failure: status %v, want aborted", got)
	}
	if got := content(t, c.reply(c.shellCh, send(other), 10*time.Second))["status"]; got != "ok" {
		t.Errorf("another session's request: status %v, want ok", got)
	}
	after := c.request("shell", "execute_request", map[string]any{"code": "print:after"})
	if got := content(t, c.reply(c.shellCh, after, 10*time.Second))["status"]; got != "ok" {
		t.Errorf("a request made after the error reply: status %v, want ok", got)
	}
}

func TestInterrupt(t *testing.T) {
	for _, code := range []string{"loop", "compiled"} {
		t.Run(code, func(t *testing.T) {
			_, _, c := fakeKernel(t, "ipc", testKey)
			c.execute("value:1", nil)
			id := c.request("shell", "execute_request", map[string]any{"code": code})
			for m := range c.iopubCh { // the cell is running once execute_input is out
				if m.Header.MsgType == "execute_input" && parentID(m) == id {
					break
				}
			}
			time.Sleep(50 * time.Millisecond)
			start := time.Now()
			iid := c.request("control", "interrupt_request", map[string]any{})
			if got := content(t, c.reply(c.controlCh, iid, 5*time.Second))["status"]; got != "ok" {
				t.Errorf("interrupt_reply %v", got)
			}
			rep := content(t, c.reply(c.shellCh, id, 5*time.Second))
			t.Logf("%s: execute_reply %v after interrupt_request", code, time.Since(start))
			if rep["status"] != "error" || rep["ename"] != "KeyboardInterrupt" {
				t.Errorf("reply %v", rep)
			}
			// The flag is down again for the next cell: it runs to the end.
			if rep, _ := c.execute("value:2", nil); content(t, rep)["status"] != "ok" {
				t.Errorf("next cell %v", content(t, rep))
			}
		})
	}
}

func TestInput(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	id := c.request("shell", "execute_request", map[string]any{"code": "input:name? ", "allow_stdin": true})
	req := c.recv(c.stdinCh, 5*time.Second)
	if req.Header.MsgType != "input_request" || parentID(req) != id {
		t.Fatalf("got %s", req.Header.MsgType)
	}
	if got := content(t, req); got["prompt"] != "name? " || got["password"] != false {
		t.Errorf("input_request %v", got)
	}
	c.request("stdin", "input_reply", map[string]any{"value": "gopher"})
	c.reply(c.shellCh, id, 5*time.Second)
	if got := streamText(t, c.iopubUntilIdle(id, 5*time.Second), "stdout"); got != "got gopher" {
		t.Errorf("stdout %q", got)
	}
	// An interrupt ends the wait for input.
	id = c.request("shell", "execute_request", map[string]any{"code": "input:never? ", "allow_stdin": true})
	c.recv(c.stdinCh, 5*time.Second)
	c.request("control", "interrupt_request", map[string]any{})
	if got := content(t, c.reply(c.shellCh, id, 5*time.Second)); got["status"] != "error" {
		t.Errorf("interrupted input: %v", got)
	}

	rep, _ := c.execute("input:x", map[string]any{"allow_stdin": false})
	if got := content(t, rep); got["ename"] != "StdinNotImplementedError" {
		t.Errorf("allow_stdin false: %v", got)
	}
}

func TestDisplayAndClear(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	_, msgs := c.execute("display:hi", nil)
	d := find(msgs, "display_data")
	if d == nil {
		t.Fatalf("no display_data: %s", msgTypes(msgs))
	}
	dc := content(t, d)
	if dc["data"].(map[string]any)["text/html"] != "<b>hi</b>" || dc["transient"].(map[string]any)["display_id"] != "d1" {
		t.Errorf("display_data %v", dc)
	}
	_, msgs = c.execute("update:ho", nil)
	if find(msgs, "update_display_data") == nil {
		t.Errorf("no update_display_data: %s", msgTypes(msgs))
	}
	_, msgs = c.execute("clear", nil)
	// The text printed before clear_output goes out before it.
	if got := msgTypes(msgs); got != "status,execute_input,stream,clear_output,status" {
		t.Errorf("clear: %s", got)
	}
	if cl := find(msgs, "clear_output"); cl != nil && content(t, cl)["wait"] != true {
		t.Errorf("clear_output %v", content(t, cl))
	}
}

func TestBigOutput(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	rep, msgs := c.execute("big", nil)
	if content(t, rep)["status"] != "ok" {
		t.Fatal(content(t, rep))
	}
	text := streamText(t, msgs, "stdout")
	if len(text) != 10<<20 {
		t.Errorf("streamed %d bytes, want %d", len(text), 10<<20)
	}
	n := strings.Count(msgTypes(msgs), "stream")
	if n < 10 {
		t.Errorf("10 MB came in %d stream messages; want it split", n)
	}
	if rep, _ := c.execute("value:after", nil); content(t, rep)["status"] != "ok" {
		t.Error("kernel unusable after 10 MB of output")
	}
}

func TestIntrospection(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	id := c.request("shell", "complete_request", map[string]any{"code": "fmt.Pri", "cursor_pos": 7})
	got := content(t, c.reply(c.shellCh, id, 5*time.Second))
	if got["status"] != "ok" || got["cursor_start"] != 4.0 || got["cursor_end"] != 7.0 {
		t.Errorf("complete_reply %v", got)
	}
	if m, _ := json.Marshal(got["matches"]); string(m) != `["Println","Printf"]` {
		t.Errorf("matches %s", m)
	}
	// No cursor_pos: the end of the code.
	id = c.request("shell", "complete_request", map[string]any{"code": "fmt.Spr"})
	if got := content(t, c.reply(c.shellCh, id, 5*time.Second)); got["cursor_end"] != 7.0 {
		t.Errorf("complete_reply without cursor %v", got)
	}

	id = c.request("shell", "inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5, "detail_level": 0})
	got = content(t, c.reply(c.shellCh, id, 5*time.Second))
	if got["found"] != true || got["data"].(map[string]any)["text/plain"] == nil {
		t.Errorf("inspect_reply %v", got)
	}
	id = c.request("shell", "inspect_request", map[string]any{"code": "nothing", "cursor_pos": 3})
	if got := content(t, c.reply(c.shellCh, id, 5*time.Second)); got["found"] != false || got["status"] != "ok" {
		t.Errorf("inspect_reply not found %v", got)
	}

	for code, want := range map[string]string{"for {": "incomplete", "x := 1": "complete"} {
		id = c.request("shell", "is_complete_request", map[string]any{"code": code})
		got := content(t, c.reply(c.shellCh, id, 5*time.Second))
		if got["status"] != want {
			t.Errorf("is_complete(%q) = %v", code, got)
		}
		if _, has := got["indent"]; has != (want == "incomplete") {
			t.Errorf("is_complete(%q) indent %v", code, got)
		}
	}
}

func TestComms(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	id := c.request("shell", "comm_info_request", map[string]any{})
	got := content(t, c.reply(c.shellCh, id, 5*time.Second))
	if got["status"] != "ok" || len(got["comms"].(map[string]any)) != 0 {
		t.Errorf("comm_info_reply %v", got)
	}
	id = c.request("shell", "comm_open", map[string]any{"comm_id": "c1", "target_name": "nobody", "data": map[string]any{}})
	msgs := c.iopubUntilIdle(id, 5*time.Second)
	cl := find(msgs, "comm_close")
	if cl == nil || content(t, cl)["comm_id"] != "c1" {
		t.Errorf("comm_open for an unknown target: %s", msgTypes(msgs))
	}
	id = c.request("shell", "comm_msg", map[string]any{"comm_id": "c1", "data": map[string]any{}})
	c.iopubUntilIdle(id, 5*time.Second)
	id = c.request("shell", "kernel_info_request", map[string]any{})
	c.reply(c.shellCh, id, 5*time.Second)
}

func TestHistoryRequests(t *testing.T) {
	_, _, c := fakeKernel(t, "ipc", testKey)
	codes := []string{"value:1", "print:a", "value:1", "value:2"}
	for _, code := range codes {
		c.execute(code, nil)
	}
	hist := func(req map[string]any) []any {
		t.Helper()
		req["raw"] = true
		if _, ok := req["output"]; !ok {
			req["output"] = false
		}
		id := c.request("shell", "history_request", req)
		got := content(t, c.reply(c.shellCh, id, 5*time.Second))
		if got["status"] != "ok" {
			t.Fatalf("history_reply %v", got)
		}
		return got["history"].([]any)
	}
	tail := hist(map[string]any{"hist_access_type": "tail", "n": 3})
	if b, _ := json.Marshal(tail); string(b) != `[[1,2,"print:a"],[1,3,"value:1"],[1,4,"value:2"]]` {
		t.Errorf("tail %s", b)
	}
	withOut := hist(map[string]any{"hist_access_type": "tail", "n": 2, "output": true})
	if b, _ := json.Marshal(withOut); string(b) != `[[1,3,["value:1","1"]],[1,4,["value:2","2"]]]` {
		t.Errorf("tail with output %s", b)
	}
	rng := hist(map[string]any{"hist_access_type": "range", "session": 1, "start": 2, "stop": 3})
	if b, _ := json.Marshal(rng); string(b) != `[[1,2,"print:a"]]` {
		t.Errorf("range %s", b)
	}
	rng = hist(map[string]any{"hist_access_type": "range", "session": 0, "start": 3})
	if len(rng) != 2 {
		t.Errorf("range to the end %v", rng)
	}
	search := hist(map[string]any{"hist_access_type": "search", "pattern": "value:*"})
	if len(search) != 3 {
		t.Errorf("search %v", search)
	}
	search = hist(map[string]any{"hist_access_type": "search", "pattern": "value:*", "unique": true})
	if b, _ := json.Marshal(search); string(b) != `[[1,3,"value:1"],[1,4,"value:2"]]` {
		t.Errorf("search unique %s", b)
	}
	search = hist(map[string]any{"hist_access_type": "search", "pattern": "value:?", "n": 1})
	if b, _ := json.Marshal(search); string(b) != `[[1,4,"value:2"]]` {
		t.Errorf("search n=1 %s", b)
	}
}

func TestShutdown(t *testing.T) {
	for _, restart := range []bool{false, true} {
		_, k, c := fakeKernel(t, "ipc", testKey)
		id := c.request("control", "shutdown_request", map[string]any{"restart": restart})
		got := content(t, c.reply(c.controlCh, id, 5*time.Second))
		if got["status"] != "ok" || got["restart"] != restart {
			t.Errorf("shutdown_reply %v", got)
		}
		// ipykernel also publishes the reply so that every client knows.
		msgs := c.iopubUntilIdle(id, 5*time.Second)
		if find(msgs, "shutdown_reply") == nil {
			t.Errorf("no shutdown_reply on iopub: %s", msgTypes(msgs))
		}
		select {
		case <-k.done:
		case <-time.After(5 * time.Second):
			t.Fatal("kernel still serving after shutdown_request")
		}
	}
}

// A peer announcing a frame of 2^62 bytes would make zmq4 allocate that
// much; the kernel drops the connection instead and keeps serving.
func TestHugeFrameDropped(t *testing.T) {
	for _, transport := range []string{"ipc", "tcp"} {
		t.Run(transport, func(t *testing.T) {
			_, tk, c := fakeKernel(t, transport, testKey)
			network, addr := "unix", fmt.Sprintf("%s-%d", tk.ci.IP, tk.ci.ShellPort)
			if transport == "tcp" {
				network, addr = "tcp", fmt.Sprintf("%s:%d", tk.ci.IP, tk.ci.ShellPort)
			}
			conn, err := net.Dial(network, addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			// ZMTP 3.0 greeting (signature, version 3.0, mechanism NULL, client),
			// a READY command naming a DEALER, then a LONG frame header
			// announcing 2^62 bytes.
			greeting := make([]byte, 64)
			greeting[0], greeting[9], greeting[10] = 0xff, 0x7f, 3
			copy(greeting[12:], "NULL")
			ready := []byte("\x05READY\x0bSocket-Type\x00\x00\x00\x06DEALER")
			msg := append(greeting, 0x04, byte(len(ready)))
			msg = append(msg, ready...)
			msg = append(msg, 0x02, 0x40, 0, 0, 0, 0, 0, 0, 0)
			if _, err := conn.Write(msg); err != nil {
				t.Fatal(err)
			}
			// The kernel closes this connection...
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			if _, err := io.Copy(io.Discard, conn); err != nil {
				t.Errorf("connection not closed by the kernel: %v", err)
			}
			// ...and answers everyone else.
			id := c.request("shell", "kernel_info_request", map[string]any{})
			c.reply(c.shellCh, id, 5*time.Second)
		})
	}
}
