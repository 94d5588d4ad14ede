package plot

import (
	"fmt"
	"image/color"
	"strconv"
	"strings"
)

// lineFormat is what a matplotlib format string such as "o-", "r--" or "k:" asks for.
type lineFormat struct {
	colour    string // "" for the next palette colour
	marker    byte   // 0 for none
	lineStyle string // "-", "--", ":", "-." or "" for no line
}

var (
	fmtColours = "bgrcmykw"
	fmtMarkers = ".,ov^<>sp*hH+xXDd|_"
)

// parseFormat reads a matplotlib format string: at most one colour letter, one marker
// and one line style, in any order. As in matplotlib, a marker without a line style
// draws markers only, and an empty format draws a solid line.
func parseFormat(s string) (lineFormat, error) {
	var f lineFormat
	ls := false
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "--"), strings.HasPrefix(s[i:], "-."):
			f.lineStyle, ls = s[i:i+2], true
			i += 2
		case s[i] == '-' || s[i] == ':':
			f.lineStyle, ls = s[i:i+1], true
			i++
		case strings.IndexByte(fmtColours, s[i]) >= 0:
			f.colour = s[i : i+1]
			i++
		case strings.IndexByte(fmtMarkers, s[i]) >= 0:
			f.marker = s[i]
			i++
		default:
			return f, fmt.Errorf("'%s' is not a valid format string (unrecognized character '%c')", s, s[i])
		}
	}
	if !ls && f.marker == 0 {
		f.lineStyle = "-"
	}
	return f, nil
}

// Palettes: seaborn's "deep" (the colours sns.set() gives) and matplotlib's tab10.
var (
	deep  = []string{"#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c", "#ccb974", "#64b5cd"}
	tab10 = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}
)

// namedColours are the one-letter matplotlib colours and some common names.
var namedColours = map[string]string{
	"b": "#0000ff", "g": "#008000", "r": "#ff0000", "c": "#00bfbf", "m": "#bf00bf",
	"y": "#bfbf00", "k": "#000000", "w": "#ffffff",
	"blue": "#0000ff", "green": "#008000", "red": "#ff0000", "cyan": "#00ffff",
	"magenta": "#ff00ff", "yellow": "#ffff00", "black": "#000000", "white": "#ffffff",
	"orange": "#ffa500", "purple": "#800080", "grey": "#808080", "gray": "#808080",
	"brown": "#a52a2a", "pink": "#ffc0cb",
}

// parseColour reads "#rrggbb", a name, or "C0".."C9" (the current palette's colours).
func parseColour(s string, palette []string) (color.NRGBA, error) {
	if len(s) == 2 && s[0] == 'C' && s[1] >= '0' && s[1] <= '9' {
		s = palette[int(s[1]-'0')%len(palette)]
	}
	if hex, ok := namedColours[strings.ToLower(s)]; ok {
		s = hex
	}
	if len(s) == 7 && s[0] == '#' {
		v, err := strconv.ParseUint(s[1:], 16, 32)
		if err == nil {
			return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}, nil
		}
	}
	return color.NRGBA{}, fmt.Errorf("plot: %q is not a colour: use #rrggbb, a name like \"red\", or C0..C9", s)
}

// theme is a figure's look.
type theme struct {
	axesBg, grid, text string
	palette            []string
	gridOn, spines     bool
	fontSize, tickSize float64 // points
}

// Themes: seaborn's darkgrid (the seeds call sns.set()), seaborn's whitegrid, and
// matplotlib's classic default.
var themes = map[string]theme{
	"darkgrid":  {axesBg: "#eaeaf2", grid: "#ffffff", text: "#262626", palette: deep, gridOn: true, fontSize: 12, tickSize: 11},
	"whitegrid": {axesBg: "#ffffff", grid: "#cccccc", text: "#262626", palette: deep, gridOn: true, spines: true, fontSize: 12, tickSize: 11},
	"classic":   {axesBg: "#ffffff", grid: "#b0b0b0", text: "#000000", palette: tab10, spines: true, fontSize: 10, tickSize: 10},
}
