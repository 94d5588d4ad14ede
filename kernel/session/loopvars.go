package session

import (
	"go/ast"
	"go/token"
	"go/types"
)

// yaegi v0.16.1 gives a variable defined in a loop's body (`a := f()`) a new
// place at every iteration (reflect.New), so that a closure that captured an
// earlier iteration's variable keeps it. A variable nothing captures needs no
// new place: hoistLoopVars declares it once, before the loop, and the
// definition becomes an assignment:
//
//	for i := 0; i < n; i++ {        {
//		a := x.Mul(w)                   var a *autograd.Tensor
//		a.Backward()         ->          for i := 0; i < n; i++ {
//	}                                      a = x.Mul(w)
//	                                       a.Backward()
//	                                     }
//	                                 }
//
// A variable is hoisted only when the program cannot tell: defined by a
// statement directly in the loop's body, not referred to by a function
// literal or an address-of (&a, or a method with a pointer receiver called
// on it) anywhere in the loop, its name meaning nothing else anywhere in the
// loop statement (so the declaration shadows nothing), and its type one a
// cell can write (a pointer, a basic type, a slice or map of those, a named
// type of a package or of the cells). Each iteration assigns it before any
// use, as the definition did.

// hoistLoopVars rewrites the loops under root and returns the function that
// puts them back.
func (s *Session) hoistLoopVars(root ast.Node, info *types.Info) (undo func()) {
	var undos undoList
	undo = undos.run
	if info == nil {
		return undo
	}
	rewrite := func(list []ast.Stmt) {
		for i, st := range list {
			loop := st
			if l, ok := st.(*ast.LabeledStmt); ok {
				loop = l.Stmt
			}
			var body *ast.BlockStmt
			switch l := loop.(type) {
			case *ast.ForStmt:
				body = l.Body
			case *ast.RangeStmt:
				body = l.Body
			default:
				continue
			}
			decls, restore := s.loopVars(st, body, info)
			if len(decls) == 0 {
				continue
			}
			list[i] = &ast.BlockStmt{Lbrace: st.Pos(), List: append(decls, st), Rbrace: st.End()}
			undos = append(undos, func() { list[i] = st; restore() })
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			rewrite(n.List)
		case *ast.CaseClause:
			rewrite(n.Body)
		case *ast.CommClause:
			rewrite(n.Body)
		}
		return true
	})
	return undo
}

// loopVars turns the hoistable definitions of body (of loop statement st)
// into assignments and returns the declarations to put before the loop,
// with the function that undoes the change.
func (s *Session) loopVars(st ast.Stmt, body *ast.BlockStmt, info *types.Info) ([]ast.Stmt, func()) {
	// What the loop statement does with each name: the variables it refers to
	// by the name, and which of them escape.
	objs := map[string]map[types.Object]bool{}
	escapes := map[types.Object]bool{}
	var visit func(n ast.Node, inLit bool) bool
	visit = func(n ast.Node, inLit bool) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n.Body, func(m ast.Node) bool { return visit(m, true) })
			ast.Inspect(n.Type, func(m ast.Node) bool { return visit(m, true) })
			return false
		case *ast.Ident:
			obj := info.Uses[n]
			if obj == nil {
				obj = info.Defs[n]
			}
			if obj == nil {
				return true
			}
			if objs[n.Name] == nil {
				objs[n.Name] = map[types.Object]bool{}
			}
			objs[n.Name][obj] = true
			if inLit {
				escapes[obj] = true
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					escapes[info.Uses[id]] = true
				}
			}
		case *ast.SelectorExpr:
			// a method with a pointer receiver, called on a variable of
			// the value type, takes its address
			if sel := info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if _, ptr := sel.Recv().(*types.Pointer); !ptr {
						if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
							if _, ptrRecv := sig.Recv().Type().(*types.Pointer); ptrRecv {
								escapes[info.Uses[id]] = true
							}
						}
					}
				}
			}
		}
		return true
	}
	ast.Inspect(st, func(n ast.Node) bool { return visit(n, false) })

	var decls []ast.Stmt
	var undos []func()
	for _, b := range body.List {
		as, ok := b.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE {
			continue
		}
		var vars []*types.Var
		hoistable := true
		for _, l := range as.Lhs {
			id := l.(*ast.Ident)
			v, isNew := info.Defs[id].(*types.Var)
			if id.Name == "_" || !isNew {
				continue // blank, or an outer variable assigned
			}
			if escapes[v] || len(objs[id.Name]) != 1 || s.typeNode(v.Type(), as.Pos()) == nil {
				hoistable = false
				break
			}
			vars = append(vars, v)
		}
		if !hoistable || len(vars) == 0 {
			continue
		}
		for _, v := range vars {
			decls = append(decls, &ast.DeclStmt{Decl: &ast.GenDecl{
				TokPos: st.Pos(), Tok: token.VAR,
				Specs: []ast.Spec{&ast.ValueSpec{
					Names: []*ast.Ident{{Name: v.Name(), NamePos: st.Pos()}},
					Type:  s.typeNode(v.Type(), st.Pos()),
				}},
			}})
		}
		as.Tok = token.ASSIGN
		undos = append(undos, func() { as.Tok = token.DEFINE })
	}
	return decls, func() {
		for _, u := range undos {
			u()
		}
	}
}

// typeNode is t written as a cell would write it, nil if it cannot be (or
// is not one of the kinds hoistLoopVars takes).
func (s *Session) typeNode(t types.Type, pos token.Pos) ast.Expr {
	switch t := t.(type) {
	case *types.Basic:
		if t.Info()&types.IsUntyped != 0 || t.Kind() == types.UnsafePointer {
			return nil
		}
		return &ast.Ident{Name: t.Name(), NamePos: pos}
	case *types.Pointer:
		if e := s.typeNode(t.Elem(), pos); e != nil {
			return &ast.StarExpr{Star: pos, X: e}
		}
	case *types.Slice:
		if e := s.typeNode(t.Elem(), pos); e != nil {
			return &ast.ArrayType{Lbrack: pos, Elt: e}
		}
	case *types.Map:
		k, v := s.typeNode(t.Key(), pos), s.typeNode(t.Elem(), pos)
		if k != nil && v != nil {
			return &ast.MapType{Map: pos, Key: k, Value: v}
		}
	case *types.Named:
		obj := t.Obj()
		if t.TypeArgs().Len() > 0 || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
			return nil // predeclared (error), generic, or local to a function
		}
		if obj.Pkg().Path() == "main" {
			return &ast.Ident{Name: obj.Name(), NamePos: pos}
		}
		if !obj.Exported() {
			return nil
		}
		s.namesMu.RLock()
		defer s.namesMu.RUnlock()
		for name, path := range s.pkgs {
			if path == obj.Pkg().Path() && !s.names[name] {
				return &ast.SelectorExpr{X: &ast.Ident{Name: name, NamePos: pos}, Sel: &ast.Ident{Name: obj.Name(), NamePos: pos}}
			}
		}
	}
	return nil
}

// undoList is what a rewrite changed, as functions that put it back.
type undoList []func()

// run puts back what the list holds, the latest change first, and empties it.
func (u *undoList) run() {
	for i := len(*u) - 1; i >= 0; i-- {
		(*u)[i]()
	}
	*u = nil
}
