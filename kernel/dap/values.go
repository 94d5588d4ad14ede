package dap

import (
	"fmt"
	"os"
	"reflect"
	"sort"
	"strconv"
)

// maxChildren bounds the elements a container expands to, and maxText the
// length of a value's one-line text: a variables panel is for looking, and a
// million-element slice must not cost a million JSON objects.
const (
	maxChildren = 300
	maxText     = 200
)

var readFile = os.ReadFile

// shown is a value as the variables panel lists it; children are computed
// when the front end expands it.
type shown struct {
	Value, Type string
	Children    []Named
	lazy        func() []Named
}

func (p shown) children() []Named {
	if p.lazy != nil {
		return p.lazy()
	}
	return p.Children
}

// list turns variables into DAP's variable objects, registering a reference
// for each that has children.
func (s *Server) list(vars []Named) []map[string]any {
	out := make([]map[string]any, 0, len(vars))
	for _, n := range vars {
		p := s.present(n.Value, n.Type)
		ref := 0
		if len(p.Children) > 0 || p.lazy != nil {
			ref = s.ref(p.children)
		}
		out = append(out, map[string]any{
			"name": n.Name, "value": p.Value, "type": p.Type,
			"evaluateName": n.Name, "variablesReference": ref,
		})
	}
	return out
}

// present is the generic presentation of v by reflect, or the Target's.
func (s *Server) present(v reflect.Value, typ string) shown {
	if !v.IsValid() {
		return shown{Value: "nil", Type: typ}
	}
	if typ == "" {
		typ = v.Type().String()
	}
	if p, ok := s.t.Present(v); ok {
		if p.Type == "" {
			p.Type = typ
		}
		return shown{Value: clip(p.Value), Type: p.Type, Children: p.Children}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return shown{Value: "nil", Type: typ}
		}
		inner := s.present(v.Elem(), "")
		prefix := ""
		if v.Kind() == reflect.Pointer {
			prefix = "&"
		}
		return shown{Value: prefix + inner.Value, Type: typ, Children: inner.Children, lazy: inner.lazy}
	case reflect.Struct:
		return shown{Value: text(v), Type: typ, lazy: func() []Named {
			var out []Named
			for i := 0; i < v.NumField() && i < maxChildren; i++ {
				out = append(out, Named{Name: v.Type().Field(i).Name, Value: v.Field(i)})
			}
			return out
		}}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return shown{Value: "nil", Type: typ}
		}
		p := shown{Value: clip(fmt.Sprintf("len %d: %s", v.Len(), text(v))), Type: typ}
		if v.Len() > 0 {
			p.lazy = func() []Named {
				var out []Named
				for i := 0; i < v.Len() && i < maxChildren; i++ {
					out = append(out, Named{Name: strconv.Itoa(i), Value: v.Index(i)})
				}
				return out
			}
		}
		return p
	case reflect.Map:
		if v.IsNil() {
			return shown{Value: "nil", Type: typ}
		}
		p := shown{Value: clip(fmt.Sprintf("len %d: %s", v.Len(), text(v))), Type: typ}
		if v.Len() > 0 {
			p.lazy = func() []Named {
				keys := v.MapKeys()
				sort.Slice(keys, func(i, j int) bool { return text(keys[i]) < text(keys[j]) })
				var out []Named
				for i, k := range keys {
					if i == maxChildren {
						break
					}
					out = append(out, Named{Name: text(k), Value: v.MapIndex(k)})
				}
				return out
			}
		}
		return p
	case reflect.String:
		return shown{Value: clip(strconv.Quote(v.String())), Type: typ}
	case reflect.Func:
		if v.IsNil() {
			return shown{Value: "nil", Type: typ}
		}
		return shown{Value: "func", Type: typ}
	}
	return shown{Value: text(v), Type: typ}
}

// text is v printed by fmt, clipped. fmt prints unexported fields' values
// too, which Interface could not hand over.
func text(v reflect.Value) (s string) {
	defer func() {
		if r := recover(); r != nil { // a String method of the value panicked
			s = fmt.Sprintf("<%v>", r)
		}
	}()
	if v.CanInterface() {
		return clip(fmt.Sprintf("%v", v.Interface()))
	}
	return clip(fmt.Sprintf("%v", v))
}

func clip(s string) string {
	if len(s) > maxText {
		return s[:maxText] + "…"
	}
	return s
}
