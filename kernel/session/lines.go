package session

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// Where a panic happened. yaegi reports, for each interpreted frame a panic
// unwinds, the function's name, but the position of the function's start
// rather than of the statement that failed; and nothing at all for compiled
// code. So the cell's code keeps its own positions: before each statement
// that can panic, at any depth, an assignment of the statement's cell line
// to a marker variable of the function it is in (named after the function
// as yaegi names frames: main._ggcell, main.f, main.f.func for a literal in
// f). The frames of a panic then read their lines from the markers: every
// frame is stopped at a statement that called further or panicked, which
// was marked. A function of an earlier cell marks its own cell's lines.
//
// A statement that cannot panic (`n += i`, `x = y * 2`) gets no marker, so
// that tight loops pay nothing for it.

// markerPrefix starts the names of the marker variables.
const markerPrefix = "_ggl_"

// markerVar is the marker variable of a frame named fn.
func markerVar(fn string) string {
	return markerPrefix + strings.NewReplacer(".", "_").Replace(fn)
}

// markLines marks the statements of the function body (or top-level
// statement list) of the frame named fn, and of the function literals in
// it. used collects the marker variables it refers to.
func markLines(lineOf func(token.Pos) int, body *ast.BlockStmt, fn string, used map[string]bool) {
	body.List = markList(lineOf, body.List, fn, used)
}

func markList(lineOf func(token.Pos) int, list []ast.Stmt, fn string, used map[string]bool) []ast.Stmt {
	out := make([]ast.Stmt, 0, len(list))
	for _, st := range list {
		markInside(lineOf, st, fn, used)
		if pos := st.Pos(); pos.IsValid() && canPanic(st) {
			v := markerVar(fn)
			used[v] = true
			out = append(out, &ast.AssignStmt{
				Lhs:    []ast.Expr{&ast.Ident{Name: v, NamePos: pos}},
				TokPos: pos,
				Tok:    token.ASSIGN,
				Rhs:    []ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(lineOf(pos))}},
			})
		}
		out = append(out, st)
	}
	return out
}

// markInside marks the statement lists nested in st: blocks of the same
// function, and bodies of function literals, which are frames of their own.
func markInside(lineOf func(token.Pos) int, st ast.Stmt, fn string, used map[string]bool) {
	// The body of a switch or select is a list of clauses, not statements:
	// only the clauses' bodies get markers.
	clauses := map[*ast.BlockStmt]bool{}
	ast.Inspect(st, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SwitchStmt:
			clauses[n.Body] = true
		case *ast.TypeSwitchStmt:
			clauses[n.Body] = true
		case *ast.SelectStmt:
			clauses[n.Body] = true
		case *ast.FuncLit:
			markLines(lineOf, n.Body, fn+".func", used)
			return false
		case *ast.BlockStmt:
			if clauses[n] {
				return true
			}
			n.List = markList(lineOf, n.List, fn, used)
			return false
		case *ast.CaseClause:
			n.Body = markList(lineOf, n.Body, fn, used)
			return false
		case *ast.CommClause:
			n.Body = markList(lineOf, n.Body, fn, used)
			return false
		}
		return true
	})
}

// canPanic reports whether a statement's own expressions (not those of the
// blocks it contains) might panic: anything but assignments and
// increments of variables from variables, literals and arithmetic that
// cannot fail.
func canPanic(st ast.Stmt) bool {
	switch st := st.(type) {
	case *ast.AssignStmt:
		for _, e := range st.Lhs {
			if _, ok := e.(*ast.Ident); !ok {
				return true
			}
		}
		if st.Tok == token.QUO_ASSIGN || st.Tok == token.REM_ASSIGN || st.Tok == token.SHL_ASSIGN || st.Tok == token.SHR_ASSIGN {
			return true
		}
		for _, e := range st.Rhs {
			if !safeExpr(e) {
				return true
			}
		}
		return false
	case *ast.IncDecStmt:
		_, ok := st.X.(*ast.Ident)
		return !ok
	case *ast.BlockStmt, *ast.EmptyStmt, *ast.BranchStmt:
		return false
	case *ast.ForStmt:
		return (st.Init != nil && canPanic(st.Init)) || (st.Cond != nil && !safeExpr(st.Cond)) || (st.Post != nil && canPanic(st.Post))
	case *ast.IfStmt:
		return (st.Init != nil && canPanic(st.Init)) || !safeExpr(st.Cond)
	case *ast.LabeledStmt:
		return canPanic(st.Stmt)
	}
	return true
}

// safeExpr reports an expression that cannot panic.
func safeExpr(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident, *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return safeExpr(e.X)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && e.Op != token.AND && safeExpr(e.X)
	case *ast.BinaryExpr:
		switch e.Op {
		case token.QUO, token.REM, token.SHL, token.SHR:
			return false
		}
		return safeExpr(e.X) && safeExpr(e.Y)
	}
	return false
}
