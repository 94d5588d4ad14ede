// Command install puts the Go (gograd) kernel where Jupyter finds it:
//
//	go run ./install                 # ~/.local/share/jupyter/kernels/gograd ($JUPYTER_DATA_DIR/kernels/gograd if set)
//	go run ./install --prefix P      # P/share/jupyter/kernels/gograd
//	go run ./install --sys-prefix    # <python sys.prefix>/share/jupyter/kernels/gograd
//
// It builds the kernel binary (and gograd-dot, display/graph's renderer)
// into the kernelspec directory, writes
// kernel.json and the logos, and, unless --no-deps, makes sure Jupyter
// itself is there: run as root on Debian it installs Debian's packages,
// otherwise it prints the command to do so.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/gograd/gograd/kernel"
)

// debianPackages is Jupyter as Debian packages it: the notebook, nbconvert
// and nbclient for executing notebooks, the console, the kernel test suite
// and ipykernel (the reference kernel the benchmark compares against); and
// OpenBLAS, which package tensor opens at run time for matrix products.
var debianPackages = []string{
	"jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "python3-jupyter-client",
	"jupyter-console", "python3-jupyter-kernel-test", "python3-ipykernel",
	"libopenblas-dev",
}

// testPackages are what the tests need beyond Jupyter: the server that serves the
// JupyterLab built from npm (install/lab), Node.js and npm to build it, the
// browser that drives it, and JupyterHub (with configurable-http-proxy) for the
// class tests of install/hub.
var testPackages = []string{
	"python3-jupyter-server", "python3-jupyterlab-server", "nodejs", "npm", "chromium",
	"jupyterhub",
}

// providedBy names, for packages whose program may come from elsewhere (Node.js
// from NodeSource bundles npm and conflicts with Debian's npm), the command whose
// presence is enough.
var providedBy = map[string]string{"nodejs": "node", "npm": "npm", "chromium": "chromium"}

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "install:", err)
		os.Exit(1)
	}
}

func run(args []string, out io.Writer) error {
	fs := flag.NewFlagSet("install", flag.ContinueOnError)
	user := fs.Bool("user", false, "install for the current user (the default)")
	prefix := fs.String("prefix", "", "install under `P`/share/jupyter/kernels")
	sysPrefix := fs.Bool("sys-prefix", false, "install under Python's sys.prefix")
	noDeps := fs.Bool("no-deps", false, "do not check for or install Jupyter")
	testDeps := fs.Bool("test-deps", false, "also install what the tests need (JupyterLab's server, Node.js, Chromium)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	if n := btoi(*user) + btoi(*prefix != "") + btoi(*sysPrefix); n > 1 {
		return fmt.Errorf("--user, --prefix and --sys-prefix are exclusive")
	}
	if !*noDeps {
		pkgs := debianPackages
		if *testDeps {
			pkgs = slices.Concat(debianPackages, testPackages)
		}
		if err := ensureDebian(pkgs, out); err != nil {
			return err
		}
	}
	dir, err := kernelDir(*prefix, *sysPrefix)
	if err != nil {
		return err
	}
	bin := filepath.Join(dir, "gograd")
	if err := build(bin, "./kernel/cmd/gograd", out); err != nil {
		return err
	}
	// display/graph renders computation graphs with this helper, found next
	// to the kernel binary; without it graph falls back to Graphviz's dot.
	// It lives outside the kernel so that the kernel's start-up never pays
	// for go-graphviz's WebAssembly compilation.
	if err := build(filepath.Join(dir, "gograd-dot"), "./display/graph/cmd/gograd-dot", out); err != nil {
		fmt.Fprintf(out, "warning: gograd-dot not built (%v): graphs will need Graphviz's dot\n", err)
	}
	if err := kernel.WriteKernelSpec(dir, bin); err != nil {
		return err
	}
	fmt.Fprintf(out, "installed kernelspec %q in %s\n", kernel.KernelName, dir)
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// kernelDir is where Jupyter looks for the kernelspec.
func kernelDir(prefix string, sysPrefix bool) (string, error) {
	switch {
	case prefix != "":
		abs, err := filepath.Abs(prefix)
		if err != nil {
			return "", err
		}
		return filepath.Join(abs, "share", "jupyter", "kernels", kernel.KernelName), nil
	case sysPrefix:
		p, err := exec.Command("/usr/bin/python3", "-c", "import sys; print(sys.prefix)").Output()
		if err != nil {
			return "", fmt.Errorf("--sys-prefix: cannot ask /usr/bin/python3 for sys.prefix: %w", err)
		}
		return filepath.Join(strings.TrimSpace(string(p)), "share", "jupyter", "kernels", kernel.KernelName), nil
	}
	data := os.Getenv("JUPYTER_DATA_DIR")
	if data == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", err
		}
		data = filepath.Join(home, ".local", "share", "jupyter")
	}
	return filepath.Join(data, "kernels", kernel.KernelName), nil
}

// build compiles the command pkg (a ./path in this module) into bin.
func build(bin, pkg string, out io.Writer) error {
	if err := os.MkdirAll(filepath.Dir(bin), 0o755); err != nil {
		return err
	}
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(gobin); err != nil {
		gobin = "go"
	}
	root, err := exec.Command(gobin, "list", "-m", "-f", "{{.Dir}}", "github.com/gograd/gograd").Output()
	if err != nil {
		return fmt.Errorf("run install from inside the gograd module: %w", err)
	}
	fmt.Fprintf(out, "building %s\n", bin)
	cmd := exec.Command(gobin, "build", "-o", bin, pkg)
	cmd.Dir = strings.TrimSpace(string(root))
	cmd.Stdout, cmd.Stderr = out, os.Stderr
	return cmd.Run()
}

// missingPackages lists the Debian packages of pkgs that are not installed.
func missingPackages(pkgs []string) []string {
	var missing []string
	for _, p := range pkgs {
		if c, ok := providedBy[p]; ok {
			if _, err := exec.LookPath(c); err == nil {
				continue
			}
		}
		st, err := exec.Command("dpkg-query", "-W", "-f=${Status}", p).Output()
		if err != nil || !strings.HasSuffix(strings.TrimSpace(string(st)), " installed") {
			missing = append(missing, p)
		}
	}
	return missing
}

// ensureDebian installs the packages of pkgs that are missing: with apt-get when
// run as root, else by printing the command to run.
func ensureDebian(pkgs []string, out io.Writer) error {
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		fmt.Fprintf(out, "not a Debian system: make sure these are installed: %s\n", strings.Join(pkgs, " "))
		return nil
	}
	missing := missingPackages(pkgs)
	if len(missing) == 0 {
		return nil
	}
	install := "apt-get install -y " + strings.Join(missing, " ")
	if os.Geteuid() != 0 {
		fmt.Fprintf(out, "missing Debian packages. Install them with:\n  sudo apt-get update && sudo %s\n", install)
		return nil
	}
	fmt.Fprintf(out, "installing Debian's packages: %s\n", strings.Join(missing, " "))
	for _, args := range [][]string{{"update"}, append([]string{"install", "-y", "--no-install-recommends"}, missing...)} {
		cmd := exec.Command("apt-get", args...)
		cmd.Stdout, cmd.Stderr = out, os.Stderr
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if err := cmd.Run(); err != nil {
			return fmt.Errorf("apt-get %s: %w", args[0], err)
		}
	}
	if still := missingPackages(missing); len(still) > 0 {
		return fmt.Errorf("apt-get did not install %s", strings.Join(still, " "))
	}
	return nil
}
