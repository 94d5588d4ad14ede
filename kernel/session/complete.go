package session

import (
	"go/ast"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Complete offers the names that can replace the identifier before cursor:
// after `pkg.` the package's exported members, after `x.` (x a live variable,
// or a chain of its fields) its fields and methods, otherwise the cell's
// names in scope, packages, keywords and builtins. cursor, start and end count
// runes, as the protocol does.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	off := runeToByte(code, cursor)
	if m, n := completeMagic(code[:off]); m != nil {
		return m, cursor - utf8.RuneCountInString(n), cursor
	}
	word, _ := wordBefore(code, off)
	start = cursor - utf8.RuneCountInString(word)
	var cands []string
	if dot := off - len(word) - 1; dot >= 0 && code[dot] == '.' {
		if ops := parseChain(code, dot); ops != nil {
			cands = s.chainMembers(ops)
		}
	} else {
		cands = s.scopeNames()
	}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, word) && !seen[c] {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return matches, start, cursor
}

// completeMagic offers the magics a line's %name or %%name (at the start of
// the line) may be, and returns that word.
func completeMagic(before string) ([]string, string) {
	line := before[strings.LastIndex(before, "\n")+1:]
	word := strings.TrimLeft(line, " \t")
	if !strings.HasPrefix(word, "%") || strings.ContainsAny(word, " \t") {
		return nil, ""
	}
	cell := strings.HasPrefix(word, "%%")
	prefix := "%"
	if cell {
		prefix = "%%"
	}
	matches := []string{}
	for _, n := range magicNames(cell) {
		if strings.HasPrefix(prefix+n, word) {
			matches = append(matches, prefix+n)
		}
	}
	return matches, word
}

// wordBefore returns the identifier prefix ending at off and, when it follows
// a dot, the dotted identifiers before it (`a.b.` gives [a b]).
func wordBefore(code string, off int) (word string, qual []string) {
	i := off
	for i > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:i])
		if !isIdentRune(r) {
			break
		}
		i -= n
	}
	word = code[i:off]
	for i > 0 && code[i-1] == '.' {
		j := i - 1
		k := j
		for k > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:k])
			if !isIdentRune(r) {
				break
			}
			k -= n
		}
		if k == j {
			break
		}
		qual = append([]string{code[k:j]}, qual...)
		i = k
	}
	return word, qual
}

// wordAt returns the identifier around off and the dotted identifiers before it.
func wordAt(code string, off int) (word string, qual []string) {
	e := off
	for e < len(code) {
		r, n := utf8.DecodeRuneInString(code[e:])
		if !isIdentRune(r) {
			break
		}
		e += n
	}
	return wordBefore(code, e)
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// runeToByte converts a rune offset into a byte offset in s.
func runeToByte(s string, runes int) int {
	if runes <= 0 {
		return 0
	}
	n := 0
	for i := range s {
		if n == runes {
			return i
		}
		n++
	}
	return len(s)
}

// packagePath finds the import path of a package name a cell can use, or a
// standard library package of that name it could import.
func (s *Session) packagePath(name string) (string, bool) {
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	if p, ok := s.pkgs[name]; ok {
		return p, true
	}
	if _, ok := s.names[name]; ok {
		return "", false // a cell's own name hides any package
	}
	best := ""
	for path := range s.bin {
		if path == name || strings.HasSuffix(path, "/"+name) {
			// math/rand and crypto/rand: prefer the shorter, then the first
			// in order, so that the answer does not depend on map order.
			if best == "" || len(path) < len(best) || len(path) == len(best) && path < best {
				best = path
			}
		}
	}
	if best != "" {
		return best, true
	}
	return "", false
}

// liveValue looks up a global variable and follows field names through it.
// It does not run code: a method call in the chain is not followed.
func (s *Session) liveValue(qual []string) (reflect.Value, bool) {
	if !s.mu.TryLock() {
		return reflect.Value{}, false // a cell is changing the globals
	}
	defer s.mu.Unlock()
	v, ok := s.in.Globals()[qual[0]]
	if !ok {
		return reflect.Value{}, false
	}
	for _, f := range qual[1:] {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return reflect.Value{}, false
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			return reflect.Value{}, false
		}
		v = v.FieldByName(f)
		if !v.IsValid() {
			return reflect.Value{}, false
		}
	}
	return v, true
}

// goKeywords and goBuiltins complete at the start of a name.
var goKeywords = func() []string {
	var k []string
	for t := token.BREAK; t <= token.VAR; t++ {
		if t.IsKeyword() {
			k = append(k, t.String())
		}
	}
	return append(k, "append", "cap", "close", "complex", "copy", "delete", "imag", "len",
		"make", "new", "panic", "print", "println", "real", "recover",
		"bool", "byte", "complex64", "complex128", "error", "float32", "float64",
		"int", "int8", "int16", "int32", "int64", "rune", "string",
		"uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "any",
		"true", "false", "nil", "iota")
}()

// scopeNames are the names a cell can use without a qualifier.
func (s *Session) scopeNames() []string {
	names := append([]string(nil), goKeywords...)
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	for n := range s.pkgs {
		names = append(names, n)
	}
	for n := range s.names {
		names = append(names, n)
	}
	return names
}

// recordNames remembers the top-level names a segment declares: the
// interpreter reports variables, but not functions and types, nor unexported
// names.
func (s *Session) recordNames(p parsed) {
	if p.decl {
		for _, d := range p.file.Decls {
			s.noteSource(p, d)
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					name := d.Name.Name
					if name == userMain {
						name = "main"
					}
					s.names[name] = true
				} else if t := typeName(d.Recv.List[0].Type); t != "" && ast.IsExported(d.Name.Name) {
					s.methods[t] = append(s.methods[t], d.Name.Name)
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						s.names[sp.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							s.names[n.Name] = true
						}
					}
				}
			}
		}
		return
	}
	for _, st := range p.body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok == token.DEFINE {
				for i, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						s.names[id.Name] = true
						if len(st.Lhs) == len(st.Rhs) {
							s.noteType(id.Name, nil, st.Rhs, i)
						} else {
							delete(s.varTypes, id.Name)
						}
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := st.Decl.(*ast.GenDecl); ok {
				for _, sp := range g.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						s.names[sp.Name.Name] = true
					case *ast.ValueSpec:
						for i, n := range sp.Names {
							s.names[n.Name] = true
							s.noteType(n.Name, sp.Type, sp.Values, i)
						}
					}
				}
			}
		}
	}
}

// noteType remembers the type a definition gives a variable when the source
// names it (`var p T`, `p := T{}`, `p := &T{}`). reflect does not see the
// methods of a type a cell declared; completion finds them through this.
func (s *Session) noteType(name string, typ ast.Expr, values []ast.Expr, i int) {
	t := ""
	if typ != nil {
		t = typeName(typ)
	} else if len(values) > i {
		v := values[i]
		if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
			v = u.X
		}
		if cl, ok := v.(*ast.CompositeLit); ok && cl.Type != nil {
			t = typeName(cl.Type)
		}
	}
	if t == "" {
		delete(s.varTypes, name)
		return
	}
	s.varTypes[name] = t
}

// typeName is the name of a type a cell declared, written T or *T.
func typeName(e ast.Expr) string {
	if st, ok := e.(*ast.StarExpr); ok {
		e = st.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// noteSource keeps the source of a function or type a cell declared, for
// Inspect: such names have no package doc to show.
func (s *Session) noteSource(p parsed, d ast.Decl) {
	fset := s.in.FileSet()
	start, end := fset.Position(d.Pos()).Offset, fset.Position(d.End()).Offset
	if start < 0 || end > len(p.src) || start >= end {
		return
	}
	text := strings.ReplaceAll(p.src[start:end], userMain, "main")
	switch d := d.(type) {
	case *ast.FuncDecl:
		name := d.Name.Name
		if name == userMain {
			name = "main"
		}
		if d.Recv == nil {
			s.sources[name] = text
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			if ts, ok := sp.(*ast.TypeSpec); ok {
				s.sources[ts.Name.Name] = text
			}
		}
	}
}
