package session

import (
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"reflect"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/kernel/dap"
)

// Present shows a tensor as PyTorch's debugger shows one: its shape and
// dtype as the type, its text as the value, and as children its shape,
// dtype, requires_grad, grad and values (the rows of a matrix, each a
// tensor again, or the elements of a vector).
func (t *debugTarget) Present(v reflect.Value) (dap.Presentation, bool) {
	if !v.IsValid() || !v.CanInterface() {
		return dap.Presentation{}, false
	}
	x, ok := v.Interface().(*autograd.Tensor)
	if !ok || x == nil {
		return dap.Presentation{}, false
	}
	var p dap.Presentation
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("%v", r)
			}
		}()
		p.Type = fmt.Sprintf("Tensor %v %v", []int(x.Shape()), x.DType())
		p.Value = x.String()
		p.Children = []dap.Named{
			{Name: "shape", Value: reflect.ValueOf(x.Shape())},
			{Name: "dtype", Value: reflect.ValueOf(x.DType().String())},
			{Name: "requires_grad", Value: reflect.ValueOf(x.RequiresGrad())},
			{Name: "grad", Value: reflect.ValueOf(x.Grad()), Type: "*autograd.Tensor"},
		}
		switch x.Dim() {
		case 0:
			p.Children = append(p.Children, dap.Named{Name: "item", Value: reflect.ValueOf(x.Item())})
		case 1:
			p.Children = append(p.Children, dap.Named{Name: "values", Value: reflect.ValueOf(x.Float64s())})
		default:
			rows := make([]*autograd.Tensor, min(x.Shape()[0], 100))
			for i := range rows {
				rows[i] = x.Select(0, i)
			}
			p.Children = append(p.Children, dap.Named{Name: "values", Value: reflect.ValueOf(rows)})
		}
		return nil
	}()
	return p, err == nil
}

// Eval evaluates an expression of the names a frame or the notebook has:
// names, fields, indexing, calls of compiled methods and functions (x.Grad(),
// t.Sum()), len and cap, and arithmetic and comparisons of numbers. It
// reads the stopped frame's values without running interpreted code: yaegi
// cannot evaluate in a frame that is stopped.
func (t *debugTarget) Eval(expr string, frame *dap.Frame) (reflect.Value, error) {
	e, err := parser.ParseExpr(expr)
	if err != nil {
		return reflect.Value{}, err
	}
	var v reflect.Value
	ok := t.withValues(func() {
		ev := evaluator{lookup: func(name string) (reflect.Value, bool) {
			if frame != nil {
				for i := len(frame.Locals) - 1; i >= 0; i-- {
					if frame.Locals[i].Name == name {
						return frame.Locals[i].Value, true
					}
				}
			}
			g, ok := t.in.Globals()[name]
			if ok && internalName(name) {
				ok = false
			}
			return g, ok
		}}
		v, err = ev.eval(e)
	})
	if !ok {
		return reflect.Value{}, errors.New("a cell is running: evaluate while it is stopped")
	}
	return v, err
}

type evaluator struct {
	lookup func(string) (reflect.Value, bool)
}

func (ev evaluator) eval(e ast.Expr) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			v, err = reflect.Value{}, fmt.Errorf("%v", r)
		}
	}()
	switch e := e.(type) {
	case *ast.ParenExpr:
		return ev.eval(e.X)
	case *ast.Ident:
		switch e.Name {
		case "true", "false":
			return reflect.ValueOf(e.Name == "true"), nil
		case "nil":
			return reflect.Value{}, nil
		}
		if v, ok := ev.lookup(e.Name); ok {
			return v, nil
		}
		return reflect.Value{}, fmt.Errorf("undefined: %s", e.Name)
	case *ast.BasicLit:
		c := constant.MakeFromLiteral(e.Value, e.Kind, 0)
		switch e.Kind {
		case token.INT:
			i, _ := constant.Int64Val(c)
			return reflect.ValueOf(int(i)), nil
		case token.FLOAT:
			f, _ := constant.Float64Val(c)
			return reflect.ValueOf(f), nil
		case token.STRING:
			return reflect.ValueOf(constant.StringVal(c)), nil
		case token.CHAR:
			i, _ := constant.Int64Val(c)
			return reflect.ValueOf(rune(i)), nil
		}
	case *ast.StarExpr:
		x, err := ev.eval(e.X)
		if err != nil {
			return x, err
		}
		return x.Elem(), nil
	case *ast.SelectorExpr:
		x, err := ev.eval(e.X)
		if err != nil {
			return x, err
		}
		if m := x.MethodByName(e.Sel.Name); x.IsValid() && m.IsValid() {
			return m, nil
		}
		for x.Kind() == reflect.Pointer || x.Kind() == reflect.Interface {
			if x.IsNil() {
				return reflect.Value{}, fmt.Errorf("%s is nil", exprName(e.X))
			}
			x = x.Elem()
			if m := x.MethodByName(e.Sel.Name); m.IsValid() {
				return m, nil
			}
		}
		if x.Kind() == reflect.Struct {
			if f := x.FieldByName(e.Sel.Name); f.IsValid() {
				return f, nil
			}
		}
		return reflect.Value{}, fmt.Errorf("%s has no field or method %s", exprName(e.X), e.Sel.Name)
	case *ast.IndexExpr:
		x, err := ev.eval(e.X)
		if err != nil {
			return x, err
		}
		i, err := ev.eval(e.Index)
		if err != nil {
			return i, err
		}
		for x.Kind() == reflect.Pointer || x.Kind() == reflect.Interface {
			x = x.Elem()
		}
		if x.Kind() == reflect.Map {
			r := x.MapIndex(i.Convert(x.Type().Key()))
			if !r.IsValid() {
				return reflect.Zero(x.Type().Elem()), nil
			}
			return r, nil
		}
		return x.Index(int(i.Int())), nil
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && (id.Name == "len" || id.Name == "cap") && len(e.Args) == 1 {
			x, err := ev.eval(e.Args[0])
			if err != nil {
				return x, err
			}
			if id.Name == "len" {
				return reflect.ValueOf(x.Len()), nil
			}
			return reflect.ValueOf(x.Cap()), nil
		}
		if id, ok := e.Fun.(*ast.Ident); ok && len(e.Args) == 1 {
			if t, ok := basicTypes[id.Name]; ok {
				if _, local := ev.lookup(id.Name); !local {
					x, err := ev.eval(e.Args[0])
					if err != nil {
						return x, err
					}
					return x.Convert(t), nil
				}
			}
		}
		f, err := ev.eval(e.Fun)
		if err != nil {
			return f, err
		}
		if f.Kind() != reflect.Func {
			return reflect.Value{}, fmt.Errorf("%s is not a function", exprName(e.Fun))
		}
		ft := f.Type()
		args := make([]reflect.Value, len(e.Args))
		for i, a := range e.Args {
			v, err := ev.eval(a)
			if err != nil {
				return v, err
			}
			var want reflect.Type
			if ft.IsVariadic() && i >= ft.NumIn()-1 {
				want = ft.In(ft.NumIn() - 1).Elem()
			} else if i < ft.NumIn() {
				want = ft.In(i)
			}
			if want != nil && v.IsValid() && v.Type() != want && v.Type().ConvertibleTo(want) {
				v = v.Convert(want)
			}
			if !v.IsValid() && want != nil {
				v = reflect.Zero(want)
			}
			args[i] = v
		}
		out := f.Call(args)
		if len(out) == 0 {
			return reflect.Value{}, nil
		}
		return out[0], nil
	case *ast.UnaryExpr:
		x, err := ev.eval(e.X)
		if err != nil {
			return x, err
		}
		switch {
		case e.Op == token.NOT && x.Kind() == reflect.Bool:
			return reflect.ValueOf(!x.Bool()), nil
		case e.Op == token.SUB && x.CanInt():
			return reflect.ValueOf(-x.Int()).Convert(x.Type()), nil
		case e.Op == token.SUB && x.CanFloat():
			return reflect.ValueOf(-x.Float()).Convert(x.Type()), nil
		}
	case *ast.BinaryExpr:
		x, err := ev.eval(e.X)
		if err != nil {
			return x, err
		}
		y, err := ev.eval(e.Y)
		if err != nil {
			return y, err
		}
		return binary(e.Op, x, y)
	}
	return reflect.Value{}, fmt.Errorf("cannot evaluate %s here: names, fields, indexing, calls and arithmetic only", exprName(e))
}

// types names an expression, for messages.
func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprName(e.X) + "." + e.Sel.Name
	}
	return fmt.Sprintf("%T", e)
}

// binary applies an arithmetic or comparison operator to two numbers (as
// float64 if either is a float, else int64) or two strings.
func binary(op token.Token, x, y reflect.Value) (reflect.Value, error) {
	if x.Kind() == reflect.String && y.Kind() == reflect.String {
		a, b := x.String(), y.String()
		switch op {
		case token.ADD:
			return reflect.ValueOf(a + b), nil
		case token.EQL:
			return reflect.ValueOf(a == b), nil
		case token.NEQ:
			return reflect.ValueOf(a != b), nil
		}
	}
	if x.Kind() == reflect.Bool && y.Kind() == reflect.Bool {
		switch op {
		case token.LAND:
			return reflect.ValueOf(x.Bool() && y.Bool()), nil
		case token.LOR:
			return reflect.ValueOf(x.Bool() || y.Bool()), nil
		}
	}
	num := func(v reflect.Value) (float64, int64, bool, bool) {
		switch {
		case v.CanInt():
			return float64(v.Int()), v.Int(), false, true
		case v.CanUint():
			return float64(v.Uint()), int64(v.Uint()), false, true
		case v.CanFloat():
			return v.Float(), 0, true, true
		}
		return 0, 0, false, false
	}
	xf, xi, xfl, ok1 := num(x)
	yf, yi, yfl, ok2 := num(y)
	if !ok1 || !ok2 {
		return reflect.Value{}, fmt.Errorf("operator %s needs numbers, strings or bools", op)
	}
	if xfl || yfl {
		switch op {
		case token.ADD:
			return reflect.ValueOf(xf + yf), nil
		case token.SUB:
			return reflect.ValueOf(xf - yf), nil
		case token.MUL:
			return reflect.ValueOf(xf * yf), nil
		case token.QUO:
			return reflect.ValueOf(xf / yf), nil
		}
		return compare(op, xf < yf, xf == yf)
	}
	switch op {
	case token.ADD:
		return reflect.ValueOf(xi + yi), nil
	case token.SUB:
		return reflect.ValueOf(xi - yi), nil
	case token.MUL:
		return reflect.ValueOf(xi * yi), nil
	case token.QUO, token.REM:
		if yi == 0 {
			return reflect.Value{}, errors.New("integer divide by zero")
		}
		if op == token.QUO {
			return reflect.ValueOf(xi / yi), nil
		}
		return reflect.ValueOf(xi % yi), nil
	}
	return compare(op, xi < yi, xi == yi)
}

func compare(op token.Token, less, equal bool) (reflect.Value, error) {
	switch op {
	case token.EQL:
		return reflect.ValueOf(equal), nil
	case token.NEQ:
		return reflect.ValueOf(!equal), nil
	case token.LSS:
		return reflect.ValueOf(less), nil
	case token.LEQ:
		return reflect.ValueOf(less || equal), nil
	case token.GTR:
		return reflect.ValueOf(!less && !equal), nil
	case token.GEQ:
		return reflect.ValueOf(!less), nil
	}
	return reflect.Value{}, errors.New("unsupported operator " + op.String())
}

// basicTypes are the conversions an expression may use.
var basicTypes = map[string]reflect.Type{
	"int": reflect.TypeFor[int](), "int8": reflect.TypeFor[int8](), "int16": reflect.TypeFor[int16](),
	"int32": reflect.TypeFor[int32](), "int64": reflect.TypeFor[int64](), "uint": reflect.TypeFor[uint](),
	"uint8": reflect.TypeFor[uint8](), "uint16": reflect.TypeFor[uint16](), "uint32": reflect.TypeFor[uint32](),
	"uint64": reflect.TypeFor[uint64](), "float32": reflect.TypeFor[float32](), "float64": reflect.TypeFor[float64](),
	"string": reflect.TypeFor[string](), "byte": reflect.TypeFor[byte](), "rune": reflect.TypeFor[rune](),
}
