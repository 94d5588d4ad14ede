package progress

import (
	"fmt"
	"html"
	"math"
	"strings"
	"sync"
	"time"

	"github.com/gograd/gograd/display"
	"github.com/gograd/gograd/display/widget"
)

// MinInterval is the shortest time between two redraws of a bar. Updates in between
// only count; the last state is always drawn by Done (or when the count reaches the
// total), so a fast loop sends a handful of messages, not one per step.
const MinInterval = 100 * time.Millisecond

// Bar is a progress bar shown in a notebook output. Its methods may be called from
// several goroutines.
type Bar struct {
	mu       sync.Mutex
	total    int
	n        int
	desc     string
	id       string
	start    time.Time
	lastDraw time.Time
	drawnN   int  // count at the last draw
	done     bool // Done was called
	now      func() time.Time
	w        *widgets // the widget form, or nil
}

// New shows a bar for total steps (0 if unknown) and returns it, as tqdm(total=...)
// does.
func New(total int) *Bar {
	return newBar(total, "", time.Now)
}

// NewDesc is New with a description shown before the bar, like tqdm's desc.
func NewDesc(total int, desc string) *Bar {
	return newBar(total, desc, time.Now)
}

func newBar(total int, desc string, now func() time.Time) *Bar {
	b := &Bar{total: max(total, 0), desc: desc, id: display.NewDisplayID(), now: now}
	b.start = now()
	b.lastDraw = b.start
	if widget.FrontendHasWidgets() {
		b.w = newWidgets(b.snapshot(b.start))
		display.ShowID(b.w.bundle(b.snapshot(b.start)), b.id)
		return b
	}
	display.ShowID(b.snapshot(b.start), b.id)
	return b
}

// Update advances the bar by n steps (tqdm's update(n)).
func (b *Bar) Update(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.setLocked(b.n + n)
}

// Set moves the bar to step n.
func (b *Bar) Set(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.setLocked(n)
}

func (b *Bar) setLocked(n int) {
	b.n = n
	t := b.now()
	finished := b.total > 0 && b.n >= b.total
	if finished || t.Sub(b.lastDraw) >= MinInterval {
		b.drawLocked(t)
	}
}

// Done draws the final state. Call it after the loop (defer bar.Done()); calling it
// again does nothing.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.done {
		return
	}
	b.done = true
	if b.drawnN != b.n || b.n == 0 {
		b.drawLocked(b.now())
	}
}

func (b *Bar) drawLocked(t time.Time) {
	b.lastDraw, b.drawnN = t, b.n
	if b.w != nil {
		// Widgets redraw through their state; the output itself is
		// replaced only at the end, so that its text form, which
		// notebooks save, ends at the final count.
		s := b.snapshot(t)
		b.w.draw(s)
		if b.done || s.total > 0 && s.n >= s.total {
			display.Update(b.w.bundle(s), b.id)
		}
		return
	}
	display.Update(b.snapshot(t), b.id)
}

// N returns the current count.
func (b *Bar) N() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.n
}

// String is the bar's current text line.
func (b *Bar) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.snapshot(b.now()).text()
}

// DisplayBundle shows the bar's current state.
func (b *Bar) DisplayBundle() display.Bundle {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.snapshot(b.now()).DisplayBundle()
}

func (b *Bar) snapshot(t time.Time) state {
	return state{n: b.n, total: b.total, desc: b.desc, elapsed: t.Sub(b.start)}
}

// state is one drawing of a bar.
type state struct {
	n, total int
	desc     string
	elapsed  time.Duration
}

// rate is steps per second, 0 before any time has passed.
func (s state) rate() float64 {
	if s.elapsed <= 0 || s.n == 0 {
		return 0
	}
	return float64(s.n) / s.elapsed.Seconds()
}

// stats is tqdm's right-hand part: "210/500 [00:01<00:01, 209.52it/s]", or
// "7it [00:02,  3.50it/s]" without a total.
func (s state) stats() string {
	r := s.rate()
	rate := "?it/s"
	switch {
	case r >= 1: // tqdm pads the number to 5 characters
		rate = fmt.Sprintf("%5.2fit/s", r)
	case r > 0:
		rate = fmt.Sprintf("%5.2fs/it", 1/r)
	}
	count := fmt.Sprint(s.n)
	if s.total <= 0 {
		count += "it"
	}
	left := ""
	if s.total > 0 {
		count += "/" + fmt.Sprint(s.total)
		eta := "?"
		if r > 0 {
			eta = clock(time.Duration(float64(max(s.total-s.n, 0)) / r * float64(time.Second)))
		}
		left = "<" + eta
	}
	return fmt.Sprintf("%s [%s%s, %s]", count, clock(s.elapsed), left, rate)
}

func (s state) fraction() float64 {
	if s.total <= 0 {
		return 0
	}
	return math.Min(1, float64(s.n)/float64(s.total))
}

// barWidth is the text bar's length in characters: tqdm's when it does not know the
// terminal width, as in a notebook's text output.
const barWidth = 10

// text is the console form, tqdm's format_meter: "desc:  42%|████▏     | 210/500 [...]".
func (s state) text() string {
	prefix := ""
	if s.desc != "" {
		prefix = s.desc + ": "
	}
	if s.total <= 0 {
		return prefix + s.stats()
	}
	f := s.fraction()
	eighths := int(f * barWidth * 8)
	bar := strings.Repeat("█", eighths/8)
	if rem := eighths % 8; rem > 0 {
		bar += string([]rune(" ▏▎▍▌▋▊▉")[rem])
	}
	bar += strings.Repeat(" ", barWidth-len([]rune(bar)))
	return fmt.Sprintf("%s%3.0f%%|%s| %s", prefix, f*100, bar, s.stats())
}

// html is the notebook form: an HTML <progress> element with the same numbers.
func (s state) html() string {
	var b strings.Builder
	b.WriteString(`<div style="display:flex;align-items:center;gap:0.5em;font-family:monospace">`)
	if s.desc != "" {
		b.WriteString("<span>" + html.EscapeString(s.desc) + "</span>")
	}
	if s.total > 0 {
		fmt.Fprintf(&b, `<progress value="%d" max="%d" style="width:20em"></progress><span>%3.0f%%</span>`,
			min(s.n, s.total), s.total, s.fraction()*100)
	}
	b.WriteString("<span>" + html.EscapeString(s.stats()) + "</span></div>")
	return b.String()
}

func (s state) DisplayBundle() display.Bundle {
	return display.Bundle{"text/html": s.html(), "text/plain": s.text()}
}

// clock formats a duration as tqdm does: whole seconds (truncated) as mm:ss, or h:mm:ss
// from an hour on.
func clock(d time.Duration) string {
	sec := int(d / time.Second)
	if sec >= 3600 {
		return fmt.Sprintf("%d:%02d:%02d", sec/3600, sec/60%60, sec%60)
	}
	return fmt.Sprintf("%02d:%02d", sec/60, sec%60)
}
