package kernel

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// maxFrame bounds one incoming ZeroMQ frame. zmq4 allocates a frame's
// buffer from the length the peer announces before reading it, so a peer
// announcing 2^62 bytes would crash the process: guardedConn drops that
// connection instead.
const maxFrame = 1 << 30

// errFrameTooBig is what the kernel's connections report for such a frame.
var errFrameTooBig = errors.New("kernel: incoming ZeroMQ frame larger than 1 GiB: connection dropped")

// The kernel listens through these transports rather than zmq4's own
// "tcp" and "ipc": the same sockets, with every accepted connection wrapped
// in a guardedConn.
const (
	guardedTCP = "gograd-tcp"
	guardedIPC = "gograd-ipc"
)

func init() {
	for name, network := range map[string]string{guardedTCP: "tcp", guardedIPC: "unix"} {
		if err := zmq4.RegisterTransport(name, guardedTransport{network}); err != nil {
			panic(err)
		}
	}
}

type guardedTransport struct{ network string }

func (t guardedTransport) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	c, err := d.DialContext(ctx, t.network, addr)
	if err != nil {
		return nil, err
	}
	return newGuardedConn(c), nil
}

func (t guardedTransport) Listen(_ context.Context, addr string) (net.Listener, error) {
	l, err := net.Listen(t.network, addr)
	if err != nil {
		return nil, err
	}
	return guardedListener{l}, nil
}

func (t guardedTransport) Addr(ep string) (string, error) {
	if t.network == "unix" {
		return ep, nil
	}
	host, port, err := net.SplitHostPort(ep)
	if err != nil {
		return "", err
	}
	if host == "*" {
		host = "0.0.0.0"
	}
	return net.JoinHostPort(host, port), nil
}

// guardedEndpoint maps a connection file's endpoint to the guarded transport.
func guardedEndpoint(ep string) string {
	for scheme, guarded := range map[string]string{"tcp://": guardedTCP + "://", "ipc://": guardedIPC + "://"} {
		if len(ep) > len(scheme) && ep[:len(scheme)] == scheme {
			return guarded + ep[len(scheme):]
		}
	}
	return ep
}

type guardedListener struct{ net.Listener }

// handshakeTimeout bounds how long an accepted peer may take to send its
// greeting and first command. zmq4 runs each handshake inside its accept
// loop, so until a peer has said its part nobody else can connect to that
// port: without a bound, one client that connects and stays silent (a port
// scanner, a web health check sent to the wrong port) would keep the
// frontend from ever reconnecting. A ZeroMQ peer sends both at once.
const handshakeTimeout = 5 * time.Second

func (l guardedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	g := newGuardedConn(c)
	g.handshaking = true
	c.SetDeadline(time.Now().Add(handshakeTimeout))
	return g, nil
}

// guardedConn follows the ZMTP 3 framing of what it reads (a 64-byte
// greeting, then frames of a flags byte, a 1- or 8-byte length and a body)
// and fails the read that announces a frame over maxFrame. Its buffered
// reader also saves zmq4's two read calls per frame a syscall each.
type guardedConn struct {
	net.Conn
	r *bufio.Reader

	greeting int     // greeting bytes still to pass
	state    int     // what the next byte is: stFlags, stLength, stBody
	lenBytes int     // length bytes still to read
	length   [8]byte // the length being read, right-aligned
	lenSize  int
	body     uint64 // body bytes still to pass

	handshaking bool // a deadline is set until the greeting and a first frame have passed
	frames      int  // frames passed
}

const (
	stFlags = iota
	stLength
	stBody
)

func newGuardedConn(c net.Conn) *guardedConn {
	return &guardedConn{Conn: c, r: bufio.NewReaderSize(c, 64<<10), greeting: 64}
}

func (g *guardedConn) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if ferr := g.follow(p[:n]); ferr != nil {
		// Report no bytes: zmq4 reads with io.ReadFull, which ignores an
		// error that comes with all the bytes it asked for.
		g.Conn.Close()
		return 0, ferr
	}
	if g.handshaking && g.greeting == 0 && g.frames > 0 {
		g.handshaking = false
		g.Conn.SetDeadline(time.Time{})
	}
	return n, err
}

// follow advances the framing state over b.
func (g *guardedConn) follow(b []byte) error {
	for len(b) > 0 {
		switch {
		case g.greeting > 0:
			k := min(g.greeting, len(b))
			g.greeting -= k
			b = b[k:]
		case g.state == stFlags:
			g.lenSize = 1
			if b[0]&0x02 != 0 { // LONG
				g.lenSize = 8
			}
			g.lenBytes = g.lenSize
			g.length = [8]byte{}
			g.state = stLength
			b = b[1:]
		case g.state == stLength:
			g.length[8-g.lenBytes] = b[0]
			g.lenBytes--
			b = b[1:]
			if g.lenBytes == 0 {
				size := binary.BigEndian.Uint64(g.length[:]) // right-aligned: 1- and 8-byte lengths alike
				if size > maxFrame {
					return fmt.Errorf("%w (%d bytes announced)", errFrameTooBig, size)
				}
				g.body = size
				g.state = stBody
				if size == 0 {
					g.state = stFlags
					g.frames++
				}
			}
		case g.state == stBody:
			k := uint64(len(b))
			if k > g.body {
				k = g.body
			}
			g.body -= k
			b = b[k:]
			if g.body == 0 {
				g.state = stFlags
				g.frames++
			}
		}
	}
	return nil
}
