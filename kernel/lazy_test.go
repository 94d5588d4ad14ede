package kernel_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gograd/gograd/kernel"
	"github.com/gograd/gograd/kernel/internal/prebind"
)

// The interpreter is built after the first request is answered, and a
// cell sent before it is ready waits for it.
func TestLazyExecutor(t *testing.T) {
	var built atomic.Int32
	lazy := kernel.Lazy(func() kernel.Executor {
		built.Add(1)
		time.Sleep(50 * time.Millisecond) // a slow interpreter start
		return newFake()
	})
	start := time.Now()
	tk := startKernel(t, lazy, "ipc", testKey, nil)
	c := connectNoWait(t, tk)
	// Unless the kernel's fallback delay (300 ms) has passed, nothing is built yet.
	if n := built.Load(); n != 0 && time.Since(start) < 250*time.Millisecond {
		t.Fatalf("built %d times before any request", n)
	}
	id := c.request("shell", "execute_request", map[string]any{"code": "value:lazy"})
	if got := content(t, c.reply(c.shellCh, id, 5*time.Second)); got["status"] != "ok" {
		t.Fatalf("first cell %v", got)
	}
	c.request("shell", "kernel_info_request", map[string]any{})
	c.recv(c.shellCh, 5*time.Second)
	if n := built.Load(); n != 1 {
		t.Errorf("built %d times, want once", n)
	}
}

// A kernel given sockets bound before it started (as cmd/gograd's init
// binds them) serves on them.
func TestPrebound(t *testing.T) {
	for _, transport := range []string{"tcp", "ipc"} {
		t.Run(transport, func(t *testing.T) {
			dir := t.TempDir()
			ci := &kernel.ConnectionInfo{Transport: transport, IP: filepath.Join(dir, "k"), Key: testKey,
				SignatureScheme: "hmac-sha256", ShellPort: 1, ControlPort: 2, IOPubPort: 3, StdinPort: 4, HBPort: 5}
			if transport == "tcp" {
				ci.IP = "127.0.0.1"
				p := freePorts(t, 5)
				ci.ShellPort, ci.ControlPort, ci.IOPubPort, ci.StdinPort, ci.HBPort = p[0], p[1], p[2], p[3], p[4]
			}
			b, _ := json.Marshal(ci)
			path := filepath.Join(dir, "conn.json")
			if err := os.WriteFile(path, b, 0o600); err != nil {
				t.Fatal(err)
			}
			prebind.Bind(path)
			var taken atomic.Int32
			k, err := kernel.New(ci, newFake(), kernel.Options{HistoryFile: "-", Prebound: func(ep string) *os.File {
				f := prebind.Take(ep)
				if f != nil {
					taken.Add(1)
				}
				return f
			}})
			if err != nil {
				t.Fatal(err)
			}
			if err := k.Listen(t.Context()); err != nil {
				t.Fatal(err)
			}
			done := make(chan struct{})
			go func() { k.Wait(); close(done) }()
			t.Cleanup(func() { k.Shutdown(); <-done })
			if n := taken.Load(); n != 5 {
				t.Fatalf("kernel took %d prebound sockets, want 5", n)
			}
			c := dial(t, ci, true)
			rep, _ := c.execute("value:1", nil)
			if got := content(t, rep); got["status"] != "ok" {
				t.Errorf("execute over prebound sockets: %v", got)
			}
		})
	}
}
