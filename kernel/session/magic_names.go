package session

import (
	"fmt"
	"go/types"
	"reflect"
	"sort"
	"strings"
)

// %who, %whos and %reset: the names the cells defined.

// userNames are the top-level names cells defined, sorted; the kernel's
// own (_gg...) are not among them.
func (s *Session) userNames() []string {
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	var names []string
	for n := range s.names {
		if !strings.HasPrefix(n, "_gg") {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

// typeOf is the Go type of a top-level name as the cells would write it
// ("func(x float64) float64" for a function, "type" for a type).
func (s *Session) typeOf(name string) string {
	obj := s.types.objs[name]
	switch obj.(type) {
	case nil:
		return ""
	case *types.TypeName:
		return "type"
	}
	return types.TypeString(obj.Type(), s.qualifier())
}

// whoMagic lists the names as IPython's %who does: each followed by a tab
// and a space. An argument keeps the names of that type only.
func whoMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	var b strings.Builder
	for _, n := range s.userNames() {
		if c.args != "" && s.typeOf(n) != c.args {
			continue
		}
		b.WriteString(n + "\t ")
	}
	if b.Len() == 0 {
		if c.args != "" {
			s.print("No variables match your requested type.\n")
		} else {
			s.print("Interactive namespace is empty.\n")
		}
		return nil, nil
	}
	s.print(b.String() + "\n")
	return nil, nil
}

// whosMagic prints IPython's %whos table: name, type, and a short view of
// the value (a tensor's shape, element count, dtype and size, as numpy
// arrays show there).
func whosMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	names := s.userNames()
	if len(names) == 0 {
		s.print("Interactive namespace is empty.\n")
		return nil, nil
	}
	globals := s.in.Globals()
	typs := make([]string, len(names))
	infos := make([]string, len(names))
	for i, n := range names {
		typs[i] = s.typeOf(n)
		if v, ok := globals[n]; ok && v.IsValid() {
			infos[i] = valueInfo(v)
		} else if typs[i] == "type" {
			infos[i] = n
		} else {
			infos[i] = "func " + n
		}
	}
	const colsep = 3
	varw, typw := len("Variable"), len("Type")
	for i, n := range names {
		varw, typw = max(varw, len(n)), max(typw, len(typs[i]))
	}
	varw, typw = varw+colsep, typw+colsep
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s%-*s Data/Info\n%s\n", varw, "Variable", typw, "Type", strings.Repeat("-", varw+typw+len("Data/Info")+1))
	for i, n := range names {
		fmt.Fprintf(&b, "%-*s%-*s %s\n", varw, n, typw, typs[i], infos[i])
	}
	s.print(b.String())
	return nil, nil
}

// valueInfo is %whos's view of a value: "2x3: 6 elems, type `float32`, 24
// bytes" for anything with a shape and a dtype, else its printed form,
// shortened in the middle past 50 characters as IPython does.
func valueInfo(v reflect.Value) string {
	if v.CanInterface() {
		x := v.Interface()
		if isNil(x) {
			return "nil"
		}
		type shaped interface {
			Numel() int
		}
		if sh, ok := x.(shaped); ok {
			if shape, dtype, size, ok := shapeOf(v); ok {
				dims := make([]string, len(shape))
				for i, d := range shape {
					dims[i] = fmt.Sprint(d)
				}
				n := sh.Numel()
				return fmt.Sprintf("%s: %d elems, type `%s`, %d bytes", strings.Join(dims, "x"), n, dtype, n*size)
			}
		}
		str := fmt.Sprintf("%v", x)
		if _, isStr := x.(string); isStr {
			str = fmt.Sprintf("%q", x)
		}
		str = strings.ReplaceAll(str, "\n", " ")
		if len(str) > 50 {
			str = str[:25] + "<...>" + str[len(str)-25:]
		}
		return str
	}
	return v.Type().String()
}

// shapeOf reads Shape() and DType() of a tensor-like value: the shape's
// sizes, the dtype's name and its element size.
func shapeOf(v reflect.Value) (shape []int, dtype string, size int, ok bool) {
	sm, dm := v.MethodByName("Shape"), v.MethodByName("DType")
	if !sm.IsValid() || !dm.IsValid() || sm.Type().NumIn() != 0 || dm.Type().NumIn() != 0 {
		return nil, "", 0, false
	}
	sv := sm.Call(nil)
	if len(sv) != 1 || sv[0].Kind() != reflect.Slice {
		return nil, "", 0, false
	}
	for i := range sv[0].Len() {
		shape = append(shape, int(sv[0].Index(i).Int()))
	}
	dv := dm.Call(nil)
	if len(dv) != 1 {
		return nil, "", 0, false
	}
	dtype = fmt.Sprint(dv[0].Interface())
	dtype = strings.TrimPrefix(dtype, "torch.")
	if m := dv[0].MethodByName("Size"); m.IsValid() && m.Type().NumIn() == 0 {
		if r := m.Call(nil); len(r) == 1 && r[0].CanInt() {
			size = int(r[0].Int())
		}
	}
	if size == 0 {
		switch dtype {
		case "float64", "int64", "complex64":
			size = 8
		case "float32", "int32":
			size = 4
		case "float16", "bfloat16", "int16":
			size = 2
		default:
			size = 1
		}
	}
	return shape, dtype, size, true
}

// resetMagic forgets the session's names: a new interpreter. Without -f it
// asks first, as IPython does.
func resetMagic(s *Session, c *magicCall) (map[string]any, *cellErr) {
	if c.args != "-f" {
		if c.args != "" {
			return nil, usageError("%reset: the option is -f")
		}
		s.streams.flush()
		out := s.output()
		answer := ""
		if out != nil {
			a, err := out.Input("Once deleted, variables cannot be recovered. Proceed (y/[n])? ", false)
			if err != nil {
				return nil, usageError("%reset: cannot ask for confirmation (" + err.Error() + "); %reset -f resets without asking")
			}
			answer = a
		}
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			s.print("Nothing done.\n")
			return nil, nil
		}
	}
	s.start()
	return nil, nil
}
