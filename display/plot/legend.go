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
// and the label per entry, at the place that covers the fewest data points. gonum's
// own legend has no box, which is hard to read on darkgrid's grey.
type legend struct {
	entries []legendEntry
	lines   []*Line
	xl, yl  []float64
	logY    bool
	size    float64 // font size in points
	text    color.Color
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

	box := lg.best(c, p, w, h, margin)
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

// best tries matplotlib's locations in its order (upper right, upper left, lower left,
// lower right, center right, center left, lower center, upper center, center) and
// keeps the first that covers the fewest data points and line segments.
func (lg *legend) best(c draw.Canvas, p *gplot.Plot, w, h, margin vg.Length) vg.Rectangle {
	trX, trY := p.Transforms(&c)
	left, right := c.Min.X+margin, c.Max.X-margin-w
	bottom, top := c.Min.Y+margin, c.Max.Y-margin-h
	midX, midY := (c.Min.X+c.Max.X-w)/2, (c.Min.Y+c.Max.Y-h)/2
	corners := []vg.Point{
		{X: right, Y: top}, {X: left, Y: top}, {X: left, Y: bottom}, {X: right, Y: bottom},
		{X: right, Y: midY}, {X: left, Y: midY}, {X: midX, Y: bottom}, {X: midX, Y: top},
		{X: midX, Y: midY},
	}
	var pts [][]vg.Point
	for _, l := range lg.lines {
		xs, ys := l.x, l.y
		switch {
		case l.vertical:
			xs, ys = []float64{l.x[0], l.x[0]}, lg.yl
		case l.horiz:
			xs, ys = lg.xl, []float64{l.y[0], l.y[0]}
		}
		run := make([]vg.Point, 0, len(xs))
		for i := range xs {
			if !drawable(xs[i], ys[i], lg.logY) {
				continue
			}
			run = append(run, vg.Point{X: trX(xs[i]), Y: trY(ys[i])})
		}
		pts = append(pts, run)
	}
	bestBad, bestRect := math.MaxInt, vg.Rectangle{}
	for _, o := range corners {
		r := vg.Rectangle{Min: o, Max: vg.Point{X: o.X + w, Y: o.Y + h}}
		bad := 0
		for _, run := range pts {
			for i, q := range run {
				if inside(r, q) {
					bad++
				}
				if i > 0 && segmentHits(r, run[i-1], q) {
					bad++
				}
			}
		}
		if bad < bestBad {
			bestBad, bestRect = bad, r
		}
	}
	return bestRect
}

func inside(r vg.Rectangle, p vg.Point) bool {
	return p.X >= r.Min.X && p.X <= r.Max.X && p.Y >= r.Min.Y && p.Y <= r.Max.Y
}

// segmentHits reports whether segment ab crosses rectangle r, by clipping the segment
// to r's slab in x and then in y (Liang-Barsky).
func segmentHits(r vg.Rectangle, a, b vg.Point) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := float64(b.X-a.X), float64(b.Y-a.Y)
	for _, e := range [][2]float64{
		{-dx, float64(a.X - r.Min.X)}, {dx, float64(r.Max.X - a.X)},
		{-dy, float64(a.Y - r.Min.Y)}, {dy, float64(r.Max.Y - a.Y)},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = math.Max(t0, t)
		} else {
			t1 = math.Min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}
