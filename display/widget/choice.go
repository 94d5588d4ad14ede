package widget

// selection is what Dropdown and RadioButtons share: the front end shows
// _options_labels and sends back the chosen index.
type selection struct{ core }

func newSelection(modelName, viewName, class, description string, options []string, value string, kv ...any) selection {
	labels := make([]any, len(options))
	index := any(nil)
	for i, o := range options {
		labels[i] = o
		if o == value && index == nil {
			index = i
		}
	}
	if index == nil && len(options) > 0 {
		index = 0
	}
	st := descState(description, append([]any{"_options_labels", labels, "disabled", false, "index", index}, kv...)...)
	s := selection{}
	s.m = newModel(modelName, viewName, ControlsModule, st, map[string]kind{"index": kindIndex})
	s.m.fix = func(_ string, v any) any {
		if v == nil {
			return nil
		}
		i := v.(int)
		if i < 0 || i >= len(options) {
			return s.m.get("index") // out of range: keep the current choice
		}
		return i
	}
	s.class = class
	s.repr = func() []any { return []any{"options", options, "value", s.Value()} }
	return s
}

// Value is the chosen option's label, "" when none is chosen.
func (s *selection) Value() string {
	i, ok := s.m.get("index").(int)
	labels, _ := s.m.get("_options_labels").([]any)
	if !ok || i < 0 || i >= len(labels) {
		return ""
	}
	return asString(labels[i])
}

// Index is the chosen option's position, -1 when none is chosen.
func (s *selection) Index() int {
	if i, ok := s.m.get("index").(int); ok {
		return i
	}
	return -1
}

// SetValue chooses the option labelled v (the first, if several are); an unknown
// label chooses nothing.
func (s *selection) SetValue(v string) {
	labels, _ := s.m.get("_options_labels").([]any)
	for i, l := range labels {
		if l == v {
			s.m.set("index", i)
			return
		}
	}
	s.m.set("index", nil)
}

// Observe calls f with the labels of the old and new choice after every change.
func (s *selection) Observe(f func(old, new string)) {
	s.m.observe("index", func(o, n any) { f(s.label(o), s.label(n)) })
}

func (s *selection) label(index any) string {
	i, ok := index.(int)
	labels, _ := s.m.get("_options_labels").([]any)
	if !ok || i < 0 || i >= len(labels) {
		return ""
	}
	return asString(labels[i])
}

func (s *selection) goValue() any { return s.Value() }
func (s *selection) attr() string { return "index" }

// Dropdown chooses one of a list of labels from a drop-down list.
type Dropdown struct{ selection }

// NewDropdown shows options, with value chosen (the first if value is not one).
func NewDropdown(description string, options []string, value string) *Dropdown {
	return &Dropdown{newSelection("DropdownModel", "DropdownView", "Dropdown", description, options, value, "button_style", "")}
}

// RadioButtons chooses one of a list of labels, all of them in sight.
type RadioButtons struct{ selection }

// NewRadioButtons shows options as radio buttons, with value chosen.
func NewRadioButtons(description string, options []string, value string) *RadioButtons {
	return &RadioButtons{newSelection("RadioButtonsModel", "RadioButtonsView", "RadioButtons", description, options, value,
		"button_style", "", "icons", []any{}, "orientation", "vertical", "tooltips", []any{})}
}

// toggle is what Checkbox and ToggleButton share: a bool value.
type toggle struct{ core }

// Value reports whether the box is ticked (the button pressed).
func (t *toggle) Value() bool { return asBool(t.m.get("value")) }

// SetValue ticks or clears it.
func (t *toggle) SetValue(v bool) { t.m.set("value", v) }

// Observe calls f with the old and new value after every change.
func (t *toggle) Observe(f func(old, new bool)) {
	t.m.observe("value", func(o, n any) { f(asBool(o), asBool(n)) })
}

func (t *toggle) goValue() any { return t.Value() }
func (t *toggle) attr() string { return "value" }

// Checkbox is a tick box with a label.
type Checkbox struct{ toggle }

// NewCheckbox shows a tick box labelled description.
func NewCheckbox(description string, value bool) *Checkbox {
	c := &Checkbox{}
	c.m = newModel("CheckboxModel", "CheckboxView", ControlsModule,
		descState(description, "disabled", false, "indent", true, "value", value), map[string]kind{"value": kindBool})
	c.class = "Checkbox"
	c.repr = func() []any { return []any{"value", c.Value(), "description", c.Description()} }
	return c
}

// ToggleButton is a button that stays pressed until pressed again.
type ToggleButton struct{ toggle }

// NewToggleButton shows a toggle button labelled description.
func NewToggleButton(description string, value bool) *ToggleButton {
	t := &ToggleButton{}
	t.m = newModel("ToggleButtonModel", "ToggleButtonView", ControlsModule,
		descState(description, "button_style", "", "disabled", false, "icon", "", "tooltip", "", "value", value),
		map[string]kind{"value": kindBool})
	t.class = "ToggleButton"
	t.repr = func() []any { return []any{"value", t.Value(), "description", t.Description()} }
	return t
}

// Button runs Go functions when clicked.
type Button struct {
	core
	clicks []func() // guarded by m.mu
}

// NewButton shows a button labelled description.
func NewButton(description string) *Button {
	b := &Button{}
	b.m = newModel("ButtonModel", "ButtonView", ControlsModule,
		domState("button_style", "", "description", description, "disabled", false, "icon", "", "style", nil, "tooltip", ""),
		map[string]kind{})
	b.class = "Button"
	b.repr = func() []any { return []any{"description", b.m.get("description")} }
	b.m.onMsg = func(content map[string]any) {
		if content["event"] != "click" {
			Logger.Printf("widget: button %s: unknown event %v ignored", b.m.id, content["event"])
			return
		}
		b.m.mu.Lock()
		fs := append([]func(){}, b.clicks...)
		b.m.mu.Unlock()
		for _, f := range fs {
			guard(f)
		}
	}
	return b
}

// OnClick calls f on every click, in the order the functions were added.
func (b *Button) OnClick(f func()) {
	b.m.mu.Lock()
	b.clicks = append(b.clicks, f)
	b.m.mu.Unlock()
}

// Click runs the click functions as a click in the front end does.
func (b *Button) Click() { b.m.onMsg(map[string]any{"event": "click"}) }
