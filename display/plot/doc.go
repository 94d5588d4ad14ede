// Package plot draws line plots for notebooks, covering what the tutorial notebooks do
// with matplotlib, on top of gonum.org/v1/plot.
//
// The API follows pyplot's names but keeps the state in a value instead of a global
// "current figure":
//
//	fig := plot.NewSize(12, 4)                       // plt.figure(figsize=(12, 4))
//	fig.Plot(theta, y).Label("Objective")             // plt.plot(theta, y, label=...)
//	fig.Plot(steps, objs, "o-").Label("Gradient steps")
//	fig.Plot([]float64{t, t}, fig.YLim())             // a vertical line over the y range
//	fig.AxVLine(final).Label("Final theta")           // the same, always full height
//	fig.XLabel("theta").Legend()
//	fig                                               // the cell's value: the picture
//
// Data may be []float64, []float32, []int, or tensors: a *tensor.Array, and an
// *autograd.Tensor even while it requires grad (plotting reads values only), without
// plot importing either package (see Floats).
//
// Format strings are matplotlib's: a colour letter, a marker (o . s ^ x + ...) and a
// line style (- -- : -.) in any order; "o" alone draws markers without a line. Lines
// take the theme's palette colours in turn unless given one.
//
// The default theme is seaborn's darkgrid, which the seed notebooks switch on with
// sns.set(): grey axes, a white grid, no frame, seaborn's "deep" colours and sans-serif
// text. Theme("classic") gives matplotlib's white look. Axis limits follow matplotlib:
// the data range plus 5% on each side, so YLim returns what plt.ylim() would, and
// ticks are matplotlib's (at most 9 per axis, steps of 1, 2, 2.5 or 5 times a power of
// ten); testdata/mpl_goldens.json, written by matplotlib itself, checks both.
// YScale("log") gives a log y axis for loss curves.
//
// Legend places its box as matplotlib's default loc="best" does: of the ten locations
// matplotlib tries (upper right, upper left, lower left, lower right, right, center
// left, center right, lower center, upper center, center), the first that hides the
// least data, counting every vertex of every line strictly inside the box plus one
// for each line that crosses it. testdata/legend_goldens.json, written by matplotlib,
// holds the counts and choices the tests compare with.
//
// A Figure is a display.Displayer: a notebook shows it as SVG (fast to draw, text stays
// searchable) with a PNG beside it for exporters that cannot embed SVG, and the repr
// "<Figure size 1200x400 with 1 Axes>" as text. A cell that ends in fig.Plot(...) shows
// the figure too, as a notebook cell ending in plt.plot(...) does.
//
// Live redraws one figure in place while data arrives (a loss curve during training),
// throttled, through display.ShowID and display.Update.
package plot
