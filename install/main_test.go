package main

import (
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

func TestKernelDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/data/jupyter")
	got, err := kernelDir("", false)
	if err != nil || got != "/data/jupyter/kernels/gograd" {
		t.Errorf("JUPYTER_DATA_DIR: %q, %v", got, err)
	}
	got, _ = kernelDir("/opt/p", false)
	if got != "/opt/p/share/jupyter/kernels/gograd" {
		t.Errorf("--prefix: %q", got)
	}
	t.Setenv("JUPYTER_DATA_DIR", "")
	t.Setenv("HOME", "/home/gopher")
	got, _ = kernelDir("", false)
	if got != "/home/gopher/.local/share/jupyter/kernels/gograd" {
		t.Errorf("--user default: %q", got)
	}
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		got, err = kernelDir("", true)
		if err != nil || !strings.HasSuffix(got, "/share/jupyter/kernels/gograd") {
			t.Errorf("--sys-prefix: %q, %v", got, err)
		}
	}
	if err := run([]string{"--user", "--prefix", "/x", "--no-deps"}, io.Discard); err == nil {
		t.Error("exclusive flags accepted")
	}
}

// TestInstallPrefix runs the whole install into a temporary prefix and asks
// Jupyter (when there) whether it finds the kernelspec.
func TestInstallPrefix(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the kernel binary")
	}
	prefix := t.TempDir()
	if err := run([]string{"--prefix", prefix, "--no-deps"}, io.Discard); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(prefix, "share", "jupyter", "kernels", "gograd")
	var spec struct {
		Argv          []string `json:"argv"`
		DisplayName   string   `json:"display_name"`
		Language      string   `json:"language"`
		InterruptMode string   `json:"interrupt_mode"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	if len(spec.Argv) != 3 || spec.Argv[1] != "--connection-file" || spec.Argv[2] != "{connection_file}" ||
		spec.DisplayName != "Go (gograd)" || spec.Language != "go" || spec.InterruptMode != "message" {
		t.Errorf("kernel.json %s", b)
	}
	out, err := exec.Command(spec.Argv[0], "--version").Output()
	if err != nil || !strings.HasPrefix(string(out), "gograd ") {
		t.Errorf("%s --version: %q, %v", spec.Argv[0], out, err)
	}
	for _, logo := range []string{"logo-32x32.png", "logo-64x64.png", "gograd-dot"} {
		if _, err := os.Stat(filepath.Join(dir, logo)); err != nil {
			t.Error(err)
		}
	}
	// Ask jupyter_client, as frontends do, where it finds the kernel.
	find := exec.Command("/usr/bin/python3", "-c",
		"from jupyter_client.kernelspec import KernelSpecManager; print(KernelSpecManager().find_kernel_specs()['gograd'])")
	find.Env = append(os.Environ(), "JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"))
	if out, err := find.Output(); err != nil {
		t.Logf("jupyter_client not usable (%v): not asking it", err)
	} else if got := strings.TrimSpace(string(out)); got != dir {
		t.Errorf("jupyter_client finds gograd in %q, want %q", got, dir)
	}
}

func TestMissingPackages(t *testing.T) {
	if _, err := exec.LookPath("dpkg-query"); err != nil {
		t.Skip("not a Debian system")
	}
	got := missingPackages([]string{"dpkg", "gograd-no-such-package"})
	if len(got) != 1 || got[0] != "gograd-no-such-package" {
		t.Errorf("missingPackages = %q, want only the package that does not exist", got)
	}
	// A package whose program is on PATH counts as there, however it came.
	providedBy["gograd-test-shell"] = "sh"
	defer delete(providedBy, "gograd-test-shell")
	if got := missingPackages([]string{"gograd-test-shell"}); len(got) != 0 {
		t.Errorf("a package provided by a program on PATH is reported missing: %q", got)
	}
}
