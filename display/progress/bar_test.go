package progress

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/gograd/gograd/display"
)

type message struct {
	update bool
	id     string
	b      display.Bundle
}

type recorder struct{ msgs []message }

func (r *recorder) Display(b display.Bundle, id string) {
	r.msgs = append(r.msgs, message{false, id, b})
}
func (r *recorder) Update(b display.Bundle, id string) { r.msgs = append(r.msgs, message{true, id, b}) }
func (r *recorder) ClearOutput(bool)                   {}

// fakeClock advances by step on every reading.
func fakeClock(step time.Duration) func() time.Time {
	t := time.Unix(0, 0)
	return func() time.Time { t = t.Add(step); return t }
}

func record(t *testing.T) *recorder {
	r := &recorder{}
	display.SetPublisher(r)
	t.Cleanup(func() { display.SetPublisher(nil) })
	return r
}

func TestLoop500(t *testing.T) {
	for _, tc := range []struct {
		name       string
		now        func() time.Time
		maxUpdates int
	}{
		// 1 ms per step: 0.5 s in all, so about 5 throttled redraws plus the last.
		{"1ms per step", fakeClock(time.Millisecond), 7},
		// The real clock: a loop this fast fits in one interval.
		{"real clock", time.Now, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := record(t)
			b := newBar(500, "train", tc.now)
			for i := 0; i < 500; i++ {
				b.Update(1)
			}
			b.Done()
			var displays, updates int
			for _, m := range r.msgs {
				if m.id == "" || m.id != r.msgs[0].id {
					t.Fatalf("message with display id %q, first was %q", m.id, r.msgs[0].id)
				}
				if m.update {
					updates++
				} else {
					displays++
				}
			}
			if displays != 1 || updates < 1 || updates > tc.maxUpdates {
				t.Errorf("%d displays and %d updates, want 1 and 1..%d", displays, updates, tc.maxUpdates)
			}
			last := r.msgs[len(r.msgs)-1]
			text := last.b.Text()
			if !strings.HasPrefix(text, "train: 100%|"+strings.Repeat("█", 10)+"| 500/500 [") {
				t.Errorf("final text %q", text)
			}
			h, _ := last.b["text/html"].(string)
			if !strings.Contains(h, `<progress value="500" max="500"`) || !strings.Contains(h, "100%") {
				t.Errorf("final html %q", h)
			}
			if first := r.msgs[0].b.Text(); !strings.HasPrefix(first, "train:   0%|"+strings.Repeat(" ", 10)+"| 0/500 [00:00<?, ?it/s]") {
				t.Errorf("first text %q", first)
			}
		})
	}
}

func TestDoneOnce(t *testing.T) {
	r := record(t)
	b := newBar(10, "", fakeClock(time.Millisecond))
	b.Update(3)
	b.Done()
	b.Done()
	if len(r.msgs) != 2 || !strings.Contains(r.msgs[1].b.Text(), " 30%|███ ") {
		t.Errorf("messages: %v", r.msgs)
	}
}

// TestText compares the text line with tqdm's format_meter for the same states
// (testdata/tqdm_goldens.json, written by testdata/gen_goldens.py).
func TestText(t *testing.T) {
	raw, err := os.ReadFile("testdata/tqdm_goldens.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Cases []struct {
			N, Total   int
			Elapsed    float64
			Desc, Text string
		}
	}
	if err := json.Unmarshal(raw, &g); err != nil {
		t.Fatal(err)
	}
	for _, c := range g.Cases {
		s := state{n: c.N, total: c.Total, desc: c.Desc, elapsed: time.Duration(c.Elapsed * float64(time.Second))}
		if got := s.text(); got != c.Text {
			t.Errorf("text\n got %q\nwant %q (tqdm)", got, c.Text)
		}
	}
}

func TestHTMLEscapes(t *testing.T) {
	s := state{n: 1, total: 2, desc: "<b>&", elapsed: time.Second}
	h := s.html()
	if strings.Contains(h, "<b>&") || !strings.Contains(h, "&lt;b&gt;&amp;") {
		t.Errorf("desc not escaped: %s", h)
	}
}
