package asm

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestGeneratedCurrent checks that kernels_amd64.s and kernels_amd64.go are what the
// generator writes now (someone changed gen/ without running go generate, or edited
// the output by hand). The first line, which quotes the command, is not compared.
func TestGeneratedCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the generator")
	}
	dir := t.TempDir()
	s, g := filepath.Join(dir, "k.s"), filepath.Join(dir, "k.go")
	cmd := exec.Command("go", "run", "./gen", "-out", s, "-stubs", g, "-pkg", "asm")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, out)
	}
	for _, f := range [][2]string{{s, "kernels_amd64.s"}, {g, "kernels_amd64.go"}} {
		got, err := os.ReadFile(f[0])
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(f[1])
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(afterLine(got), afterLine(want)) {
			t.Errorf("%s is not what gen/ writes: run go generate in tensor/internal/asm", f[1])
		}
	}
}

func afterLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}
