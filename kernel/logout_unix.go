//go:build unix

package kernel

import (
	"os"

	"golang.org/x/sys/unix"
)

// dupStderr duplicates descriptor 2, close-on-exec so that the programs a
// cell starts do not inherit it.
func dupStderr() *os.File {
	fd, err := unix.FcntlInt(2, unix.F_DUPFD_CLOEXEC, 3)
	if err != nil {
		return nil
	}
	return os.NewFile(uintptr(fd), "stderr (kernel log)")
}
