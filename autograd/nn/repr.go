package nn

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/gograd/gograd/autograd"
)

// Repr is PyTorch's repr of a module written as a Go struct, under the class name
// given (Go cannot find the name of a type defined in a notebook cell): one
// "(name): child" line per module field, in field order, each child's own repr
// indented, and "Name()" for a module without module fields. A slice of modules prints
// as torch prints a ModuleList. A struct module prints so by giving itself a String
// method:
//
//	func (m *Net) String() string { return nn.Repr("Net", m) }
//
// Parameters held directly are not shown, as in torch.
func Repr(name string, m Module) string {
	children := namedChildren(m)
	if len(children) == 0 {
		return name + "()"
	}
	var b strings.Builder
	b.WriteString(name + "(\n")
	for _, c := range children {
		s := repr(c.m)
		if c.list != nil {
			s = listRepr(c.list)
		}
		fmt.Fprintf(&b, "  (%s): %s\n", c.name, addIndent(s, 2))
	}
	b.WriteString(")")
	return b.String()
}

// listRepr is torch's ModuleList repr of a slice of modules.
func listRepr(ms []Module) string {
	if len(ms) == 0 {
		return "ModuleList()"
	}
	var b strings.Builder
	b.WriteString("ModuleList(\n")
	for i, m := range ms {
		fmt.Fprintf(&b, "  (%d): %s\n", i, addIndent(repr(m), 2))
	}
	b.WriteString(")")
	return b.String()
}

// child is one module field of a struct module: a module, or a list of them.
type child struct {
	name string
	m    Module
	list []Module // for a slice field; m is nil then
}

// namedChildren are the exported fields of a struct module that hold a Module or a
// slice of modules, in field order, named as NamedParametersOf names them. Nil fields
// and nil elements are skipped.
func namedChildren(m Module) []child {
	v, ok := structOf(m)
	if !ok {
		return nil
	}
	module := func(f reflect.Value) Module {
		if (f.Kind() == reflect.Pointer || f.Kind() == reflect.Interface) && f.IsNil() {
			return nil
		}
		c, _ := f.Interface().(Module)
		return c
	}
	var out []child
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		if !sf.IsExported() || sf.Anonymous {
			continue
		}
		f := v.Field(i)
		if f.Kind() == reflect.Slice && f.Type().Elem() != reflect.TypeOf((*autograd.Tensor)(nil)) {
			var list []Module
			for j := 0; j < f.Len(); j++ {
				if c := module(f.Index(j)); c != nil {
					list = append(list, c)
				}
			}
			if list != nil {
				out = append(out, child{name: fieldName(sf), list: list})
			}
			continue
		}
		if c := module(f); c != nil {
			out = append(out, child{name: fieldName(sf), m: c})
		}
	}
	return out
}
