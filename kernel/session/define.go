package session

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
)

// yaegi fails to compile some definitions at top level that it compiles in a
// function, with "constant definition loop": its global type analysis does not
// find the type of, for one, an element of a compiled named slice type
// (`g := autograd.Grad(y, x)[0]`, `n := t.Shape()[0]`). defineViaHost runs such
// a definition in three steps instead:
//
//	func _ggcell() { _gograd.Keep(rhs...) }  // evaluate, once, in a function
//	var g *autograd.Tensor                    // declare, with the type found
//	func _ggcell() { g = _gograd.Kept(0).(*autograd.Tensor) }
//
// It works when every value's type can be written in Go from the cell: built
// in types, the packages' types and composites of them; not for a type a cell
// declared, which reflect does not name.
func (s *Session) defineViaHost(ctx context.Context, as *ast.AssignStmt, cellFuncs map[string]bool) (bool, *cellErr) {
	fset := s.in.FileSet()
	pos := as.Pos()
	line := cellLine(fset.Position(pos).Line)

	keep := &ast.ExprStmt{X: &ast.CallExpr{
		Fun: &ast.SelectorExpr{
			X:   &ast.Ident{Name: rtName, NamePos: pos},
			Sel: &ast.Ident{Name: "Keep", NamePos: pos},
		},
		Lparen: pos,
		Args:   as.Rhs,
		Rparen: as.End(),
	}}
	s.kept = nil
	if cerr, compiled := s.runGroup(ctx, []ast.Stmt{keep}, cellFuncs); !compiled {
		return false, nil // the caller reports the definition's own error
	} else if cerr != nil {
		return true, cerr
	}
	if len(s.kept) != len(as.Lhs) {
		return false, nil
	}
	var decls, assigns []string
	for i, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		if !ok {
			return false, nil
		}
		if id.Name == "_" {
			continue
		}
		if s.kept[i] == nil {
			return false, nil // an untyped nil: no type to declare
		}
		typ, ok := s.typeExpr(reflect.TypeOf(s.kept[i]))
		if !ok {
			return false, nil
		}
		decls = append(decls, fmt.Sprintf("var %s %s", id.Name, typ))
		assigns = append(assigns, fmt.Sprintf("%s = %s.Kept(%d).(%s)", id.Name, rtName, i, typ))
	}
	pad := strings.Repeat("\n", max(0, line-1))
	f, err := parser.ParseFile(fset, cellFile, stmtHeader+pad+strings.Join(decls, "; ")+"\n}", 0)
	if err != nil {
		return false, nil
	}
	prog, err := s.compile(f.Decls[0].(*ast.FuncDecl).Body)
	if err != nil {
		return true, compileError(err)
	}
	if cerr := s.execUnit(ctx, prog, cellFuncs); cerr != nil {
		return true, cerr
	}
	f, err = parser.ParseFile(fset, cellFile, stmtHeader+pad+strings.Join(assigns, "; ")+"\n}", 0)
	if err != nil {
		return false, nil
	}
	cerr, _ := s.runGroup(ctx, f.Decls[0].(*ast.FuncDecl).Body.List, cellFuncs)
	return true, cerr
}

// runGroup declares statements as the body of groupFunc and calls it;
// compiled is false when they did not compile.
func (s *Session) runGroup(ctx context.Context, list []ast.Stmt, cellFuncs map[string]bool) (cerr *cellErr, compiled bool) {
	units := splitUnits(&ast.BlockStmt{List: list})
	if len(units) != 1 {
		return &cellErr{name: "CompileError", value: "internal: statements do not form one group"}, false
	}
	prog, err := s.compile(units[0])
	if err != nil {
		return compileError(err), false
	}
	if cerr := s.execUnit(ctx, prog, cellFuncs); cerr != nil {
		return cerr, true
	}
	return s.callGroup(ctx, cellFuncs), true
}

// callGroup calls the function the last group of statements was declared as.
func (s *Session) callGroup(ctx context.Context, cellFuncs map[string]bool) *cellErr {
	call := &ast.BlockStmt{List: []ast.Stmt{&ast.ExprStmt{X: &ast.CallExpr{Fun: ast.NewIdent(groupFunc)}}}}
	prog, err := s.compile(call)
	if err != nil {
		return compileError(err)
	}
	return s.execUnit(ctx, prog, cellFuncs)
}

// typeExpr writes t as Go source a cell can compile: its packages by the
// names the cell knows them by.
func (s *Session) typeExpr(t reflect.Type) (string, bool) {
	if t.Name() != "" {
		if t.PkgPath() == "" {
			return t.Name(), true
		}
		s.namesMu.RLock()
		defer s.namesMu.RUnlock()
		for name, path := range s.pkgs {
			if path == t.PkgPath() && !s.names[name] {
				return name + "." + t.Name(), true
			}
		}
		return "", false
	}
	switch t.Kind() {
	case reflect.Pointer:
		e, ok := s.typeExpr(t.Elem())
		return "*" + e, ok
	case reflect.Slice:
		e, ok := s.typeExpr(t.Elem())
		return "[]" + e, ok
	case reflect.Array:
		e, ok := s.typeExpr(t.Elem())
		return "[" + strconv.Itoa(t.Len()) + "]" + e, ok
	case reflect.Map:
		k, ok1 := s.typeExpr(t.Key())
		v, ok2 := s.typeExpr(t.Elem())
		return "map[" + k + "]" + v, ok1 && ok2
	case reflect.Interface:
		if t.NumMethod() == 0 {
			return "any", true
		}
	}
	return "", false
}

// isDefinitionLoop recognises yaegi's complaint about a top-level definition,
// or its own failure on one (a generic call: "nil reflect type", a nil
// dereference), which the same detour through a function avoids.
func isDefinitionLoop(err error) bool {
	var ie *internalError
	return err != nil && (strings.Contains(err.Error(), "definition loop") || errors.As(err, &ie))
}

// runDefs compiles and runs a unit of top-level definitions. When yaegi fails
// on them as a whole, each runs alone, and a failing `:=` goes through
// defineViaHost.
func (s *Session) runDefs(ctx context.Context, block *ast.BlockStmt, cellFuncs map[string]bool) *cellErr {
	prog, err := s.compile(block)
	if err == nil {
		return s.execUnit(ctx, prog, cellFuncs)
	}
	if !isDefinitionLoop(err) {
		return compileError(err)
	}
	for _, st := range block.List {
		one := &ast.BlockStmt{Lbrace: st.Pos(), List: []ast.Stmt{st}, Rbrace: st.End()}
		prog, err := s.compile(one)
		if err == nil {
			if cerr := s.execUnit(ctx, prog, cellFuncs); cerr != nil {
				return cerr
			}
			continue
		}
		as, ok := st.(*ast.AssignStmt)
		if isDefinitionLoop(err) && ok && as.Tok == token.DEFINE {
			if handled, cerr := s.defineViaHost(ctx, as, cellFuncs); handled {
				if cerr != nil {
					return cerr
				}
				continue
			}
		}
		if isDefinitionLoop(err) {
			err = s.betterDefineError(one, err)
		}
		return compileError(s.undefinedFromIncomplete(err, st.Pos()))
	}
	return nil
}
