package kernel_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gograd/gograd/kernel"
)

var built struct {
	once sync.Once
	dir  string
	bin  string
	err  error
	out  []byte
}

// TestMain removes the kernel binary the tests built.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.dir != "" {
		os.RemoveAll(built.dir)
	}
	os.Exit(code)
}

// buildKernel compiles cmd/gograd once for all the tests that run the binary.
func buildKernel(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		if built.dir, built.err = os.MkdirTemp("", "gograd-kernel-test-"); built.err != nil {
			return
		}
		built.bin = filepath.Join(built.dir, "gograd")
		built.out, built.err = exec.Command("go", "build", "-o", built.bin, "./cmd/gograd").CombinedOutput()
	})
	if built.err != nil {
		t.Fatalf("go build ./cmd/gograd: %v\n%s", built.err, built.out)
	}
	return built.bin
}

// jupyterEnv installs the kernelspec for bin into a fresh Jupyter
// directory and returns the environment that makes Jupyter use only it.
func jupyterEnv(t *testing.T, bin string) []string {
	t.Helper()
	dir := t.TempDir()
	if err := kernel.WriteKernelSpec(filepath.Join(dir, "kernels", kernel.KernelName), bin); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(),
		"JUPYTER_PATH="+dir, "JUPYTER_DATA_DIR="+dir,
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_CONFIG_DIR="+filepath.Join(dir, "config"),
	)
}

// requirePython skips (or, under CI, fails) when Debian's python lacks module.
func requirePython(t *testing.T, module, debianPackage string) {
	t.Helper()
	if err := exec.Command("/usr/bin/python3", "-c", "import "+module).Run(); err != nil {
		msg := "/usr/bin/python3 cannot import " + module + ": apt-get install " + debianPackage
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// TestJupyterKernelTest runs jupyter_kernel_test's suite (Debian's
// python3-jupyter-kernel-test) against the built kernel through
// jupyter_client, the way a frontend starts it.
func TestJupyterKernelTest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kernel and starts it through jupyter_client")
	}
	requirePython(t, "jupyter_kernel_test", "python3-jupyter-kernel-test")
	bin := buildKernel(t)
	cmd := exec.Command("/usr/bin/python3", "-m", "unittest", "-v", "test_gograd_kernel")
	cmd.Dir = "testdata"
	cmd.Env = jupyterEnv(t, bin)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("jupyter_kernel_test failed: %v", err)
	}
	// unittest reports skips as "skipped '...'"; only the pager test may be.
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "... skipped") && !strings.Contains(line, "test_pager") {
			t.Errorf("unexpected skip: %s", line)
		}
	}
}
