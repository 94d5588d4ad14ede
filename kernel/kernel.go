package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/google/uuid"
)

// Options tunes a Kernel. The zero value is usable.
type Options struct {
	// Log receives a line for every dropped message and handler failure.
	// Default: standard error.
	Log *log.Logger
	// SetInterrupt raises (true) and clears (false) the flag compiled ops
	// check; cmd/gograd passes tensor.SetInterrupt. Cancelling the cell's
	// context alone stops interpreted code only.
	SetInterrupt func(bool)
	// Prebound returns a socket already listening on endpoint, or nil;
	// cmd/gograd passes prebind.Take, which binds during package init so
	// that clients never find the ports closed.
	Prebound func(endpoint string) *os.File
	// HistoryFile is where cells are persisted across kernel runs; empty
	// means DefaultHistoryFile(), "-" keeps history in memory only.
	HistoryFile string
}

// Kernel serves one Executor over the five Jupyter sockets.
type Kernel struct {
	conn    *ConnectionInfo
	exec    Executor
	signer  *Signer
	session string // this kernel's session id, in every header it sends
	log     *log.Logger
	opts    Options

	ctx    context.Context
	cancel context.CancelFunc

	shell, control, stdin, iopub, hb zmq4.Socket
	shellMu, controlMu, stdinMu      sync.Mutex // zmq4 sockets are not documented as safe for concurrent sends
	iopubMu                          sync.Mutex

	handlers   map[string]Handler
	shellQueue chan *Request // shell requests waiting for the shell goroutine
	history    *History
	inputs     chan *Message // input_reply messages from the stdin socket

	// Cell state. execCount and abort are used by the shell goroutine only;
	// cellCancel is shared with the control goroutine.
	execCount  int
	abort      abortMark
	cellMu     sync.Mutex
	cellCancel context.CancelFunc

	done      chan struct{}
	doneOnce  sync.Once
	startOnce sync.Once // starts a LazyExecutor
	dbg       debugger  // the debug adapter, for a Debuggable Executor
}

// startDelay is how long after binding a LazyExecutor starts if no request
// has come in meanwhile.
const startDelay = 300 * time.Millisecond

// startExecutor starts a LazyExecutor (see there for why it waits).
func (k *Kernel) startExecutor() {
	k.startOnce.Do(func() {
		if s, ok := k.exec.(interface{ Start() }); ok {
			s.Start()
		}
	})
}

// New returns a kernel for the connection described by ci, running cells
// with exec. Call Run (or Listen, then Wait) to bind the sockets and serve.
func New(ci *ConnectionInfo, exec Executor, opts Options) (*Kernel, error) {
	signer, err := NewSigner(ci.SignatureScheme, []byte(ci.Key))
	if err != nil {
		return nil, err
	}
	if opts.Log == nil {
		opts.Log = log.New(LogOutput(), "gograd: ", log.LstdFlags)
	}
	k := &Kernel{
		conn:    ci,
		exec:    exec,
		signer:  signer,
		session: uuid.NewString(),
		log:     opts.Log,
		opts:    opts,
		inputs:  make(chan *Message, 1),
		done:    make(chan struct{}),
	}
	path := opts.HistoryFile
	if path == "" {
		path = DefaultHistoryFile()
	}
	if path == "-" {
		path = ""
	}
	if k.history, err = OpenHistory(path); err != nil {
		k.log.Printf("history: %v (keeping history in memory only)", err)
		k.history, _ = OpenHistory("")
	}
	k.handlers = defaultHandlers()
	return k, nil
}

// Handle registers h for requests of msgType, replacing the default
// handler. Call it before Listen: the handler table is not locked.
func (k *Kernel) Handle(msgType string, h Handler) { k.handlers[msgType] = h }

// Run serves until a shutdown_request arrives or ctx is cancelled: it is
// Listen followed by Wait.
func (k *Kernel) Run(ctx context.Context) error {
	if err := k.Listen(ctx); err != nil {
		return err
	}
	k.Wait()
	return nil
}

// Listen binds the five sockets, publishes the "starting" status and serves
// in the background.
func (k *Kernel) Listen(ctx context.Context) error {
	k.ctx, k.cancel = context.WithCancel(ctx)
	if err := k.bind(); err != nil {
		k.closeSockets()
		return err
	}
	k.publish(nil, "status", map[string]any{"execution_state": "starting"})

	time.AfterFunc(startDelay, k.startExecutor)

	queue := make(chan *Request, 1024)
	k.shellQueue = queue
	go k.heartbeat()
	go k.readLoop(k.shell, "shell", func(r *Request) { queue <- r })
	go k.readLoop(k.control, "control", k.serve) // apart from shell: interrupts reach a running cell
	go k.readLoop(k.stdin, "stdin", func(r *Request) {
		if r.Msg.Header.MsgType != "input_reply" {
			k.log.Printf("stdin: ignoring %s", r.Msg.Header.MsgType)
			return
		}
		select { // a reply nobody waits for any more is dropped, not queued
		case k.inputs <- r.Msg:
		default:
		}
	})
	go func() { // shell requests one at a time: this is what serialises cells
		for {
			select {
			case r := <-queue:
				k.serve(r)
			case <-k.ctx.Done():
				return
			}
		}
	}()
	return nil
}

// Wait blocks until the kernel is shut down (or Listen's context is
// cancelled), then closes the sockets.
func (k *Kernel) Wait() {
	select {
	case <-k.done:
		// zmq4's PUB socket sends from a queue on its own goroutine and has
		// no flush: give it time to send the last status and shutdown_reply.
		time.Sleep(250 * time.Millisecond)
	case <-k.ctx.Done():
	}
	k.closeSockets()
}

// Interrupt stops the running cell, if any: its context is cancelled and the
// compiled-op flag raised. It is what interrupt_request and SIGINT call.
func (k *Kernel) Interrupt() {
	k.cellMu.Lock()
	cancel := k.cellCancel
	k.cellMu.Unlock()
	if cancel == nil {
		return
	}
	if k.opts.SetInterrupt != nil {
		k.opts.SetInterrupt(true)
	}
	cancel()
}

// Shutdown makes Run return.
func (k *Kernel) Shutdown() {
	k.doneOnce.Do(func() { close(k.done) })
}

// Done is closed when the kernel has been asked to shut down.
func (k *Kernel) Done() <-chan struct{} { return k.done }

// Session is the kernel's session id, as it appears in message headers.
func (k *Kernel) Session() string { return k.session }

func (k *Kernel) bind() error {
	ci := k.conn
	logger := zmq4.WithLogger(socketLogger(k.log))
	k.shell = zmq4.NewRouter(k.ctx, logger)
	k.control = zmq4.NewRouter(k.ctx, logger)
	k.stdin = zmq4.NewRouter(k.ctx, logger)
	k.iopub = zmq4.NewPub(k.ctx, logger)
	// A ROUTER echoing every frame back is a heartbeat to REQ clients, and
	// unlike REP it never wedges when a client goes away mid-exchange.
	k.hb = zmq4.NewRouter(k.ctx, logger)
	for _, s := range []struct {
		sock zmq4.Socket
		port int
		name string
	}{
		{k.shell, ci.ShellPort, "shell"}, {k.control, ci.ControlPort, "control"},
		{k.stdin, ci.StdinPort, "stdin"}, {k.iopub, ci.IOPubPort, "iopub"}, {k.hb, ci.HBPort, "hb"},
	} {
		ep := guardedEndpoint(ci.Endpoint(s.port))
		if k.opts.Prebound != nil {
			if f := k.opts.Prebound(ci.Endpoint(s.port)); f != nil {
				pep, err := preboundEndpoint(f)
				if err != nil {
					return fmt.Errorf("kernel: %s socket: %w", s.name, err)
				}
				ep = pep
			}
		}
		if err := s.sock.Listen(ep); err != nil {
			return fmt.Errorf("kernel: %s socket: %w", s.name, err)
		}
	}
	return nil
}

func (k *Kernel) closeSockets() {
	k.cancel()
	for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
		if s != nil {
			s.Close()
		}
	}
	if k.conn.Transport == "ipc" { // zmq4 removes only the socket files it created itself
		for _, port := range []int{k.conn.ShellPort, k.conn.ControlPort, k.conn.IOPubPort, k.conn.StdinPort, k.conn.HBPort} {
			os.Remove(fmt.Sprintf("%s-%d", k.conn.IP, port))
		}
	}
}

func (k *Kernel) heartbeat() {
	for {
		msg, err := k.hb.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			continue
		}
		if err := k.hb.Send(msg); err != nil && k.ctx.Err() == nil {
			k.log.Printf("heartbeat: %v", err)
		}
	}
}

// readLoop decodes what arrives on sock and hands each valid request to
// deliver. Anything that does not verify or parse is logged and dropped.
func (k *Kernel) readLoop(sock zmq4.Socket, channel string, deliver func(*Request)) {
	for {
		raw, err := sock.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			if errors.Is(err, context.Canceled) {
				return
			}
			continue
		}
		msg, err := DecodeMessage(raw.Frames, k.signer)
		if err != nil {
			k.log.Printf("%s: dropped message: %v", channel, err)
			continue
		}
		deliver(&Request{Msg: msg, Channel: channel, Received: time.Now(), k: k})
	}
}

// serve runs the handler for r between busy and idle statuses, as ipykernel
// does for every request. A handler that panics costs a log line, not the
// kernel.
func (k *Kernel) serve(r *Request) {
	k.publish(r.Msg, "status", map[string]any{"execution_state": "busy"})
	defer k.startExecutor()
	defer k.publish(r.Msg, "status", map[string]any{"execution_state": "idle"})
	defer func() {
		if p := recover(); p != nil {
			k.log.Printf("%s: handler for %s panicked: %v", r.Channel, r.Msg.Header.MsgType, p)
		}
	}()
	h, ok := k.handlers[r.Msg.Header.MsgType]
	if !ok {
		k.log.Printf("%s: unknown message type %q", r.Channel, r.Msg.Header.MsgType)
		return
	}
	h.ServeMessage(r)
}

// send encodes and sends m on sock, holding mu.
func (k *Kernel) send(sock zmq4.Socket, mu *sync.Mutex, m *Message) {
	frames, err := m.Encode(k.signer)
	if err != nil {
		k.log.Printf("encode %s: %v", m.Header.MsgType, err)
		return
	}
	mu.Lock()
	defer mu.Unlock()
	// SendMulti makes zmq4 write the whole message with one writev instead
	// of two writes per frame (ROUTER sockets drop the flag, PUB keeps it):
	// fewer syscalls here and fewer wake-ups in the client.
	if err := sock.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil && k.ctx.Err() == nil {
		k.log.Printf("send %s: %v", m.Header.MsgType, err)
	}
}

// publish sends an iopub message whose parent is parent (nil: none).
func (k *Kernel) publish(parent *Message, msgType string, content any) {
	m, err := reply(parent, msgType, k.session, content)
	if err != nil {
		k.log.Printf("publish %s: %v", msgType, err)
		return
	}
	// iopub messages carry the message type as their ZeroMQ topic; clients
	// subscribe to everything, so the routing prefix is informational.
	m.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
	k.send(k.iopub, &k.iopubMu, m)
}

// Request is one incoming request and the channel it came on. Handlers
// answer through its methods.
type Request struct {
	Msg      *Message
	Channel  string    // "shell" or "control"
	Received time.Time // when the read loop got it: decides which executes an error aborts
	k        *Kernel
}

// Kernel returns the kernel serving r.
func (r *Request) Kernel() *Kernel { return r.k }

// Decode unmarshals the request's content into v.
func (r *Request) Decode(v any) error { return json.Unmarshal(r.Msg.Content, v) }

// Reply sends msgType with content back on the request's channel.
func (r *Request) Reply(msgType string, content any) {
	m, err := reply(r.Msg, msgType, r.k.session, content)
	if err != nil {
		r.k.log.Printf("reply %s: %v", msgType, err)
		return
	}
	if r.Channel == "control" {
		r.k.send(r.k.control, &r.k.controlMu, m)
	} else {
		r.k.send(r.k.shell, &r.k.shellMu, m)
	}
}

// Publish sends msgType with content on iopub, parented to the request.
func (r *Request) Publish(msgType string, content any) { r.k.publish(r.Msg, msgType, content) }

// Handler answers one message type, as http.Handler answers a request.
type Handler interface {
	ServeMessage(r *Request)
}

// HandlerFunc adapts a function to Handler.
type HandlerFunc func(r *Request)

// ServeMessage calls f(r).
func (f HandlerFunc) ServeMessage(r *Request) { f(r) }
