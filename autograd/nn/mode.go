package nn

import "reflect"

// Mode is torch's Module.training flag, for embedding in a module: a module whose
// forward pass differs between training and evaluation (dropout, batch norm) reads
// Training(). The zero Mode is in training mode, as a new PyTorch module is. Every
// module of this package embeds it; a module defined in a cell may too:
//
//	type Net struct {
//		nn.Mode
//		FC1, FC2 *nn.Linear
//	}
type Mode struct{ eval bool }

// Training reports whether the module is in training mode (torch's module.training).
func (m *Mode) Training() bool { return !m.eval }

// SetTraining sets the module's own flag only; Train and Eval set its children's too.
func (m *Mode) SetTraining(on bool) { m.eval = !on }

// moder is a module with a training flag of its own making.
type moder interface {
	Training() bool
	SetTraining(bool)
}

// flag finds m's training flag: its own Training/SetTraining methods, or an embedded
// Mode reached through pointers. A module defined in a cell reaches us wrapped by the
// interpreter (a struct whose IValue field holds the cell's value, with none of its
// other methods), so the wrapper is looked through.
func flag(m Module) moder {
	if f, ok := m.(moder); ok {
		return f
	}
	v, ok := structOf(m)
	if !ok {
		return nil
	}
	if f := v.FieldByName("Mode"); f.IsValid() && f.Type() == reflect.TypeOf(Mode{}) && f.CanAddr() {
		return f.Addr().Interface().(*Mode)
	}
	return nil
}

// structOf is the struct behind m's pointers and interpreter wrapper, if there is one.
func structOf(m any) (reflect.Value, bool) {
	v := reflect.ValueOf(m)
	for {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if v.IsNil() {
				return v, false
			}
			v = v.Elem()
			continue
		case reflect.Struct:
			if w := v.FieldByName("IValue"); w.IsValid() && w.Kind() == reflect.Interface && v.Type().PkgPath() != "" {
				if _, ok := v.Type().FieldByName("WForward"); ok {
					v = w
					continue
				}
			}
			return v, true
		}
		return v, false
	}
}

// Train puts m and every module inside it into training mode, or into evaluation mode
// with Train(m, false), as module.train(mode) does in PyTorch. A module without a flag
// (neither a Mode nor methods of its own) is left as it is; its children are still
// visited.
func Train(m Module, on ...bool) {
	mode := len(on) == 0 || on[0]
	visit(m, func(c Module) {
		if f := flag(c); f != nil {
			f.SetTraining(mode)
		}
	})
}

// Eval puts m and every module inside it into evaluation mode (module.eval()).
func Eval(m Module) { Train(m, false) }

// IsTraining is torch's m.training: false after Eval, true after Train and for a new
// module, and true for a module without a flag (which nothing can switch).
func IsTraining(m Module) bool {
	if f := flag(m); f != nil {
		return f.Training()
	}
	return true
}

// Children are the modules directly inside m, in order (torch's module.children()): a
// Sequential's modules, or the exported fields of a struct module that hold a Module
// or a slice of modules. Nil fields are skipped.
func Children(m Module) []Module {
	if s, ok := m.(*Sequential); ok {
		return append([]Module(nil), s.Modules...)
	}
	var out []Module
	for _, c := range namedChildren(m) {
		if c.list != nil {
			out = append(out, c.list...)
		} else {
			out = append(out, c.m)
		}
	}
	return out
}

// visit calls f on m and then on every module inside it, depth first, visiting a
// module held twice (by pointer) once.
func visit(m Module, f func(Module)) {
	seen := map[uintptr]bool{}
	var walk func(Module)
	walk = func(m Module) {
		if v := reflect.ValueOf(m); v.Kind() == reflect.Pointer {
			if seen[v.Pointer()] {
				return
			}
			seen[v.Pointer()] = true
		}
		f(m)
		for _, c := range Children(m) {
			walk(c)
		}
	}
	walk(m)
}
