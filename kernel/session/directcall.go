package session

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/gograd/gograd/kernel/session/symbols"
)

// yaegi v0.16.1 calls a method of a compiled type, x.Mul(w), by taking the
// method value (reflect.Value.Method) and calling it through reflect, which
// at every call allocates the receiver's place (reflect's methodReceiver),
// boxes an operand passed to an `any` parameter, and makes a slice for a
// variadic parameter that is given nothing. Called as a plain function of the
// receiver and the operands, none of that happens. So, after the type check,
// a call of a method of a pointer to one of the project's types becomes a
// call of one of the direct forms package symbols generates beside the
// tables (symbols.Calls):
//
//	x.Mul(w)       _ggcall.autograd_Tensor_Mul_t(x, w)   w a *autograd.Tensor
//	x.Mul(2)       _ggcall.autograd_Tensor_Mul(x, 2)     (*autograd.Tensor).Mul
//	y.Backward()   _ggcall.autograd_Tensor_Backward_0(y)
//
// The receiver is evaluated first, then the operands, as in the method call;
// the new nodes keep the call's positions, so errors and tracebacks name the
// same line and column. The rewrite is undone once the segment has run: what
// the session records of a cell (sources, names) is the cell as written.

// callPath is the package the direct forms are imported as, in every cell.
const callPath = "_ggcall"

// callTable flattens symbols.Calls into the one package cells import:
// "Type_Method..." of package p becomes "<p's name>_Type_Method...", the
// name numbered when two packages share it; prefixes gives the prefix of
// each import path. names are the packages' names by path.
func callTable(names map[string]string) (table map[string]reflect.Value, prefixes map[string]string) {
	table, prefixes = map[string]reflect.Value{}, map[string]string{}
	paths := make([]string, 0, len(symbols.Calls))
	for path := range symbols.Calls {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	used := map[string]bool{}
	for _, path := range paths {
		prefix := names[path]
		if prefix == "" {
			prefix = path[strings.LastIndex(path, "/")+1:]
		}
		for i := 2; used[prefix]; i++ {
			prefix = names[path] + strconv.Itoa(i)
		}
		used[prefix] = true
		prefixes[path] = prefix
		for k, v := range symbols.Calls[path] {
			table[prefix+"_"+k] = v
		}
		for typ, cs := range symbols.Chains[path] {
			for n := 1; n <= symbols.MaxChainValues; n++ {
				table[chainName(prefix, typ, n)] = cs.Runner(n)
				table[seqName(prefix, typ, n)] = cs.SeqRunner(n)
			}
		}
	}
	return table, prefixes
}

// directCall is one rewritten call: what to put back.
type directCall struct {
	call *ast.CallExpr
	fun  ast.Expr
	args []ast.Expr
}

// directCalls rewrites the method calls under root that have a direct form
// (see above) and returns the function that puts them back.
func (s *Session) directCalls(root ast.Node, info *types.Info) (undo func()) {
	var done []directCall
	undo = func() {
		for _, d := range done {
			d.call.Fun, d.call.Args = d.fun, d.args
		}
		done = nil
	}
	if info == nil || s.callPrefix == nil {
		return undo
	}
	ast.Inspect(root, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		if name, args, ok := s.chainForm(call, info); ok {
			done = append(done, directCall{call, call.Fun, call.Args})
			call.Fun = &ast.SelectorExpr{
				X:   &ast.Ident{Name: callPath, NamePos: call.Pos()},
				Sel: &ast.Ident{Name: name, NamePos: call.Pos()},
			}
			call.Args = args
			return true
		}
		name, ok := s.directForm(call, info)
		if !ok {
			return true
		}
		sel := call.Fun.(*ast.SelectorExpr)
		done = append(done, directCall{call, call.Fun, call.Args})
		call.Fun = &ast.SelectorExpr{
			X:   &ast.Ident{Name: callPath, NamePos: sel.Pos()},
			Sel: &ast.Ident{Name: name, NamePos: sel.Sel.Pos()},
		}
		call.Args = append([]ast.Expr{sel.X}, call.Args...)
		return true
	})
	return undo
}

// directForm is the name, in callPath, of the direct form of call, if it
// has one: a call of an exported method on a receiver whose type is a
// pointer to a type of a project package.
func (s *Session) directForm(call *ast.CallExpr, info *types.Info) (string, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return "", false
	}
	selection := info.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal || !selection.Obj().Exported() {
		return "", false
	}
	ptr, ok := selection.Recv().(*types.Pointer)
	if !ok {
		return "", false
	}
	named, ok := ptr.Elem().(*types.Named)
	if !ok || named.Obj().Pkg() == nil || named.TypeArgs().Len() > 0 {
		return "", false
	}
	prefix, ok := s.callPrefix[named.Obj().Pkg().Path()]
	if !ok {
		return "", false
	}
	sig, ok := selection.Obj().Type().(*types.Signature)
	if !ok {
		return "", false
	}
	params := sig.Params()
	if len(call.Args) == 1 && params.Len() != 1 {
		if _, multi := info.Types[call.Args[0]].Type.(*types.Tuple); multi {
			return "", false // x.M(f()) with f's results as the operands
		}
	}
	base := prefix + "_" + named.Obj().Name() + "_" + sel.Sel.Name
	// Every `any` operand a value of the receiver's type: the typed form.
	typed, anyParam := true, false
	for i, a := range call.Args {
		if i >= params.Len() || sig.Variadic() && i >= params.Len()-1 {
			break
		}
		if t := params.At(i).Type(); types.IsInterface(t) && t.Underlying().(*types.Interface).Empty() {
			anyParam = true
			if !types.Identical(info.Types[a].Type, ptr) {
				typed = false
			}
		}
	}
	suffix := ""
	if typed && anyParam {
		suffix = "_t"
	}
	if sig.Variadic() && !call.Ellipsis.IsValid() && len(call.Args) == params.Len()-1 {
		if suffix == "" {
			suffix = "_0"
		} else {
			suffix = "_t0"
		}
	}
	for _, name := range []string{base + suffix, base} {
		if _, ok := s.calls[name]; ok {
			return name, true
		}
	}
	return "", false
}

// chainName is the name in callPath of the runner of n values of a type's
// chains.
func chainName(prefix, typ string, n int) string {
	return prefix + "_" + typ + "_chain" + strconv.Itoa(n)
}

// chainForm fuses a chain of method calls such as x.Mul(w).Add(b).Relu()
// into one call of a chain runner (symbols.ChainSet): each reflect call from
// the interpreter costs more than a scalar op, and the chain makes one
// instead of three. It applies to two or more calls of link methods of one
// of the project's pointer types *T (methods taking and returning *T) whose
// operands are variables of type *T, MaxChainValues values in all. The
// receiver of the first call is evaluated as any expression, then the
// operands are read, then the methods run in order: what Go does, since
// reading a variable is not ordered against the calls. It returns the
// runner's name and arguments: the chain's id, the receiver and the operands.
func (s *Session) chainForm(call *ast.CallExpr, info *types.Info) (string, []ast.Expr, bool) {
	var (
		typ      *types.Pointer
		set      symbols.ChainSet
		prefix   string
		typeName string
		methods  []string
		counts   []int
		operands [][]ast.Expr
	)
	var recv ast.Expr = call
	for {
		c, ok := ast.Unparen(recv).(*ast.CallExpr)
		if !ok {
			break
		}
		m, ok := s.chainMethod(c, info)
		if !ok {
			break
		}
		ptr, sel := m.ptr, m.sel
		if typ == nil {
			if m.set == nil {
				return "", nil, false
			}
			typ, set, prefix, typeName = ptr, m.set, m.prefix, m.typeName
		}
		if !types.Identical(ptr, typ) || !types.Identical(info.Types[c].Type, typ) || !set.IsLink(sel.Sel.Name) {
			break
		}
		variables := true
		for _, a := range c.Args {
			id, ok := a.(*ast.Ident)
			if _, isVar := info.Uses[id].(*types.Var); !ok || !isVar || !types.Identical(info.Types[a].Type, typ) {
				variables = false
			}
		}
		if !variables {
			break
		}
		methods = append([]string{sel.Sel.Name}, methods...)
		counts = append([]int{len(c.Args)}, counts...)
		operands = append([][]ast.Expr{c.Args}, operands...)
		recv = sel.X
	}
	n := 1
	for _, k := range counts {
		n += k
	}
	if len(methods) < 2 || n > symbols.MaxChainValues {
		return "", nil, false
	}
	id, ok := set.Register(methods, counts)
	if !ok {
		return "", nil, false
	}
	args := []ast.Expr{&ast.BasicLit{ValuePos: call.Pos(), Kind: token.INT, Value: strconv.Itoa(id)}, recv}
	for _, o := range operands {
		args = append(args, o...)
	}
	return chainName(prefix, typeName, n), args, true
}

// chainMethod is what a call of a method of one of the project's pointer
// types needs to be in a chain or a sequence.
type chainMethod struct {
	sel      *ast.SelectorExpr
	sig      *types.Signature
	ptr      *types.Pointer   // the receiver's type
	set      symbols.ChainSet // its chains; nil if it has none
	prefix   string           // its package's prefix in callPath
	typeName string
}

// chainMethod describes call, a call (without ...) of a method on a
// receiver of a pointer type; ok is false for any other call.
func (s *Session) chainMethod(call *ast.CallExpr, info *types.Info) (chainMethod, bool) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return chainMethod{}, false
	}
	selection := info.Selections[sel]
	if selection == nil || selection.Kind() != types.MethodVal {
		return chainMethod{}, false
	}
	ptr, ok := selection.Recv().(*types.Pointer)
	sig, isSig := selection.Obj().Type().(*types.Signature)
	if !ok || !isSig {
		return chainMethod{}, false
	}
	m := chainMethod{sel: sel, sig: sig, ptr: ptr}
	if named, ok := ptr.Elem().(*types.Named); ok && named.Obj().Pkg() != nil {
		path := named.Obj().Pkg().Path()
		m.set, m.prefix, m.typeName = symbols.Chains[path][named.Obj().Name()], s.callPrefix[path], named.Obj().Name()
	}
	return m, true
}
