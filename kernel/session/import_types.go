package session

import (
	"fmt"
	"go/ast"
	"go/build"
	goimporter "go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// sourceTypes type-checks the packages cells imported from source, for a
// go/types check of cells: those packages have no symbol table to build
// their types from. A package is checked once per session, so that its
// types keep their identity from cell to cell.
type sourceTypes struct {
	mu    sync.Mutex
	fset  *token.FileSet
	pkgs  map[string]*types.Package
	dirOf func(path string) string // "" for a package not read from source
	std   types.Importer           // GOROOT's source, made on first need
}

func newSourceTypes(dirOf func(string) string) *sourceTypes {
	return &sourceTypes{fset: token.NewFileSet(), pkgs: map[string]*types.Package{}, dirOf: dirOf}
}

// Import returns the types of path when cells imported it from source, ok
// false otherwise. others imports the packages it needs that are not read
// from source (the standard library, the linked tables).
func (st *sourceTypes) Import(path string, others types.Importer) (pkg *types.Package, ok bool, err error) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.load(path, others, map[string]bool{})
}

func (st *sourceTypes) load(path string, others types.Importer, loading map[string]bool) (*types.Package, bool, error) {
	if p, ok := st.pkgs[path]; ok {
		return p, true, nil
	}
	dir := st.dirOf(path)
	if dir == "" {
		return nil, false, nil
	}
	if loading[path] {
		return nil, true, fmt.Errorf("import cycle through %s", path)
	}
	loading[path] = true
	files, err := st.parseDir(dir)
	if err != nil {
		return nil, true, err
	}
	check := func(std types.Importer) (*types.Package, error) {
		conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) {
			if pkg, ok, err := st.load(p, others, loading); ok {
				return pkg, err
			}
			if std != nil && !isThirdParty(p) {
				return std.Import(p)
			}
			return others.Import(p)
		})}
		return conf.Check(path, st.fset, files, nil)
	}
	// The standard library comes from others first, so that its types are
	// the ones cells see; a package that needs what a symbol table cannot
	// hold (cmp.Ordered, a generic constraint) gets it from GOROOT's source.
	pkg, err := check(nil)
	if err != nil {
		if st.std == nil {
			st.std = goimporter.ForCompiler(st.fset, "source", nil)
		}
		pkg, err = check(st.std)
	}
	if err != nil {
		return nil, true, err
	}
	st.pkgs[path] = pkg
	return pkg, true, nil
}

// parseDir parses the package's files for this platform, tests left out, as
// the go command selects them.
func (st *sourceTypes) parseDir(dir string) ([]*ast.File, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		if ok, err := build.Default.MatchFile(dir, name); err != nil || !ok {
			continue
		}
		f, err := parser.ParseFile(st.fset, filepath.Join(dir, name), nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
