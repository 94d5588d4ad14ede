package dap

import (
	"os"
	"path/filepath"
	"testing"
)

// The expected hashes were computed by ipykernel's murmur2_x86 (Debian's
// python3-ipykernel, ipykernel/compiler.py) and by JupyterLab 4.5.10's
// murmur2 (@jupyterlab/debugger lib/hash.js, run in node) with seed
// 0xC70F6907: both give these numbers.
func TestMurmur2MatchesIpykernelAndJupyterLab(t *testing.T) {
	for _, c := range []struct {
		code string
		want uint32
	}{
		{"", 3990065800},
		{"a", 2167009006},
		{"ab", 2805137849},
		{"abc", 3350977461},
		{"abcd", 804720481},
		{"x := 1\nfor i := 0; i < 3; i++ {\n\tx += i\n}", 2248156318},
		{"π ≈ 3.14159 ∇", 2340297625},
	} {
		if got := Murmur2([]byte(c.code), HashSeed); got != c.want {
			t.Errorf("Murmur2(%q) = %d, want %d", c.code, got, c.want)
		}
	}
}

func TestFilesDumpWritesTheCellUnderItsHash(t *testing.T) {
	f := Files{Prefix: t.TempDir() + string(filepath.Separator) + "cells" + string(filepath.Separator), Suffix: ".go"}
	code := "x := 1\nfor i := 0; i < 3; i++ {\n\tx += i\n}"
	p, err := f.Dump(code)
	if err != nil {
		t.Fatal(err)
	}
	if want := f.Prefix + "2248156318.go"; p != want {
		t.Errorf("path %s, want %s", p, want)
	}
	b, err := os.ReadFile(p)
	if err != nil || string(b) != code {
		t.Errorf("file holds %q (%v), want the cell", b, err)
	}
}
