package widget

import "math"

// valued is a control with a value: Interact passes it to its function, Link
// keeps two of them equal.
type valued interface {
	Widget
	base() *core
	// goValue is the value as the control's Value method returns it.
	goValue() any
	// attr is the state attribute holding the value.
	attr() string
}

func (c *core) base() *core { return c }

// sliderState is the state the int and float sliders share (ipywidgets 8).
func sliderState(description string, format string, kv ...any) map[string]any {
	s := descState(description, kv...)
	s["behavior"] = "drag-tap"
	s["continuous_update"] = true
	s["disabled"] = false
	s["orientation"] = "horizontal"
	s["readout"] = true
	s["readout_format"] = format
	return s
}

// IntSlider is a slider over the integers min..max in steps of step.
type IntSlider struct{ core }

// NewIntSlider shows description before a slider from min to max, at value.
func NewIntSlider(description string, min, max, value int) *IntSlider {
	s := &IntSlider{}
	s.m = newModel("IntSliderModel", "IntSliderView", ControlsModule,
		sliderState(description, "d", "min", min, "max", max, "step", 1, "value", clampInt(value, min, max)),
		map[string]kind{"value": kindInt})
	s.m.fix = func(name string, v any) any {
		return clampInt(v.(int), asInt(s.m.get("min")), asInt(s.m.get("max")))
	}
	s.class = "IntSlider"
	s.repr = func() []any { return []any{"value", s.Value(), "min", s.m.get("min"), "max", s.m.get("max")} }
	return s
}

func clampInt(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

// Value is the slider's position.
func (s *IntSlider) Value() int { return asInt(s.m.get("value")) }

// SetValue moves the slider (clamped to its range).
func (s *IntSlider) SetValue(v int) {
	s.m.set("value", clampInt(v, asInt(s.m.get("min")), asInt(s.m.get("max"))))
}

// SetStep sets the distance between two positions.
func (s *IntSlider) SetStep(step int) { s.m.set("step", step) }

// Observe calls f with the old and new value after every change, from the front
// end or from Go.
func (s *IntSlider) Observe(f func(old, new int)) {
	s.m.observe("value", func(o, n any) { f(asInt(o), asInt(n)) })
}

func (s *IntSlider) goValue() any { return s.Value() }
func (s *IntSlider) attr() string { return "value" }

// FloatSlider is a slider over min..max in steps of step.
type FloatSlider struct{ core }

// NewFloatSlider shows description before a slider from min to max in steps of
// step, at value.
func NewFloatSlider(description string, min, max, step, value float64) *FloatSlider {
	s := &FloatSlider{}
	s.m = newModel("FloatSliderModel", "FloatSliderView", ControlsModule,
		sliderState(description, ".2f", "min", min, "max", max, "step", step, "value", math.Min(math.Max(value, min), max)),
		map[string]kind{"value": kindFloat})
	s.m.fix = func(name string, v any) any {
		return math.Min(math.Max(v.(float64), asFloat(s.m.get("min"))), asFloat(s.m.get("max")))
	}
	s.class = "FloatSlider"
	s.repr = func() []any {
		return []any{"value", s.Value(), "min", s.m.get("min"), "max", s.m.get("max"), "step", s.m.get("step")}
	}
	return s
}

// Value is the slider's position.
func (s *FloatSlider) Value() float64 { return asFloat(s.m.get("value")) }

// SetValue moves the slider (clamped to its range).
func (s *FloatSlider) SetValue(v float64) {
	s.m.set("value", math.Min(math.Max(v, asFloat(s.m.get("min"))), asFloat(s.m.get("max"))))
}

// SetReadoutFormat sets the d3-format of the number shown beside the slider
// (".2f" by default; ".3g" for a value spanning decades).
func (s *FloatSlider) SetReadoutFormat(f string) { s.m.set("readout_format", f) }

// Observe calls f with the old and new value after every change.
func (s *FloatSlider) Observe(f func(old, new float64)) {
	s.m.observe("value", func(o, n any) { f(asFloat(o), asFloat(n)) })
}

func (s *FloatSlider) goValue() any { return s.Value() }
func (s *FloatSlider) attr() string { return "value" }

// FloatLogSlider is a slider over base**minExp .. base**maxExp whose position is
// the exponent: a learning rate from 1e-4 to 1 moves evenly per decade. Its value
// is the power itself.
type FloatLogSlider struct{ core }

// NewFloatLogSlider shows a slider over base**minExp..base**maxExp, at value,
// moving by step in the exponent.
func NewFloatLogSlider(description string, base, minExp, maxExp, step, value float64) *FloatLogSlider {
	s := &FloatLogSlider{}
	st := sliderState(description, ".3g", "base", base, "min", minExp, "max", maxExp, "step", step, "value", value)
	s.m = newModel("FloatLogSliderModel", "FloatLogSliderView", ControlsModule, st, map[string]kind{"value": kindFloat})
	s.class = "FloatLogSlider"
	s.repr = func() []any {
		return []any{"value", s.Value(), "base", s.m.get("base"), "min", s.m.get("min"), "max", s.m.get("max")}
	}
	return s
}

// Value is the slider's value (a power of its base).
func (s *FloatLogSlider) Value() float64 { return asFloat(s.m.get("value")) }

// SetValue moves the slider to v.
func (s *FloatLogSlider) SetValue(v float64) { s.m.set("value", v) }

// Observe calls f with the old and new value after every change.
func (s *FloatLogSlider) Observe(f func(old, new float64)) {
	s.m.observe("value", func(o, n any) { f(asFloat(o), asFloat(n)) })
}

func (s *FloatLogSlider) goValue() any { return s.Value() }
func (s *FloatLogSlider) attr() string { return "value" }

// IntRangeSlider selects a range lo..hi within min..max with two handles.
type IntRangeSlider struct{ core }

// NewIntRangeSlider shows a two-handle slider over min..max selecting lo..hi.
func NewIntRangeSlider(description string, min, max, lo, hi int) *IntRangeSlider {
	s := &IntRangeSlider{}
	s.m = newModel("IntRangeSliderModel", "IntRangeSliderView", ControlsModule,
		sliderState(description, "d", "min", min, "max", max, "step", 1, "value", []any{lo, hi}),
		map[string]kind{"value": kindIntPair})
	s.m.fix = func(name string, v any) any {
		p := v.([]any)
		lo, hi := asInt(p[0]), asInt(p[1])
		if lo > hi {
			lo, hi = hi, lo
		}
		min, max := asInt(s.m.get("min")), asInt(s.m.get("max"))
		return []any{clampInt(lo, min, max), clampInt(hi, min, max)}
	}
	s.class = "IntRangeSlider"
	s.repr = func() []any {
		lo, hi := s.Value()
		return []any{"value", [2]int{lo, hi}, "min", s.m.get("min"), "max", s.m.get("max")}
	}
	return s
}

// Value is the selected range.
func (s *IntRangeSlider) Value() (lo, hi int) {
	p, _ := s.m.get("value").([]any)
	if len(p) != 2 {
		return 0, 0
	}
	return asInt(p[0]), asInt(p[1])
}

// SetValue selects lo..hi.
func (s *IntRangeSlider) SetValue(lo, hi int) { s.m.set("value", s.m.fix("value", []any{lo, hi})) }

// Observe calls f with the old and new range after every change.
func (s *IntRangeSlider) Observe(f func(old, new [2]int)) {
	s.m.observe("value", func(o, n any) { f(pair(o), pair(n)) })
}

func pair(v any) [2]int {
	p, _ := v.([]any)
	if len(p) != 2 {
		return [2]int{}
	}
	return [2]int{asInt(p[0]), asInt(p[1])}
}

func (s *IntRangeSlider) goValue() any { return pair(s.m.get("value")) }
func (s *IntRangeSlider) attr() string { return "value" }

// Play steps its value from min to max every interval milliseconds while
// playing, in the front end: a slider linked to it animates a plot.
type Play struct{ core }

// NewPlay returns a player over min..max by step, one step per interval ms.
func NewPlay(min, max, step, interval int) *Play {
	p := &Play{}
	p.m = newModel("PlayModel", "PlayView", ControlsModule,
		descState("", "disabled", false, "interval", interval, "max", max, "min", min, "playing", false,
			"repeat", false, "show_repeat", true, "step", step, "value", min),
		map[string]kind{"value": kindInt, "playing": kindBool, "repeat": kindBool})
	p.class = "Play"
	p.repr = func() []any {
		return []any{"value", p.Value(), "min", min, "max", max, "interval", p.m.get("interval")}
	}
	return p
}

// Value is the current step.
func (p *Play) Value() int { return asInt(p.m.get("value")) }

// SetValue jumps to v.
func (p *Play) SetValue(v int) { p.m.set("value", v) }

// Playing reports whether the player runs.
func (p *Play) Playing() bool { return asBool(p.m.get("playing")) }

// SetPlaying starts or stops the player.
func (p *Play) SetPlaying(on bool) { p.m.set("playing", on) }

// Observe calls f with the old and new value after every step.
func (p *Play) Observe(f func(old, new int)) {
	p.m.observe("value", func(o, n any) { f(asInt(o), asInt(n)) })
}

func (p *Play) goValue() any { return p.Value() }
func (p *Play) attr() string { return "value" }

// IntProgress is a progress bar over min..max.
type IntProgress struct{ core }

// NewIntProgress shows a bar from min to max at value.
func NewIntProgress(description string, min, max, value int) *IntProgress {
	p := &IntProgress{}
	p.m = newModel("IntProgressModel", "ProgressView", ControlsModule,
		descState(description, "bar_style", "", "max", max, "min", min, "orientation", "horizontal", "value", value),
		map[string]kind{})
	p.class = "IntProgress"
	p.repr = func() []any { return []any{"value", p.Value(), "min", p.m.get("min"), "max", p.m.get("max")} }
	return p
}

// Value is the bar's count.
func (p *IntProgress) Value() int { return asInt(p.m.get("value")) }

// SetValue moves the bar.
func (p *IntProgress) SetValue(v int) { p.m.set("value", v) }

// SetMax changes the bar's end.
func (p *IntProgress) SetMax(max int) { p.m.set("max", max) }

// SetBarStyle colours the bar: "success", "info", "warning", "danger" or "".
func (p *IntProgress) SetBarStyle(style string) { p.m.set("bar_style", style) }

func (p *IntProgress) goValue() any { return p.Value() }
func (p *IntProgress) attr() string { return "value" }
