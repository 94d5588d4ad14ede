package session

import (
	"context"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io"
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
	// failed holds why the interpreter could not import a package: it
	// keeps a failed source import half done, so a retry cannot succeed.
	failed map[string]string
	// stderr and flush reach the running cell's standard error.
	stderr io.Writer
	flush  func()
	// types are the go/types packages of the source packages, for a type
	// check of cells (whose importer serves the symbol tables).
	types *sourceTypes
}

// loadedPkg is a third-party package a cell imported.
type loadedPkg struct {
	path, module, version string
	compiled              bool // from a linked table, else read from source
}

// progress shows the resolver's notes on the running cell's stderr.
func (im *importer) progress(msg string) {
	if im.stderr != nil {
		im.stderr.Write([]byte(msg))
		if im.flush != nil {
			im.flush()
		}
	}
}

func newImporter() *importer {
	fs := modules.NewFS()
	return &importer{fs: fs, failed: map[string]string{}, types: newSourceTypes(fs.Dir)}
}

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
			Linked: linked.Modules, GoSum: linked.GoSum, GoVersion: runtime.Version(), Progress: im.progress})
	}
	return im.res
}

// resolveImports makes every package the cell imports available to the
// interpreter, and imports the third-party ones into the cells' file, before
// any line of the cell runs: the interpreter reads a package's source when
// it compiles the import, and would otherwise fail there after the lines
// above the import ran. The cell's own import of them is then dropped as a
// repeated one.
func (s *Session) resolveImports(ctx context.Context, segs []parsed) *cellErr {
	ranBefore := false // a segment before the import would have run first
	var specs []*ast.ImportSpec
	fail := func(is *ast.ImportSpec, msg string) *cellErr {
		if ranBefore {
			msg += "\n(imports are resolved before a cell runs: no line of this cell ran)"
		}
		line := cellLine(s.in.FileSet().Position(is.Pos()).Line)
		return &cellErr{name: "ImportError", value: msg, lines: []int{line}}
	}
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
			if msg, ok := s.imp.failed[path]; ok {
				return fail(is, msg+"\n(restart the kernel to import it again)")
			}
			if err := s.importPackage(ctx, path); err != nil {
				if ctx.Err() != nil {
					return &cellErr{name: "KeyboardInterrupt", value: ""}
				}
				return fail(is, err.Error())
			}
			if key := importKey(is, path); isThirdParty(path) && !s.imports[key] {
				name, _, _ := strings.Cut(key, " ")
				if other, ok := s.pkgPath(name); ok && other != path {
					return fail(is, fmt.Sprintf("%s redeclared: the cells have a package %s already (%s); "+
						"import %s under another name: import my%s %q", name, name, other, path, name, path))
				}
				specs = append(specs, is)
			}
		}
		ranBefore = ranBefore || len(seg.file.Decls) > len(importDecls(seg.file))
	}
	if len(specs) == 0 {
		return nil
	}
	if is, err := s.importSpecs(specs); err != nil {
		msg := interpretError(is, err)
		path, _ := strconv.Unquote(is.Path.Value)
		s.imp.failed[path] = msg
		return fail(is, msg)
	}
	return nil
}

// interpretError says why the interpreter could not import a package it
// read from source, which the compiler accepted: yaegi nests the error of
// each import on the way; the innermost is the one to read.
func interpretError(is *ast.ImportSpec, err error) string {
	path, _ := strconv.Unquote(is.Path.Value)
	msg := err.Error()
	if i := strings.LastIndex(msg, " error: "); i >= 0 {
		msg = msg[i+len(" error: "):]
	}
	msg = strings.ReplaceAll(msg, modules.Root+"/src/", "")
	return path + ": the interpreter (yaegi) cannot run its source: " + msg +
		"\n(a package yaegi cannot run can be linked into the kernel: see kernel/session/symbols/linked)"
}

// pkgPath is the import path of the package name cells use.
func (s *Session) pkgPath(name string) (string, bool) {
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	p, ok := s.pkgs[name]
	return p, ok
}

// isThirdParty reports whether path is outside the standard library.
func isThirdParty(path string) bool { return strings.Contains(strings.Split(path, "/")[0], ".") }

// importKey is how s.imports names an import: "name path", the name being
// the import's own or the path's last element.
func importKey(is *ast.ImportSpec, path string) string {
	name := path[strings.LastIndex(path, "/")+1:]
	if is.Name != nil {
		name = is.Name.Name
	}
	return name + " " + path
}

// importSpecs imports specs into the cells' file; on failure it returns the
// spec that failed.
func (s *Session) importSpecs(specs []*ast.ImportSpec) (*ast.ImportSpec, error) {
	var b strings.Builder
	b.WriteString(fileHeader + "import (\n")
	for _, is := range specs {
		if is.Name != nil {
			b.WriteString(is.Name.Name + " ")
		}
		b.WriteString(is.Path.Value + "\n")
	}
	b.WriteString(")\n")
	f, err := parser.ParseFile(s.in.FileSet(), cellFile, b.String(), 0)
	if err != nil {
		return specs[0], err
	}
	prog, err := s.compile(f)
	if err == nil {
		_, err = s.in.Execute(prog)
	}
	if err != nil {
		for _, is := range specs {
			if strings.Contains(err.Error(), "import "+is.Path.Value+" error") {
				return is, err
			}
		}
		return specs[0], err
	}
	s.namesMu.Lock()
	defer s.namesMu.Unlock()
	for _, is := range specs {
		path, _ := strconv.Unquote(is.Path.Value)
		key := importKey(is, path)
		s.imports[key] = true
		name, _, _ := strings.Cut(key, " ")
		s.pkgs[name] = path
	}
	return nil, nil
}

// importDecls are the import declarations of f.
func importDecls(f *ast.File) []ast.Decl {
	var ds []ast.Decl
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
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
	if s.useLinked(path) {
		return nil
	}
	if !isThirdParty(path) {
		return nil // the standard library, or not a package: the interpreter says
	}
	if _, ok := s.in.Symbols(path)[path]; ok {
		return nil // a symbol table given to the interpreter directly (interp.Use)
	}
	pkgs, _, err := s.imp.resolver().Resolve(ctx, path)
	if err != nil {
		return err
	}
	var src []modules.Package
	for _, p := range pkgs {
		if p.Linked {
			s.useLinked(p.ImportPath) // its importers are read after it
			continue
		}
		src = append(src, p)
		importedDirs.Store(p.ImportPath, p.Dir)
		if p.ImportPath == path {
			s.imp.loaded = append(s.imp.loaded, loadedPkg{path: p.ImportPath, module: p.Module, version: p.Version})
		}
	}
	s.imp.fs.Add(src)
	return nil
}

// useLinked hands path's linked table to the interpreter, once, and reports
// whether path has one.
func (s *Session) useLinked(path string) bool {
	table, key, ok := linkedTable(path)
	if !ok {
		return false
	}
	if s.binTable(path) != nil {
		return true
	}
	if err := s.in.Use(interp.Exports{key: table}); err != nil {
		panic("session: loading symbols: " + err.Error()) // a generated table is well formed
	}
	s.namesMu.Lock()
	s.bin[path] = table
	s.binNames[path] = key[strings.LastIndex(key, "/")+1:]
	s.namesMu.Unlock()
	m := linked.Modules[path]
	s.imp.loaded = append(s.imp.loaded, loadedPkg{path: path, module: m[0], version: m[1], compiled: true})
	if dir := moduleCacheDir(m[0], m[1], path); dir != "" {
		importedDirs.Store(path, dir)
	}
	return true
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

// goLine is the %go line magic.
func goLine(s *Session, c *magicCall) (map[string]any, *cellErr) {
	if err := goMagic(s, c.args); err != nil {
		return nil, &cellErr{name: "ImportError", value: err.Error(), lines: []int{c.line}}
	}
	return nil, nil
}
