package plot

import (
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

type legendEntry struct {
	label string
	style seriesStyle
}

// legend draws matplotlib's legend box: white, slightly transparent, with a line sample
// and the label per entry, at the place matplotlib's loc="best" picks (see best).
// gonum's own legend has no box, which is hard to read on darkgrid's grey.
type legend struct {
	entries []legendEntry
	lines   []*Line
	xl, yl  []float64
	logY    bool
	size    float64 // font size in points
	text    color.Color
	loc     int // set by Plot: where the box went, an index in legendLocs
	hidden  int // set by Plot: the badness of that place (0: the box hides no data)
}

// Plot draws the legend inside the data area.
func (lg *legend) Plot(c draw.Canvas, p *gplot.Plot) {
	sty := text.Style{
		Color:   lg.text,
		Font:    sans(lg.size),
		Handler: gplot.DefaultTextHandler,
		XAlign:  draw.XLeft,
		YAlign:  draw.YCenter,
	}
	em := vg.Length(lg.size)
	// matplotlib's spacing, in font sizes: border pad 0.4, handle length 2, handle-text
	// pad 0.8, label spacing 0.5, distance to the axes 0.5.
	pad, handle, gap, rowGap, margin := 0.4*em, 2*em, 0.8*em, 0.5*em, 0.5*em
	var textW vg.Length
	for _, e := range lg.entries {
		textW = max(textW, sty.Width(e.label))
	}
	rowH := em
	w := pad + handle + gap + textW + pad
	h := pad*2 + rowH*vg.Length(len(lg.entries)) + rowGap*vg.Length(len(lg.entries)-1)

	box, loc, bad := lg.best(c, p, w, h, margin)
	lg.loc, lg.hidden = loc, bad
	path := vg.Path{}
	path.Move(box.Min)
	path.Line(vg.Point{X: box.Max.X, Y: box.Min.Y})
	path.Line(box.Max)
	path.Line(vg.Point{X: box.Min.X, Y: box.Max.Y})
	path.Close()
	c.SetColor(color.NRGBA{R: 255, G: 255, B: 255, A: 204}) // framealpha 0.8
	c.Fill(path)
	c.SetColor(color.NRGBA{R: 204, G: 204, B: 204, A: 204})
	c.SetLineWidth(vg.Points(0.8))
	c.SetLineDash(nil, 0) // the canvas keeps the last dashed series' pattern
	c.Stroke(path)

	y := box.Max.Y - pad - rowH/2
	for _, e := range lg.entries {
		x0 := box.Min.X + pad
		if e.style.line.Width > 0 {
			c.StrokeLine2(e.style.line, x0, y, x0+handle, y)
		}
		if e.style.hasMk {
			c.DrawGlyphNoClip(e.style.marker, vg.Point{X: x0 + handle/2, Y: y})
		}
		c.FillText(sty, vg.Point{X: x0 + handle + gap, Y: y}, e.label)
		y -= rowH + rowGap
	}
}

// legendLocs are matplotlib's legend locations by code, 1 to 10: the candidates of
// loc="best" in the order it tries them. "right" and "center right" are one place.
var legendLocs = [...]string{
	"upper right", "upper left", "lower left", "lower right", "right",
	"center left", "center right", "lower center", "upper center", "center",
}

// best places the legend as matplotlib's loc="best" does (Legend._find_best_position):
// it scores each location in legendLocs by the data the box would hide and takes the
// first with the lowest score. The data are every line of the figure, labelled or not,
// in canvas coordinates; the box keeps margin from the axes' edges. It returns the
// box, the index of its location in legendLocs and its badness.
func (lg *legend) best(c draw.Canvas, p *gplot.Plot, w, h, margin vg.Length) (box vg.Rectangle, loc, bad int) {
	trX, trY := p.Transforms(&c)
	var paths [][]vg.Point
	for _, l := range lg.lines {
		xs, ys := l.x, l.y
		switch {
		case l.vertical:
			xs, ys = []float64{l.x[0], l.x[0]}, lg.yl
		case l.horiz:
			xs, ys = lg.xl, []float64{l.y[0], l.y[0]}
		}
		// Points that cannot be drawn (NaN, or y <= 0 on a log axis) drop out and
		// their neighbours join, as matplotlib's path test skips NaN vertices.
		path := make([]vg.Point, 0, len(xs))
		for i := range xs {
			if drawable(xs[i], ys[i], lg.logY) {
				path = append(path, vg.Point{X: trX(xs[i]), Y: trY(ys[i])})
			}
		}
		paths = append(paths, path)
	}
	loc = bestLoc(c.Rectangle, w, h, margin, paths)
	box = locBox(loc, c.Rectangle, w, h, margin)
	return box, loc, badness(box, paths)
}

// bestLoc returns the index in legendLocs of the first location with the lowest
// badness for a w by h box inside area, pad from its edges.
func bestLoc(area vg.Rectangle, w, h, pad vg.Length, paths [][]vg.Point) int {
	best, bestBad := 0, math.MaxInt
	for loc := range legendLocs {
		bad := badness(locBox(loc, area, w, h, pad), paths)
		if bad < bestBad {
			best, bestBad = loc, bad
		}
		if bad == 0 {
			break
		}
	}
	return best
}

// locBox is the w by h box at legendLocs[loc] inside area, pad from its edges
// (matplotlib's borderaxespad).
func locBox(loc int, area vg.Rectangle, w, h, pad vg.Length) vg.Rectangle {
	left, right := area.Min.X+pad, area.Max.X-pad-w
	bottom, top := area.Min.Y+pad, area.Max.Y-pad-h
	midX, midY := (area.Min.X+area.Max.X-w)/2, (area.Min.Y+area.Max.Y-h)/2
	corner := [...]vg.Point{
		{X: right, Y: top}, {X: left, Y: top}, {X: left, Y: bottom}, {X: right, Y: bottom},
		{X: right, Y: midY}, {X: left, Y: midY}, {X: right, Y: midY}, {X: midX, Y: bottom},
		{X: midX, Y: top}, {X: midX, Y: midY},
	}[loc]
	return vg.Rectangle{Min: corner, Max: vg.Point{X: corner.X + w, Y: corner.Y + h}}
}

// badness is matplotlib's score of a legend box: the vertices strictly inside it, plus
// one for each line that meets it. A line counts once however many of its segments
// cross the box, so a dense curve's crossing weighs what a sparse one's does, and its
// vertices inside add the rest.
func badness(r vg.Rectangle, paths [][]vg.Point) int {
	n := 0
	for _, path := range paths {
		for _, q := range path {
			if q.X > r.Min.X && q.X < r.Max.X && q.Y > r.Min.Y && q.Y < r.Max.Y {
				n++
			}
		}
		if meets(r, path) {
			n++
		}
	}
	return n
}

// meets reports whether the polyline path touches rectangle r as matplotlib's
// Path.intersects_bbox(filled=False) decides: its first vertex lies in r, edges
// included, or one of its segments overlaps r's interior.
func meets(r vg.Rectangle, path []vg.Point) bool {
	if len(path) == 0 {
		return false
	}
	if a := path[0]; a.X >= r.Min.X && a.X <= r.Max.X && a.Y >= r.Min.Y && a.Y <= r.Max.Y {
		return true
	}
	for i := 1; i < len(path); i++ {
		if segmentOverlaps(r, path[i-1], path[i]) {
			return true
		}
	}
	return false
}

// segmentOverlaps reports whether segment ab and rectangle r overlap with positive
// area of contact, by the separating axis theorem: they are apart exactly when their
// shadows are apart on the x axis, on the y axis, or on the segment's normal. Touching
// at an edge or a corner does not count.
func segmentOverlaps(r vg.Rectangle, a, b vg.Point) bool {
	ax, ay, bx, by := float64(a.X), float64(a.Y), float64(b.X), float64(b.Y)
	w, h := float64(r.Max.X-r.Min.X), float64(r.Max.Y-r.Min.Y)
	cx, cy := float64(r.Min.X+r.Max.X)/2, float64(r.Min.Y+r.Max.Y)/2
	dx, dy := bx-ax, by-ay
	// On x: the segment's midpoint is less than the sum of half extents from the centre
	// (both sides doubled).
	if math.Abs(ax+bx-2*cx) >= w+math.Abs(dx) {
		return false
	}
	if math.Abs(ay+by-2*cy) >= h+math.Abs(dy) {
		return false
	}
	// On the normal (-dy, dx): the centre's distance from the segment's line, against
	// the rectangle's half extent projected there (both scaled by the segment length).
	return math.Abs(dx*(cy-ay)-dy*(cx-ax)) < (math.Abs(dx)*h+math.Abs(dy)*w)/2
}
