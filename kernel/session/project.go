package session

import (
	"reflect"
	"sync"
	"sync/atomic"

	"github.com/gograd/gograd/display"
	"github.com/gograd/gograd/display/widget"
	"github.com/gograd/gograd/kernel/session/symbols"
	"github.com/gograd/gograd/tensor"
)

// This file is the seam between the interpreter machinery and this project's
// packages: which symbol tables a cell sees, how a tensor error is named, how
// display output reaches the running cell.

// projectSymbols are the symbol tables of this project's packages, keyed
// "import/path/name" as yaegi's extract writes them. All of them are
// pre-imported under their package names.
func projectSymbols() map[string]map[string]reflect.Value { return symbols.Symbols }

// setInterrupt raises or clears the flag compiled tensor loops poll.
func setInterrupt(on bool) { tensor.SetInterrupt(on) }

// projectError names a tensor error by its Python exception class: the
// panic value of every failing tensor and autograd op.
func projectError(v any, e *cellErr) bool {
	te, ok := v.(*tensor.Error)
	if !ok {
		return false
	}
	e.name, e.value = te.Kind, te.Msg
	return true
}

// projectInterfaces are the project's interfaces an interpreted value must keep
// when the kernel receives it (see resultMapTypes).
func projectInterfaces() []reflect.Type {
	return []reflect.Type{reflect.TypeOf((*display.Displayer)(nil)).Elem()}
}

// projectBundle shows a value that displays itself.
func projectBundle(v any) (map[string]any, bool) {
	d, ok := v.(display.Displayer)
	if !ok {
		return nil, false
	}
	return map[string]any(display.BundleOf(d)), true
}

// active is the session whose cell runs: display calls from a cell go to its
// Output. display has one publisher per process, so sessions take turns.
var active atomic.Pointer[Session]

func activate(s *Session) { active.Store(s) }

var publisherOnce sync.Once

func installPublisher() {
	publisherOnce.Do(func() {
		display.SetPublisher(publisher{})
		widget.SetHost(widgetHost{})
	})
}

// publisher adapts the active session's Output to display.Publisher. Output
// sent by a display call is ordered after the text the cell printed before it.
type publisher struct{}

func (publisher) send(f func(s *Session)) {
	s := active.Load()
	if s == nil || s.output() == nil {
		return
	}
	s.streams.flush()
	f(s)
}

func (p publisher) Display(b display.Bundle, id string) {
	p.send(func(s *Session) { s.output().Display(map[string]any(b), id, false) })
}

func (p publisher) Update(b display.Bundle, id string) {
	p.send(func(s *Session) { s.output().Display(map[string]any(b), id, true) })
}

func (p publisher) ClearOutput(wait bool) {
	p.send(func(s *Session) { s.output().ClearOutput(wait) })
}
