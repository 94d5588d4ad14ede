// Command gograd is the Go (gograd) Jupyter kernel. Jupyter starts it as
// the kernelspec's argv says:
//
//	gograd --connection-file /path/to/kernel-1234.json
//
// (-f is a short form). It serves the five sockets of the connection file
// until a shutdown_request, running cells in one persistent yaegi session.
// SIGINT interrupts the running cell, as interrupt_request does; SIGTERM
// shuts the kernel down. The ports are bound during package initialisation
// (kernel/internal/prebind) and the interpreter is started after the first
// request (kernel.LazyExecutor), so that a frontend finds the kernel ready
// within milliseconds.
package main

import (
	"context"
	"flag"
	"fmt"
	"github.com/gograd/gograd/kernel/heapfloor"
	"log"
	"os"
	"os/signal"
	"syscall"

	"github.com/gograd/gograd/kernel"
	"github.com/gograd/gograd/kernel/internal/prebind" // binds the ports during init: see its doc
	"github.com/gograd/gograd/kernel/session"
	"github.com/gograd/gograd/tensor"
)

func main() {
	var connFile string
	flag.StringVar(&connFile, "connection-file", "", "Jupyter connection file")
	flag.StringVar(&connFile, "f", "", "Jupyter connection file (short form)")
	version := flag.Bool("version", false, "print the version and exit")
	flag.Parse()
	if *version {
		fmt.Println("gograd", kernel.Version)
		return
	}
	if connFile == "" && flag.NArg() == 1 { // tolerate a bare path
		connFile = flag.Arg(0)
	}
	if connFile == "" {
		fmt.Fprintln(os.Stderr, "usage: gograd --connection-file FILE")
		os.Exit(2)
	}
	// Cells allocate fast and keep little: collect every 64 MB at least,
	// not every time a small heap doubles (see package heapfloor).
	heapfloor.Set(heapfloor.Default)
	logger := log.New(kernel.LogOutput(), "gograd: ", log.LstdFlags)
	ci, err := kernel.ReadConnectionFile(connFile)
	if err != nil {
		logger.Fatal(err)
	}
	// The interpreter starts while the sockets bind: a frontend sees the
	// kernel ready in the time the process takes to start.
	exec := kernel.Lazy(func() kernel.Executor { return session.New() })
	k, err := kernel.New(ci, exec, kernel.Options{
		Log: logger, SetInterrupt: tensor.SetInterrupt, Prebound: prebind.Take,
	})
	if err != nil {
		logger.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := k.Listen(ctx); err != nil {
		logger.Fatal(err)
	}

	// SIGINT interrupts the cell (kernels with interrupt_mode "signal", or a
	// user pressing ^C in a terminal); SIGTERM shuts the kernel down.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range sigs {
			if s == os.Interrupt {
				k.Interrupt()
				continue
			}
			k.Shutdown()
		}
	}()
	k.Wait()
}
