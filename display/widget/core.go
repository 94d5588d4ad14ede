package widget

import (
	"github.com/gograd/gograd/display"
)

// Widget is anything this package makes: a model on the kernel's side, shown as a
// view wherever it is displayed (a cell may show one widget several times; every
// view follows the one model).
type Widget interface {
	display.Displayer
	// ModelID is the widget's comm id, which is also its model id.
	ModelID() string
}

// core is what every widget has: its model and the attributes common to the
// DOM widgets (layout, tooltip, disabled, description).
type core struct {
	m     *model
	class string
	repr  func() []any // the attributes its text form names
}

// ModelID is the widget's model id.
func (c *core) ModelID() string { return c.m.id }

// DisplayBundle shows the widget: the view MIME type for front ends with the
// widget manager, and a text form naming its class and value for the others.
func (c *core) DisplayBundle() display.Bundle {
	return display.Bundle{
		ViewMIME:     map[string]any{"model_id": c.m.id, "version_major": 2, "version_minor": 1},
		"text/plain": c.String(),
	}
}

// String is the widget's text form, as ipywidgets' repr: IntSlider(value=3, ...).
func (c *core) String() string {
	var kv []any
	if c.repr != nil {
		kv = c.repr()
	}
	return repr(c.class, kv...)
}

// Close closes the widget's comm: its views disappear and the kernel forgets it.
func (c *core) Close() {
	c.m.mu.Lock()
	closed := c.m.closed
	c.m.closed = true
	c.m.mu.Unlock()
	if !closed {
		send("comm_close", map[string]any{"comm_id": c.m.id, "data": map[string]any{}}, nil)
	}
	regMu.Lock()
	delete(models, c.m.id)
	regMu.Unlock()
}

// SetLayout gives the widget a Layout (size, margins, flex settings); several
// widgets may share one.
func (c *core) SetLayout(l *Layout) { c.m.set("layout", ref(l.m)) }

// SetDisabled greys the widget out and stops the front end from changing it.
func (c *core) SetDisabled(d bool) { c.m.set("disabled", d) }

// SetTooltip sets the text shown when the pointer rests on the widget.
func (c *core) SetTooltip(s string) { c.m.set("tooltip", s) }

// SetDescription sets the label before the widget.
func (c *core) SetDescription(s string) { c.m.set("description", s) }

// Description is the label before the widget.
func (c *core) Description() string { s, _ := c.m.get("description").(string); return s }

// Get returns an attribute of the widget's state as it is sent (int, float64,
// bool, string, []any or nil), for attributes this package has no method for.
func (c *core) Get(name string) any { return c.m.get(name) }

// Set sets an attribute of the widget's state (a JSON-ready value) and tells the
// front end: the way to reach attributes this package has no method for, such as
// a slider's "readout_format" or a button's "button_style".
func (c *core) Set(name string, value any) { c.m.set(name, value) }

// domState is the state every DOM widget of ipywidgets 8 carries, with layout
// and style left null: the views cope with their absence, and a Layout costs a
// model of its own, made only when SetLayout asks for one.
func domState(kv ...any) map[string]any {
	s := map[string]any{
		"_dom_classes": []any{},
		"layout":       nil,
		"tabbable":     nil,
		"tooltip":      nil,
	}
	for i := 0; i+1 < len(kv); i += 2 {
		s[kv[i].(string)] = kv[i+1]
	}
	return s
}

// descState is domState plus the description every labelled control has.
func descState(description string, kv ...any) map[string]any {
	s := domState(kv...)
	s["description"] = description
	s["description_allow_html"] = false
	if _, ok := s["style"]; !ok {
		s["style"] = nil
	}
	return s
}

func asInt(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case float64:
		return int(x)
	}
	return 0
}

func asFloat(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	return 0
}

func asBool(v any) bool { b, _ := v.(bool); return b }

func asString(v any) string { s, _ := v.(string); return s }
