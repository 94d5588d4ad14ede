package widget

import (
	"fmt"
	"reflect"
	"sync"

	"github.com/gograd/gograd/display"
)

// Link keeps the values of a and b equal both ways, as ipywidgets' link does: a
// change to either, from the front end or from Go, sets the other. b takes a's
// value at once. The widgets must hold the same kind of value (two sliders, a
// Play and an IntSlider, two text fields); Link panics otherwise.
func Link(a, b Widget) *Linked {
	va, ok1 := a.(valued)
	vb, ok2 := b.(valued)
	if !ok1 || !ok2 {
		panic(fmt.Sprintf("widget.Link: %T and %T: both must have a value", a, b))
	}
	ma, mb := va.base().m, vb.base().m
	if reflect.TypeOf(va.goValue()) != reflect.TypeOf(vb.goValue()) {
		panic(fmt.Sprintf("widget.Link: %T holds %T, %T holds %T", a, va.goValue(), b, vb.goValue()))
	}
	l := &Linked{}
	mb.set(vb.attr(), ma.get(va.attr()))
	ma.observe(va.attr(), func(_, n any) {
		if !l.off() {
			mb.set(vb.attr(), n)
		}
	})
	mb.observe(vb.attr(), func(_, n any) {
		if !l.off() {
			ma.set(va.attr(), n)
		}
	})
	return l
}

// Linked is a link made by Link.
type Linked struct {
	mu       sync.Mutex
	unlinked bool
}

// Unlink stops the link.
func (l *Linked) Unlink() {
	l.mu.Lock()
	l.unlinked = true
	l.mu.Unlock()
}

func (l *Linked) off() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.unlinked
}

// Interactive is what Interact returns: the controls above the Output that f
// draws into, in a VBox.
type Interactive struct {
	*Box
	Out      *Output
	f        reflect.Value
	controls []valued
	queued   bool
	draws    int
}

// Interact calls f with the values of controls (its i-th parameter gets the i-th
// control's Value) and shows what f returns, and what it prints or displays, in
// an Output below the controls. Whenever a control changes, f runs again and its
// output replaces the last one in place.
//
// f is any function whose parameters take the controls' values (int for an
// IntSlider, float64 for a FloatSlider, string for a Dropdown, bool for a
// Checkbox, [2]int for an IntRangeSlider; numeric parameters of another width are
// converted). Its results are shown like a cell's value: a plot as a picture.
//
// Redraws for changes from the front end wait until the kernel has handled every
// message that waits (see Flush): dragging a slider faster than f draws skips the
// positions passed meanwhile instead of queuing a redraw for each.
func Interact(f any, controls ...Widget) *Interactive {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func {
		panic(fmt.Sprintf("widget.Interact: f is %T, not a function", f))
	}
	ft := fv.Type()
	if ft.NumIn() != len(controls) && !(ft.IsVariadic() && len(controls) >= ft.NumIn()-1) {
		panic(fmt.Sprintf("widget.Interact: f takes %d arguments, %d controls given", ft.NumIn(), len(controls)))
	}
	in := &Interactive{Out: NewOutput(), f: fv}
	for i, c := range controls {
		v, ok := c.(valued)
		if !ok {
			panic(fmt.Sprintf("widget.Interact: control %d (%T) has no value", i, c))
		}
		in.controls = append(in.controls, v)
	}
	children := append(append([]Widget{}, controls...), in.Out)
	in.Box = VBox(children...)
	in.class = "interactive"
	for _, c := range in.controls {
		c.base().m.observe(c.attr(), func(_, _ any) { in.changed() })
	}
	in.Redraw()
	return in
}

// changed redraws now for a change made from Go, after the pending front-end
// messages for one made there.
func (in *Interactive) changed() {
	if inFrontendUpdate() {
		later(&in.queued, in.Redraw)
		return
	}
	in.Redraw()
}

// Redraw calls f with the controls' current values and replaces the output.
func (in *Interactive) Redraw() {
	in.draws++
	in.Out.Clear(true)
	in.Out.Capture(func() {
		args := in.args()
		var out []reflect.Value
		if in.f.Type().IsVariadic() {
			out = in.f.CallSlice(args)
		} else {
			out = in.f.Call(args)
		}
		for _, r := range out {
			if isNil(r) {
				continue
			}
			in.Out.AppendDisplay(display.BundleOf(r.Interface()), "")
		}
	})
}

// Draws counts the calls of f so far.
func (in *Interactive) Draws() int { return in.draws }

func (in *Interactive) args() []reflect.Value {
	ft := in.f.Type()
	args := make([]reflect.Value, len(in.controls))
	for i, c := range in.controls {
		want := ft.In(min(i, ft.NumIn()-1))
		if ft.IsVariadic() && i >= ft.NumIn()-1 {
			want = want.Elem()
		}
		v := reflect.ValueOf(c.goValue())
		if !v.Type().AssignableTo(want) {
			if !v.Type().ConvertibleTo(want) {
				panic(fmt.Sprintf("widget.Interact: argument %d is %v, control %d gives %v", i, want, i, v.Type()))
			}
			v = v.Convert(want)
		}
		args[i] = v
	}
	if ft.IsVariadic() {
		n := ft.NumIn() - 1
		rest := reflect.MakeSlice(ft.In(n), 0, len(args)-n)
		rest = reflect.Append(rest, args[n:]...)
		return append(args[:n:n], rest)
	}
	return args
}

func isNil(v reflect.Value) bool {
	if !v.IsValid() {
		return true
	}
	switch v.Kind() {
	case reflect.Ptr, reflect.Interface, reflect.Map, reflect.Slice, reflect.Func, reflect.Chan:
		return v.IsNil()
	}
	return false
}
