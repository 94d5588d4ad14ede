package plot

import (
	"math"
	"strconv"
	"strings"

	gplot "gonum.org/v1/plot"
)

// ticker places ticks like matplotlib's default AutoLocator: at most nbins intervals,
// each a multiple of 1, 2, 2.5 or 5 times a power of ten, and labels them with the
// same number of decimals and a real minus sign (U+2212), as matplotlib's
// ScalarFormatter does. gonum's default gives fewer ticks than readers of matplotlib
// plots expect.
type ticker struct {
	nbins int
}

// Ticks implements gonum's plot.Ticker.
func (t ticker) Ticks(lo, hi float64) []gplot.Tick {
	step := tickStep(lo, hi, t.nbins)
	if step == 0 {
		return nil
	}
	decimals := stepDecimals(step)
	first := math.Ceil(lo/step - 1e-9)
	var ticks []gplot.Tick
	for k := first; k*step <= hi+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, gplot.Tick{Value: v, Label: formatTick(v, decimals)})
	}
	return ticks
}

// tickStep is the smallest "nice" step that cuts [lo, hi] into at most nbins pieces.
func tickStep(lo, hi float64, nbins int) float64 {
	span := hi - lo
	if !(span > 0) || math.IsInf(span, 0) {
		return 0
	}
	raw := span / float64(max(nbins, 1))
	scale := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*scale >= raw*(1-1e-9) {
			return m * scale
		}
	}
	return 10 * scale
}

// stepDecimals is how many decimals show every multiple of step exactly.
func stepDecimals(step float64) int {
	for d := 0; d < 15; d++ {
		scaled := step * math.Pow(10, float64(d))
		if math.Abs(scaled-math.Round(scaled)) < 1e-6*scaled {
			return d
		}
	}
	return 15
}

func formatTick(v float64, decimals int) string {
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	return strings.Replace(s, "-", "\u2212", 1)
}

// logTicker labels powers of ten on a log axis, like matplotlib's LogLocator: with more
// decades than numticks-1 it labels every stride-th one, counting from below the range
// so the choice does not depend on where the data happens to start. When fewer than two
// powers fall inside the range it labels 2 and 5 times them as well, so a short range
// still has a scale.
type logTicker struct {
	numticks int
}

// Ticks implements gonum's plot.Ticker.
func (t logTicker) Ticks(lo, hi float64) []gplot.Tick {
	if !(lo > 0 && hi > lo) {
		return nil
	}
	a, b := math.Log10(lo), math.Log10(hi)
	numdec := math.Floor(b) - math.Ceil(a)
	stride := max(int(math.Ceil(numdec/float64(max(t.numticks, 2)-1))), 1)
	var ticks []gplot.Tick
	for _, mults := range [][]float64{{1}, {1, 2, 5}} {
		ticks = ticks[:0]
		for e := int(math.Floor(a)) - stride; e <= int(math.Ceil(b))+stride; e += stride {
			for _, m := range mults {
				v := m * math.Pow(10, float64(e))
				if v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
					ticks = append(ticks, gplot.Tick{Value: v, Label: formatLogTick(v)})
				}
			}
		}
		if len(ticks) >= 2 {
			break
		}
	}
	return ticks
}

// formatLogTick writes v plainly between 0.001 and 10000 and as 1e−7 style outside.
func formatLogTick(v float64) string {
	if v >= 1e-3 && v < 1e4 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	mant, exp, _ := strings.Cut(strconv.FormatFloat(v, 'e', -1, 64), "e")
	n, _ := strconv.Atoi(exp)
	return strings.Replace(mant+"e"+strconv.Itoa(n), "-", "\u2212", -1)
}
