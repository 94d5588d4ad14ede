package plot

import (
	"sync"
	"time"

	"github.com/gograd/gograd/display"
)

// LiveInterval is the shortest time between two redraws of a Live plot.
const LiveInterval = 250 * time.Millisecond

// Live is a figure that redraws in place while data arrives, e.g. a loss curve during
// training:
//
//	live := plot.NewLive(8, 4)
//	live.Figure().XLabel("epoch").YLabel("loss")
//	for epoch := 0; epoch < n; epoch++ {
//		...
//		live.Add("train", float64(epoch), loss)
//	}
//	live.Done()
//
// The first Add displays the figure with a display id; later ones redraw it through
// update_display_data at most once per LiveInterval, with SVG only (fast). Done draws
// the final state with PNG as well, for exporters.
type Live struct {
	mu     sync.Mutex
	fig    *Figure
	series map[string]*Line
	id     string
	shown  bool
	dirty  bool
	last   time.Time
	now    func() time.Time
}

// NewLive returns a live plot of the given size in inches. Nothing is shown until the
// first point arrives.
func NewLive(width, height float64) *Live {
	return &Live{fig: NewSize(width, height).Legend(), series: map[string]*Line{},
		id: display.NewDisplayID(), now: time.Now}
}

// Figure returns the underlying figure, to set titles, labels and limits.
func (l *Live) Figure() *Figure { return l.fig }

// Add appends the point (x, y) to the named series, creating the series on first use.
func (l *Live) Add(series string, x, y float64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	line, ok := l.series[series]
	if !ok {
		line = l.fig.add(&Line{}, nil).Label(series)
		l.series[series] = line
	}
	line.x = append(line.x, x)
	line.y = append(line.y, y)
	l.dirty = true
	t := l.now()
	switch {
	case !l.shown:
		l.shown, l.dirty, l.last = true, false, t
		display.ShowID(svgOnly{l.fig}, l.id)
	case t.Sub(l.last) >= LiveInterval:
		l.dirty, l.last = false, t
		display.Update(svgOnly{l.fig}, l.id)
	}
}

// Done redraws the final state, SVG and PNG.
func (l *Live) Done() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.shown {
		return
	}
	l.dirty = false
	display.Update(l.fig, l.id)
}

// DisplayBundle shows the live figure's current state.
func (l *Live) DisplayBundle() display.Bundle {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.fig.DisplayBundle()
}

// svgOnly displays a figure without its PNG, for the frequent intermediate redraws.
type svgOnly struct{ f *Figure }

func (s svgOnly) DisplayBundle() display.Bundle {
	b := display.SVG(s.f.SVG())
	b["text/plain"] = s.f.String()
	return b
}
