package session

import (
	"fmt"

	"github.com/traefik/yaegi/interp"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// A cell is type-checked by go/types, segment by segment in the order it will
// run, against the compiled packages' symbol tables (binImporter) and the
// top-level names of the cells before: a type error anywhere in the cell is
// a CompileError, with its line and column, before any line runs. yaegi
// checks too, but later (a segment at a time) and not everything: it lets a
// wrong type in a variadic argument through to run time.
//
// The check also gives every top-level definition its type, which is what
// lets a cell's top-level code run inside a function (see hoist).

// typeState is what the checks of all cells share.
type typeState struct {
	imp *binImporter
	// objs are the top-level names of the session as go/types knows them:
	// functions, types and constants, and variables (those a statement
	// defined included, as package-level variables).
	objs map[string]types.Object
	// escaped are the names a function body, a function literal or an
	// address-of refers to. Such a variable may be held on to by something
	// that outlives its cell, so a redefinition makes a new variable (as
	// in Go) instead of assigning the old one.
	escaped map[string]bool
	// main is the package of the variables top-level statements define.
	main *types.Package
}

// checked is a segment's check: its info, or why there is none.
type checked struct {
	info *types.Info
	pkg  *types.Package
	// defs are the variables the segment's top-level statements define,
	// by statement, in order.
	defs map[ast.Stmt][]*types.Var
	err  *cellErr // a type error of the segment
}

func (s *Session) typesTables(path string) (string, map[string]reflect.Value, bool) {
	if path == rtPath {
		return rtName, s.rtSyms, true
	}
	if path == ptrPath {
		return ptrPath, nil, true
	}
	if syms, ok := s.bin[path]; ok {
		return s.binNames[path], syms, true
	}
	// A package imported from source is checked from its source
	// (import_types.go): yaegi's Symbols would wrap its generic functions,
	// which it cannot.
	if s.imp.fs.Dir(path) != "" {
		return "", nil, false
	}
	// A symbol table given to the interpreter some other way.
	if syms, ok := s.in.Symbols(path)[path]; ok {
		return path[strings.LastIndex(path, "/")+1:], syms, true
	}
	return "", nil, false
}

// checkCell type-checks the segments of a cell. The objects each segment
// defines are visible to the next, as when they run; they reach the session
// (commitTypes) only when the segment has run.
func (s *Session) checkCell(segs []parsed) ([]checked, *cellErr) {
	objs := make(map[string]types.Object, len(s.types.objs))
	for k, v := range s.types.objs {
		objs[k] = v
	}
	imports := s.knownImports()
	out := make([]checked, len(segs))
	for i := range segs {
		seg := &segs[i]
		c := s.checkSegment(seg, objs, imports)
		out[i] = c
		if c.err != nil {
			return out, c.err
		}
		s.addObjects(objs, seg, seg.body, c)
		if seg.decl {
			for _, imp := range importKeys(seg.file) {
				imports[imp] = true
			}
		}
	}
	return out, nil
}

// knownImports are the "name path" imports the cells' file has.
func (s *Session) knownImports() map[string]bool {
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	m := make(map[string]bool, len(s.imports))
	for k := range s.imports {
		m[k] = true
	}
	return m
}

func importKeys(f *ast.File) []string {
	var keys []string
	for _, is := range f.Imports {
		path, _ := strconv.Unquote(is.Path.Value)
		name := path[strings.LastIndex(path, "/")+1:]
		if is.Name != nil {
			name = is.Name.Name
		}
		keys = append(keys, name+" "+path)
	}
	return keys
}

// checkFunc is the function a statement segment is checked as the body of.
const checkFunc = "_ggcheck"

func (s *Session) checkSegment(seg *parsed, objs map[string]types.Object, imports map[string]bool) checked {
	// The file: the imports the cells' file has, then the segment's
	// declarations, or its statements as a function's body.
	declared := map[string]bool{}
	var decls []ast.Decl
	if seg.decl {
		for _, d := range seg.file.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					declared[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, sp := range d.Specs {
					switch sp := sp.(type) {
					case *ast.TypeSpec:
						declared[sp.Name.Name] = true
					case *ast.ValueSpec:
						for _, n := range sp.Names {
							declared[n.Name] = true
						}
					case *ast.ImportSpec:
						declared[importName(sp)] = true
					}
				}
			}
		}
	}
	var specs []ast.Spec
	var keys []string
	for k := range imports {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		name, path, _ := strings.Cut(k, " ")
		if objs[name] != nil || declared[name] {
			continue // a cell's name hides the package
		}
		specs = append(specs, &ast.ImportSpec{Name: ast.NewIdent(name), Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(path)}})
	}
	if len(specs) > 0 {
		decls = append(decls, &ast.GenDecl{Tok: token.IMPORT, Specs: specs})
	}
	if seg.decl {
		for _, d := range seg.file.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
				if base := typeName(fd.Recv.List[0].Type); !declared[base] {
					if tn, ok := objs[base].(*types.TypeName); ok {
						if n, ok := tn.Type().(*types.Named); ok {
							// A method for a type of an earlier cell.
							d = s.foreignMethod(fd, n, decls)
						}
					}
				}
			}
			decls = append(decls, d)
		}
	} else {
		decls = append(decls, &ast.FuncDecl{
			Name: ast.NewIdent(checkFunc),
			Type: &ast.FuncType{Params: &ast.FieldList{}},
			Body: seg.body,
		})
	}
	file := &ast.File{Name: ast.NewIdent("main"), Decls: decls}

	pkg := types.NewPackage("main", "main")
	for name, obj := range objs {
		if !declared[name] {
			pkg.Scope().Insert(obj)
		}
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Scopes:     map[ast.Node]*types.Scope{},
	}
	var errs []types.Error
	conf := types.Config{
		Importer: s.types.imp,
		Error:    func(err error) { errs = append(errs, err.(types.Error)) },
	}
	types.NewChecker(&conf, s.in.FileSet(), pkg, info).Files([]*ast.File{file})
	c := checked{info: info, pkg: pkg, defs: map[ast.Stmt][]*types.Var{}}
	var last ast.Expr
	if !seg.decl && len(seg.body.List) > 0 {
		if es, ok := seg.body.List[len(seg.body.List)-1].(*ast.ExprStmt); ok {
			last = es.X
		}
	}
	for _, e := range errs {
		if strings.Contains(e.Msg, "could not import") {
			// A package the checker cannot see (one yaegi reads from
			// source, say): the segment runs unchecked, as yaegi takes it,
			// and any name its functions mention may be held by them.
			var root ast.Node = seg.body
			if seg.decl {
				root = seg.file
			}
			s.types.noteEscapes(root, nil, nil)
			return checked{}
		}
	}
	for _, e := range errs {
		if !ignorable(e, last) {
			pos := s.in.FileSet().Position(e.Pos)
			c.err = &cellErr{name: "CompileError",
				value: fmt.Sprintf("line %d:%d: %s", cellLine(pos.Line), pos.Column, e.Msg),
				lines: []int{cellLine(pos.Line)}}
			return c
		}
	}
	// A variable is top-level when the package declares it or, in a
	// statement segment, the function the statements are checked in.
	var fnScope *types.Scope
	if !seg.decl {
		fnScope = info.Scopes[decls[len(decls)-1].(*ast.FuncDecl).Type]
	}
	top := func(v *types.Var) bool { return v.Parent() == pkg.Scope() || (fnScope != nil && v.Parent() == fnScope) }
	if seg.decl {
		s.types.noteEscapes(seg.file, info, top)
		return c
	}
	s.types.noteEscapes(seg.body, info, top)
	for _, st := range seg.body.List {
		c.defs[st] = definedVars(st, info)
	}
	return c
}

func importName(sp *ast.ImportSpec) string {
	if sp.Name != nil {
		return sp.Name.Name
	}
	path, _ := strconv.Unquote(sp.Path.Value)
	return path[strings.LastIndex(path, "/")+1:]
}

// ignorable are the type errors that are no errors in a cell: unused
// variables and imports (a cell's variables live on, its imports are the
// session's), the value of the cell's last expression (it is shown), a
// top-level name defined twice in one cell, and unkeyed literals of an
// earlier cell's struct types.
func ignorable(e types.Error, last ast.Expr) bool {
	if e.Soft {
		return true
	}
	switch {
	case strings.Contains(e.Msg, "no new variables on left side of :="),
		// go/types compares packages by identity here, and each segment's
		// check is a package of its own.
		strings.Contains(e.Msg, "implicit assignment to unexported field"):
		return true
	case last != nil && e.Pos >= last.Pos() && e.Pos < last.End() && strings.HasSuffix(e.Msg, "is not used"):
		return true
	}
	return false
}

// foreignMethod handles a method a cell declares for a type of an earlier
// cell, which go/types, checking a package of its own, would not let it
// declare: its signature, checked alone, is added to the type's methods, and
// the method is checked as a function taking the receiver as its first
// parameter. imports are the declarations the signature may need.
func (s *Session) foreignMethod(fd *ast.FuncDecl, n *types.Named, imports []ast.Decl) *ast.FuncDecl {
	recv := fd.Recv.List[0]
	names := recv.Names
	if len(names) == 0 {
		names = []*ast.Ident{ast.NewIdent("_")}
	}
	params := &ast.FieldList{List: append([]*ast.Field{{Names: names, Type: recv.Type}}, fd.Type.Params.List...)}
	typ := &ast.FuncType{Func: fd.Type.Func, Params: params, Results: fd.Type.Results}
	fn := &ast.FuncDecl{Name: &ast.Ident{Name: "_ggm_" + fd.Name.Name, NamePos: fd.Name.Pos()}, Type: typ, Body: fd.Body}

	has := false
	for i := range n.NumMethods() {
		has = has || n.Method(i).Name() == fd.Name.Name
	}
	if has {
		return fn
	}
	pkg := types.NewPackage("main", "main")
	for _, obj := range s.types.objs {
		pkg.Scope().Insert(obj)
	}
	sigDecl := &ast.FuncDecl{Name: ast.NewIdent("_ggsig"), Type: typ}
	info := &types.Info{Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{Importer: s.types.imp, Error: func(error) {}}
	file := &ast.File{Name: ast.NewIdent("main"), Decls: append(append([]ast.Decl(nil), imports...), sigDecl)}
	types.NewChecker(&conf, s.in.FileSet(), pkg, info).Files([]*ast.File{file})
	f, ok := info.Defs[sigDecl.Name].(*types.Func)
	if !ok {
		return fn
	}
	sig := f.Type().(*types.Signature)
	var rest []*types.Var
	for i := 1; i < sig.Params().Len(); i++ {
		rest = append(rest, sig.Params().At(i))
	}
	if sig.Params().Len() == 0 {
		return fn
	}
	msig := types.NewSignatureType(sig.Params().At(0), nil, nil, types.NewTuple(rest...), sig.Results(), sig.Variadic())
	n.AddMethod(types.NewFunc(fd.Name.Pos(), n.Obj().Pkg(), fd.Name.Name, msig))
	return fn
}

// definedVars are the variables a top-level statement defines, nil if it
// defines none.
func definedVars(st ast.Stmt, info *types.Info) []*types.Var {
	var ids []*ast.Ident
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok != token.DEFINE {
			return nil
		}
		for _, l := range st.Lhs {
			if id, ok := l.(*ast.Ident); ok {
				ids = append(ids, id)
			}
		}
	case *ast.DeclStmt:
		g, ok := st.Decl.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			return nil
		}
		for _, sp := range g.Specs {
			ids = append(ids, sp.(*ast.ValueSpec).Names...)
		}
	default:
		return nil
	}
	var vs []*types.Var
	for _, id := range ids {
		if v, ok := info.Defs[id].(*types.Var); ok {
			vs = append(vs, v)
		}
	}
	return vs
}

// addObjects records what a checked segment defines at top level.
func (s *Session) addObjects(objs map[string]types.Object, seg *parsed, body *ast.BlockStmt, c checked) {
	if c.info == nil {
		// Unchecked: the names are there, of a type the checker does not
		// know, which keeps it from reporting errors about them.
		invalid := types.Typ[types.Invalid]
		if seg.decl {
			for _, d := range seg.file.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					if d.Recv == nil {
						objs[d.Name.Name] = types.NewVar(d.Pos(), s.types.main, d.Name.Name, invalid)
					}
				case *ast.GenDecl:
					for _, sp := range d.Specs {
						switch sp := sp.(type) {
						case *ast.TypeSpec:
							objs[sp.Name.Name] = types.NewTypeName(sp.Pos(), s.types.main, sp.Name.Name, invalid)
						case *ast.ValueSpec:
							for _, n := range sp.Names {
								objs[n.Name] = types.NewVar(n.Pos(), s.types.main, n.Name, invalid)
							}
						}
					}
				}
			}
			return
		}
		for _, st := range body.List {
			for _, n := range definedNames(st) {
				objs[n] = types.NewVar(st.Pos(), s.types.main, n, invalid)
			}
		}
		return
	}
	if seg.decl {
		for _, name := range c.pkg.Scope().Names() {
			if obj := c.pkg.Scope().Lookup(name); obj.Pos().IsValid() {
				objs[name] = obj
			}
		}
		return
	}
	for _, st := range body.List {
		for _, v := range c.defs[st] {
			if v.Name() != "_" {
				// In the session's package, not the check's: that one would
				// stay reachable, with everything it saw, through the
				// variable.
				objs[v.Name()] = types.NewVar(v.Pos(), s.types.main, v.Name(), v.Type())
			}
		}
	}
}

// definedNames are the names a top-level statement defines, read from the
// source alone.
func definedNames(st ast.Stmt) []string {
	var names []string
	switch st := st.(type) {
	case *ast.AssignStmt:
		if st.Tok == token.DEFINE {
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id.Name)
				}
			}
		}
	case *ast.DeclStmt:
		if g, ok := st.Decl.(*ast.GenDecl); ok {
			for _, sp := range g.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						names = append(names, n.Name)
					}
				}
			}
		}
	case *ast.LabeledStmt:
		return definedNames(st.Stmt)
	}
	return names
}

// commitTypes makes a segment's objects the session's, once it has run;
// body holds its statements as written.
func (s *Session) commitTypes(seg *parsed, body *ast.BlockStmt, c checked) {
	s.addObjects(s.types.objs, seg, body, c)
}

// noteEscapes adds to the escaped names the session's top-level variables
// that a segment lets something outlive its run: those a function or a
// function literal refers to (a local of the same name does not count), whose
// address is taken, or whose pointer method is taken or called. top tells a
// top-level variable from a local one. Without info (an unchecked segment)
// every name a function mentions escapes.
func (t *typeState) noteEscapes(root ast.Node, info *types.Info, top func(*types.Var) bool) {
	escape := func(id *ast.Ident) {
		if info == nil { // unchecked: by name
			t.escaped[id.Name] = true
		} else if v, ok := info.Uses[id].(*types.Var); ok && !v.IsField() && top(v) {
			t.escaped[v.Name()] = true
		}
	}
	var walk func(n ast.Node, inFunc bool)
	walk = func(n ast.Node, inFunc bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Body != nil {
					walk(n.Body, true)
				}
				return false
			case *ast.FuncLit:
				walk(n.Body, true)
				return false
			case *ast.Ident:
				if inFunc {
					escape(n)
				}
			case *ast.UnaryExpr:
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
					escape(id)
				}
			case *ast.SelectorExpr:
				if info == nil {
					break
				}
				sel := info.Selections[n]
				id, ok := ast.Unparen(n.X).(*ast.Ident)
				if sel == nil || !ok || sel.Kind() != types.MethodVal {
					break
				}
				recv := sel.Obj().(*types.Func).Type().(*types.Signature).Recv()
				_, ptrRecv := recv.Type().(*types.Pointer)
				_, ptrX := sel.Recv().Underlying().(*types.Pointer)
				if ptrRecv && !ptrX {
					escape(id) // x.M with M on *T takes &x
				}
			}
			return true
		})
	}
	walk(root, false)
}

// typeSource writes t as source the cells' file compiles, or reports that it
// cannot: a package the file does not import, an unexported type or field of
// a compiled package.
func (s *Session) typeSource(t types.Type, imports map[string]bool) (string, bool) {
	ok := true
	byPath := map[string]string{}
	for k := range imports {
		name, path, _ := strings.Cut(k, " ")
		if s.types.objs[name] == nil {
			byPath[path] = name
		}
	}
	if !writable(t, map[types.Type]bool{}) {
		return "", false
	}
	if name := s.ptrType(t); name != "" {
		return ptrPath + "." + name, true
	}
	src := types.TypeString(t, func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		name, found := byPath[p.Path()]
		ok = ok && found
		return name
	})
	return src, ok
}

// ptrPath is the package of the pointer types ptrType declares.
const ptrPath = "_ggptr"

// ptrType names *T, for a type T of a compiled package, as a type of the
// pointer types package, which it adds to the package the first time, and
// returns "" for any other type. yaegi types a variable declared `var x
// *pkg.T` otherwise than one defined from a call (`x := pkg.New()`), and
// gets the former wrong: a method value of it (`f(x.Method)`) keeps the
// receiver among its parameters. A variable declared with the pointer type
// itself, from the symbol table, is typed as the call's result is.
func (s *Session) ptrType(t types.Type) string {
	p, ok := t.(*types.Pointer)
	if !ok {
		return ""
	}
	n, ok := p.Elem().(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() == "main" || n.TypeArgs().Len() > 0 {
		return ""
	}
	path, name := n.Obj().Pkg().Path(), n.Obj().Name()
	v, ok := s.bin[path][name]
	if !ok || v.Kind() != reflect.Pointer || !v.IsNil() {
		return ""
	}
	alias := "P_" + strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(path) + "_" + name
	if _, done := s.ptrSyms[alias]; !done {
		// The symbol table's convention: a type is a nil pointer to it.
		typ := reflect.Zero(reflect.PointerTo(reflect.PointerTo(v.Type().Elem())))
		if err := s.in.Use(interp.Exports{ptrPath + "/" + ptrPath: {alias: typ}}); err != nil {
			return ""
		}
		s.ptrSyms[alias] = typ
	}
	return alias
}

// writable reports whether a cell can write t: no unexported name of a
// compiled package in it, nothing untyped or invalid.
func writable(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Basic:
		return t.Info()&types.IsUntyped == 0 && t.Kind() != types.Invalid
	case *types.Named:
		if t.TypeArgs().Len() > 0 {
			return false
		}
		obj := t.Obj()
		return obj.Pkg() == nil || obj.Pkg().Path() == "main" || obj.Exported()
	case *types.Pointer:
		return writable(t.Elem(), seen)
	case *types.Slice:
		return writable(t.Elem(), seen)
	case *types.Array:
		return writable(t.Elem(), seen)
	case *types.Map:
		return writable(t.Key(), seen) && writable(t.Elem(), seen)
	case *types.Chan:
		return writable(t.Elem(), seen)
	case *types.Signature:
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for i := range tup.Len() {
				if !writable(tup.At(i).Type(), seen) {
					return false
				}
			}
		}
		return true
	case *types.Struct:
		for i := range t.NumFields() {
			f := t.Field(i)
			if (!f.Exported() && f.Pkg() != nil && f.Pkg().Path() != "main") || !writable(f.Type(), seen) {
				return false
			}
		}
		return true
	case *types.Interface:
		for i := range t.NumExplicitMethods() {
			m := t.ExplicitMethod(i)
			if !m.Exported() && m.Pkg() != nil && m.Pkg().Path() != "main" {
				return false
			}
		}
		return true
	case *types.Alias:
		return writable(types.Unalias(t), seen)
	}
	return false
}

// hoist lets a statement segment's top-level code run inside a function, as
// all of it then does: each definition becomes a top-level declaration
// without a value (`var x T`, compiled alone, so that yaegi's global frame
// gets the variable's slot and nothing else) and an assignment in the
// function. yaegi gives every value computed in its global scope a slot of
// the global frame that lives as long as the session: a re-run `x := f()`
// there would keep each old result in a slot of its own.
//
// A definition of a name the session has, with an identical type, assigns
// the old variable unless the name escaped (noteEscapes), so that a re-run
// cell's old value becomes garbage; otherwise the definition declares a new
// variable, as Go would, and the old one's value is released (release) when
// nothing can refer to it any more.
//
// It returns the declarations' source, the names to release before they are
// compiled, and false when a definition's type cannot be written in the cell
// (the segment then runs its definitions at top level, as before).
func (s *Session) hoist(seg *parsed, c checked) (decls, release []string, ok bool) {
	if c.info == nil {
		return nil, nil, false
	}
	imports := s.knownImports()
	known := map[string]types.Type{}
	for name, obj := range s.types.objs {
		if v, ok := obj.(*types.Var); ok {
			known[name] = v.Type()
		}
	}
	// The declarations are compiled before any statement runs: a new
	// variable for a name the session has would be seen by a use of the old
	// one earlier in the segment (`a := float64(a)`). firstUse is where each
	// name is first used.
	firstUse := map[string]token.Pos{}
	ast.Inspect(seg.body, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && c.info.Uses[id] != nil {
			if p, seen := firstUse[id.Name]; !seen || id.Pos() < p {
				firstUse[id.Name] = id.Pos()
			}
		}
		return true
	})
	var at ast.Stmt // the statement being hoisted
	define := func(v *types.Var, fresh bool) bool {
		name := v.Name()
		if name == "_" {
			return true
		}
		old, had := known[name]
		if had && !fresh && !s.types.escaped[name] && types.Identical(old, v.Type()) {
			return true
		}
		if p, used := firstUse[name]; had && used && p < at.End() {
			return false
		}
		src, ok := s.typeSource(v.Type(), imports)
		if !ok {
			return false
		}
		decls = append(decls, "var "+name+" "+src)
		if had && !s.types.escaped[name] {
			release = append(release, name)
		}
		known[name] = v.Type()
		return true
	}
	var list []ast.Stmt
	for _, st := range seg.body.List {
		at = st
		vs := c.defs[st]
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				break
			}
			for _, v := range vs {
				if !define(v, false) {
					return nil, nil, false
				}
			}
			list = append(list, &ast.AssignStmt{Lhs: st.Lhs, TokPos: st.TokPos, Tok: token.ASSIGN, Rhs: st.Rhs})
			continue
		case *ast.DeclStmt:
			byName := map[*ast.Ident]*types.Var{}
			for _, v := range vs {
				for _, sp := range st.Decl.(*ast.GenDecl).Specs {
					for _, id := range sp.(*ast.ValueSpec).Names {
						if c.info.Defs[id] == v {
							byName[id] = v
						}
					}
				}
			}
			for _, sp := range st.Decl.(*ast.GenDecl).Specs {
				vsp := sp.(*ast.ValueSpec)
				var lhs []ast.Expr
				for _, id := range vsp.Names {
					v := byName[id]
					if v == nil {
						return nil, nil, false
					}
					// `var x T` without a value sets x to T's zero value: a
					// new variable gives it.
					if !define(v, len(vsp.Values) == 0) {
						return nil, nil, false
					}
					lhs = append(lhs, id)
				}
				if len(vsp.Values) > 0 {
					list = append(list, &ast.AssignStmt{Lhs: lhs, TokPos: vsp.Pos(), Tok: token.ASSIGN, Rhs: vsp.Values})
				}
			}
			continue
		case *ast.LabeledStmt:
			if isDefinition(st) {
				return nil, nil, false
			}
		}
		list = append(list, st)
	}
	seg.body.List = list
	return decls, release, true
}
