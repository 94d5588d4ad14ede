package session

import (
	"go/ast"
	"reflect"
	"unicode/utf8"
)

// A chain is the expression before a dot being completed, such as
// `x.Grad().` or `autograd.New(v).`: a root name, then selections, calls and
// indexes. Its type is worked out from reflect types alone, without running
// anything: completion must not have side effects.
type chainOp struct {
	kind byte // 'r' root name, 's' selection, 'c' call, 'i' index
	name string
}

// parseChain reads the chain ending just before the dot at code[dot]; nil if
// the text there is not one.
func parseChain(code string, dot int) []chainOp {
	var ops []chainOp
	i := dot
	for i > 0 {
		switch c := code[i-1]; c {
		case ')', ']':
			open := matchOpen(code, i-1)
			if open < 0 {
				return nil
			}
			if c == ')' {
				ops = append(ops, chainOp{kind: 'c'})
			} else {
				ops = append(ops, chainOp{kind: 'i'})
			}
			i = open
			continue
		}
		k := i
		for k > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:k])
			if !isIdentRune(r) {
				break
			}
			k -= n
		}
		if k == i {
			return nil
		}
		if k > 0 && code[k-1] == '.' {
			ops = append(ops, chainOp{kind: 's', name: code[k:i]})
			i = k - 1
			continue
		}
		ops = append(ops, chainOp{kind: 'r', name: code[k:i]})
		for l, r := 0, len(ops)-1; l < r; l, r = l+1, r-1 {
			ops[l], ops[r] = ops[r], ops[l]
		}
		return ops
	}
	return nil
}

// matchOpen finds the bracket opening the one closing at code[close],
// skipping string and character literals on the way.
func matchOpen(code string, close int) int {
	depth := 0
	for i := close; i >= 0; i-- {
		switch code[i] {
		case ')', ']', '}':
			depth++
		case '(', '[', '{':
			depth--
			if depth == 0 {
				return i
			}
		case '"', '\'', '`':
			q := code[i]
			for i--; i >= 0 && code[i] != q; i-- {
			}
		}
	}
	return -1
}

// chainMembers lists what may follow the chain and a dot.
func (s *Session) chainMembers(ops []chainOp) []string {
	if len(ops) == 1 {
		if path, ok := s.packageOf(ops[0].name); ok {
			var names []string
			for name := range s.binTable(path) {
				if ast.IsExported(name) {
					names = append(names, name)
				}
			}
			return append(names, s.sourceMembers(path)...)
		}
	}
	t := s.chainType(ops)
	if t == nil || t.Kind() == reflect.Func {
		return nil
	}
	names := typeMembers(t)
	if len(ops) == 1 {
		s.namesMu.RLock()
		names = append(names, s.methods[s.varTypes[ops[0].name]]...)
		s.namesMu.RUnlock()
	}
	return names
}

// packageOf is the import path of name when it names a package, not a
// cell's variable.
func (s *Session) packageOf(name string) (string, bool) {
	path, ok := s.packagePath(name)
	return path, ok && !s.isName(name)
}

// chainType is the type of the chain's value, nil if it cannot be known
// without running code.
func (s *Session) chainType(ops []chainOp) reflect.Type {
	var t reflect.Type
	rest := ops[1:]
	if path, ok := s.packageOf(ops[0].name); ok {
		if len(rest) == 0 || rest[0].kind != 's' {
			return nil
		}
		v, ok := s.binTable(path)[rest[0].name]
		if !ok || !v.IsValid() || v.Kind() == reflect.Pointer && v.IsNil() {
			return nil // not there, or a type rather than a value
		}
		t = v.Type()
		rest = rest[1:]
	} else {
		v, ok := s.liveValue([]string{ops[0].name})
		if !ok {
			return nil
		}
		if v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		t = v.Type()
	}
	for _, op := range rest {
		if t = stepType(t, op); t == nil {
			return nil
		}
	}
	return t
}

// stepType is the type of applying op to a value of type t, nil if unknown.
func stepType(t reflect.Type, op chainOp) reflect.Type {
	switch op.kind {
	case 's':
		if m, ok := t.MethodByName(op.name); ok {
			return m.Type
		}
		if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
			if m, ok := reflect.PointerTo(t).MethodByName(op.name); ok {
				return m.Type
			}
		}
		st := t
		if st.Kind() == reflect.Pointer {
			st = st.Elem()
		}
		if st.Kind() == reflect.Struct {
			if f, ok := st.FieldByName(op.name); ok {
				return f.Type
			}
		}
	case 'c':
		if t.Kind() == reflect.Func && t.NumOut() > 0 {
			return t.Out(0)
		}
	case 'i':
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Array {
			t = t.Elem()
		}
		switch t.Kind() {
		case reflect.Slice, reflect.Array, reflect.Map:
			return t.Elem()
		case reflect.String:
			return reflect.TypeOf(byte(0))
		}
	}
	return nil
}

// typeMembers are the exported methods and fields of a value of type t.
func typeMembers(t reflect.Type) []string {
	var names []string
	addMethods := func(t reflect.Type) {
		for i := 0; i < t.NumMethod(); i++ {
			if m := t.Method(i); m.IsExported() {
				names = append(names, m.Name)
			}
		}
	}
	addMethods(t)
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		addMethods(reflect.PointerTo(t))
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			if f := st.Field(i); f.IsExported() {
				names = append(names, f.Name)
			}
		}
	}
	return names
}
