// Command hubload runs a class on a JupyterHub on 127.0.0.1 and prints the
// load table:
//
//	go run ./install/hub/cmd/hubload -students 8               # gograd, then ipykernel
//	go run ./install/hub/cmd/hubload -students 16 -kernel gograd
//
// Each simulated student logs in through the hub's REST API, starts their
// server and runs every notebook cell by cell over the kernel's WebSocket, all
// students at once: gograd runs the five ported notebooks (notebooks/*.ipynb),
// ipykernel the PyTorch reference notebooks (../shared/reference/pytorch,
// skipped when absent). Every output is compared with the saved one. Needs
// Debian's jupyterhub, python3-jupyter-server, and for ipykernel
// python3-ipykernel and python3-torch.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/gograd/gograd/install/hub"
)

func main() {
	students := flag.Int("students", 8, "simulated students at once")
	kernels := flag.String("kernel", "gograd,python3", "comma-separated kernelspecs to run, one after the other")
	cells := flag.Int("cells", 0, "run at most `N` code cells per notebook (0: all)")
	limit := flag.Duration("timeout", 20*time.Minute, "bound on the whole run")
	kernelAS := flag.Int64("kernel-as", 0, "address-space limit in bytes of each server process and kernel (0: none)")
	logPath := flag.String("log", "", "write the hub's log to this file (default: discarded)")
	flag.Parse()
	if err := run(*students, strings.Split(*kernels, ","), *cells, *limit, *kernelAS, *logPath); err != nil {
		fmt.Fprintln(os.Stderr, "hubload:", err)
		os.Exit(1)
	}
}

func run(students int, kernels []string, cells int, limit time.Duration, kernelAS int64, logPath string) error {
	if students < 1 || students > 64 {
		return fmt.Errorf("-students %d: between 1 and 64", students)
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	root, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/gograd/gograd").Output()
	if err != nil {
		return fmt.Errorf("run hubload from inside the gograd module: %w", err)
	}
	repo := strings.TrimSpace(string(root))
	dir, err := os.MkdirTemp("", "gograd-hubload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	var log io.Writer = io.Discard
	if logPath != "" {
		f, err := os.Create(logPath)
		if err != nil {
			return err
		}
		defer f.Close()
		log = f
	}
	password := "class-" + filepath.Base(dir)
	h, err := hub.StartForRepo(ctx, repo, dir, hub.Options{Password: password, KernelAS: kernelAS, Log: log})
	if err != nil {
		return err
	}
	defer h.Stop()
	fmt.Printf("hub at %s\n\n%s\n", h.URL, hub.Header)
	var rows []hub.Summary
	for _, k := range kernels {
		nbs, err := hub.NotebooksFor(repo, k)
		if err != nil {
			fmt.Fprintf(os.Stderr, "hubload: %s skipped: %v\n", k, err)
			continue
		}
		rep, err := h.Run(ctx, hub.Load{Students: students, Kernel: k, Notebooks: nbs, Prefix: k[:1],
			MaxCells: cells, Password: password})
		if err != nil {
			return err
		}
		s := rep.Summarise()
		rows = append(rows, s)
		fmt.Println(s.Row())
		fmt.Fprintf(os.Stderr, "  %s: slowest cell: %s\n", k, rep.Slowest)
		for _, p := range rep.Problems {
			fmt.Fprintf(os.Stderr, "  %s: %s\n", k, firstLines(p, 30))
		}
	}
	if len(rows) == 2 && rows[1].PerStudent > 0 {
		fmt.Printf("\nper student (server + one kernel at its median peak, PSS): %s %.0f MiB, %s %.0f MiB; %s fits %.1fx the students of %s\n",
			rows[0].Kernel, float64(rows[0].PerStudent)/(1<<20), rows[1].Kernel, float64(rows[1].PerStudent)/(1<<20),
			rows[0].Kernel, float64(rows[1].PerStudent)/float64(rows[0].PerStudent), rows[1].Kernel)
	}
	return nil
}

func firstLines(s string, n int) string {
	lines := strings.SplitN(s, "\n", n+1)
	if len(lines) > n {
		lines = append(lines[:n], "...")
	}
	return strings.Join(lines, "\n    ")
}
