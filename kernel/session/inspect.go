package session

import (
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"
)

// Inspect describes the name under cursor: for a package member, its Go doc
// comment and declaration; for a live variable, its type and value, followed
// by the doc of a method or field named after it.
//
// With the cursor inside a call's parentheses (Shift+Tab after `autograd.New(`),
// where there is no name under it, it describes the function being called, as
// ipykernel does.
func (s *Session) Inspect(code string, cursor int, detail int) (map[string]any, bool) {
	off := runeToByte(code, cursor)
	if data, ok := s.inspectAt(code, off); ok {
		return data, true
	}
	if callee, ok := calleeEnd(code, off); ok {
		return s.inspectAt(code, callee)
	}
	return nil, false
}

// calleeEnd finds the innermost call whose parentheses are still open at off and
// returns the offset just past the name before its '('.
func calleeEnd(code string, off int) (int, bool) {
	depth := 0
	for i := min(off, len(code)) - 1; i >= 0; i-- {
		switch code[i] {
		case ')':
			depth++
		case '(':
			if depth > 0 {
				depth--
				continue
			}
			end := i
			for end > 0 && code[end-1] == ' ' {
				end--
			}
			if end == 0 {
				return 0, false
			}
			r, _ := utf8.DecodeLastRuneInString(code[:end])
			return end, isIdentRune(r)
		}
	}
	return 0, false
}

// inspectAt describes the name at byte offset off.
func (s *Session) inspectAt(code string, off int) (map[string]any, bool) {
	word, _ := wordAt(code, off)
	if word == "" {
		return nil, false
	}
	// wordAt ends the word at its last rune: find where it starts.
	end := off
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += n
	}
	begin := end - len(word)
	var parts []string
	if dot := begin - 1; dot >= 0 && code[dot] == '.' {
		ops := parseChain(code, dot)
		switch {
		case ops == nil:
		case len(ops) == 1 && s.isPackageName(ops[0].name):
			path, _ := s.packageOf(ops[0].name)
			if text := symbolDoc(path, word, ""); text != "" {
				parts = append(parts, text)
			}
		default:
			if len(ops) == 1 {
				if v, ok := s.liveValue([]string{ops[0].name}); ok {
					parts = append(parts, describe(ops[0].name, v))
				}
			}
			if t := s.chainType(ops); t != nil {
				for t.Kind() == reflect.Pointer {
					t = t.Elem()
				}
				if text := symbolDoc(t.PkgPath(), t.Name(), word); t.PkgPath() != "" && text != "" {
					parts = append(parts, text)
				}
			}
		}
	} else if path, ok := s.packageOf(word); ok {
		if d := packageDoc(path); d != nil {
			parts = append(parts, "package "+d.Name+` // import "`+path+`"`+"\n\n"+d.Doc)
		}
	} else if v, ok := s.liveValue([]string{word}); ok {
		parts = append(parts, describe(word, v))
	} else {
		s.namesMu.RLock()
		src, ok := s.sources[word]
		s.namesMu.RUnlock()
		if ok {
			parts = append(parts, "Declared in a cell:\n\n"+src)
		}
	}
	if len(parts) == 0 {
		return nil, false
	}
	return map[string]any{"text/plain": strings.Join(parts, "\n\n")}, true
}

// isPackageName reports whether name refers to a package in cells.
func (s *Session) isPackageName(name string) bool {
	_, ok := s.packageOf(name)
	return ok
}

func (s *Session) isName(n string) bool {
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	return s.names[n]
}

// describe shows a live variable as IPython's `x?` does: type and value.
func describe(name string, v reflect.Value) string {
	typ := v.Type().String()
	val := "<unprintable>"
	if v.CanInterface() {
		func() {
			defer func() { recover() }() // a String method of a cell may panic
			val = bundleOf(v.Interface())["text/plain"].(string)
		}()
	}
	if len(val) > 2000 {
		val = val[:2000] + "..."
	}
	return fmt.Sprintf("Name: %s\nType: %s\nValue: %s", name, typ, val)
}

// Package docs are read from source once per package and kept: inspecting is
// interactive, parsing a package takes milliseconds.
var (
	docMu    sync.Mutex
	docCache = map[string]*pkgDoc{}
)

// pkgDoc is a package's documentation and the file set its declarations
// were parsed in, needed to print them.
type pkgDoc struct {
	*doc.Package
	fset *token.FileSet
}

// packageDoc parses the documentation of the package at path, found in
// GOROOT for the standard library and in this module's source tree for the
// project's packages. nil when the source is not on this machine.
func packageDoc(path string) *pkgDoc {
	docMu.Lock()
	defer docMu.Unlock()
	if d, ok := docCache[path]; ok {
		return d
	}
	var d *pkgDoc
	if dir := sourceDir(path); dir != "" {
		d = parseDocDir(dir, path)
	}
	docCache[path] = d
	return d
}

func parseDocDir(dir, path string) *pkgDoc {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	fset := token.NewFileSet()
	var files []*ast.File
	for _, e := range entries {
		n := e.Name()
		if !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			continue
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil
	}
	d, err := doc.NewFromFiles(fset, files, path)
	if err != nil {
		return nil
	}
	return &pkgDoc{d, fset}
}

// declString prints a declaration without its body.
func declString(fset *token.FileSet, decl ast.Node) string {
	if fd, ok := decl.(*ast.FuncDecl); ok {
		c := *fd
		c.Body, c.Doc = nil, nil
		decl = &c
	}
	if gd, ok := decl.(*ast.GenDecl); ok {
		c := *gd
		c.Doc = nil
		decl = &c
	}
	var b strings.Builder
	if err := printer.Fprint(&b, fset, decl); err != nil {
		return ""
	}
	return b.String()
}

const modulePath = "github.com/gograd/gograd"

// sourceDir finds a package's source: this module's tree is where this file
// was compiled from (the kernel runs on the machine that built it), the
// standard library is in GOROOT.
func sourceDir(path string) string {
	if dir := importedSourceDir(path); dir != "" {
		return dir
	}
	if rest, ok := strings.CutPrefix(path, modulePath); ok {
		_, self, _, ok := runtime.Caller(0)
		if !ok {
			return ""
		}
		root := filepath.Dir(filepath.Dir(filepath.Dir(self))) // kernel/session/inspect.go
		return filepath.Join(root, filepath.FromSlash(rest))
	}
	if strings.Contains(strings.Split(path, "/")[0], ".") {
		return ""
	}
	goroot := os.Getenv("GOROOT")
	if goroot == "" {
		goroot = runtime.GOROOT()
	}
	return filepath.Join(goroot, "src", filepath.FromSlash(path))
}

// symbolDoc renders the declaration and doc of name in the package at path,
// or of its method or field member when member is not empty.
func symbolDoc(path, name, member string) string {
	d := packageDoc(path)
	if d == nil {
		return ""
	}
	fset := d.fset
	show := func(decl ast.Node, comment string) string {
		var b strings.Builder
		b.WriteString(declString(fset, decl))
		if comment != "" {
			b.WriteString("\n\n" + strings.TrimSpace(comment))
		}
		return b.String()
	}
	if member == "" {
		for _, f := range d.Funcs {
			if f.Name == name {
				return show(f.Decl, f.Doc)
			}
		}
	}
	for _, t := range d.Types {
		if member == "" {
			for _, f := range t.Funcs {
				if f.Name == name {
					return show(f.Decl, f.Doc)
				}
			}
			if t.Name == name {
				return show(t.Decl, t.Doc)
			}
			continue
		}
		if t.Name != name {
			continue
		}
		for _, m := range t.Methods {
			if m.Name == member {
				return show(m.Decl, m.Doc)
			}
		}
	}
	if member != "" {
		return ""
	}
	for _, vs := range [][]*doc.Value{d.Consts, d.Vars} {
		for _, v := range vs {
			for _, n := range v.Names {
				if n == name {
					return show(v.Decl, v.Doc)
				}
			}
		}
	}
	for _, t := range d.Types {
		for _, vs := range [][]*doc.Value{t.Consts, t.Vars} {
			for _, v := range vs {
				for _, n := range v.Names {
					if n == name {
						return show(v.Decl, v.Doc)
					}
				}
			}
		}
	}
	return ""
}
