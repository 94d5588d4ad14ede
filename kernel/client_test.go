package kernel_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"

	"github.com/gograd/gograd/kernel"
)

// client speaks the Jupyter protocol to a kernel under test, as
// jupyter_client does: DEALER sockets for shell, control and stdin sharing
// one identity, a SUB for iopub, a REQ for the heartbeat.
type client struct {
	t                     testing.TB
	ci                    *kernel.ConnectionInfo
	signer                *kernel.Signer // signs requests
	verifier              *kernel.Signer // checks what the kernel sends; nil checks nothing
	session               string
	shell, control, stdin zmq4.Socket
	iopub, hb             zmq4.Socket
	iopubCh               chan *kernel.Message
	shellCh, controlCh    chan *kernel.Message
	stdinCh               chan *kernel.Message
}

// testKernel is a kernel served in-process on fresh sockets.
type testKernel struct {
	*kernel.Kernel
	ci   *kernel.ConnectionInfo
	done chan struct{} // closed when Wait returns
	logs *syncBuffer   // what the kernel logged
}

// syncBuffer is a bytes.Buffer the kernel's goroutines may log to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startKernel serves exec over ipc sockets in a temporary directory (no
// port races) unless transport is "tcp", when it takes loopback ports.
func startKernel(t testing.TB, exec kernel.Executor, transport string, key string, setInterrupt func(bool)) *testKernel {
	t.Helper()
	dir := t.TempDir()
	ci := &kernel.ConnectionInfo{
		Transport: transport, Key: key, SignatureScheme: "hmac-sha256",
		ShellPort: 1, ControlPort: 2, IOPubPort: 3, StdinPort: 4, HBPort: 5,
	}
	if transport == "ipc" {
		ci.IP = filepath.Join(dir, "k")
	} else {
		ci.IP = "127.0.0.1"
		ports := freePorts(t, 5)
		ci.ShellPort, ci.ControlPort, ci.IOPubPort, ci.StdinPort, ci.HBPort = ports[0], ports[1], ports[2], ports[3], ports[4]
	}
	logs := &syncBuffer{}
	var logw io.Writer = logs
	if testing.Verbose() {
		logw = io.MultiWriter(logs, kernel.LogOutput()) // not os.Stderr: a running cell captures it
	}
	k, err := kernel.New(ci, exec, kernel.Options{
		Log:          log.New(logw, "kernel: ", 0),
		HistoryFile:  filepath.Join(dir, "history.jsonl"),
		SetInterrupt: setInterrupt,
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Listen(context.Background()); err != nil {
		t.Fatal(err)
	}
	tk := &testKernel{Kernel: k, ci: ci, done: make(chan struct{}), logs: logs}
	go func() { k.Wait(); close(tk.done) }()
	t.Cleanup(func() {
		k.Shutdown()
		<-tk.done
	})
	return tk
}

func freePorts(t testing.TB, n int) []int {
	var ports []int
	for i := 0; i < n; i++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer l.Close()
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports
}

// connect dials every socket of k and waits until iopub delivers (a SUB
// misses what is published before its subscription reaches the PUB).
func connect(t testing.TB, tk *testKernel) *client { return dial(t, tk.ci, true) }

// connectNoWait dials without the kernel_info handshake.
func connectNoWait(t testing.TB, tk *testKernel) *client { return dial(t, tk.ci, false) }

// connectWrongKey dials without the handshake a client that signs its requests with key,
// which the kernel does not hold. It reads without verifying: everything the kernel
// sends is signed with the real key, iopub statuses included (those go to every
// subscriber, whenever they come), and what the test must see is whether a reply
// arrives at all.
func connectWrongKey(t testing.TB, tk *testKernel, key string) *client {
	t.Helper()
	signer, err := kernel.NewSigner(tk.ci.SignatureScheme, []byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return dialSigned(t, tk.ci, false, signer, nil)
}

func dial(t testing.TB, ci *kernel.ConnectionInfo, wait bool) *client {
	t.Helper()
	signer, err := kernel.NewSigner(ci.SignatureScheme, []byte(ci.Key))
	if err != nil {
		t.Fatal(err)
	}
	return dialSigned(t, ci, wait, signer, signer)
}

func dialSigned(t testing.TB, ci *kernel.ConnectionInfo, wait bool, signer, verifier *kernel.Signer) *client {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	id := zmq4.SocketIdentity(uuid.NewString())
	c := &client{
		t: t, ci: ci, signer: signer, verifier: verifier, session: string(id),
		shell:   zmq4.NewDealer(ctx, zmq4.WithID(id)),
		control: zmq4.NewDealer(ctx, zmq4.WithID(id)),
		stdin:   zmq4.NewDealer(ctx, zmq4.WithID(id)),
		iopub:   zmq4.NewSub(ctx),
		hb:      zmq4.NewReq(ctx),
		iopubCh: make(chan *kernel.Message, 1<<14), shellCh: make(chan *kernel.Message, 64),
		controlCh: make(chan *kernel.Message, 64), stdinCh: make(chan *kernel.Message, 64),
	}
	t.Cleanup(func() {
		cancel()
		for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.iopub, c.hb} {
			s.Close()
		}
	})
	for _, d := range []struct {
		s    zmq4.Socket
		port int
	}{{c.shell, ci.ShellPort}, {c.control, ci.ControlPort}, {c.stdin, ci.StdinPort}, {c.iopub, ci.IOPubPort}, {c.hb, ci.HBPort}} {
		if err := d.s.Dial(ci.Endpoint(d.port)); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	go c.read(c.shell, c.shellCh)
	go c.read(c.control, c.controlCh)
	go c.read(c.stdin, c.stdinCh)
	go c.read(c.iopub, c.iopubCh)

	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if !wait {
			return c
		}
		c.request("shell", "kernel_info_request", map[string]any{})
		c.recv(c.shellCh, 5*time.Second)
		select {
		case <-c.iopubCh:
			c.drainIOPub(100 * time.Millisecond)
			return c
		case <-time.After(200 * time.Millisecond):
		}
	}
	t.Fatal("iopub never delivered")
	return nil
}

func (c *client) read(s zmq4.Socket, ch chan *kernel.Message) {
	for {
		raw, err := s.Recv()
		if err != nil {
			return
		}
		m, err := kernel.DecodeMessage(raw.Frames, c.verifier)
		if err != nil {
			c.t.Errorf("client got a message it cannot decode or verify: %v", err)
			continue
		}
		ch <- m
	}
}

// newMessage builds a request as jupyter_client does.
func (c *client) newMessage(msgType string, content any) *kernel.Message {
	b, err := json.Marshal(content)
	if err != nil {
		c.t.Fatal(err)
	}
	return &kernel.Message{
		Header: kernel.Header{
			MsgID: uuid.NewString(), Session: c.session, Username: "test",
			Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: "5.3",
		},
		Content: b,
	}
}

func (c *client) socket(channel string) zmq4.Socket {
	switch channel {
	case "shell":
		return c.shell
	case "control":
		return c.control
	case "stdin":
		return c.stdin
	}
	c.t.Fatalf("no channel %s", channel)
	return nil
}

// sendFrames sends raw frames on a channel.
func (c *client) sendFrames(channel string, frames [][]byte) {
	if err := c.socket(channel).Send(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
}

// request sends a signed request and returns its msg_id.
func (c *client) request(channel, msgType string, content any) string {
	m := c.newMessage(msgType, content)
	frames, err := m.Encode(c.signer)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendFrames(channel, frames)
	return m.Header.MsgID
}

func (c *client) recv(ch chan *kernel.Message, timeout time.Duration) *kernel.Message {
	c.t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(timeout):
		c.t.Fatalf("no message within %v", timeout)
		return nil
	}
}

// reply waits for the reply to msgID on ch, skipping stale replies.
func (c *client) reply(ch chan *kernel.Message, msgID string, timeout time.Duration) *kernel.Message {
	c.t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case m := <-ch:
			if parentID(m) == msgID {
				return m
			}
		case <-deadline:
			c.t.Fatalf("no reply to %s within %v", msgID, timeout)
			return nil
		}
	}
}

// iopubUntilIdle returns the iopub messages parented to msgID, from busy
// to idle inclusive.
func (c *client) iopubUntilIdle(msgID string, timeout time.Duration) []*kernel.Message {
	c.t.Helper()
	var out []*kernel.Message
	deadline := time.After(timeout)
	for {
		select {
		case m := <-c.iopubCh:
			if parentID(m) != msgID {
				continue
			}
			out = append(out, m)
			if m.Header.MsgType == "status" && content(c.t, m)["execution_state"] == "idle" {
				return out
			}
		case <-deadline:
			c.t.Fatalf("no idle for %s within %v; got %s", msgID, timeout, msgTypes(out))
			return nil
		}
	}
}

func (c *client) drainIOPub(quiet time.Duration) {
	for {
		select {
		case <-c.iopubCh:
		case <-time.After(quiet):
			return
		}
	}
}

// execute runs code with the given request fields, returning the reply
// and the cell's iopub messages.
func (c *client) execute(code string, fields map[string]any) (*kernel.Message, []*kernel.Message) {
	c.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range fields {
		req[k] = v
	}
	id := c.request("shell", "execute_request", req)
	rep := c.reply(c.shellCh, id, 60*time.Second)
	return rep, c.iopubUntilIdle(id, 60*time.Second)
}

func parentID(m *kernel.Message) string {
	var p struct {
		MsgID string `json:"msg_id"`
	}
	json.Unmarshal(m.Parent, &p)
	return p.MsgID
}

func content(t testing.TB, m *kernel.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func msgTypes(ms []*kernel.Message) string {
	var s []string
	for _, m := range ms {
		s = append(s, m.Header.MsgType)
	}
	return strings.Join(s, ",")
}

// streamText concatenates the stream messages named name.
func streamText(t testing.TB, ms []*kernel.Message, name string) string {
	var b strings.Builder
	for _, m := range ms {
		if m.Header.MsgType == "stream" {
			c := content(t, m)
			if c["name"] == name {
				b.WriteString(c["text"].(string))
			}
		}
	}
	return b.String()
}

func find(ms []*kernel.Message, msgType string) *kernel.Message {
	for _, m := range ms {
		if m.Header.MsgType == msgType {
			return m
		}
	}
	return nil
}
