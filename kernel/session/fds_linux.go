package session

import (
	"os"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
	"unsafe"
)

// Compiled code writing to os.Stdout or os.Stderr (and C code, and child
// processes) bypasses the interpreter's writers: it writes to file
// descriptors 1 and 2. While a cell runs, those point at pipes that a
// goroutine each copies into the cell's streams as the data comes, so a
// writer never blocks on a full pipe, however much it writes.
//
// The pipes, their readers and copies of the original descriptors are made
// once per process (descriptors are the process's, not a session's); a cell
// costs four dup3 calls.
var capture struct {
	once    sync.Once
	ok      bool
	fds     [2]int // 1 and 2
	pipeW   [2]int // the pipes' write ends, kept open
	saved   [2]int // copies of the original descriptors
	readers [2]*pipeReader
	sink    atomic.Pointer[streams] // where the copies go: the running (or last) cell's
}

func initCapture() {
	capture.fds = [2]int{1, 2}
	for k, fd := range capture.fds {
		r, w, err := os.Pipe()
		if err != nil {
			return
		}
		saved, err := syscall.Dup(fd)
		if err != nil {
			return
		}
		syscall.CloseOnExec(saved)
		// w's descriptor is used as is; the *os.File must stay reachable, or
		// its finalizer would close it.
		keepAlive = append(keepAlive, w)
		capture.pipeW[k] = int(w.Fd())
		capture.saved[k] = saved
		capture.readers[k] = &pipeReader{f: r}
		go capture.readers[k].copyTo(k)
	}
	capture.ok = true
}

var keepAlive []*os.File

// captureFDs points descriptors 1 and 2 at the pipes, sends what they carry
// to st, and returns the function that points them back once what was written
// has been passed on.
func captureFDs(st *streams) (restore func()) {
	capture.once.Do(initCapture)
	if !capture.ok {
		return func() {}
	}
	capture.sink.Store(st)
	for k, fd := range capture.fds {
		if err := syscall.Dup3(capture.pipeW[k], fd, 0); err != nil {
			return func() {}
		}
	}
	st.setDrain(drainPipes)
	return func() {
		st.setDrain(nil)
		for k, fd := range capture.fds {
			syscall.Dup3(capture.saved[k], fd, 0)
		}
		drainPipes()
	}
}

// drainPipes waits until what was written to the pipes has been handed to
// the streams: output written through fmt then comes after what was written to
// os.Stdout before it, and a cell's output is complete when it ends.
func drainPipes() {
	for _, r := range capture.readers {
		r.wait()
	}
}

// pipeReader copies a capture pipe into the sink's streams and can tell when
// it has taken everything written so far.
type pipeReader struct {
	f    *os.File
	busy atomic.Bool // between a read's return and the end of its write
}

func (p *pipeReader) copyTo(k int) {
	rc, err := p.f.SyscallConn()
	if err != nil {
		return
	}
	buf := make([]byte, 32<<10)
	for {
		var n int
		var rerr error
		err := rc.Read(func(fd uintptr) bool {
			// busy is raised before the read that empties the pipe, so that at
			// every moment unread data is in the pipe or marked busy.
			p.busy.Store(true)
			n, rerr = syscall.Read(int(fd), buf)
			if rerr == syscall.EAGAIN {
				p.busy.Store(false)
				return false // wait until readable
			}
			return true
		})
		if n > 0 {
			if st := capture.sink.Load(); st != nil {
				st.rawWriter(k).Write(buf[:n])
			}
		}
		p.busy.Store(false)
		if err != nil || rerr != nil || n <= 0 {
			return
		}
	}
}

// wait returns when the pipe is empty and its last read has been handed on,
// or after 100 ms if a writer keeps it full.
func (p *pipeReader) wait() {
	deadline := time.Now().Add(100 * time.Millisecond)
	for {
		n, err := unreadBytes(p.f)
		if err != nil || n == 0 && !p.busy.Load() || time.Now().After(deadline) {
			return
		}
		time.Sleep(20 * time.Microsecond)
	}
}

// unreadBytes asks the kernel how many bytes wait in the pipe (FIONREAD).
func unreadBytes(f *os.File) (int, error) {
	rc, err := f.SyscallConn()
	if err != nil {
		return 0, err
	}
	var n int32
	var ierr syscall.Errno
	err = rc.Control(func(fd uintptr) {
		_, _, ierr = syscall.Syscall(syscall.SYS_IOCTL, fd, syscall.TIOCINQ, uintptr(unsafe.Pointer(&n)))
	})
	if err != nil {
		return 0, err
	}
	if ierr != 0 {
		return 0, ierr
	}
	return int(n), nil
}
