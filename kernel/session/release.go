package session

import (
	"reflect"
	"unsafe"
)

// releaseCompiled lets the compiled form of the cells that have run become
// garbage. yaegi appends every tree it compiles to a list only its debugger
// reads (Interpreter.roots), and every scope it opens to its parent's list
// of children, which nothing reads: over a long session those two lists,
// not the cells' values, hold most of the heap (tens of kilobytes a cell).
// What still runs stays reachable through the symbols that name it, so
// emptying the lists after each cell frees exactly the trees nothing refers
// to. The fields are yaegi's own; when a version of yaegi renames them,
// nothing is released and TestSoakTrainingCells fails.
func (s *Session) releaseCompiled() {
	in := reflect.ValueOf(s.in).Elem()
	clear := func(v reflect.Value) {
		if v.IsValid() && v.CanAddr() {
			reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem().SetZero()
		}
	}
	clear(in.FieldByName("roots"))
	children := func(sc reflect.Value) {
		if sc.IsValid() && sc.Kind() == reflect.Pointer && !sc.IsNil() {
			clear(sc.Elem().FieldByName("child"))
		}
	}
	children(in.FieldByName("universe"))
	if scopes := in.FieldByName("scopes"); scopes.IsValid() && scopes.Kind() == reflect.Map {
		it := scopes.MapRange()
		for it.Next() {
			children(it.Value())
		}
	}
}
