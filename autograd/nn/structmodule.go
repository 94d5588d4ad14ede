package nn

import (
	"reflect"
	"strconv"
	"unicode"

	"github.com/gograd/gograd/autograd"
)

// NamedParametersOf lists the parameters of a module written as a Go struct, as
// PyTorch's named_parameters() lists those of a Python module: first the struct's own
// parameters (exported *autograd.Tensor fields made by autograd.NewParameter), in
// field order, then those of each module held in an exported field or slice of
// modules, prefixed with the field's name ("fc1.weight", "layers.0.bias"). A
// parameter reached twice is listed once. A struct module implements Module with it:
//
//	type Polynomial3 struct {
//		nn.Mode
//		A, B, C, D *autograd.Tensor
//	}
//
//	func (m *Polynomial3) Forward(x *autograd.Tensor) *autograd.Tensor { ... }
//	func (m *Polynomial3) Parameters() []*autograd.Tensor        { return nn.ParametersOf(m) }
//	func (m *Polynomial3) NamedParameters() []nn.NamedParameter  { return nn.NamedParametersOf(m) }
//
// A field's name is its `nn:"name"` tag, or the Go name with its leading capitals
// lowered (A is "a", FC1 is "fc1", Conv1 is "conv1").
func NamedParametersOf(m any) []NamedParameter { return namedParametersOf(m, 0) }

// maxDepth bounds how deep namedParametersOf follows struct fields that are not
// modules, so that a struct pointing back at its parent cannot recurse forever.
const maxDepth = 32

func namedParametersOf(m any, depth int) []NamedParameter {
	v, ok := structOf(m)
	if !ok || depth > maxDepth {
		return nil
	}
	var out []NamedParameter
	seen := map[*autograd.Tensor]bool{}
	add := func(name string, p *autograd.Tensor) {
		if p != nil && p.IsParameter() && !seen[p] {
			seen[p] = true
			out = append(out, NamedParameter{name, p})
		}
	}
	var children []func() // after the struct's own parameters, in field order
	for i := 0; i < v.NumField(); i++ {
		sf := v.Type().Field(i)
		if !sf.IsExported() || sf.Anonymous {
			continue
		}
		f, name := v.Field(i), fieldName(sf)
		if p, ok := f.Interface().(*autograd.Tensor); ok {
			add(name, p)
			continue
		}
		children = append(children, func() {
			if f.Kind() != reflect.Slice {
				for _, p := range childParams(f, depth) {
					add(name+"."+p.Name, p.Param)
				}
				return
			}
			for j := 0; j < f.Len(); j++ { // a list of modules or of parameters
				e, at := f.Index(j), name+"."+strconv.Itoa(j)
				if p, ok := e.Interface().(*autograd.Tensor); ok {
					add(at, p)
					continue
				}
				for _, p := range childParams(e, depth) {
					add(at+"."+p.Name, p.Param)
				}
			}
		})
	}
	for _, c := range children {
		c()
	}
	return out
}

// childParams are the named parameters of the module f holds: its own
// NamedParameters, or, for a struct that is not a Module to Go's reflection (a module
// type defined in a cell, held by its concrete type), its fields' parameters.
func childParams(f reflect.Value, depth int) []NamedParameter {
	if (f.Kind() == reflect.Pointer || f.Kind() == reflect.Interface) && f.IsNil() {
		return nil
	}
	if m, ok := f.Interface().(Module); ok {
		return m.NamedParameters()
	}
	if f.Kind() == reflect.Pointer && f.Elem().Kind() == reflect.Struct {
		return namedParametersOf(f.Interface(), depth+1)
	}
	return nil
}

// ParametersOf is NamedParametersOf without the names (PyTorch's parameters()).
func ParametersOf(m any) []*autograd.Tensor {
	var ps []*autograd.Tensor
	for _, p := range NamedParametersOf(m) {
		ps = append(ps, p.Param)
	}
	return ps
}

// fieldName is a field's `nn` tag, or its name with the leading capitals lowered.
func fieldName(sf reflect.StructField) string {
	if tag := sf.Tag.Get("nn"); tag != "" {
		return tag
	}
	r := []rune(sf.Name)
	for i := 0; i < len(r) && unicode.IsUpper(r[i]); i++ {
		// in "FCLayer" the L starts the next word and stays
		if i > 0 && i+1 < len(r) && unicode.IsLower(r[i+1]) {
			break
		}
		r[i] = unicode.ToLower(r[i])
	}
	return string(r)
}
