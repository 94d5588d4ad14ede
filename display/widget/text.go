package widget

// str is what the string widgets share: a string value.
type str struct{ core }

// Value is the text.
func (s *str) Value() string { return asString(s.m.get("value")) }

// SetValue replaces the text.
func (s *str) SetValue(v string) { s.m.set("value", v) }

// Observe calls f with the old and new text after every change.
func (s *str) Observe(f func(old, new string)) {
	s.m.observe("value", func(o, n any) { f(asString(o), asString(n)) })
}

func (s *str) goValue() any { return s.Value() }
func (s *str) attr() string { return "value" }

func newStr(modelName, viewName, class, description, value string, writable bool, kv ...any) str {
	st := descState(description, append([]any{"disabled", false, "placeholder", "\u200b", "value", value}, kv...)...)
	w := map[string]kind{}
	if writable {
		w["value"] = kindString
	}
	s := str{}
	s.m = newModel(modelName, viewName, ControlsModule, st, w)
	s.class = class
	s.repr = func() []any { return []any{"value", s.Value()} }
	return s
}

// Text is a one-line text field.
type Text struct{ str }

// NewText shows a text field holding value.
func NewText(description, value string) *Text {
	return &Text{newStr("TextModel", "TextView", "Text", description, value, true, "continuous_update", true)}
}

// Textarea is a text field of several lines.
type Textarea struct{ str }

// NewTextarea shows a text area holding value.
func NewTextarea(description, value string) *Textarea {
	return &Textarea{newStr("TextareaModel", "TextareaView", "Textarea", description, value, true, "continuous_update", true, "rows", nil)}
}

// Label shows a line of text (not HTML) that Go may change.
type Label struct{ str }

// NewLabel shows value.
func NewLabel(value string) *Label {
	return &Label{newStr("LabelModel", "LabelView", "Label", "", value, false)}
}

// HTML shows an HTML fragment that Go may change.
type HTML struct{ str }

// NewHTML shows the HTML value.
func NewHTML(value string) *HTML {
	return &HTML{newStr("HTMLModel", "HTMLView", "HTML", "", value, false)}
}
