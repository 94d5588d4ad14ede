package plot

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/gograd/gograd/display"
)

// Figure is one plot: a set of lines on one pair of axes, with a size in inches like
// matplotlib's figsize. Methods that configure it return it, so calls chain.
type Figure struct {
	width, height float64 // inches
	lines         []*Line
	title         string
	xlabel        string
	ylabel        string
	xlim, ylim    []float64 // set by SetXLim/SetYLim; nil means automatic
	legend        bool
	grid          *bool // nil: the theme decides
	theme         string
	logY          bool
}

// Line is one series of a Figure.
type Line struct {
	fig      *Figure
	x, y     []float64
	label    string
	format   lineFormat
	colour   string  // explicit colour, overrides the format's
	width    float64 // points
	alpha    float64
	vertical bool // an AxVLine: x[0] across the whole y range
	horiz    bool // an AxHLine: y[0] across the whole x range
}

// New returns a figure of matplotlib's default size, 6.4 by 4.8 inches.
func New() *Figure { return NewSize(6.4, 4.8) }

// NewSize returns a figure of the given size in inches, like
// plt.figure(figsize=(width, height)).
func NewSize(width, height float64) *Figure {
	if !(width > 0 && height > 0) {
		panic(fmt.Errorf("plot: figure size must be positive, got %gx%g", width, height))
	}
	return &Figure{width: width, height: height, theme: "darkgrid"}
}

// Plot adds the line y(x), like plt.plot(x, y, format). x and y are []float64,
// []float32, []int or tensors (see Floats). format is an optional matplotlib format
// string: "o-" joins round markers with a line, "--" dashes, "r:" a red dotted line.
func (f *Figure) Plot(x, y any, format ...string) *Line {
	xs, ys := Floats(x), Floats(y)
	if len(xs) != len(ys) {
		panic(fmt.Errorf("x and y must have same first dimension, but have shapes (%d,) and (%d,)", len(xs), len(ys)))
	}
	return f.add(&Line{x: xs, y: ys}, format)
}

// PlotY adds the line y against its indices 0, 1, 2, ..., like plt.plot(y).
func (f *Figure) PlotY(y any, format ...string) *Line {
	ys := Floats(y)
	xs := make([]float64, len(ys))
	for i := range xs {
		xs[i] = float64(i)
	}
	return f.add(&Line{x: xs, y: ys}, format)
}

// AxVLine adds a vertical line at x spanning the whole y range, wherever the axes end
// up (plt.axvline). The seeds' plt.plot(x*np.ones(2), plt.ylim()) is the same picture.
func (f *Figure) AxVLine(x float64, format ...string) *Line {
	return f.add(&Line{x: []float64{x}, vertical: true}, format)
}

// AxHLine adds a horizontal line at y spanning the whole x range (plt.axhline).
func (f *Figure) AxHLine(y float64, format ...string) *Line {
	return f.add(&Line{y: []float64{y}, horiz: true}, format)
}

func (f *Figure) add(l *Line, format []string) *Line {
	l.fig, l.width, l.alpha = f, 1.5, 1
	if len(format) > 0 {
		lf, err := parseFormat(strings.Join(format, ""))
		if err != nil {
			panic(err)
		}
		l.format = lf
	} else {
		l.format = lineFormat{lineStyle: "-"}
	}
	f.lines = append(f.lines, l)
	return l
}

// Label names the line in the legend.
func (l *Line) Label(s string) *Line { l.label = s; return l }

// Color sets the line's colour: "#rrggbb", a name such as "red", or "C0".."C9" for the
// theme's palette. Without it lines take the palette's colours in turn.
func (l *Line) Color(c string) *Line {
	if _, err := parseColour(c, deep); err != nil {
		panic(err)
	}
	l.colour = c
	return l
}

// Width sets the line width in points (default 1.5, matplotlib's).
func (l *Line) Width(w float64) *Line { l.width = w; return l }

// Alpha sets the line's opacity, from 0 (invisible) to 1 (default).
func (l *Line) Alpha(a float64) *Line { l.alpha = math.Max(0, math.Min(1, a)); return l }

// Figure returns the figure the line belongs to, to go on configuring it.
func (l *Line) Figure() *Figure { return l.fig }

// DisplayBundle shows the line's whole figure, so that a cell ending in
// fig.Plot(...) draws the plot, as a notebook cell ending in plt.plot(...) does.
func (l *Line) DisplayBundle() display.Bundle { return l.fig.DisplayBundle() }

// String describes the line.
func (l *Line) String() string { return fmt.Sprintf("<Line %q of %s>", l.label, l.fig) }

// Title sets the title above the axes.
func (f *Figure) Title(s string) *Figure { f.title = s; return f }

// XLabel sets the x axis label.
func (f *Figure) XLabel(s string) *Figure { f.xlabel = s; return f }

// YLabel sets the y axis label.
func (f *Figure) YLabel(s string) *Figure { f.ylabel = s; return f }

// Legend shows a legend of the labelled lines, placed where it hides the least data, by
// matplotlib's rule for loc="best" (see the package documentation).
func (f *Figure) Legend() *Figure { f.legend = true; return f }

// Grid turns the grid on or off (darkgrid and whitegrid draw one by default).
func (f *Figure) Grid(on bool) *Figure { f.grid = &on; return f }

// Theme picks the look: "darkgrid" (default: seaborn's sns.set(), grey axes and a
// white grid), "whitegrid", or "classic" (matplotlib's white axes and tab10 colours).
func (f *Figure) Theme(name string) *Figure {
	if _, ok := themes[name]; !ok {
		panic(fmt.Errorf("plot: unknown theme %q: use darkgrid, whitegrid or classic", name))
	}
	f.theme = name
	return f
}

// SetXLim fixes the x range.
func (f *Figure) SetXLim(lo, hi float64) *Figure { f.xlim = []float64{lo, hi}; return f }

// SetYLim fixes the y range.
func (f *Figure) SetYLim(lo, hi float64) *Figure { f.ylim = []float64{lo, hi}; return f }

// XLim returns the current x range [lo, hi]: the one set, or the data range with
// matplotlib's 5% margins.
func (f *Figure) XLim() []float64 {
	if f.xlim != nil {
		return []float64{f.xlim[0], f.xlim[1]}
	}
	lo, hi := f.dataRange(true)
	return autoLimits(lo, hi)
}

// YLim returns the current y range [lo, hi], like plt.ylim(): the one set, or the data
// range with 5% margins. Plotting []float64{x, x} against it draws a vertical line
// across the axes, as the seeds do.
func (f *Figure) YLim() []float64 {
	if f.ylim != nil {
		return []float64{f.ylim[0], f.ylim[1]}
	}
	lo, hi := f.dataRange(false)
	if f.logY {
		return logLimits(lo, hi)
	}
	return autoLimits(lo, hi)
}

// YScale sets the y axis scale, "linear" (default) or "log" (plt.yscale("log")), which
// suits loss curves that fall by orders of magnitude. On a log axis, points with y <= 0
// are left out, breaking the line, as matplotlib does.
func (f *Figure) YScale(scale string) *Figure {
	switch scale {
	case "linear", "log":
		f.logY = scale == "log"
	default:
		panic(fmt.Errorf("plot: unknown scale %q: use linear or log", scale))
	}
	return f
}

// logLimits pads a positive range by 5% on each side in log space.
func logLimits(lo, hi float64) []float64 {
	if lo > hi {
		return []float64{1, 10}
	}
	if lo == hi {
		lo, hi = lo/10, hi*10
	}
	a, b := math.Log10(lo), math.Log10(hi)
	m := (b - a) * 0.05
	return []float64{math.Pow(10, a-m), math.Pow(10, b+m)}
}

// dataRange is the extent of the data along x (or y), ignoring NaNs. Vertical lines
// count along x only and horizontal ones along y only, as in matplotlib.
func (f *Figure) dataRange(alongX bool) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, l := range f.lines {
		vals := l.y
		if alongX {
			vals = l.x
		}
		if (alongX && l.horiz) || (!alongX && l.vertical) {
			continue
		}
		for _, v := range vals {
			if !alongX && f.logY && v <= 0 {
				continue
			}
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	return lo, hi
}

// autoLimits is matplotlib's autoscaling: an empty range gives (0, 1); a single value
// v is first widened to v ± 5% of |v| (± 0.05 for zero), as its nonsingular() does;
// then the range is padded by 5% on each side (axes.xmargin, axes.ymargin).
func autoLimits(lo, hi float64) []float64 {
	if lo > hi {
		return []float64{0, 1}
	}
	if hi-lo <= math.Max(math.Abs(lo), math.Abs(hi))*1e-15 {
		if lo == 0 && hi == 0 {
			lo, hi = -0.05, 0.05
		} else {
			lo, hi = lo-0.05*math.Abs(lo), hi+0.05*math.Abs(hi)
		}
	}
	m := (hi - lo) * 0.05
	return []float64{lo - m, hi + m}
}

// String is matplotlib's figure repr at 100 dpi: <Figure size 640x480 with 1 Axes>.
func (f *Figure) String() string {
	return fmt.Sprintf("<Figure size %gx%g with 1 Axes>", f.width*100, f.height*100)
}

// BundlePNG controls whether displayed figures carry a PNG besides their SVG. The PNG
// serves exporters that cannot embed SVG (nbconvert to PDF) but costs about 30 times
// the SVG's drawing time; set it to false for faster cells and smaller notebooks.
var BundlePNG = true

// DisplayBundle renders the figure as SVG (what notebooks show) and, with BundlePNG,
// PNG, with the repr as text.
func (f *Figure) DisplayBundle() display.Bundle {
	b := display.SVG(f.SVG())
	b["text/plain"] = f.String()
	if BundlePNG {
		b["image/png"] = display.PNG(f.PNG())["image/png"]
	}
	return b
}

// Show displays the figure now, like plt.show().
func (f *Figure) Show() { display.Show(f) }

// Save writes the figure to a file, as SVG or PNG by the file's extension.
func (f *Figure) Save(path string) error {
	var data []byte
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".svg":
		data = []byte(f.SVG())
	case ".png":
		data = f.PNG()
	default:
		return fmt.Errorf("plot: cannot save %q: use a .svg or .png name", path)
	}
	return os.WriteFile(path, data, 0o644)
}
