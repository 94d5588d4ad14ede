package plot

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"testing"
)

// mplGoldens is testdata/mpl_goldens.json, written by testdata/gen_goldens.py with
// matplotlib.
type mplGoldens struct {
	Matplotlib string
	Cases      []struct {
		Name           string
		Figsize        []float64
		Lines          [][2][]float64
		Vlines         []float64
		Yscale         string
		Xlim, Ylim     []float64
		Xticks, Yticks []float64
	}
	YlimIdiom struct{ Before, After []float64 } `json:"ylim_idiom"`
	Errors    struct{ Format, Shapes string }
}

func loadGoldens(t *testing.T) mplGoldens {
	var g mplGoldens
	readJSON(t, "testdata/mpl_goldens.json", &g)
	return g
}

// readJSON decodes the JSON file name into v.
func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func near(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs(a[i]-b[i]) > 1e-9*math.Max(1, math.Abs(b[i])) {
			return false
		}
	}
	return true
}

func tickValues(tk ticker, lim []float64) []float64 {
	var out []float64
	for _, t := range tk.Ticks(lim[0], lim[1]) {
		out = append(out, t.Value)
	}
	return out
}

// TestMatplotlibLimitsAndTicks builds matplotlib's figures and compares the autoscaled
// limits and the ticks drawn (classic theme: matplotlib's 10-point tick labels).
func TestMatplotlibLimitsAndTicks(t *testing.T) {
	g := loadGoldens(t)
	for _, c := range g.Cases {
		t.Run(c.Name, func(t *testing.T) {
			f := NewSize(c.Figsize[0], c.Figsize[1]).Theme("classic").YScale(c.Yscale)
			for _, l := range c.Lines {
				f.Plot(l[0], l[1])
			}
			for _, v := range c.Vlines {
				f.AxVLine(v)
			}
			// JSON has no NaN: the generator's NaN arrives as null, which is 0 here.
			if c.Name == "nan and axvline" {
				f.lines[0].y[1] = math.NaN()
			}
			if got := f.XLim(); !near(got, c.Xlim) {
				t.Errorf("xlim %v, matplotlib %v", got, c.Xlim)
			}
			if got := f.YLim(); !near(got, c.Ylim) {
				t.Errorf("ylim %v, matplotlib %v", got, c.Ylim)
			}
			tx, ty := f.tickers()
			if got := tickValues(tx, f.XLim()); !near(got, c.Xticks) {
				t.Errorf("x ticks %v, matplotlib %v", got, c.Xticks)
			}
			var yt []float64
			if f.logY {
				for _, tk := range (logTicker{numticks: ty.nbins}).Ticks(f.YLim()[0], f.YLim()[1]) {
					yt = append(yt, tk.Value)
				}
			} else {
				yt = tickValues(ty, f.YLim())
			}
			if !near(yt, c.Yticks) {
				t.Errorf("y ticks %v, matplotlib %v", yt, c.Yticks)
			}
			svgTexts(t, f.SVG()) // draws without panicking, valid XML
		})
	}
}

func TestMatplotlibIdiomAndErrors(t *testing.T) {
	g := loadGoldens(t)
	c := g.Cases[5] // seed 004 objective
	f := NewSize(12, 4)
	f.Plot(c.Lines[0][0], c.Lines[0][1])
	if got := f.YLim(); !near(got, g.YlimIdiom.Before) {
		t.Errorf("ylim %v, matplotlib %v", got, g.YlimIdiom.Before)
	}
	f.Plot([]float64{-0.05, -0.05}, f.YLim())
	if got := f.YLim(); !near(got, g.YlimIdiom.After) {
		t.Errorf("ylim after the ylim line %v, matplotlib %v", got, g.YlimIdiom.After)
	}
	if _, err := parseFormat("oz"); err == nil || err.Error() != g.Errors.Format {
		t.Errorf("format error %v, matplotlib %q", err, g.Errors.Format)
	}
	func() {
		defer func() {
			if r := recover(); fmt.Sprint(r) != g.Errors.Shapes {
				t.Errorf("shape error %v, matplotlib %q", r, g.Errors.Shapes)
			}
		}()
		New().Plot([]float64{1, 2, 3}, []float64{1, 2})
	}()
}
