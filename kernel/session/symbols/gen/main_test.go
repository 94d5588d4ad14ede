package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestTablesAreCurrent regenerates the symbol tables (the project's and the
// linked third-party ones) and compares them with the committed ones: a
// package whose exported API changed, or a linked module updated, without
// `go generate ./kernel/session/symbols` fails here.
func TestTablesAreCurrent(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks every project package from source")
	}
	dir := t.TempDir()
	if err := generate(dir); err != nil {
		t.Fatal(err)
	}
	for _, sub := range []string{".", "linked"} {
		fresh, _ := filepath.Glob(filepath.Join(dir, sub, "*-*.go"))
		committed, _ := filepath.Glob(filepath.Join("..", sub, "*-*.go"))
		if len(fresh) != len(committed) {
			t.Errorf("%s: %d tables generated, %d committed", sub, len(fresh), len(committed))
		}
		for _, f := range fresh {
			name := filepath.Join(sub, filepath.Base(f))
			want, err := os.ReadFile(filepath.Join("..", name))
			if err != nil {
				t.Errorf("%s is not committed: run go generate ./kernel/session/symbols", name)
				continue
			}
			got, _ := os.ReadFile(f)
			if !bytes.Equal(got, want) {
				t.Errorf("%s is stale: run go generate ./kernel/session/symbols", name)
			}
		}
	}
}

func TestFileName(t *testing.T) {
	if got := fileName("github.com/gograd/gograd/autograd/nn"); got != "github_com-gograd-gograd-autograd-nn.go" {
		t.Errorf("fileName = %q", got)
	}
}

func TestPackagesList(t *testing.T) {
	paths, err := packages(filepath.Join("..", "symbols.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"tensor", "autograd", "autograd/nn", "autograd/optim", "autograd/functional", "display"} {
		found := false
		for _, p := range paths {
			if strings.TrimPrefix(p, "github.com/gograd/gograd/") == want {
				found = true
			}
		}
		if !found {
			t.Errorf("Packages lacks %s", want)
		}
	}
}
