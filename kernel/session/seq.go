package session

import (
	"context"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"github.com/gograd/gograd/kernel/session/symbols"
)

// Each call from a cell into compiled code costs a reflect call, several
// times a scalar op: a run of statements that only call the project's
// methods on variables, such as
//
//	a.Backward()
//	x.SetGrad(nil)
//	w.SetGrad(nil)
//
// becomes one call of a sequence runner (symbols.ChainSet's SeqRunner),
// given the variables' values, which calls the methods in order. Before each
// step the runner stores the step's cell line in the frame's line marker, as
// the statements' own markers would (lines.go): a failing step points at its
// line. The variables are read before the first step runs, where Go reads
// each when its statement runs: so every variable must be one that no code
// can assign while the steps run, one that nothing captures (a function
// literal, a function of the cells, an address-of): the steps are compiled
// methods, which cannot reach the interpreter's variables otherwise.
//
// Sequences are made in the statements of the cell's own frame (the
// function its top-level statements run as), not in function literals or
// declared functions, whose frames have markers of their own.

// seqCalls fuses the runs of statements of body (the cell's frame) and
// returns the function that puts them back.
func (s *Session) seqCalls(ctx context.Context, body *ast.BlockStmt, info *types.Info, lineOf func(token.Pos) int, cellFuncs map[string]bool) (undo func()) {
	var undos undoList
	undo = undos.run
	if info == nil {
		return undo
	}
	captured := capturedVars(body, info)
	// A session variable that escaped (noteEscapes) may be assigned by a
	// function of the cells; the name is enough: a local variable of the
	// same name is turned down too, which costs only speed.
	safe := func(v *types.Var) bool {
		s.namesMu.RLock()
		defer s.namesMu.RUnlock()
		return !captured[v] && !s.types.escaped[v.Name()]
	}
	var marker *int
	getMarker := func() *int {
		if marker != nil {
			return marker
		}
		name := markerVar("main." + groupFunc)
		if !s.markers[name] {
			if cerr := s.declareMarkers(ctx, map[string]bool{name: true}, cellFuncs); cerr != nil {
				return nil
			}
		}
		v := s.in.Globals()[name]
		if !v.IsValid() || !v.CanAddr() {
			return nil
		}
		marker, _ = v.Addr().Interface().(*int)
		return marker
	}
	fuse := func(list []ast.Stmt, set func([]ast.Stmt)) {
		var out []ast.Stmt
		changed := false
		for i := 0; i < len(list); {
			n, call := s.seqRun(list[i:], info, safe, lineOf, getMarker)
			if n < 2 {
				out = append(out, list[i])
				i++
				continue
			}
			out = append(out, &ast.ExprStmt{X: call})
			i += n
			changed = true
		}
		if changed {
			old := list
			set(out)
			undos = append(undos, func() { set(old) })
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false // a frame of its own
		case *ast.BlockStmt:
			fuse(n.List, func(l []ast.Stmt) { n.List = l })
		case *ast.CaseClause:
			fuse(n.Body, func(l []ast.Stmt) { n.Body = l })
		case *ast.CommClause:
			fuse(n.Body, func(l []ast.Stmt) { n.Body = l })
		}
		return true
	})
	return undo
}

// capturedVars are the variables under root that a function literal refers
// to or whose address is taken (explicitly, or by a method with a pointer
// receiver called on a value).
func capturedVars(root ast.Node, info *types.Info) map[*types.Var]bool {
	captured := map[*types.Var]bool{}
	note := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if v, ok := info.Uses[id].(*types.Var); ok {
				captured[v] = true
			}
		}
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			ast.Inspect(n, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					note(id)
				}
				return true
			})
			return false
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				note(n.X)
			}
		case *ast.SelectorExpr:
			if sel := info.Selections[n]; sel != nil && sel.Kind() == types.MethodVal {
				if _, ptr := sel.Recv().(*types.Pointer); !ptr {
					if sig, ok := sel.Obj().Type().(*types.Signature); ok && sig.Recv() != nil {
						if _, ptrRecv := sig.Recv().Type().(*types.Pointer); ptrRecv {
							note(n.X)
						}
					}
				}
			}
		}
		return true
	})
	return captured
}

// seqRun finds the run of statements starting list that can be fused, and
// the runner's call that replaces it; n < 2 when there is none.
func (s *Session) seqRun(list []ast.Stmt, info *types.Info, safe func(*types.Var) bool, lineOf func(token.Pos) int, marker func() *int) (n int, call *ast.CallExpr) {
	var (
		typ      *types.Pointer
		set      symbols.ChainSet
		prefix   string
		typeName string
		steps    []symbols.Step
		vals     []ast.Expr
		index    = map[*types.Var]int{}
	)
	value := func(e ast.Expr) (int, bool) {
		if tv := info.Types[e]; tv.IsNil() {
			return -1, true
		}
		id, ok := e.(*ast.Ident)
		if !ok {
			return 0, false
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok || !types.Identical(v.Type(), typ) || !safe(v) {
			return 0, false
		}
		if k, ok := index[v]; ok {
			return k, true
		}
		if len(vals) == symbols.MaxChainValues {
			return 0, false
		}
		index[v] = len(vals)
		vals = append(vals, &ast.Ident{Name: id.Name, NamePos: list[0].Pos()})
		return len(vals) - 1, true
	}
	for _, st := range list {
		es, ok := st.(*ast.ExprStmt)
		if !ok {
			break
		}
		c, ok := es.X.(*ast.CallExpr)
		if !ok {
			break
		}
		m, ok := s.chainMethod(c, info)
		if !ok {
			break
		}
		ptr, sel, sig := m.ptr, m.sel, m.sig
		if typ == nil {
			if m.set == nil {
				return 0, nil
			}
			typ, set, prefix, typeName = ptr, m.set, m.prefix, m.typeName
		}
		if !types.Identical(ptr, typ) || !set.IsStep(sel.Sel.Name) {
			break
		}
		want := sig.Params().Len()
		if sig.Variadic() {
			want--
		}
		if len(c.Args) != want {
			break
		}
		saved := len(vals)
		step := symbols.Step{Method: sel.Sel.Name, Line: lineOf(st.Pos())}
		r, ok := value(sel.X)
		if !ok || r < 0 {
			vals = vals[:saved]
			break
		}
		step.Recv = r
		for _, a := range c.Args {
			k, ok := value(a)
			if !ok {
				break
			}
			step.Operands = append(step.Operands, k)
		}
		if len(step.Operands) != len(c.Args) {
			vals = vals[:saved]
			for v, k := range index {
				if k >= saved {
					delete(index, v)
				}
			}
			break
		}
		steps = append(steps, step)
	}
	if len(steps) < 2 {
		return 0, nil
	}
	m := marker()
	if m == nil {
		return 0, nil
	}
	id, ok := set.RegisterSeq(steps, m)
	if !ok {
		return 0, nil
	}
	pos := list[0].Pos()
	args := append([]ast.Expr{&ast.BasicLit{ValuePos: pos, Kind: token.INT, Value: strconv.Itoa(id)}}, vals...)
	return len(steps), &ast.CallExpr{
		Fun: &ast.SelectorExpr{
			X:   &ast.Ident{Name: callPath, NamePos: pos},
			Sel: &ast.Ident{Name: seqName(prefix, typeName, len(vals)), NamePos: pos},
		},
		Lparen: pos,
		Args:   args,
		Rparen: pos,
	}
}

// seqName is the name in callPath of the runner of n values of a type's
// sequences.
func seqName(prefix, typ string, n int) string {
	return prefix + "_" + typ + "_seq" + strconv.Itoa(n)
}
