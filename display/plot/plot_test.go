package plot

import (
	"bytes"
	"encoding/base64"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"math"
	"strconv"
	"strings"
	"testing"
)

type arrayLike struct{ v []float64 }

func (a arrayLike) Float64s() []float64 { return a.v }

// tensorLike has the shape of *autograd.Tensor as plot sees it: Numpy panics while the
// tensor requires grad, Detach gives one that does not.
type tensorLike struct {
	grad bool
	v    []float64
}

func (t *tensorLike) Detach() *tensorLike { return &tensorLike{v: t.v} }
func (t *tensorLike) Numpy() arrayLike {
	if t.grad {
		panic("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
	}
	return arrayLike{t.v}
}

func TestFloats(t *testing.T) {
	want := []float64{1, 2.5, -3}
	for _, tc := range []struct {
		name string
		in   any
	}{
		{"float64", []float64{1, 2.5, -3}},
		{"float32", []float32{1, 2.5, -3}},
		{"array", arrayLike{[]float64{1, 2.5, -3}}},
		{"tensor requiring grad", &tensorLike{grad: true, v: []float64{1, 2.5, -3}}},
		{"[]any", []any{1, 2.5, float32(-3)}},
	} {
		got := Floats(tc.in)
		if len(got) != 3 || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
			t.Errorf("%s: Floats = %v", tc.name, got)
		}
	}
	if got := Floats([]int{4, 5}); got[1] != 5 {
		t.Errorf("ints: %v", got)
	}
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(error).Error(), "cannot plot a string") {
			t.Errorf("Floats(string) panicked with %v", r)
		}
	}()
	Floats("abc")
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in     string
		colour string
		marker byte
		ls     string
	}{
		{"", "", 0, "-"},
		{"o-", "", 'o', "-"},
		{"-o", "", 'o', "-"},
		{"o", "", 'o', ""}, // matplotlib: a marker alone draws no line
		{"--", "", 0, "--"},
		{"r:", "r", 0, ":"},
		{"k-.", "k", 0, "-."},
		{"gs--", "g", 's', "--"},
	} {
		f, err := parseFormat(tc.in)
		if err != nil || f.colour != tc.colour || f.marker != tc.marker || f.lineStyle != tc.ls {
			t.Errorf("parseFormat(%q) = %+v, %v", tc.in, f, err)
		}
	}
	// matplotlib 3's ValueError text.
	_, err := parseFormat("oz")
	if err == nil || err.Error() != "'oz' is not a valid format string (unrecognized character 'z')" {
		t.Errorf("bad format error: %v", err)
	}
}

func TestLimits(t *testing.T) {
	// matplotlib pads the data range by axes.xmargin = axes.ymargin = 0.05 per side.
	f := New()
	f.Plot([]float64{0, 1, 2}, []float64{0, 10, 5})
	if got := f.YLim(); got[0] != -0.5 || got[1] != 10.5 {
		t.Errorf("YLim = %v, want [-0.5 10.5]", got)
	}
	if got := f.XLim(); math.Abs(got[0]+0.1) > 1e-12 || math.Abs(got[1]-2.1) > 1e-12 {
		t.Errorf("XLim = %v, want [-0.1 2.1]", got)
	}
	// The seeds' idiom: a line from plt.ylim() widens the data range to the old limits,
	// so the limits grow by another 5%.
	f.Plot([]float64{1, 1}, f.YLim())
	if got := f.YLim(); math.Abs(got[0]+1.05) > 1e-12 || math.Abs(got[1]-11.05) > 1e-12 {
		t.Errorf("YLim after the ylim line = %v, want [-1.05 11.05]", got)
	}
	// An axvline does not widen y; NaNs are ignored.
	g := New()
	g.Plot([]float64{0, 1, 2}, []float64{1, math.NaN(), 3})
	g.AxVLine(5)
	if got := g.YLim(); got[0] != 0.9 || got[1] != 3.1 {
		t.Errorf("YLim with axvline and NaN = %v", got)
	}
	if got := g.XLim(); got[1] != 5.25 {
		t.Errorf("XLim with axvline = %v, want ... 5.25", got)
	}
	g.SetYLim(-1, 1)
	if got := g.YLim(); got[0] != -1 || got[1] != 1 {
		t.Errorf("SetYLim ignored: %v", got)
	}
}

func TestPlotShapeMismatch(t *testing.T) {
	defer func() {
		r := recover()
		want := "x and y must have same first dimension, but have shapes (3,) and (2,)"
		if err, ok := r.(error); !ok || err.Error() != want {
			t.Errorf("panic %v, want %q", r, want)
		}
	}()
	New().Plot([]float64{1, 2, 3}, []float64{1, 2})
}

func TestLinePieces(t *testing.T) {
	f := New()
	l := f.Plot([]float64{0, 1, 2, 3, 4}, []float64{0, 1, math.NaN(), 3, 4}, "o-")
	next := 0
	th := themes["darkgrid"]
	s := l.style(th, &next)
	// Two runs around the NaN, each a line and its markers.
	if got := len(l.plotters(s, f.XLim(), f.YLim(), false)); got != 4 {
		t.Errorf("%d plotters, want 4", got)
	}
	if next != 1 || s.line.Color != (color.NRGBA{0x4c, 0x72, 0xb0, 0xff}) {
		t.Errorf("first line colour %v, want seaborn deep C0", s.line.Color)
	}
	v := f.AxVLine(2).Label("v")
	if s2 := v.style(th, &next); s2.line.Color != (color.NRGBA{0xdd, 0x84, 0x52, 0xff}) {
		t.Errorf("second line colour %v, want deep C1", s2.line.Color)
	}
	yl := f.YLim()
	ps := v.plotters(v.style(th, new(int)), f.XLim(), yl, false)
	if len(ps) != 1 {
		t.Fatalf("axvline: %d plotters", len(ps))
	}
	_, _, ymin, ymax := ps[0].(interface {
		DataRange() (float64, float64, float64, float64)
	}).DataRange()
	if ymin != yl[0] || ymax != yl[1] {
		t.Errorf("axvline spans %g..%g, want the y range %v", ymin, ymax, yl)
	}
}

// svgTexts returns the text of every <text> element of an SVG document, failing the
// test if it is not well-formed XML.
func svgTexts(t *testing.T, svg string) []string {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(svg))
	var texts []string
	inText := false
	for {
		tok, err := d.Token()
		if err != nil {
			if err.Error() == "EOF" {
				return texts
			}
			t.Fatalf("SVG is not XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			inText = e.Name.Local == "text"
		case xml.CharData:
			if inText {
				texts = append(texts, string(e))
			}
		case xml.EndElement:
			inText = false
		}
	}
}

// seedFigure is the 004 listing "visualize_results": objective, gradient steps joined
// by lines with markers, and two vertical lines, in a 12x4 figure.
func seedFigure() *Figure {
	obj := func(x float64) float64 { return x*math.Cos(4*x) + 2*math.Abs(x) }
	var th, y []float64
	for i := 0; i < 100; i++ {
		v := -1 + 2*float64(i)/99
		th, y = append(th, v), append(y, obj(v))
	}
	steps := []float64{0.5, 0.62, 0.67, 0.683}
	var stepObj []float64
	for _, s := range steps {
		stepObj = append(stepObj, obj(s))
	}
	f := NewSize(12, 4)
	f.Plot(th, y).Label("Objective")
	f.Plot(steps, stepObj, "o-").Label("Gradient steps")
	f.Plot([]float64{-0.05, -0.05}, f.YLim()).Label("True theta")
	f.Plot([]float64{0.683, 0.683}, f.YLim()).Label("Final theta")
	f.Legend().Title("step size 0.05").XLabel("theta").YLabel("objective")
	return f
}

func TestSVG(t *testing.T) {
	svg := seedFigure().SVG()
	texts := strings.Join(svgTexts(t, svg), "|")
	for _, want := range []string{"Objective", "Gradient steps", "True theta", "Final theta",
		"step size 0.05", "theta", "objective", "\u22121.00", "0.75"} {
		if !strings.Contains("|"+texts+"|", "|"+want+"|") {
			t.Errorf("SVG has no text %q; texts: %s", want, texts)
		}
	}
	if !strings.Contains(svg, `width="864pt" height="288pt"`) {
		t.Errorf("SVG is not 12x4 inches: %.200s", svg)
	}
	// Four series in seaborn's deep palette, and darkgrid's axes colour.
	for _, c := range []string{"#4C72B0", "#DD8452", "#55A868", "#C44E52", "#EAEAF2"} {
		if !strings.Contains(strings.ToUpper(svg), c) {
			t.Errorf("SVG lacks colour %s", c)
		}
	}
	// Without Legend(), labels stay out of the picture, as in matplotlib.
	f := New()
	f.Plot([]float64{0, 1}, []float64{0, 1}).Label("quiet")
	if strings.Contains(f.SVG(), "quiet") {
		t.Error("label drawn without Legend()")
	}
}

func TestPNG(t *testing.T) {
	img, err := png.Decode(bytes.NewReader(seedFigure().PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 400 {
		t.Errorf("PNG is %dx%d, want 1200x400 (12x4 in at 100 dpi)", b.Dx(), b.Dy())
	}
	// darkgrid: the commonest colour is the axes background.
	if c := commonest(img); c != (color.NRGBA{0xea, 0xea, 0xf2, 0xff}) {
		t.Errorf("commonest colour %v, want darkgrid's #eaeaf2", c)
	}
	img, err = png.Decode(bytes.NewReader(New().Theme("classic").PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if c := commonest(img); c != (color.NRGBA{0xff, 0xff, 0xff, 0xff}) {
		t.Errorf("classic: commonest colour %v, want white", c)
	}
}

func commonest(img image.Image) color.NRGBA {
	count := map[color.NRGBA]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			count[color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA)]++
		}
	}
	var best color.NRGBA
	for c, n := range count {
		if n > count[best] {
			best = c
		}
	}
	return best
}

func TestBundle(t *testing.T) {
	f := seedFigure()
	b := f.DisplayBundle()
	if b.Text() != "<Figure size 1200x400 with 1 Axes>" {
		t.Errorf("text/plain = %q", b.Text())
	}
	if New().String() != "<Figure size 640x480 with 1 Axes>" {
		t.Errorf("default figure repr %q", New().String())
	}
	svg, _ := b["image/svg+xml"].(string)
	svgTexts(t, svg)
	raw, err := base64.StdEncoding.DecodeString(b["image/png"].(string))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(raw)); err != nil {
		t.Fatal(err)
	}
	if len(b) != 3 {
		t.Errorf("bundle types %d, want 3", len(b))
	}
	BundlePNG = false
	if _, ok := f.DisplayBundle()["image/png"]; ok {
		t.Error("PNG drawn with BundlePNG off")
	}
	BundlePNG = true
	// A cell ending in fig.Plot(...) shows the figure.
	if lb := f.Plot([]float64{0}, []float64{0}).DisplayBundle(); lb.Text() != b.Text() {
		t.Errorf("line bundle %q", lb.Text())
	}
}

// textPos finds where an SVG <text> with the given content is drawn. vgsvg flips the
// y axis, so it writes y negated.
func textPos(t *testing.T, svg, content string) (x, y float64) {
	d := xml.NewDecoder(strings.NewReader(svg))
	var last xml.StartElement
	for {
		tok, err := d.Token()
		if err != nil {
			t.Fatalf("no text %q", content)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			last = e
		case xml.CharData:
			if last.Name.Local == "text" && string(e) == content {
				for _, a := range last.Attr {
					var v float64
					fmtSscan(a.Value, &v)
					switch a.Name.Local {
					case "x":
						x = v
					case "y":
						y = -v
					}
				}
				return x, y
			}
		}
	}
}

func TestLegendBest(t *testing.T) {
	// y = x fills the lower-left and upper-right corners: matplotlib's "best" takes the
	// first free location in its order, upper left.
	f := New()
	f.Plot([]float64{0, 1, 2, 3, 4}, []float64{0, 1, 2, 3, 4}).Label("rising")
	f.Legend()
	x, y := textPos(t, f.SVG(), "rising")
	if x > 6.4*72/2 || y < 4.8*72/2 {
		t.Errorf("legend at (%g, %g), want the upper left quarter", x, y)
	}
	// y = -x leaves upper right free: the first choice.
	g := New()
	g.Plot([]float64{0, 1, 2, 3, 4}, []float64{4, 3, 2, 1, 0}).Label("falling")
	g.Legend()
	x, y = textPos(t, g.SVG(), "falling")
	if x < 6.4*72/2 || y < 4.8*72/2 {
		t.Errorf("legend at (%g, %g), want the upper right quarter", x, y)
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		nbins  int
		want   string
	}{
		{-5.5, 5.5, 9, "\u22124|\u22122|0|2|4"},
		{-0.05, 1.05, 9, "0.0|0.2|0.4|0.6|0.8|1.0"},
		{0, 10, 4, "0.0|2.5|5.0|7.5|10.0"},
		{1e-3, 5e-3, 4, "0.001|0.002|0.003|0.004|0.005"},
	} {
		var labels []string
		for _, tk := range (ticker{tc.nbins}).Ticks(tc.lo, tc.hi) {
			labels = append(labels, tk.Label)
		}
		if got := strings.Join(labels, "|"); got != tc.want {
			t.Errorf("ticks(%g, %g) = %s, want %s", tc.lo, tc.hi, got, tc.want)
		}
	}
}

func fmtSscan(s string, v *float64) { *v, _ = strconv.ParseFloat(s, 64) }

func TestEmptyFigure(t *testing.T) {
	f := New().Title("nothing yet")
	if got := f.YLim(); got[0] != 0 || got[1] != 1 {
		t.Errorf("empty YLim %v, want matplotlib's [0 1]", got)
	}
	svgTexts(t, f.SVG())
	if _, err := png.Decode(bytes.NewReader(f.PNG())); err != nil {
		t.Fatal(err)
	}
}

func TestLogScale(t *testing.T) {
	for v, want := range map[float64]string{
		1e-7: "1e\u22127", 0.001: "0.001", 0.01: "0.01", 1: "1", 100: "100", 1e5: "1e5",
	} {
		if got := formatLogTick(v); got != want {
			t.Errorf("formatLogTick(%g) = %q, want %q", v, got, want)
		}
	}
	f := New().YScale("log")
	f.Plot([]float64{0, 1, 2, 3, 4}, []float64{71, 1.6, 0, -1, 1e-7}).Label("loss")
	f.Legend()
	texts := strings.Join(svgTexts(t, f.SVG()), "|")
	for _, want := range []string{"1e\u22126", "0.01", "100", "loss"} {
		if !strings.Contains(texts, want) {
			t.Errorf("log plot lacks %q: %s", want, texts)
		}
	}
	// Two runs: 71, 1.6 and then 1e-7 alone after the two non-positive points.
	if got := len(f.lines[0].plotters(seriesStyle{line: f.lines[0].style(themes["darkgrid"], new(int)).line}, f.XLim(), f.YLim(), true)); got != 2 {
		t.Errorf("%d line pieces on a log axis, want 2", got)
	}
	// A narrow range still gets two labels.
	if got := len((logTicker{numticks: 9}).Ticks(3, 40)); got < 2 {
		t.Errorf("%d ticks on [3, 40]", got)
	}
}
