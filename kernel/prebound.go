package kernel

import (
	"context"
	"fmt"
	"net"
	"os"
	"sync"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// preboundScheme is a zmq4 transport whose "addresses" name listeners the
// process already holds (see Options.Prebound): zmq4 only listens through
// a transport, so this one hands it the ready listener.
const preboundScheme = "gograd-prebound"

var prebound = struct {
	sync.Mutex
	next int
	ls   map[string]net.Listener
}{ls: map[string]net.Listener{}}

func init() {
	if err := zmq4.RegisterTransport(preboundScheme, preboundTransport{}); err != nil {
		panic(err)
	}
}

type preboundTransport struct{}

func (preboundTransport) Dial(context.Context, transport.Dialer, string) (net.Conn, error) {
	return nil, fmt.Errorf("kernel: cannot dial a %s endpoint", preboundScheme)
}

func (preboundTransport) Listen(_ context.Context, addr string) (net.Listener, error) {
	prebound.Lock()
	defer prebound.Unlock()
	l, ok := prebound.ls[addr]
	if !ok {
		return nil, fmt.Errorf("kernel: no prebound listener %q", addr)
	}
	delete(prebound.ls, addr)
	return l, nil
}

func (preboundTransport) Addr(ep string) (string, error) { return ep, nil }

// preboundEndpoint turns an inherited listening socket into an endpoint
// zmq4 can Listen on.
func preboundEndpoint(f *os.File) (string, error) {
	l, err := net.FileListener(f)
	f.Close() // FileListener holds its own duplicate
	if err != nil {
		return "", err
	}
	prebound.Lock()
	defer prebound.Unlock()
	prebound.next++
	key := fmt.Sprintf("l%d", prebound.next)
	prebound.ls[key] = guardedListener{l}
	return preboundScheme + "://" + key, nil
}
