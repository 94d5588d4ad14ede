//go:build unix

package prebind

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// listenTCP4 listens on a dotted IPv4 address (or "*", "0.0.0.0",
// "localhost"); anything else is left to the kernel's own bind.
func listenTCP4(ip string, port int) *os.File {
	var addr [4]byte
	switch ip {
	case "*", "0.0.0.0", "":
	case "localhost":
		addr = [4]byte{127, 0, 0, 1}
	default:
		parts := strings.Split(ip, ".")
		if len(parts) != 4 {
			return nil
		}
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n > 255 {
				return nil
			}
			addr[i] = byte(n)
		}
	}
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil
	}
	syscall.CloseOnExec(fd)
	// As net.Listen does, so a kernel restarted on the same ports binds at once.
	_ = syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_REUSEADDR, 1)
	if syscall.Bind(fd, &syscall.SockaddrInet4{Port: port, Addr: addr}) != nil || syscall.Listen(fd, syscall.SOMAXCONN) != nil {
		syscall.Close(fd)
		return nil
	}
	return os.NewFile(uintptr(fd), "tcp:"+ip+":"+strconv.Itoa(port))
}

func listenUnix(path string) *os.File {
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err != nil {
		return nil
	}
	syscall.CloseOnExec(fd)
	if syscall.Bind(fd, &syscall.SockaddrUnix{Name: path}) != nil || syscall.Listen(fd, syscall.SOMAXCONN) != nil {
		syscall.Close(fd)
		return nil
	}
	return os.NewFile(uintptr(fd), "unix:"+path)
}
