package progress

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gograd/gograd/display/widget"
)

// host records the widget messages a bar sends.
type host struct {
	mu   sync.Mutex
	msgs []map[string]any
}

func (h *host) Send(msgType string, content, _ map[string]any) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.msgs = append(h.msgs, map[string]any{"type": msgType, "content": content})
}
func (h *host) Flush() {}

// TestWidgetForm runs last in the package (file order): once a front end with a
// widget manager has been seen, every later bar is drawn with widgets.
func TestWidgetForm(t *testing.T) {
	h := &host{}
	widget.SetHost(h)
	t.Cleanup(func() { widget.SetHost(nil) })
	if !widget.Open("control", widget.ControlTarget) || !widget.FrontendHasWidgets() {
		t.Fatal("a control comm does not mark the front end as having widgets")
	}
	r := record(t)
	b := newBar(50, "train", fakeClock(time.Millisecond))
	for i := 0; i < 50; i++ {
		b.Update(1)
	}
	b.Done()
	if len(r.msgs) != 2 || r.msgs[0].update || !r.msgs[1].update {
		t.Fatalf("want one display and one final update, got %d messages", len(r.msgs))
	}
	view, ok := r.msgs[0].b[widget.ViewMIME].(map[string]any)
	if !ok {
		t.Fatalf("first bundle has no widget view: %v", r.msgs[0].b)
	}
	if text := r.msgs[1].b.Text(); !strings.HasPrefix(text, "train: 100%|") {
		t.Errorf("final text form %q", text)
	}
	// The progress model ends at 50 of 50, styled success; the box shown holds it.
	var progressID string
	final := map[string]map[string]any{}
	for _, m := range h.msgs {
		c := m["content"].(map[string]any)
		id, _ := c["comm_id"].(string)
		data, _ := c["data"].(map[string]any)
		st, _ := data["state"].(map[string]any)
		if final[id] == nil {
			final[id] = map[string]any{}
		}
		for k, v := range st {
			final[id][k] = v
		}
		if m["type"] == "comm_open" && st["_model_name"] == "IntProgressModel" {
			progressID = id
		}
	}
	p := final[progressID]
	if p["value"] != 50 || p["max"] != 50 || p["bar_style"] != "success" {
		t.Errorf("progress state %v", p)
	}
	box := final[view["model_id"].(string)]
	if box["_model_name"] != "HBoxModel" || !strings.Contains(strings.Join(toStrings(box["children"]), " "), progressID) {
		t.Errorf("shown model %v does not hold the progress bar %s", box, progressID)
	}
}

func toStrings(v any) []string {
	var out []string
	xs, _ := v.([]any)
	for _, x := range xs {
		s, _ := x.(string)
		out = append(out, s)
	}
	return out
}
