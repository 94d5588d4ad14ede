package session

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/stdlib/generic"
)

// binImporter gives go/types the compiled packages a cell can import, built
// from the same symbol tables yaegi runs them from: a cell is type-checked
// against exactly what it will call. A symbol table lists a package's
// exported functions (func values), variables (addressable values), typed
// constants (other values), untyped constants (constant.Value) and types
// (nil pointers to them); the types reachable from them are rebuilt from
// reflect, exported methods included. What reflect cannot show (parameter
// names, unexported methods of a concrete type) no cell can use anyway.
//
// Types keep their identity: one *types.Named per reflect.Type, one
// *types.Package per import path, so that a value of autograd.Tensor from
// one cell's check is the same type in the next.
type binImporter struct {
	tables func(path string) (name string, syms map[string]reflect.Value, ok bool)
	pkgs   map[string]*types.Package
	named  map[reflect.Type]*types.Named
	// pending are named types whose methods are still to be added: methods
	// are added after the type is complete, since their signatures may
	// refer back to it.
	pending []reflect.Type
	// source gives the packages cells imported from source (import_types.go).
	source func(path string, others types.Importer) (*types.Package, bool, error)
}

func newBinImporter(tables func(string) (string, map[string]reflect.Value, bool)) *binImporter {
	return &binImporter{tables: tables, pkgs: map[string]*types.Package{}, named: map[reflect.Type]*types.Named{}}
}

var constantValueType = reflect.TypeOf((*constant.Value)(nil)).Elem()

// Import builds (once) the package at path from its symbol table.
func (b *binImporter) Import(path string) (*types.Package, error) {
	if p, ok := b.pkgs[path]; ok && p.Complete() {
		return p, nil
	}
	if path == "unsafe" {
		return types.Unsafe, nil
	}
	if src, ok := genericSource(path); ok {
		return b.fromSource(path, src)
	}
	name, syms, ok := b.tables(path)
	if !ok && b.source != nil {
		if p, ok, err := b.source(path, b); ok {
			return p, err
		}
	}
	if !ok {
		return nil, fmt.Errorf("package %q is not available in the kernel", path)
	}
	pkg := b.pkg(path, name)
	sc := pkg.Scope()
	for sym, v := range syms {
		if strings.HasPrefix(sym, "_") || !v.IsValid() {
			continue // yaegi's interface wrappers
		}
		var obj types.Object
		switch t := v.Type(); {
		case t.Kind() == reflect.Pointer && !v.CanAddr() && v.IsNil():
			typ := b.typ(t.Elem())
			if n, ok := typ.(*types.Named); ok && n.Obj().Name() == sym && n.Obj().Pkg() == pkg {
				obj = n.Obj()
			} else {
				obj = types.NewTypeName(token.NoPos, pkg, sym, typ)
			}
		case t.Implements(constantValueType) && !v.CanAddr():
			c, _ := v.Interface().(constant.Value)
			if c == nil {
				continue
			}
			obj = types.NewConst(token.NoPos, pkg, sym, untypedOf(c), c)
		case v.CanAddr():
			obj = types.NewVar(token.NoPos, pkg, sym, b.typ(t))
		case t.Kind() == reflect.Func:
			sig, _ := b.typ(t).(*types.Signature)
			obj = types.NewFunc(token.NoPos, pkg, sym, sig)
		default:
			c := constantOf(v)
			if c == nil {
				obj = types.NewVar(token.NoPos, pkg, sym, b.typ(t))
			} else {
				obj = types.NewConst(token.NoPos, pkg, sym, b.typ(t), c)
			}
		}
		sc.Insert(obj)
	}
	b.addMethods()
	b.addHiddenMethods(path)
	pkg.MarkComplete()
	return pkg, nil
}

// genericSource is the Go source yaegi runs a generic standard package from
// (cmp, maps, slices): it has no symbol table for their generic functions.
func genericSource(path string) (string, bool) {
	for _, src := range generic.Sources {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly)
		if err == nil && f.Name.Name == path {
			return src, true
		}
	}
	return "", false
}

// fromSource type-checks a package from its source, its imports through b.
func (b *binImporter) fromSource(path, src string) (*types.Package, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path+".go", src, 0)
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: b, Error: func(error) {}}
	pkg, _ := conf.Check(path, fset, []*ast.File{f}, nil)
	if pkg == nil {
		return nil, fmt.Errorf("package %q: cannot type-check its source", path)
	}
	b.pkgs[path] = pkg
	return pkg, nil
}

// pkg is the one package object for path.
func (b *binImporter) pkg(path, name string) *types.Package {
	if p, ok := b.pkgs[path]; ok {
		return p
	}
	if name == "" {
		name = path[strings.LastIndex(path, "/")+1:]
	}
	p := types.NewPackage(path, name)
	b.pkgs[path] = p
	return p
}

func untypedOf(c constant.Value) types.Type {
	switch c.Kind() {
	case constant.Bool:
		return types.Typ[types.UntypedBool]
	case constant.String:
		return types.Typ[types.UntypedString]
	case constant.Int:
		return types.Typ[types.UntypedInt]
	case constant.Float:
		return types.Typ[types.UntypedFloat]
	case constant.Complex:
		return types.Typ[types.UntypedComplex]
	}
	return types.Typ[types.Invalid]
}

// constantOf is the constant value of a typed constant's reflect.Value.
func constantOf(v reflect.Value) constant.Value {
	switch v.Kind() {
	case reflect.Bool:
		return constant.MakeBool(v.Bool())
	case reflect.String:
		return constant.MakeString(v.String())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return constant.MakeInt64(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return constant.MakeUint64(v.Uint())
	case reflect.Float32, reflect.Float64:
		return constant.MakeFloat64(v.Float())
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		return constant.BinaryOp(constant.MakeFloat64(real(c)), token.ADD,
			constant.MakeImag(constant.MakeFloat64(imag(c))))
	}
	return nil
}

var basicKinds = map[reflect.Kind]types.BasicKind{
	reflect.Bool: types.Bool, reflect.Int: types.Int, reflect.Int8: types.Int8,
	reflect.Int16: types.Int16, reflect.Int32: types.Int32, reflect.Int64: types.Int64,
	reflect.Uint: types.Uint, reflect.Uint8: types.Uint8, reflect.Uint16: types.Uint16,
	reflect.Uint32: types.Uint32, reflect.Uint64: types.Uint64, reflect.Uintptr: types.Uintptr,
	reflect.Float32: types.Float32, reflect.Float64: types.Float64,
	reflect.Complex64: types.Complex64, reflect.Complex128: types.Complex128,
	reflect.String: types.String, reflect.UnsafePointer: types.UnsafePointer,
}

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// typ converts a reflect type.
func (b *binImporter) typ(t reflect.Type) types.Type {
	if t == errorType {
		return types.Universe.Lookup("error").Type()
	}
	if t.Name() != "" && t.PkgPath() == "" {
		if k, ok := basicKinds[t.Kind()]; ok {
			return types.Typ[k]
		}
	}
	if t.Name() == "" || t.PkgPath() == "" {
		return b.structure(t)
	}
	if n, ok := b.named[t]; ok {
		return n
	}
	obj := types.NewTypeName(token.NoPos, b.pkg(t.PkgPath(), ""), t.Name(), nil)
	n := types.NewNamed(obj, nil, nil)
	b.named[t] = n
	n.SetUnderlying(b.structure(t).Underlying())
	b.pending = append(b.pending, t)
	return n
}

// structure converts t ignoring its name: the underlying type of a named type.
func (b *binImporter) structure(t reflect.Type) types.Type {
	if k, ok := basicKinds[t.Kind()]; ok {
		return types.Typ[k]
	}
	switch t.Kind() {
	case reflect.Pointer:
		return types.NewPointer(b.typ(t.Elem()))
	case reflect.Slice:
		return types.NewSlice(b.typ(t.Elem()))
	case reflect.Array:
		return types.NewArray(b.typ(t.Elem()), int64(t.Len()))
	case reflect.Map:
		return types.NewMap(b.typ(t.Key()), b.typ(t.Elem()))
	case reflect.Chan:
		dir := types.SendRecv
		switch t.ChanDir() {
		case reflect.SendDir:
			dir = types.SendOnly
		case reflect.RecvDir:
			dir = types.RecvOnly
		}
		return types.NewChan(dir, b.typ(t.Elem()))
	case reflect.Func:
		return b.signature(t, nil, 0)
	case reflect.Struct:
		fields := make([]*types.Var, t.NumField())
		tags := make([]string, t.NumField())
		for i := range fields {
			f := t.Field(i)
			fields[i] = types.NewField(token.NoPos, b.memberPkg(f.PkgPath), f.Name, b.typ(f.Type), f.Anonymous)
			tags[i] = string(f.Tag)
		}
		return types.NewStruct(fields, tags)
	case reflect.Interface:
		methods := make([]*types.Func, t.NumMethod())
		for i := range methods {
			m := t.Method(i)
			methods[i] = types.NewFunc(token.NoPos, b.memberPkg(m.PkgPath), m.Name, b.signature(m.Type, nil, 0))
		}
		return types.NewInterfaceType(methods, nil).Complete()
	}
	return types.Typ[types.Invalid]
}

// memberPkg is the package of an unexported field or method, nil for an
// exported one.
func (b *binImporter) memberPkg(path string) *types.Package {
	if path == "" {
		return nil
	}
	return b.pkg(path, "")
}

// signature converts a func type, skipping its first skip parameters (a
// method expression's receiver).
func (b *binImporter) signature(t reflect.Type, recv *types.Var, skip int) *types.Signature {
	var params, results []*types.Var
	for i := skip; i < t.NumIn(); i++ {
		params = append(params, types.NewParam(token.NoPos, nil, "", b.typ(t.In(i))))
	}
	for i := range t.NumOut() {
		results = append(results, types.NewParam(token.NoPos, nil, "", b.typ(t.Out(i))))
	}
	return types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), types.NewTuple(results...), t.IsVariadic())
}

// addMethods gives the named types converted so far their exported methods:
// those of T with a value receiver, those only *T has with a pointer one.
func (b *binImporter) addMethods() {
	for len(b.pending) > 0 {
		t := b.pending[0]
		b.pending = b.pending[1:]
		if t.Kind() == reflect.Interface {
			continue // the methods are in the underlying interface
		}
		n := b.named[t]
		seen := map[string]bool{}
		for _, rt := range []reflect.Type{t, reflect.PointerTo(t)} {
			var recvT types.Type = n
			if rt != t {
				recvT = types.NewPointer(n)
			}
			for i := range rt.NumMethod() {
				m := rt.Method(i)
				if seen[m.Name] || m.PkgPath != "" || promoted(t, m.Name) {
					continue
				}
				seen[m.Name] = true
				recv := types.NewVar(token.NoPos, n.Obj().Pkg(), "", recvT)
				n.AddMethod(types.NewFunc(token.NoPos, n.Obj().Pkg(), m.Name, b.signature(m.Type, recv, 1)))
			}
		}
	}
}

// promoted reports a method t has through an embedded field, which go/types
// finds itself; declaring it again would hide the field's.
func promoted(t reflect.Type, name string) bool {
	if t.Kind() != reflect.Struct {
		return false
	}
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.Anonymous {
			continue
		}
		if _, ok := f.Type.MethodByName(name); ok {
			return true
		}
		if _, ok := reflect.PointerTo(f.Type).MethodByName(name); ok && f.Type.Kind() != reflect.Pointer {
			return true
		}
	}
	return false
}

// addHiddenMethods gives the types of package path the unexported methods
// by which they implement its interfaces (autograd's option types
// implement Option through an unexported apply): reflect lists no
// unexported method of a concrete type, but reports that it implements the
// interface, whose methods it does list.
func (b *binImporter) addHiddenMethods(path string) {
	var ifaces, concrete []reflect.Type
	for t := range b.named {
		if t.PkgPath() != path {
			continue
		}
		if t.Kind() != reflect.Interface {
			concrete = append(concrete, t)
			continue
		}
		for i := range t.NumMethod() {
			if t.Method(i).PkgPath != "" {
				ifaces = append(ifaces, t)
				break
			}
		}
	}
	for _, it := range ifaces {
		iface := b.named[it].Underlying().(*types.Interface)
		for _, ct := range concrete {
			n := b.named[ct]
			var recvT types.Type
			switch {
			case ct.Implements(it):
				recvT = n
			case reflect.PointerTo(ct).Implements(it):
				recvT = types.NewPointer(n)
			default:
				continue
			}
			for i := range iface.NumMethods() {
				m := iface.Method(i)
				if m.Exported() {
					continue
				}
				if obj, _, _ := types.LookupFieldOrMethod(recvT, true, m.Pkg(), m.Name()); obj != nil {
					continue
				}
				sig := m.Type().(*types.Signature)
				recv := types.NewVar(token.NoPos, n.Obj().Pkg(), "", recvT)
				n.AddMethod(types.NewFunc(token.NoPos, m.Pkg(), m.Name(),
					types.NewSignatureType(recv, nil, nil, sig.Params(), sig.Results(), sig.Variadic())))
			}
		}
	}
}
