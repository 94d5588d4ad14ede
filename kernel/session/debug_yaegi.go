package session

import (
	"go/token"
	"reflect"
	"unsafe"

	"github.com/traefik/yaegi/interp"
)

// Line breakpoints set on yaegi's nodes directly. yaegi's own
// Debugger.SetBreakpoints looks for the nodes of a line by computing, for
// every node it passes, the function that executes it; on the nodes of a
// signature naming a compiled type (`func f(x *autograd.Tensor)`) that
// computation dereferences a nil generator and panics, before the
// function's body is reached. And the node it flags, the first of the line
// whose executor exists, is not the first the line executes, and changes
// once the program has run (executors are made lazily).
//
// This walk only reads the tree: every node of a wanted line that yaegi
// can execute gets the flag yaegi's step loop checks (debug.breakOnLine),
// so that the first of them the line runs stops it, whichever it is (yaegi's
// loop follows the nodes it runs by comparing executors, and does not
// always land on the statement's own node). The debugger then takes the
// rest of the line as one step (see debugEvent). The fields are yaegi's
// own, read and written through reflect as release.go does; if a version of
// yaegi renames them, no breakpoint is placed and the debugger tests fail.

// setLineBreakpoints flags the nodes of prog on the given file lines and
// clears the flag elsewhere in prog. It reports which lines got a node.
func setLineBreakpoints(fset *token.FileSet, prog *interp.Program, lines []int) []bool {
	placed := make([]bool, len(lines))
	root := reflect.ValueOf(prog).Elem().FieldByName("root")
	if !root.IsValid() || root.IsNil() {
		return placed
	}
	want := map[int]int{}
	for i, l := range lines {
		if _, dup := want[l]; !dup {
			want[l] = i
		}
	}
	seen := map[uintptr]bool{}
	var walk func(n reflect.Value)
	walk = func(n reflect.Value) {
		if n.IsNil() || seen[n.Pointer()] {
			return
		}
		seen[n.Pointer()] = true
		e := n.Elem()
		flag := false
		if pos := token.Pos(e.FieldByName("pos").Int()); pos.IsValid() && !e.FieldByName("exec").IsNil() {
			if i, ok := want[fset.Position(pos).Line]; ok {
				placed[i], flag = true, true
			}
		}
		setBreakOnLine(e, flag)
		kids := e.FieldByName("child")
		for i := 0; i < kids.Len(); i++ {
			walk(kids.Index(i))
		}
	}
	walk(root)
	return placed
}

// setBreakOnLine sets node.debug.breakOnLine, allocating node.debug when the
// flag is raised.
func setBreakOnLine(node reflect.Value, on bool) {
	dbgField := settable(node.FieldByName("debug"))
	if dbgField.IsNil() {
		if !on {
			return
		}
		dbgField.Set(reflect.New(dbgField.Type().Elem()))
	}
	settable(dbgField.Elem().FieldByName("breakOnLine")).SetBool(on)
}

func settable(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}
