package modules

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	r := New(Config{Env: []string{"GOPROXY=http://127.0.0.1:1"}})
	cases := []struct {
		args   string
		stderr string
		kind   Kind
		lead   string
	}{
		{"get", "go: example.com/m@v1.0.0: module lookup disabled by GOPROXY=off", Network, "cannot download example.com/m: module downloads are off"},
		{"get", `go: example.com/m: Get "http://127.0.0.1:1/example.com/m/@v/list": dial tcp 127.0.0.1:1: connect: connection refused`,
			Network, "cannot download example.com/m: the module proxy (GOPROXY=http://127.0.0.1:1) cannot be reached"},
		{"get", "go: example.com/m: reading https://proxy.golang.org/example.com/m/@v/list: 404 Not Found", NotFound, "no package example.com/m"},
		{"get", "go: module example.com/m@upgrade found (v1.1.0), but does not contain package example.com/m/x", NotFound, "no package example.com/m"},
		{"build", "# example.com/m\nm.go:3:9: undefined: x", Build, "example.com/m does not build"},
		{"build", `# runtime/cgo
cgo: C compiler "/nonexistent" not found: exec: "/nonexistent": stat /nonexistent: no such file or directory`, Cgo, "example.com/m needs a C compiler"},
	}
	for _, c := range cases {
		err := r.classify("example.com/m", &goError{args: []string{c.args}, stderr: c.stderr})
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("%q: %T", c.stderr, err)
		}
		if e.Kind != c.kind || !strings.HasPrefix(e.Msg, c.lead) {
			t.Errorf("%q: kind %d, %q; want kind %d, leading %q", c.stderr, e.Kind, e.Msg, c.kind, c.lead)
		}
		// The go command's own words follow, indented.
		if !strings.Contains(e.Msg, "\n    "+strings.Split(c.stderr, "\n")[0]) {
			t.Errorf("%q: message %q lacks the go command's words", c.stderr, e.Msg)
		}
	}
}

func TestGoflags(t *testing.T) {
	for in, want := range map[string]string{
		"":                              "-mod=mod",
		"-mod=vendor -modcacherw":       "-modcacherw -mod=mod",
		"-buildvcs=false -mod=readonly": "-buildvcs=false -mod=mod",
	} {
		if got := goflags(in); got != want {
			t.Errorf("goflags(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFS(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte("package a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f := NewFS()
	f.Add([]Package{{ImportPath: "example.com/a", Dir: dir}})
	if b, err := fs.ReadFile(f, Root+"/src/example.com/a/a.go"); err != nil || string(b) != "package a\n" {
		t.Errorf("ReadFile = %q, %v", b, err)
	}
	if es, err := fs.ReadDir(f, Root+"/src/example.com/a"); err != nil || len(es) != 1 {
		t.Errorf("ReadDir = %v, %v", es, err)
	}
	// What the interpreter probes on its way (vendor directories, parents)
	// does not exist.
	for _, p := range []string{Root + "/src/vendor/example.com/a", Root + "/src/example.com/a/vendor", Root + "/src/example.com", Root} {
		if _, err := fs.Stat(f, p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat(%s) = %v, want not exist", p, err)
		}
	}
	// Outside Root, the real file system.
	if _, err := fs.Stat(f, filepath.Join(dir, "a.go")); err != nil {
		t.Errorf("Stat of a real file: %v", err)
	}
}

func TestCacheEntry(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "k", "e.json")
	e := entryData{Packages: []Package{{ImportPath: "example.com/a", Dir: dir, Module: "example.com/a", Version: "v1.0.0"},
		{ImportPath: "gonum.org/v1/gonum/mat", Module: "gonum.org/v1/gonum", Version: "v0.17.0", Linked: true}},
		GoMod: "module m\n", GoSum: "x\n"}
	writeEntry(file, e)
	got, ok := readEntry(file)
	if !ok || len(got.Packages) != 2 || got.Packages[0] != e.Packages[0] || got.Packages[1] != e.Packages[1] ||
		got.GoMod != e.GoMod || got.GoSum != e.GoSum {
		t.Fatalf("readEntry = %v, %v", got, ok)
	}
	e.Packages[0].Dir = filepath.Join(dir, "gone") // go clean -modcache
	writeEntry(file, e)
	if _, ok := readEntry(file); ok {
		t.Error("an entry naming a missing directory was used")
	}
}

// TestCacheKey: the key changes with the Go version, the kernel's linked
// versions, the import path and the session's module (pins, earlier imports).
func TestCacheKey(t *testing.T) {
	linked := map[string][2]string{"gonum.org/v1/gonum/mat": {"gonum.org/v1/gonum", "v0.17.0"}}
	newR := func(goVersion string, linked map[string][2]string) *Resolver {
		r := New(Config{CacheDir: "/c", GoVersion: goVersion, Linked: linked})
		r.mod = r.workModule()
		return r
	}
	base := newR("go1.26.8", linked)
	e := base.entryFile("example.com/a")
	other := map[string][2]string{"gonum.org/v1/gonum/mat": {"gonum.org/v1/gonum", "v0.16.0"}}
	pinned := newR("go1.26.8", linked)
	pinned.mod += "require example.com/a v1.0.0\n"
	for name, f := range map[string]string{
		"go version": newR("go1.27.0", linked).entryFile("example.com/a"),
		"linked":     newR("go1.26.8", other).entryFile("example.com/a"),
		"path":       base.entryFile("example.com/b"),
		"module":     pinned.entryFile("example.com/a"),
	} {
		if f == e {
			t.Errorf("%s: same cache entry %s", name, f)
		}
	}
	if again := newR("go1.26.8", linked).entryFile("example.com/a"); again != e {
		t.Errorf("same inputs, entries %s and %s", e, again)
	}
}
