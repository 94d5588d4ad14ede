package plot

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// pngDPI makes a 6.4x4.8 inch figure 640x480 pixels, as matplotlib's default dpi does.
const pngDPI = 100

// SVG renders the figure as SVG text. Text stays text (<text> elements), so the labels
// are searchable and sharp at any zoom.
func (f *Figure) SVG() string {
	c := vgsvg.New(vg.Length(f.width)*vg.Inch, vg.Length(f.height)*vg.Inch)
	f.gonum().Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		panic(err) // writing to a bytes.Buffer does not fail
	}
	// vgsvg names only the font it measured with; give browsers without Liberation
	// fonts its metric twin and a generic family.
	return strings.ReplaceAll(buf.String(), "font-family:Liberation Sans;",
		"font-family:'Liberation Sans',Arial,Helvetica,sans-serif;")
}

// PNG renders the figure as a PNG image at 100 dpi.
func (f *Figure) PNG() []byte {
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(f.width)*vg.Inch, vg.Length(f.height)*vg.Inch), vgimg.UseDPI(pngDPI))
	f.gonum().Draw(draw.New(c))
	var buf bytes.Buffer
	// Fastest deflate: the default level spends most of the PNG's time compressing
	// flat colour areas that BestSpeed squeezes nearly as well.
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, c.Image()); err != nil {
		panic(err) // writing to a bytes.Buffer does not fail
	}
	return buf.Bytes()
}

// sans is the plot font: Liberation Sans, metrically equal to Arial, close to the
// DejaVu Sans of matplotlib and seaborn (gonum's default is a serif).
func sans(size float64) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: vg.Length(size)}
}

func mustColour(s string) color.NRGBA {
	c, err := parseColour(s, deep)
	if err != nil {
		panic(err)
	}
	return c
}

// gonum builds the gonum/plot picture of the figure.
func (f *Figure) gonum() *gplot.Plot {
	p, _ := f.build()
	return p
}

// build builds the gonum/plot picture and returns its legend too (nil without one),
// which records where it went once the picture is drawn.
func (f *Figure) build() (*gplot.Plot, *legend) {
	th := themes[f.theme]
	textColour := mustColour(th.text)
	p := gplot.New()
	p.BackgroundColor = color.White
	p.Title.TextStyle.Font = sans(th.fontSize)
	p.Title.Text = f.title
	p.Title.TextStyle.Color = textColour
	p.Title.Padding = vg.Points(6)

	xl, yl := f.XLim(), f.YLim()
	for _, ax := range []struct {
		a      *gplot.Axis
		label  string
		lo, hi float64
	}{{&p.X, f.xlabel, xl[0], xl[1]}, {&p.Y, f.ylabel, yl[0], yl[1]}} {
		a := ax.a
		a.Label.Text = ax.label
		a.Label.TextStyle.Font = sans(th.fontSize)
		a.Label.TextStyle.Color = textColour
		a.Label.Padding = vg.Points(4)
		a.Tick.Label.Font = sans(th.tickSize)
		a.Tick.Label.Color = textColour
		a.Padding = vg.Points(4)
		if th.spines {
			a.Tick.Length = vg.Points(3.5)
			a.Tick.LineStyle.Width = vg.Points(0.8)
			a.LineStyle.Width = 0 // the frame plotter draws all four sides
		} else {
			a.Tick.Length = 0
			a.LineStyle.Width = 0
		}
		a.Min, a.Max = ax.lo, ax.hi
	}
	tx, ty := f.tickers()
	p.X.Tick.Marker, p.Y.Tick.Marker = tx, ty
	if f.logY {
		p.Y.Scale, p.Y.Tick.Marker = gplot.LogScale{}, logTicker{numticks: ty.nbins}
	}

	p.Add(axesBackground{mustColour(th.axesBg), th.spines})
	if (f.grid == nil && th.gridOn) || (f.grid != nil && *f.grid) {
		g := plotter.NewGrid()
		g.Vertical = draw.LineStyle{Color: mustColour(th.grid), Width: vg.Points(1)}
		g.Horizontal = g.Vertical
		p.Add(g)
	}
	var entries []legendEntry
	next := 0
	for _, l := range f.lines {
		style := l.style(th, &next)
		for _, pl := range l.plotters(style, xl, yl, f.logY) {
			p.Add(pl)
		}
		if f.legend && l.label != "" && l.label[0] != '_' {
			entries = append(entries, legendEntry{l.label, style})
		}
	}
	var lg *legend
	if len(entries) > 0 {
		lg = &legend{entries: entries, lines: f.lines, xl: xl, yl: yl, logY: f.logY, size: th.tickSize, text: textColour}
		p.Add(lg)
	}
	// Add widened the ranges to the data; the figure's limits (with margins) win.
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xl[0], xl[1], yl[0], yl[1]
	return p, lg
}

// seriesStyle is how one line is drawn.
type seriesStyle struct {
	line   draw.LineStyle // Width 0: no line
	marker draw.GlyphStyle
	hasMk  bool
}

// style resolves the line's colour (explicit, from its format, or the palette's next),
// dash pattern and marker. next counts palette colours handed out so far.
func (l *Line) style(th theme, next *int) seriesStyle {
	var c color.NRGBA
	switch {
	case l.colour != "":
		c, _ = parseColour(l.colour, th.palette)
	case l.format.colour != "":
		c, _ = parseColour(l.format.colour, th.palette)
	default:
		c, _ = parseColour(th.palette[*next%len(th.palette)], th.palette)
		*next++
	}
	c.A = uint8(math.Round(255 * l.alpha))
	var s seriesStyle
	w := vg.Points(l.width)
	if l.format.lineStyle != "" {
		s.line = draw.LineStyle{Color: c, Width: w}
		// matplotlib's dash patterns, in multiples of the line width.
		var pattern []float64
		switch l.format.lineStyle {
		case "--":
			pattern = []float64{3.7, 1.6}
		case ":":
			pattern = []float64{1, 1.65}
		case "-.":
			pattern = []float64{6.4, 1.6, 1, 1.6}
		}
		for _, d := range pattern {
			s.line.Dashes = append(s.line.Dashes, vg.Length(d)*w)
		}
	}
	if l.format.marker != 0 {
		s.hasMk = true
		s.marker = draw.GlyphStyle{Color: c, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		switch l.format.marker {
		case '.', ',':
			s.marker.Radius = vg.Points(1.5)
		case 's', 'D', 'd':
			s.marker.Shape = draw.SquareGlyph{}
		case '^', 'v', '<', '>':
			s.marker.Shape = draw.TriangleGlyph{}
		case '+', '|', '_':
			s.marker.Shape = draw.PlusGlyph{}
		case 'x', 'X', '*':
			s.marker.Shape = draw.CrossGlyph{}
		}
	}
	return s
}

// plotters turns the line into gonum plotters, one per run of drawable points: like
// matplotlib, a NaN (or, on a log axis, a y <= 0) breaks the line instead of failing the
// plot.
func (l *Line) plotters(s seriesStyle, xl, yl []float64, logY bool) []gplot.Plotter {
	xs, ys := l.x, l.y
	switch {
	case l.vertical:
		xs, ys = []float64{l.x[0], l.x[0]}, yl
	case l.horiz:
		xs, ys = xl, []float64{l.y[0], l.y[0]}
	}
	var out []gplot.Plotter
	flush := func(pts plotter.XYs) {
		if len(pts) == 0 {
			return
		}
		if s.line.Width > 0 {
			ln := &plotter.Line{XYs: pts, LineStyle: s.line}
			out = append(out, ln)
		}
		if s.hasMk {
			out = append(out, &plotter.Scatter{XYs: pts, GlyphStyle: s.marker})
		}
	}
	var run plotter.XYs
	for i := range xs {
		x, y := xs[i], ys[i]
		if !drawable(x, y, logY) {
			flush(run)
			run = nil
			continue
		}
		run = append(run, plotter.XY{X: x, Y: y})
	}
	flush(run)
	return out
}

// axesBackground paints the data area (seaborn's grey) and, for themes with spines,
// frames it.
type axesBackground struct {
	colour color.Color
	frame  bool
}

func (b axesBackground) Plot(c draw.Canvas, _ *gplot.Plot) {
	c.SetColor(b.colour)
	c.Fill(c.Rectangle.Path())
	if b.frame {
		c.SetColor(color.Black)
		c.SetLineWidth(vg.Points(0.8))
		c.SetLineDash(nil, 0)
		c.Stroke(c.Rectangle.Path())
	}
}

// tickers sizes the tick locators as matplotlib does: at most one interval per three
// tick-label font sizes of axis length along x, per two along y, and never more than
// 9. The axes take about 78% of the figure's width and 77% of its height (matplotlib's
// default subplot parameters); 0.8 is close enough for whole numbers of ticks.
func (f *Figure) tickers() (x, y ticker) {
	size := themes[f.theme].tickSize
	x = ticker{nbins: max(3, min(9, int(f.width*72*0.8/(size*3))))}
	y = ticker{nbins: max(3, min(9, int(f.height*72*0.8/(size*2))))}
	return x, y
}

// drawable reports whether a point can be placed on the axes.
func drawable(x, y float64, logY bool) bool {
	if math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0) {
		return false
	}
	return !logY || y > 0
}
