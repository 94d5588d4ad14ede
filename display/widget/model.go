package widget

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"sort"
	"strings"
	"sync"
)

// kind is the JSON shape of an attribute the front end may set. An update whose
// values do not have their attribute's shape is refused whole.
type kind int

const (
	kindInt     kind = iota // a JSON number with an integral value
	kindFloat               // any JSON number
	kindBool                // true or false
	kindString              // a JSON string
	kindIntPair             // [lo, hi], two integral numbers
	kindIndex               // an integral number or null (a selection's index)
	kindJSON                // anything (an Output widget's outputs)
)

// model is one widget model: its comm id (which is also its model id), the state
// both sides share, and the Go callbacks on its attributes. The state holds
// JSON-ready values only (int, float64, bool, string, []any, map[string]any, nil),
// so that it marshals as it is sent.
type model struct {
	id string

	mu        sync.Mutex
	state     map[string]any
	writable  map[string]kind // attributes the front end may change
	observers map[string][]observer
	onMsg     func(content map[string]any) // "custom" messages (a Button's clicks)
	closed    bool
	// fix adjusts a value the front end sent (a slider clamps to its bounds); it
	// runs without mu held and may read other attributes.
	fix func(name string, v any) any
}

// newModel registers a model with the given names and initial state and opens its
// comm on the front end. modelModule/viewModule are the npm packages whose classes
// draw it; the module versions are fixed by the protocol (see Module* constants).
func newModel(modelName, viewName, module string, state map[string]any, writable map[string]kind) *model {
	m := &model{id: newID(), state: map[string]any{}, writable: writable, observers: map[string][]observer{}}
	version := ControlsVersion
	viewModule := module
	switch module {
	case BaseModule:
		version = BaseVersion
	case OutputModule:
		version = OutputVersion
	}
	m.state["_model_module"] = module
	m.state["_model_module_version"] = version
	m.state["_model_name"] = modelName
	m.state["_view_module"] = viewModule
	m.state["_view_module_version"] = version
	m.state["_view_count"] = nil
	if viewName == "" {
		m.state["_view_name"] = nil
	} else {
		m.state["_view_name"] = viewName
	}
	for k, v := range state {
		m.state[k] = v
	}
	register(m)
	send("comm_open", map[string]any{
		"comm_id":     m.id,
		"target_name": Target,
		"data":        map[string]any{"state": m.snapshot(), "buffer_paths": []any{}},
	}, map[string]any{"version": ProtocolVersion})
	return m
}

func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// snapshot copies the state for sending: the front end and the JSON encoder see a
// map no later Set changes under them.
func (m *model) snapshot() map[string]any {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := make(map[string]any, len(m.state))
	for k, v := range m.state {
		s[k] = v
	}
	return s
}

func (m *model) get(name string) any {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.state[name]
}

// set changes attributes from Go: the front end is told, then the observers of
// each changed attribute run. Values equal to the current ones change nothing, so
// two widgets linked both ways do not echo each other for ever.
func (m *model) set(kv ...any) {
	changes := map[string][2]any{}
	m.mu.Lock()
	for i := 0; i+1 < len(kv); i += 2 {
		name := kv[i].(string)
		if old := m.state[name]; !equal(old, kv[i+1]) {
			changes[name] = [2]any{old, kv[i+1]}
			m.state[name] = kv[i+1]
		}
	}
	closed := m.closed
	m.mu.Unlock()
	if len(changes) == 0 {
		return
	}
	if !closed {
		delta := make(map[string]any, len(changes))
		for name, c := range changes {
			delta[name] = c[1]
		}
		send("comm_msg", map[string]any{"comm_id": m.id, "data": map[string]any{"method": "update", "state": delta, "buffer_paths": []any{}}}, nil)
	}
	m.notify(changes)
}

// notify runs the observers of changed attributes, in the order of the attribute
// names (deterministic when one update changes several).
func (m *model) notify(changes map[string][2]any) {
	names := make([]string, 0, len(changes))
	for n := range changes {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		m.mu.Lock()
		obs := append([]observer{}, m.observers[n]...)
		m.mu.Unlock()
		for _, f := range obs {
			f := f
			guard(func() { f(changes[n][0], changes[n][1]) })
		}
	}
}

func (m *model) observe(name string, f func(old, new any)) {
	m.mu.Lock()
	m.observers[name] = append(m.observers[name], f)
	m.mu.Unlock()
}

// update applies the state the front end sent. Every value is checked against
// its attribute's kind first: a message naming an attribute the front end may not
// set, or with a value of the wrong shape, changes nothing.
func (m *model) update(state map[string]any) error {
	vals := make(map[string]any, len(state))
	for name, raw := range state {
		k, ok := m.writable[name]
		if !ok {
			return fmt.Errorf("attribute %q is not settable from the front end", name)
		}
		v, err := decode(k, raw)
		if err != nil {
			return fmt.Errorf("attribute %q: %v", name, err)
		}
		vals[name] = v
	}
	sent := make(map[string]any, len(vals))
	for name, v := range vals {
		sent[name] = v
		if m.fix != nil {
			vals[name] = m.fix(name, v)
		}
	}
	changes := map[string][2]any{}
	var corrected []any
	m.mu.Lock()
	for name, v := range vals {
		if !equal(v, sent[name]) {
			corrected = append(corrected, name, v) // fix changed it: tell the front end
		}
		if old := m.state[name]; !equal(old, v) {
			changes[name] = [2]any{old, v}
			m.state[name] = v
		}
	}
	m.mu.Unlock()
	if len(corrected) > 0 {
		delta := map[string]any{}
		for i := 0; i < len(corrected); i += 2 {
			delta[corrected[i].(string)] = corrected[i+1]
		}
		send("comm_msg", map[string]any{"comm_id": m.id, "data": map[string]any{"method": "update", "state": delta, "buffer_paths": []any{}}}, nil)
	}
	m.notify(changes)
	return nil
}

// decode checks a value decoded by encoding/json (numbers are float64) against k
// and returns it in the state's Go type.
func decode(k kind, raw any) (any, error) {
	switch k {
	case kindInt:
		return integer(raw)
	case kindFloat:
		f, ok := raw.(float64)
		if !ok || math.IsNaN(f) {
			return nil, fmt.Errorf("want a number, got %v", describe(raw))
		}
		return f, nil
	case kindBool:
		if b, ok := raw.(bool); ok {
			return b, nil
		}
		return nil, fmt.Errorf("want true or false, got %v", describe(raw))
	case kindString:
		if s, ok := raw.(string); ok {
			return s, nil
		}
		return nil, fmt.Errorf("want a string, got %v", describe(raw))
	case kindIntPair:
		xs, ok := raw.([]any)
		if !ok || len(xs) != 2 {
			return nil, fmt.Errorf("want [lo, hi], got %v", describe(raw))
		}
		lo, err := integer(xs[0])
		if err != nil {
			return nil, err
		}
		hi, err := integer(xs[1])
		if err != nil {
			return nil, err
		}
		return []any{lo, hi}, nil
	case kindIndex:
		if raw == nil {
			return nil, nil
		}
		return integer(raw)
	case kindJSON:
		return raw, nil
	}
	return nil, fmt.Errorf("unknown kind %d", k)
}

func integer(raw any) (any, error) {
	f, ok := raw.(float64)
	if !ok || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return nil, fmt.Errorf("want an integer, got %v", describe(raw))
	}
	return int(f), nil
}

func describe(v any) string {
	if v == nil {
		return "null"
	}
	s := fmt.Sprintf("%#v", v)
	if len(s) > 40 {
		s = s[:40] + "..."
	}
	return s
}

// equal compares JSON-ready values (slices by element).
func equal(a, b any) bool {
	as, aok := a.([]any)
	bs, bok := b.([]any)
	if aok || bok {
		if !aok || !bok || len(as) != len(bs) {
			return false
		}
		for i := range as {
			if !equal(as[i], bs[i]) {
				return false
			}
		}
		return true
	}
	switch a.(type) {
	case map[string]any, []map[string]any:
		return false // outputs: always a change
	}
	return a == b
}

// ref is how one widget's state names another: "IPY_MODEL_" and its model id.
func ref(m *model) any {
	if m == nil {
		return nil
	}
	return "IPY_MODEL_" + m.id
}

// repr is the text/plain form of a widget: its class and the attributes a reader
// wants first, like ipywidgets' repr.
func repr(class string, kv ...any) string {
	var b strings.Builder
	b.WriteString(class + "(")
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteString(", ")
		}
		v := kv[i+1]
		if s, ok := v.(string); ok {
			v = fmt.Sprintf("%q", s)
		}
		fmt.Fprintf(&b, "%s=%v", kv[i], v)
	}
	b.WriteString(")")
	return b.String()
}

// observer is a Go callback on one attribute.
type observer = func(old, new any)
