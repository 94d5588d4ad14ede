package widget

import (
	"fmt"
	"io"
	"log"
	"strings"
	"sync"
	"testing"
)

// recorder is a Host that keeps what widgets send.
type recorder struct {
	mu   sync.Mutex
	msgs []sent
}

type sent struct {
	msgType  string
	content  map[string]any
	metadata map[string]any
}

func (r *recorder) Send(msgType string, content, metadata map[string]any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.msgs = append(r.msgs, sent{msgType, content, metadata})
}

func (r *recorder) Flush() {}

// updates merges the update states sent for comm id.
func (r *recorder) updates(id string) map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	st := map[string]any{}
	for _, m := range r.msgs {
		if m.msgType != "comm_msg" || m.content["comm_id"] != id {
			continue
		}
		d := m.content["data"].(map[string]any)
		for k, v := range d["state"].(map[string]any) {
			st[k] = v
		}
	}
	return st
}

func record(t *testing.T) *recorder {
	r := &recorder{}
	SetHost(r)
	prev := Logger
	Logger = log.New(io.Discard, "", 0)
	t.Cleanup(func() { SetHost(nil); Logger = prev })
	return r
}

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		k    kind
		raw  any
		want any
		ok   bool
	}{
		{kindInt, 3.0, 3, true},
		{kindInt, 3.5, nil, false},
		{kindInt, "3", nil, false},
		{kindFloat, 0.25, 0.25, true},
		{kindFloat, true, nil, false},
		{kindBool, false, false, true},
		{kindBool, 0.0, nil, false},
		{kindString, "é", "é", true},
		{kindString, nil, nil, false},
		{kindIntPair, []any{1.0, 4.0}, []any{1, 4}, true},
		{kindIntPair, []any{1.0}, nil, false},
		{kindIntPair, []any{1.0, "x"}, nil, false},
		{kindIndex, nil, nil, true},
		{kindIndex, 2.0, 2, true},
		{kindIndex, -1.5, nil, false},
	} {
		got, err := decode(tc.k, tc.raw)
		if (err == nil) != tc.ok || (tc.ok && !equal(got, tc.want)) {
			t.Errorf("decode(%d, %#v) = %#v, %v; want %#v ok=%v", tc.k, tc.raw, got, err, tc.want, tc.ok)
		}
	}
}

func TestHandleRefusesBadMessages(t *testing.T) {
	record(t)
	s := NewIntSlider("n", 0, 10, 5)
	calls := 0
	s.Observe(func(_, _ int) { calls++ })
	for _, tc := range []struct {
		name string
		id   string
		data map[string]any
	}{
		{"unknown comm", "nope", map[string]any{"method": "update", "state": map[string]any{"value": 1.0}}},
		{"no state", s.ModelID(), map[string]any{"method": "update"}},
		{"wrong type", s.ModelID(), map[string]any{"method": "update", "state": map[string]any{"value": "1"}}},
		{"read-only attribute", s.ModelID(), map[string]any{"method": "update", "state": map[string]any{"max": 20.0}}},
		{"one bad value spoils the message", s.ModelID(), map[string]any{"method": "update", "state": map[string]any{"value": 1.0, "min": 0.0}}},
		{"unknown method", s.ModelID(), map[string]any{"method": "frobnicate"}},
		{"custom to a slider", s.ModelID(), map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}},
	} {
		if Handle(tc.id, tc.data) {
			t.Errorf("%s: accepted", tc.name)
		}
	}
	if s.Value() != 5 || calls != 0 {
		t.Errorf("after refused messages: value %d, %d callbacks", s.Value(), calls)
	}
}

func TestObserveAndClamp(t *testing.T) {
	r := record(t)
	f := NewFloatSlider("x", -1, 1, 0.1, 0)
	var seen []string
	f.Observe(func(o, n float64) { seen = append(seen, fmt.Sprint(o, "->", n)) })
	Handle(f.ModelID(), map[string]any{"method": "update", "state": map[string]any{"value": 0.5}})
	Handle(f.ModelID(), map[string]any{"method": "update", "state": map[string]any{"value": 0.5}}) // no change, no callback
	Handle(f.ModelID(), map[string]any{"method": "update", "state": map[string]any{"value": 7.0}})
	f.SetValue(-3)
	if got := strings.Join(seen, " "); got != "0->0.5 0.5->1 1->-1" {
		t.Errorf("callbacks saw %s", got)
	}
	if st := r.updates(f.ModelID()); st["value"] != -1.0 {
		t.Errorf("front end last told %v", st)
	}
}

func TestLink(t *testing.T) {
	record(t)
	play := NewPlay(0, 10, 1, 100)
	s := NewIntSlider("n", 0, 10, 4)
	l := Link(play, s)
	if s.Value() != 0 {
		t.Errorf("linked slider starts at %d, want the player's 0", s.Value())
	}
	Handle(play.ModelID(), map[string]any{"method": "update", "state": map[string]any{"value": 3.0}})
	if s.Value() != 3 {
		t.Errorf("slider %d after the player moved to 3", s.Value())
	}
	s.SetValue(6)
	if play.Value() != 6 {
		t.Errorf("player %d after the slider moved to 6", play.Value())
	}
	l.Unlink()
	s.SetValue(2)
	if play.Value() != 6 {
		t.Errorf("unlinked player followed to %d", play.Value())
	}
	defer func() {
		if recover() == nil {
			t.Error("linking an IntSlider to a Checkbox did not panic")
		}
	}()
	Link(s, NewCheckbox("c", false))
}

func TestInteractCoalescesFrontEndChanges(t *testing.T) {
	record(t)
	x := NewIntSlider("x", 0, 100, 1)
	w := Interact(func(n int) string { return fmt.Sprint("n=", n) }, x)
	if w.Draws() != 1 {
		t.Fatalf("%d draws at creation", w.Draws())
	}
	for v := 2; v <= 20; v++ { // a drag: many updates before the kernel is idle
		Handle(x.ModelID(), map[string]any{"method": "update", "state": map[string]any{"value": float64(v)}})
	}
	if w.Draws() != 1 {
		t.Errorf("%d draws before Flush", w.Draws())
	}
	Flush()
	if w.Draws() != 2 {
		t.Errorf("%d draws after Flush, want 2", w.Draws())
	}
	outs := w.Out.Outputs()
	if len(outs) != 1 || !strings.Contains(fmt.Sprint(outs[0]), "n=20") {
		t.Errorf("output %v", outs)
	}
	x.SetValue(30) // a change from Go redraws at once
	if w.Draws() != 3 || !strings.Contains(fmt.Sprint(w.Out.Outputs()), "n=30") {
		t.Errorf("after SetValue: %d draws, %v", w.Draws(), w.Out.Outputs())
	}
}

func TestCaptureShowsPanic(t *testing.T) {
	record(t)
	o := NewOutput()
	o.AppendStdout("a")
	o.AppendStdout("b")
	o.Capture(func() { panic("boom") })
	outs := o.Outputs()
	if len(outs) != 2 {
		t.Fatalf("outputs %v", outs)
	}
	if s := outs[0].(map[string]any); s["text"] != "ab" {
		t.Errorf("stream outputs not merged: %v", s)
	}
	if e := outs[1].(map[string]any); e["output_type"] != "error" || e["evalue"] != "boom" {
		t.Errorf("panic shown as %v", e)
	}
	if Capturing() != nil {
		t.Error("capture still active after a panic")
	}
}

func TestStateForNotebook(t *testing.T) {
	record(t)
	s := NewIntSlider("n", 0, 10, 5)
	st := State()
	m, ok := st["state"].(map[string]any)[s.ModelID()].(map[string]any)
	if !ok || m["model_name"] != "IntSliderModel" || m["model_module"] != ControlsModule || m["model_module_version"] != "2.0.0" {
		t.Fatalf("state entry %v", m)
	}
	if m["state"].(map[string]any)["value"] != 5 {
		t.Errorf("saved value %v", m["state"])
	}
	s.Close()
	if _, ok := State()["state"].(map[string]any)[s.ModelID()]; ok {
		t.Error("a closed widget is still in the state")
	}
}

// Widgets a program closes are forgotten, and redraws replace an Interact's
// output rather than append to it: neither grows with use.
func TestNoGrowth(t *testing.T) {
	record(t)
	before := len(Comms(Target))
	for i := 0; i < 2000; i++ {
		NewIntSlider("n", 0, 10, i%10).Close()
	}
	if n := len(Comms(Target)) - before; n != 0 {
		t.Errorf("%d closed widgets still registered", n)
	}
	x := NewIntSlider("x", 0, 1000, 0)
	w := Interact(func(n int) string { return fmt.Sprint(n) }, x)
	for i := 1; i <= 500; i++ {
		x.SetValue(i)
	}
	if outs := w.Out.Outputs(); len(outs) != 1 || !strings.Contains(fmt.Sprint(outs[0]), "500") {
		t.Errorf("after 500 redraws the output holds %d outputs: %v", len(outs), outs)
	}
}

func TestLayoutReference(t *testing.T) {
	r := record(t)
	l := NewLayout("width", "300px")
	b := NewButton("go")
	b.SetLayout(l)
	if got := r.updates(b.ModelID())["layout"]; got != "IPY_MODEL_"+l.ModelID() {
		t.Errorf("button's layout sent as %v", got)
	}
	defer func() {
		if recover() == nil {
			t.Error("an unknown layout property did not panic")
		}
	}()
	NewLayout("colour", "red")
}
