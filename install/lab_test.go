package main

import (
	"os"
	"os/exec"
	"testing"
)

// TestRealClients runs gograd in real front ends through lab/test.sh: a JupyterLab 4
// built from npm and the classic Notebook, both driven in headless Chromium, and a
// scripted `jupyter console`. The first run installs npm packages and builds
// JupyterLab (minutes); later runs reuse the build while its inputs are unchanged.
// `go test -short` skips it. Its prerequisites come with `go run ./install --test-deps`.
func TestRealClients(t *testing.T) {
	if testing.Short() {
		t.Skip("builds JupyterLab and drives a browser; run without -short")
	}
	cmd := exec.Command("bash", "lab/test.sh")
	// The script reports one line per part; show them as they come, since a
	// first build takes minutes.
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("install/lab/test.sh: %v (its part lines above say which part failed)", err)
	}
}
