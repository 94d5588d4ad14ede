package plot

import (
	"strings"
	"testing"
	"time"

	"github.com/gograd/gograd/display"
)

type recorder struct {
	displays, updates []display.Bundle
	ids               map[string]bool
}

func (r *recorder) Display(b display.Bundle, id string) {
	r.displays = append(r.displays, b)
	r.ids[id] = true
}
func (r *recorder) Update(b display.Bundle, id string) {
	r.updates = append(r.updates, b)
	r.ids[id] = true
}
func (r *recorder) ClearOutput(bool) {}

func TestLive(t *testing.T) {
	r := &recorder{ids: map[string]bool{}}
	display.SetPublisher(r)
	defer display.SetPublisher(nil)

	live := NewLive(8, 4)
	clock := time.Unix(0, 0)
	live.now = func() time.Time { clock = clock.Add(10 * time.Millisecond); return clock }
	live.Figure().XLabel("epoch").YLabel("loss")
	for i := 0; i < 100; i++ { // 1 s of fake time
		live.Add("train", float64(i), 1/float64(i+1))
		live.Add("valid", float64(i), 1.2/float64(i+1))
	}
	live.Done()

	if len(r.displays) != 1 || len(r.ids) != 1 {
		t.Fatalf("%d displays under %d ids, want 1 and 1", len(r.displays), len(r.ids))
	}
	// 200 Adds at 10 ms: a redraw per 250 ms, 8 at most, plus Done's.
	if n := len(r.updates); n < 2 || n > 9 {
		t.Errorf("%d updates, want 2..9", n)
	}
	if _, ok := r.displays[0]["image/png"]; ok {
		t.Error("intermediate redraw rendered a PNG")
	}
	final := r.updates[len(r.updates)-1]
	if _, ok := final["image/png"]; !ok {
		t.Error("final redraw has no PNG")
	}
	texts := strings.Join(svgTexts(t, final["image/svg+xml"].(string)), "|")
	for _, want := range []string{"train", "valid", "epoch", "loss"} {
		if !strings.Contains(texts, want) {
			t.Errorf("final SVG lacks %q: %s", want, texts)
		}
	}
	if got := len(live.series["train"].x); got != 100 {
		t.Errorf("train has %d points", got)
	}
}
