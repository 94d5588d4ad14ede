package kernel_test

import (
	"encoding/json"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gograd/gograd/kernel"
	"github.com/gograd/gograd/kernel/session"
	"github.com/gograd/gograd/tensor"
)

// These tests run cells through the real yaegi session over real sockets:
// whatever a cell does, the next one runs and earlier variables survive.

func sessionKernel(t *testing.T) *client {
	tk := startKernel(t, session.New(), "ipc", testKey, tensor.SetInterrupt)
	return connect(t, tk)
}

// ok runs code and wants status ok.
func ok(t *testing.T, c *client, code string) []*kernel.Message {
	t.Helper()
	rep, msgs := c.execute(code, nil)
	if got := content(t, rep); got["status"] != "ok" {
		t.Fatalf("%q: %v", code, got)
	}
	return msgs
}

// result is the text/plain execute_result of code.
func result(t *testing.T, c *client, code string) string {
	t.Helper()
	m := find(ok(t, c, code), "execute_result")
	if m == nil {
		t.Fatalf("%q: no execute_result", code)
	}
	s, _ := content(t, m)["data"].(map[string]any)["text/plain"].(string)
	return s
}

// failing runs code and wants an error reply and one error message.
func failing(t *testing.T, c *client, code string) map[string]any {
	t.Helper()
	rep, msgs := c.execute(code, nil)
	got := content(t, rep)
	if got["status"] != "error" {
		t.Fatalf("%q: want an error, got %v", code, got)
	}
	e := find(msgs, "error")
	if e == nil {
		t.Fatalf("%q: no error message: %s", code, msgTypes(msgs))
	}
	if ec := content(t, e); ec["ename"] != got["ename"] || ec["evalue"] != got["evalue"] {
		t.Errorf("error message %v differs from reply %v", ec, got)
	}
	return got
}

func TestSessionSurvivesFailingCells(t *testing.T) {
	c := sessionKernel(t)
	ok(t, c, "x := 41")
	for _, cell := range []struct{ name, code string }{
		{"panic", `panic("boom")`},
		{"nil dereference", "var p *int\n*p = 1"},
		{"goroutine panic", "done := make(chan bool)\ngo func() {\n\tdefer close(done)\n\tpanic(\"in a goroutine\")\n}()\n<-done\ntime.Sleep(100 * time.Millisecond)"},
		{"index out of range", "xs := []int{1}\n_ = xs[5]"},
		{"compile error", "y := undefinedThing + 1"},
	} {
		t.Run(cell.name, func(t *testing.T) {
			code := cell.code
			if strings.Contains(code, "time.") {
				code = "import \"time\"\n" + code
			}
			rep, msgs := c.execute(code, nil)
			t.Logf("%s: %v / %s", cell.name, content(t, rep)["ename"], msgTypes(msgs))
			if cell.name != "goroutine panic" && content(t, rep)["status"] != "error" {
				t.Errorf("want an error, got %v", content(t, rep))
			}
			if got := result(t, c, "x + 1"); got != "42" {
				t.Errorf("after %s: x + 1 = %q", cell.name, got)
			}
		})
	}
	got := failing(t, c, `panic("boom")`)
	if got["ename"] == "" || !strings.Contains(got["evalue"].(string), "boom") {
		t.Errorf("panic reply %v", got)
	}
}

func TestSessionBigOutput(t *testing.T) {
	c := sessionKernel(t)
	ok(t, c, "x := 7")
	msgs := ok(t, c, "import \"strings\"\nline := strings.Repeat(\"x\", 1023)\nfor i := 0; i < 10*1024; i++ {\n\tfmt.Println(line)\n}")
	if got := len(streamText(t, msgs, "stdout")); got != 10<<20 {
		t.Errorf("streamed %d bytes, want %d", got, 10<<20)
	}
	if got := result(t, c, "x"); got != "7" {
		t.Errorf("after 10 MB: x = %q", got)
	}
}

func TestSessionInterrupt(t *testing.T) {
	c := sessionKernel(t)
	ok(t, c, "x := 5")
	for _, cell := range []struct{ name, code string }{
		{"interpreted loop", "n := 0\nfor {\n\tn++\n}"},
		// One compiled call of many seconds: only the tensor flag stops it.
		{"compiled matmul", "a := tensor.Ones(4000, 4000)\nb := a.Matmul(a)\n_ = b"},
	} {
		t.Run(cell.name, func(t *testing.T) {
			id := c.request("shell", "execute_request", map[string]any{"code": cell.code})
			for m := range c.iopubCh {
				if m.Header.MsgType == "execute_input" && parentID(m) == id {
					break
				}
			}
			time.Sleep(300 * time.Millisecond)
			start := time.Now()
			iid := c.request("control", "interrupt_request", map[string]any{})
			c.reply(c.controlCh, iid, 5*time.Second)
			rep := content(t, c.reply(c.shellCh, id, 10*time.Second))
			t.Logf("%s: execute_reply %v after interrupt_request: %v %v", cell.name, time.Since(start), rep["ename"], rep["evalue"])
			if rep["status"] != "error" || rep["ename"] != "KeyboardInterrupt" {
				t.Errorf("reply %v, want a KeyboardInterrupt", rep)
			}
			if got := result(t, c, "x * 2"); got != "10" {
				t.Errorf("after interrupt: x * 2 = %q", got)
			}
		})
	}
}

// A cell reading os.Stdin asks the frontend over the stdin channel.
func TestSessionInput(t *testing.T) {
	c := sessionKernel(t)
	id := c.request("shell", "execute_request", map[string]any{
		"code": "var name string\nfmt.Scanln(&name)\n\"hello, \" + name", "allow_stdin": true})
	req := c.recv(c.stdinCh, 10*time.Second)
	if req.Header.MsgType != "input_request" || parentID(req) != id {
		t.Fatalf("got %s", req.Header.MsgType)
	}
	c.request("stdin", "input_reply", map[string]any{"value": "gopher"})
	if got := content(t, c.reply(c.shellCh, id, 10*time.Second)); got["status"] != "ok" {
		t.Fatalf("reply %v", got)
	}
	res := find(c.iopubUntilIdle(id, 10*time.Second), "execute_result")
	if res == nil {
		t.Fatal("no execute_result")
	}
	if got := content(t, res)["data"].(map[string]any)["text/plain"]; got != `"hello, gopher"` {
		t.Errorf("result %v", got)
	}
}

// TestBinarySIGINT starts the built kernel binary and interrupts a cell
// with SIGINT, as a terminal's ^C or interrupt_mode "signal" would.
func TestBinarySIGINT(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kernel binary")
	}
	dir := t.TempDir()
	bin := buildKernel(t)
	ci := &kernel.ConnectionInfo{Transport: "ipc", IP: filepath.Join(dir, "k"), Key: testKey, SignatureScheme: "hmac-sha256",
		ShellPort: 1, ControlPort: 2, IOPubPort: 3, StdinPort: 4, HBPort: 5}
	b, _ := json.Marshal(ci)
	cf := filepath.Join(dir, "conn.json")
	if err := os.WriteFile(cf, b, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--connection-file", cf)
	cmd.Env = append(os.Environ(), "JUPYTER_DATA_DIR="+dir)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	time.Sleep(200 * time.Millisecond) // the ipc socket files appear when bound
	c := dial(t, ci, true)
	ok(t, c, "x := 3")
	id := c.request("shell", "execute_request", map[string]any{"code": "for {\n}"})
	for m := range c.iopubCh {
		if m.Header.MsgType == "execute_input" && parentID(m) == id {
			break
		}
	}
	time.Sleep(200 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	if rep := content(t, c.reply(c.shellCh, id, 10*time.Second)); rep["status"] != "error" {
		t.Errorf("after SIGINT: %v", rep)
	}
	if got := result(t, c, "x"); got != "3" {
		t.Errorf("after SIGINT: x = %q", got)
	}
	sid := c.request("control", "shutdown_request", map[string]any{"restart": false})
	c.reply(c.controlCh, sid, 5*time.Second)
	if err := cmd.Wait(); err != nil {
		t.Errorf("kernel exit: %v", err)
	}
}

// A peer that connects to a kernel port and speaks something other than ZMTP
// (a web server's health check on a port it wrongly thinks is its own, as
// seen on a busy hub) is the kernel's business: the complaint goes to the
// kernel's log, never into the output of the cell that happens to be running.
func TestGarbageOnAPortStaysOutOfTheCell(t *testing.T) {
	tk := startKernel(t, session.New(), "ipc", testKey, tensor.SetInterrupt)
	c := connect(t, tk)
	go func() {
		time.Sleep(300 * time.Millisecond)
		conn, err := net.Dial("unix", strings.TrimPrefix(tk.ci.Endpoint(tk.ci.ShellPort), "ipc://"))
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		conn.Write([]byte("GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: a web server's health check\r\n\r\n"))
		io.ReadAll(conn)
	}()
	msgs := ok(t, c, "import (\"fmt\"; \"time\")\ntime.Sleep(1500 * time.Millisecond)\nfmt.Println(\"done\")")
	if got := streamText(t, msgs, "stdout"); got != "done\n" {
		t.Errorf("stdout = %q, want %q", got, "done\n")
	}
	if got := streamText(t, msgs, "stderr"); got != "" {
		t.Errorf("the cell's stderr got the kernel's diagnostics: %q", got)
	}
	if !strings.Contains(tk.logs.String(), "zmq4: ") {
		t.Errorf("the kernel's log does not report the bad peer: %q", tk.logs.String())
	}
}

// zmq4 shakes hands inside its accept loop: a peer that connects and says
// nothing must not keep the frontend from connecting after it.
func TestSilentPeerDoesNotBlockThePort(t *testing.T) {
	tk := startKernel(t, session.New(), "ipc", testKey, tensor.SetInterrupt)
	var silent []net.Conn
	for _, port := range []int{tk.ci.ShellPort, tk.ci.IOPubPort, tk.ci.HBPort} {
		conn, err := net.Dial("unix", strings.TrimPrefix(tk.ci.Endpoint(port), "ipc://"))
		if err != nil {
			t.Fatal(err)
		}
		silent = append(silent, conn)
	}
	defer func() {
		for _, c := range silent {
			c.Close()
		}
	}()
	time.Sleep(100 * time.Millisecond) // the kernel is in the silent peers' handshakes
	c := connect(t, tk)
	if got := result(t, c, "1 + 1"); got != "2" {
		t.Errorf("1 + 1 = %q after a silent peer, want 2", got)
	}
}
