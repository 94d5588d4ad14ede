package prebind

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
)

func TestConnectionFileArg(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--connection-file", "a.json"}, "a.json"},
		{[]string{"-f", "b.json"}, "b.json"},
		{[]string{"--connection-file=c.json"}, "c.json"},
		{[]string{"-f=d.json"}, "d.json"},
		{[]string{"--version"}, ""},
		{[]string{"-f"}, ""},
	} {
		if got := connectionFile(c.args); got != c.want {
			t.Errorf("%q: got %q, want %q", c.args, got, c.want)
		}
	}
}

func TestBind(t *testing.T) {
	dir := t.TempDir()
	var ports []int
	for i := 0; i < 5; i++ { // free ports: bind to :0, remember, release
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
		l.Close()
	}
	for _, c := range []struct{ transport, ip string }{
		{"tcp", "127.0.0.1"},
		{"ipc", filepath.Join(dir, "k")},
	} {
		ci := map[string]any{"transport": c.transport, "ip": c.ip, "shell_port": ports[0], "control_port": ports[1],
			"iopub_port": ports[2], "stdin_port": ports[3], "hb_port": ports[4]}
		b, _ := json.Marshal(ci)
		path := filepath.Join(dir, c.transport+".json")
		if err := os.WriteFile(path, b, 0o600); err != nil {
			t.Fatal(err)
		}
		Bind(path)
		for _, port := range ports {
			var ep, network, addr string
			if c.transport == "tcp" {
				ep, network, addr = fmt.Sprintf("tcp://%s:%d", c.ip, port), "tcp", fmt.Sprintf("%s:%d", c.ip, port)
			} else {
				ep, network, addr = fmt.Sprintf("ipc://%s-%d", c.ip, port), "unix", fmt.Sprintf("%s-%d", c.ip, port)
			}
			// Already listening: a client connects before anyone accepts.
			conn, err := net.Dial(network, addr)
			if err != nil {
				t.Fatalf("%s: %v", ep, err)
			}
			conn.Close()
			f := Take(ep)
			if f == nil {
				t.Fatalf("%s: not bound", ep)
			}
			l, err := net.FileListener(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			l.Close()
			if Take(ep) != nil {
				t.Errorf("%s: taken twice", ep)
			}
		}
	}
}
