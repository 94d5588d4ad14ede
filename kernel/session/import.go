package session

import (
	"context"
	"fmt"
	"go/ast"
	"go/doc"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"
	"unicode"

	"github.com/traefik/yaegi/interp"

	"github.com/gograd/gograd/kernel/modules"
	"github.com/gograd/gograd/kernel/session/symbols/linked"
)

// Imports beyond the standard library and the project's packages. A package
// the kernel links a table for (package linked) is handed to the interpreter
// when a cell first imports it; any other package outside the standard
// library is resolved by package modules through the go command and read
// from source by the interpreter, which finds it through the importer's file
// system (modules.FS, given as the interpreter's GOPATH). Every import of a
// cell is resolved before any line of the cell runs, so a failing import
// leaves the session as it was.

// importer is a session's part in imports.
type importer struct {
	fs  *modules.FS
	res *modules.Resolver // made on the first import that needs the go command
	// env and cacheDir configure the resolver (tests point them elsewhere).
	env      []string
	cacheDir string
	loaded   []loadedPkg // what %go list shows, in import order
}

// loadedPkg is a third-party package a cell imported.
type loadedPkg struct {
	path, module, version string
	compiled              bool // from a linked table, else read from source
}

func newImporter() *importer { return &importer{fs: modules.NewFS()} }

// interpOptions are the importer's interpreter options: the resolved
// packages' file system as GOPATH.
func (im *importer) interpOptions(o interp.Options) interp.Options {
	o.GoPath = modules.Root
	o.SourcecodeFilesystem = im.fs
	return o
}

func (im *importer) resolver() *modules.Resolver {
	if im.res == nil {
		im.res = modules.New(modules.Config{CacheDir: im.cacheDir, Env: im.env,
			Linked: linked.Modules, GoSum: linked.GoSum, GoVersion: runtime.Version()})
	}
	return im.res
}

// resolveImports makes every package the cell imports available to the
// interpreter, before any line of the cell runs.
func (s *Session) resolveImports(ctx context.Context, segs []parsed) *cellErr {
	ranBefore := false // a segment before the import would have run first
	for _, seg := range segs {
		if !seg.decl {
			ranBefore = true
			continue
		}
		for _, is := range seg.file.Imports {
			path, err := strconv.Unquote(is.Path.Value)
			if err != nil {
				continue // the interpreter reports it
			}
			if err := s.importPackage(ctx, path); err != nil {
				msg := err.Error()
				if ranBefore {
					msg += "\n(imports are resolved before a cell runs: no line of this cell ran)"
				}
				line := cellLine(s.in.FileSet().Position(is.Pos()).Line)
				return &cellErr{name: "ImportError", value: msg, lines: []int{line}}
			}
		}
		ranBefore = ranBefore || len(seg.file.Decls) > len(importDecls(seg.file))
	}
	return nil
}

// importDecls are the import declarations of f.
func importDecls(f *ast.File) []ast.Decl {
	var ds []ast.Decl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok.String() == "import" {
			ds = append(ds, d)
		}
	}
	return ds
}

// importPackage makes path importable: a no-op for the standard library and
// packages already there.
func (s *Session) importPackage(ctx context.Context, path string) error {
	s.namesMu.RLock()
	_, known := s.bin[path]
	s.namesMu.RUnlock()
	if known || s.imp.fs.Dir(path) != "" {
		return nil
	}
	if table, key, ok := linkedTable(path); ok {
		if err := s.in.Use(interp.Exports{key: table}); err != nil {
			return err
		}
		s.namesMu.Lock()
		s.bin[path] = table
		s.namesMu.Unlock()
		m := linked.Modules[path]
		s.imp.loaded = append(s.imp.loaded, loadedPkg{path: path, module: m[0], version: m[1], compiled: true})
		if dir := moduleCacheDir(m[0], m[1], path); dir != "" {
			importedDirs.Store(path, dir)
		}
		return nil
	}
	if !strings.Contains(strings.Split(path, "/")[0], ".") {
		return nil // the standard library, or not a package: the interpreter says
	}
	pkgs, _, err := s.imp.resolver().Resolve(ctx, path)
	if err != nil {
		return err
	}
	s.imp.fs.Add(pkgs)
	for _, p := range pkgs {
		importedDirs.Store(p.ImportPath, p.Dir)
		if p.ImportPath == path {
			s.imp.loaded = append(s.imp.loaded, loadedPkg{path: p.ImportPath, module: p.Module, version: p.Version})
		}
	}
	return nil
}

// linkedTable finds path's table among the linked ones.
func linkedTable(path string) (map[string]reflect.Value, string, bool) {
	if _, ok := linked.Modules[path]; !ok {
		return nil, "", false
	}
	for key, t := range linked.Symbols {
		if importPath(key) == path {
			return t, key, true
		}
	}
	return nil, "", false
}

// importedDirs maps the import paths of imported third-party packages to
// their source, for inspect's documentation (see sourceDir).
var importedDirs sync.Map

// importedSourceDir is the source directory of an imported third-party
// package, "" if there is none.
func importedSourceDir(path string) string {
	if d, ok := importedDirs.Load(path); ok {
		return d.(string)
	}
	return ""
}

// moduleCacheDir is where the go command keeps path's source, module at
// version, "" when it is not there (a kernel built on another machine).
func moduleCacheDir(module, version, path string) string {
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		gopath := os.Getenv("GOPATH")
		if gopath == "" {
			home, err := os.UserHomeDir()
			if err != nil {
				return ""
			}
			gopath = filepath.Join(home, "go")
		}
		cache = filepath.Join(filepath.SplitList(gopath)[0], "pkg", "mod")
	}
	dir := filepath.Join(cache, escapeModule(module)+"@"+version, filepath.FromSlash(strings.TrimPrefix(path, module)))
	if _, err := os.Stat(dir); err != nil {
		return ""
	}
	return dir
}

// escapeModule writes a module path as the module cache does: an upper-case
// letter as '!' and its lower case.
func escapeModule(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// sourceMembers are the exported names of a package read from source, which
// has no table to list them from.
func (s *Session) sourceMembers(path string) []string {
	if s.imp.fs.Dir(path) == "" {
		return nil
	}
	d := packageDoc(path)
	if d == nil {
		return nil
	}
	var names []string
	for _, f := range d.Funcs {
		names = append(names, f.Name)
	}
	for _, t := range d.Types {
		names = append(names, t.Name)
		for _, f := range t.Funcs {
			names = append(names, f.Name)
		}
		for _, vs := range [][]*doc.Value{t.Consts, t.Vars} {
			for _, v := range vs {
				names = append(names, v.Names...)
			}
		}
	}
	for _, vs := range [][]*doc.Value{d.Consts, d.Vars} {
		for _, v := range vs {
			names = append(names, v.Names...)
		}
	}
	exported := names[:0]
	for _, n := range names {
		if ast.IsExported(n) {
			exported = append(exported, n)
		}
	}
	return exported
}

// goMagic runs the %go magic: `%go get module@version` pins a module's
// version for the session's later imports, `%go list` shows the third-party
// packages the session imported and the versions it pinned.
func goMagic(s *Session, args string) error {
	out := s.output()
	if out == nil {
		return fmt.Errorf("%%go: no cell output")
	}
	verb, rest, _ := strings.Cut(strings.TrimSpace(args), " ")
	rest = strings.TrimSpace(rest)
	switch verb {
	case "get":
		if rest == "" || strings.Contains(rest, " ") {
			return fmt.Errorf("usage: %%go get module@version")
		}
		mod, _, _ := strings.Cut(rest, "@")
		for _, l := range s.imp.loaded {
			// A module the kernel links gets the resolver's conflict message.
			if l.module == mod && !l.compiled && !strings.HasSuffix(rest, "@"+l.version) {
				return fmt.Errorf("%s is already imported at %s (%s); a session holds one version of a package: "+
					"restart the kernel, then %%go get %s before importing it", mod, l.version, l.path, rest)
			}
		}
		mod, version, err := s.imp.resolver().Get(context.Background(), rest)
		if err != nil {
			return err
		}
		out.Stdout(fmt.Sprintf("go: using %s %s for later imports\n", mod, version))
		return nil
	case "list":
		var b strings.Builder
		w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
		fmt.Fprintln(w, "package\tmodule\tversion\tfrom")
		for _, l := range s.imp.loaded {
			from := "source (interpreted)"
			if l.compiled {
				from = "linked (compiled)"
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", l.path, l.module, l.version, from)
		}
		var pins []string
		if s.imp.res != nil {
			for m, v := range s.imp.res.Pins() {
				pins = append(pins, m+" "+v)
			}
		}
		sort.Strings(pins)
		for _, p := range pins {
			m, v, _ := strings.Cut(p, " ")
			fmt.Fprintf(w, "-\t%s\t%s\tpinned (%%go get)\n", m, v)
		}
		w.Flush()
		out.Stdout(b.String())
		return nil
	}
	return fmt.Errorf("usage: %%go get module@version | %%go list")
}

// binTable is the symbol table of path, read under the lock imports take to
// add tables while a completion may be looking.
func (s *Session) binTable(path string) map[string]reflect.Value {
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	return s.bin[path]
}
