package modules

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Root is the GOPATH the interpreter is given: FS serves the directories of
// resolved packages under Root/src/<import path>. Nothing is written there;
// the path need not exist.
const Root = "/gograd-imports"

// FS is the interpreter's source file system: resolved packages under Root,
// the real file system everywhere else. The interpreter looks a package up
// as Root/src/<import path> (after vendor directories, which FS never has),
// so one FS serves any number of modules without copying or linking files.
type FS struct {
	mu   sync.RWMutex
	dirs map[string]string // import path -> directory
}

// NewFS returns an FS with no packages.
func NewFS() *FS { return &FS{dirs: map[string]string{}} }

// Add serves the packages' directories.
func (f *FS) Add(pkgs []Package) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, p := range pkgs {
		f.dirs[p.ImportPath] = p.Dir
	}
}

// Dir is the directory an import path is served from, "" if none.
func (f *FS) Dir(path string) string {
	f.mu.RLock()
	defer f.mu.RUnlock()
	return f.dirs[path]
}

// Open opens name: under Root, a package directory or one of its files.
func (f *FS) Open(name string) (fs.File, error) {
	rest, ok := strings.CutPrefix(filepath.ToSlash(name), Root+"/src/")
	if !ok {
		if name == Root || strings.HasPrefix(name, Root+"/") {
			return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
		}
		return os.Open(name)
	}
	if dir := f.Dir(rest); dir != "" {
		return os.Open(dir)
	}
	if i := strings.LastIndex(rest, "/"); i > 0 {
		if dir := f.Dir(rest[:i]); dir != "" {
			return os.Open(filepath.Join(dir, rest[i+1:]))
		}
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}
