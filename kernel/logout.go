package kernel

import (
	"io"
	"log"
	"os"
	"sync"
)

// LogOutput is where the kernel's own diagnostics belong: the process's
// standard error as it was when LogOutput was first called.
//
// While a cell runs, the session points descriptors 1 and 2 at pipes that
// feed the cell's output, so anything written to os.Stderr then reaches the
// notebook. A diagnostic of the kernel (a dropped message, a peer that sent
// garbage to a port) is not the cell's output and must not appear in it:
// it is written to a duplicate of descriptor 2 taken before any capture,
// which keeps pointing at the kernel's log (the server's terminal or log file).
// Call it before the first cell runs.
func LogOutput() io.Writer {
	logOut.once.Do(func() {
		logOut.w = os.Stderr
		if f := dupStderr(); f != nil {
			logOut.w = f
		}
	})
	return logOut.w
}

var logOut struct {
	once sync.Once
	w    io.Writer
}

// socketLogger is the logger zmq4 reports connection failures to (a peer
// whose greeting is not ZMTP, for one): the kernel's log. By default zmq4
// writes them to os.Stderr, which a running cell captures.
func socketLogger(l *log.Logger) *log.Logger {
	return log.New(l.Writer(), l.Prefix()+"zmq4: ", l.Flags())
}
