package session

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// The runtime package every cell sees under the name rtName. It gives rewritten
// code a way back into the kernel: Result receives the value a cell shows,
// GoPanic the value a cell's goroutine panicked with.
const (
	rtName     = "_gograd"
	rtPath     = "_gograd"
	resultFunc = rtName + ".Result"
)

// rewriteGo makes every goroutine the cell starts recover from its panic and
// report it, instead of taking the kernel process down with it. A function
// literal gets the recovering defer as its first statement, which keeps Go's
// evaluation order of the call's arguments. Any other callee is called from a
// literal; its function value and arguments are evaluated into temporaries
// first, as the go statement would, except basic literals, which stay in place
// so that an untyped constant still converts to the parameter's type.
func rewriteGo(root ast.Node, isPkg func(string) bool) {
	done := map[*ast.GoStmt]bool{}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.BlockStmt:
			n.List = rewriteGoList(n.List, done, isPkg)
		case *ast.CaseClause:
			n.Body = rewriteGoList(n.Body, done, isPkg)
		case *ast.CommClause:
			n.Body = rewriteGoList(n.Body, done, isPkg)
		}
		return true
	})
}

func rewriteGoList(list []ast.Stmt, done map[*ast.GoStmt]bool, isPkg func(string) bool) []ast.Stmt {
	for i, s := range list {
		var g *ast.GoStmt
		switch s := s.(type) {
		case *ast.GoStmt:
			g = s
		case *ast.LabeledStmt:
			if gs, ok := s.Stmt.(*ast.GoStmt); ok {
				g = gs
			}
		}
		if g == nil || done[g] {
			continue
		}
		done[g] = true
		if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
			lit.Body.List = append([]ast.Stmt{recoverDefer(g.Pos())}, lit.Body.List...)
			continue
		}
		// go f(a, b)  ->  { _gf, _ga0 := f, a; go func() { defer ...; _gf(_ga0, b) }() }
		var names []ast.Expr
		var values []ast.Expr
		temp := func(e ast.Expr) ast.Expr {
			id := ast.NewIdent("_ggo" + strconv.Itoa(len(names)))
			names = append(names, id)
			values = append(values, e)
			return ast.NewIdent(id.Name)
		}
		call := &ast.CallExpr{Fun: g.Call.Fun, Args: append([]ast.Expr(nil), g.Call.Args...), Ellipsis: g.Call.Ellipsis}
		if !isPackageFunc(call.Fun, isPkg) {
			call.Fun = temp(call.Fun)
		}
		for j, a := range call.Args {
			if !isLiteral(a) {
				call.Args[j] = temp(a)
			}
		}
		lit := &ast.FuncLit{
			Type: &ast.FuncType{Params: &ast.FieldList{}},
			Body: &ast.BlockStmt{List: []ast.Stmt{recoverDefer(g.Pos()), &ast.ExprStmt{X: call}}},
		}
		ng := &ast.GoStmt{Go: g.Go, Call: &ast.CallExpr{Fun: lit}}
		done[ng] = true
		block := &ast.BlockStmt{Lbrace: g.Pos(), Rbrace: g.End()}
		if len(names) > 0 {
			block.List = append(block.List, &ast.AssignStmt{Lhs: names, Tok: token.DEFINE, Rhs: values})
		}
		block.List = append(block.List, ng)
		if ls, ok := s.(*ast.LabeledStmt); ok {
			ls.Stmt = block
		} else {
			list[i] = block
		}
	}
	return list
}

// recoverDefer is `defer func() { if r := recover(); r != nil { _gograd.GoPanic(r) } }()`.
func recoverDefer(pos token.Pos) ast.Stmt {
	r := func() *ast.Ident { return ast.NewIdent("_ggr") }
	return &ast.DeferStmt{Defer: pos, Call: &ast.CallExpr{Fun: &ast.FuncLit{
		Type: &ast.FuncType{Params: &ast.FieldList{}},
		Body: &ast.BlockStmt{List: []ast.Stmt{&ast.IfStmt{
			Init: &ast.AssignStmt{Lhs: []ast.Expr{r()}, Tok: token.DEFINE,
				Rhs: []ast.Expr{&ast.CallExpr{Fun: ast.NewIdent("recover")}}},
			Cond: &ast.BinaryExpr{X: r(), Op: token.NEQ, Y: ast.NewIdent("nil")},
			Body: &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{
				Fun:  &ast.SelectorExpr{X: ast.NewIdent(rtName), Sel: ast.NewIdent("GoPanic")},
				Args: []ast.Expr{r()},
			}}}},
		}}},
	}}}
}

// isPackageFunc is a cheap guess that e names a package-level function
// (`f` or `pkg.F`), whose value need not be evaluated ahead: it cannot change,
// and builtins such as println cannot be stored in a variable at all.
func isPackageFunc(e ast.Expr, isPkg func(string) bool) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		id, ok := e.X.(*ast.Ident)
		return ok && isPkg(id.Name)
	}
	return false
}

// isLiteral reports constant-looking arguments: basic literals, possibly signed.
func isLiteral(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.BasicLit:
		return true
	case *ast.UnaryExpr:
		return isLiteral(e.X)
	case *ast.ParenExpr:
		return isLiteral(e.X)
	}
	return false
}

// wrapResult turns the cell's last expression statement into a call to the
// runtime's Result, so the value reaches the kernel through a function call:
// yaegi then wraps interpreted values in the interfaces registered for Result
// (Displayer, Stringer, error), which it would not do for a returned
// reflect.Value. It returns a function that undoes the change, for the retry
// when the expression turns out to have no value.
func wrapResult(es *ast.ExprStmt) (undo func()) {
	if isResultCall(es) || isPrintCall(es.X) {
		return func() {}
	}
	orig := es.X
	es.X = &ast.CallExpr{
		// Positioned at the expression, which the traceback's line comes from.
		Fun: &ast.SelectorExpr{
			X:   &ast.Ident{Name: rtName, NamePos: orig.Pos()},
			Sel: &ast.Ident{Name: "Result", NamePos: orig.Pos()},
		},
		Lparen: orig.Pos(),
		Args:   []ast.Expr{orig},
		Rparen: orig.End(),
	}
	return func() { es.X = orig }
}

// isResultCall reports whether the expression statement already calls Result
// (a cell ending in an expression list, rewritten before parsing).
func isResultCall(es *ast.ExprStmt) bool {
	c, ok := es.X.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == rtName && sel.Sel.Name == "Result"
}

// isPrintCall reports a call of fmt's printing functions. Their (n, err)
// results are not shown: a cell ending in fmt.Println shows what it printed,
// as a Python cell ending in print() does.
func isPrintCall(e ast.Expr) bool {
	c, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := c.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok || id.Name != "fmt" {
		return false
	}
	switch sel.Sel.Name {
	case "Print", "Printf", "Println", "Fprint", "Fprintf", "Fprintln":
		return true
	}
	return false
}

// groupFunc is the function a cell's top-level statements are declared in.
const groupFunc = "_ggcell"

// splitUnits cuts a statement segment into what yaegi compiles one at a time:
// runs of definitions (`x := ...`, var), which must stay at top level to
// outlive the cell, and runs of other statements, declared as the body of
// groupFunc, which the caller then calls. Two yaegi traits make this worth
// it. Its global scope gets a frame slot for every temporary value compiled
// there, never freed, and the global frame is copied whenever it grows: a
// cell would cost more with each cell before it. And it fails on comma-ok
// forms there (`if v, ok := m[k]; ok` gives "nil type"), where inside a
// function it does not. The statements declare nothing that outlives them,
// so the function changes no meaning (a top-level defer now runs at the end
// of its run of statements).
func splitUnits(body *ast.BlockStmt) []ast.Node {
	var units []ast.Node
	var defs, group []ast.Stmt
	flushDefs := func() {
		if len(defs) > 0 {
			units = append(units, &ast.BlockStmt{Lbrace: defs[0].Pos(), List: defs, Rbrace: defs[len(defs)-1].End()})
			defs = nil
		}
	}
	flushGroup := func() {
		if len(group) == 0 {
			return
		}
		first, last := group[0], group[len(group)-1]
		for _, st := range group {
			if st.Pos().IsValid() {
				first = st
				break
			}
		}
		units = append(units, &ast.File{
			// yaegi scopes a file's names by its file name, found from the
			// file's position: it must be in the cell's file.
			Package: first.Pos(),
			Name:    &ast.Ident{Name: "main", NamePos: first.Pos()},
			Decls: []ast.Decl{&ast.FuncDecl{
				Name: &ast.Ident{Name: groupFunc, NamePos: first.Pos()},
				Type: &ast.FuncType{Func: first.Pos(), Params: &ast.FieldList{}},
				Body: &ast.BlockStmt{Lbrace: first.Pos(), List: group, Rbrace: last.End()},
			}},
		})
		group = nil
	}
	for _, st := range body.List {
		if isDefinition(st) {
			flushGroup()
			defs = append(defs, st)
			continue
		}
		flushDefs()
		group = append(group, st)
	}
	flushGroup()
	flushDefs()
	return units
}

// topLevel reports a frame of the cell's top level: the function its
// statements run in, and function literals in them.
func topLevel(fn string) bool {
	for strings.HasSuffix(fn, ".func") {
		fn = strings.TrimSuffix(fn, ".func")
	}
	return fn == "main" || fn == "main."+groupFunc
}

// isDefinition reports statements that declare top-level names.
func isDefinition(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.AssignStmt:
		return st.Tok == token.DEFINE
	case *ast.DeclStmt:
		return true
	case *ast.LabeledStmt:
		return isDefinition(st.Stmt)
	}
	return false
}

// splitCommaOk rewrites a top-level `v, ok := m[k]` or `v, ok := x.(T)`,
// which yaegi cannot compile outside a function ("nil type"), into two
// assignments whose comma-ok forms sit inside function literals:
//
//	v := m[k]
//	ok := func() bool { _, ok := m[k]; return ok }()
//
// m and k are evaluated twice; a receive `v, ok := <-ch` is left alone, as it
// cannot be done twice.
func splitCommaOk(body *ast.BlockStmt) {
	var list []ast.Stmt
	for _, st := range body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || (as.Tok != token.DEFINE && as.Tok != token.ASSIGN) {
			list = append(list, st)
			continue
		}
		var value, okCheck ast.Expr
		switch x := ast.Unparen(as.Rhs[0]).(type) {
		case *ast.IndexExpr:
			value = x
			okCheck = x
		case *ast.TypeAssertExpr:
			if x.Type == nil {
				list = append(list, st)
				continue
			}
			// func() T { r, _ := x.(T); return r }()
			value = &ast.CallExpr{Fun: &ast.FuncLit{
				Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: x.Type}}}},
				Body: &ast.BlockStmt{List: []ast.Stmt{
					&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_ggv"), ast.NewIdent("_")}, Tok: token.DEFINE, Rhs: []ast.Expr{x}},
					&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("_ggv")}},
				}},
			}}
			okCheck = x
		default:
			list = append(list, st)
			continue
		}
		// func() bool { _, ok := rhs; return ok }()
		okExpr := &ast.CallExpr{Fun: &ast.FuncLit{
			Type: &ast.FuncType{Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: ast.NewIdent("bool")}}}},
			Body: &ast.BlockStmt{List: []ast.Stmt{
				&ast.AssignStmt{Lhs: []ast.Expr{ast.NewIdent("_"), ast.NewIdent("_ggok")}, Tok: token.DEFINE, Rhs: []ast.Expr{okCheck}},
				&ast.ReturnStmt{Results: []ast.Expr{ast.NewIdent("_ggok")}},
			}},
		}}
		for i, rhs := range []ast.Expr{value, okExpr} {
			lhs := as.Lhs[i]
			if id, ok := lhs.(*ast.Ident); ok && id.Name == "_" {
				continue
			}
			list = append(list, &ast.AssignStmt{Lhs: []ast.Expr{lhs}, TokPos: as.TokPos, Tok: as.Tok, Rhs: []ast.Expr{rhs}})
		}
	}
	body.List = list
}

// userMain is what a cell's `main` is called in the interpreter. yaegi runs
// the function main of package main after compiling anything once it
// exists: a cell declaring main would see it run again with every later cell.
// Every identifier main of every cell is renamed, which keeps the cells
// consistent with each other.
const userMain = "_main"

func renameMain(root ast.Node) {
	if f, ok := root.(*ast.File); ok {
		for _, d := range f.Decls { // not the package clause's main
			renameMain(d)
		}
		return
	}
	ast.Inspect(root, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == "main" {
			id.Name = userMain
		}
		return true
	})
}
