// Package prebind binds a kernel's five listening sockets while the
// program is still initialising its packages, before main runs.
//
// Why: a Jupyter client connects its sockets a few milliseconds after it
// starts the kernel process. If a port is not listening yet, libzmq waits
// its reconnect interval (100 ms) before trying again, and the kernel looks
// ten times slower to start than it is. Importing this package (for its
// side effect, from the kernel binary only) makes the kernel's init read
// the connection file named by --connection-file/-f and listen on its
// ports at once; the operating system then completes clients' connections
// into the listen backlog until the kernel accepts them.
//
// The package imports almost nothing, so that Go's initialisation order
// reaches it early; it uses raw syscalls rather than package net for the
// same reason.
package prebind

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync"
)

var (
	mu  sync.Mutex
	fds = map[string]*os.File{} // endpoint -> listening socket
)

func init() { Bind(connectionFile(os.Args[1:])) }

// Bind listens on the ports of the connection file at path (the package
// does it at init for the file named by the program's arguments). Failures
// are silent: the kernel then binds the usual way and reports errors itself.
func Bind(path string) {
	if path == "" {
		return
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return
	}
	var ci struct {
		Transport   string `json:"transport"`
		IP          string `json:"ip"`
		ShellPort   int    `json:"shell_port"`
		ControlPort int    `json:"control_port"`
		IOPubPort   int    `json:"iopub_port"`
		StdinPort   int    `json:"stdin_port"`
		HBPort      int    `json:"hb_port"`
	}
	if json.Unmarshal(b, &ci) != nil {
		return
	}
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	mu.Lock()
	defer mu.Unlock()
	for _, port := range []int{ci.ShellPort, ci.ControlPort, ci.IOPubPort, ci.StdinPort, ci.HBPort} {
		var f *os.File
		var ep string
		switch ci.Transport {
		case "tcp":
			ep = fmt.Sprintf("tcp://%s:%d", ci.IP, port)
			f = listenTCP4(ci.IP, port)
		case "ipc":
			ep = fmt.Sprintf("ipc://%s-%d", ci.IP, port)
			f = listenUnix(fmt.Sprintf("%s-%d", ci.IP, port))
		}
		if f != nil {
			fds[ep] = f
		}
	}
}

// connectionFile finds the value of --connection-file or -f in args.
func connectionFile(args []string) string {
	for i, a := range args {
		for _, flag := range []string{"-connection-file", "--connection-file", "-f", "--f"} {
			if a == flag && i+1 < len(args) {
				return args[i+1]
			}
			if v, ok := strings.CutPrefix(a, flag+"="); ok {
				return v
			}
		}
	}
	return ""
}

// Take returns, once, the listening socket bound at init for endpoint (as
// kernel.ConnectionInfo.Endpoint spells it), or nil.
func Take(endpoint string) *os.File {
	mu.Lock()
	defer mu.Unlock()
	f := fds[endpoint]
	delete(fds, endpoint)
	return f
}
