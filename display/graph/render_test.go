package graph

import (
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// gogradDot is the gograd-dot binary TestMain builds, "" if it could not.
var gogradDot string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "gograd-dot-test")
	if err == nil {
		bin := filepath.Join(dir, "gograd-dot")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/gograd-dot")
		cmd.Stderr = os.Stderr
		if cmd.Run() == nil {
			gogradDot = bin
		}
	}
	code := m.Run()
	if w, ok := renderer.(*WasmRenderer); ok {
		w.Close()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

// renderers returns every Graphviz this machine has, so both are checked.
func renderers(t testing.TB) map[string]Renderer {
	rs := map[string]Renderer{}
	if gogradDot != "" {
		w := &WasmRenderer{Path: gogradDot}
		t.Cleanup(func() { w.Close() })
		rs["wasm"] = w
	}
	if p, err := exec.LookPath("dot"); err == nil {
		rs["dot"] = DotRenderer{Path: p}
	}
	if len(rs) == 0 {
		t.Skip("no Graphviz: neither gograd-dot built nor dot installed")
	}
	return rs
}

// dotGraph is what a DOT text says: node labels and colours by id, and edges.
type dotGraph struct {
	labels, colours map[string]string
	edges           []string // "from->to", sorted
}

var (
	nodeLine = regexp.MustCompile(`^\t(n\d+) \[label="((?:[^"\\]|\\.)*)"(?: fillcolor=(\w+))?\]$`)
	edgeLine = regexp.MustCompile(`^\t(n\d+) -> (n\d+)(?: \[.*\])?$`)
)

func parseDOT(t *testing.T, src string) dotGraph {
	g := dotGraph{labels: map[string]string{}, colours: map[string]string{}}
	for _, l := range strings.Split(src, "\n") {
		if m := nodeLine.FindStringSubmatch(l); m != nil {
			g.labels[m[1]] = strings.ReplaceAll(m[2], `\n`, "\n")
			g.colours[m[1]] = m[3]
		} else if m := edgeLine.FindStringSubmatch(l); m != nil {
			g.edges = append(g.edges, m[1]+"->"+m[2])
		}
	}
	sort.Strings(g.edges)
	return g
}

// svgGraph reads Graphviz's SVG: <g class="node"> and <g class="edge"> groups whose
// <title> names the node or edge.
type svgGroup struct {
	Class    string `xml:"class,attr"`
	Title    string `xml:"title"`
	Polygons []struct {
		Fill string `xml:"fill,attr"`
	} `xml:"polygon"`
	Texts []string `xml:"text"`
}

func parseSVG(t *testing.T, svg string) dotGraph {
	var doc struct {
		Groups []struct {
			Groups []svgGroup `xml:"g"`
		} `xml:"g"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("SVG does not parse: %v", err)
	}
	g := dotGraph{labels: map[string]string{}, colours: map[string]string{}}
	for _, top := range doc.Groups {
		for _, e := range top.Groups {
			switch e.Class {
			case "node":
				var lines []string
				for _, s := range e.Texts {
					lines = append(lines, strings.ReplaceAll(s, "\u00a0", " "))
				}
				g.labels[e.Title] = strings.Join(lines, "\n")
				if len(e.Polygons) > 0 {
					g.colours[e.Title] = e.Polygons[0].Fill
				}
			case "edge":
				g.edges = append(g.edges, strings.ReplaceAll(e.Title, "&#45;", "-"))
			}
		}
	}
	sort.Strings(g.edges)
	return g
}

// x11 holds the X11 colour values of the names torchviz uses (Graphviz's color table).
var x11 = map[string]string{
	"darkolivegreen1": "#caff70", "darkolivegreen3": "#a2cd5a",
	"lightblue": "#add8e6", "orange": "#ffa500", "lightgrey": "#d3d3d3",
}

func sameColour(svgFill, dotName string) bool {
	if dotName == "" {
		dotName = "lightgrey" // style=filled without fillcolor
	}
	return svgFill == dotName || strings.EqualFold(svgFill, x11[dotName])
}

func TestSeed004SVG(t *testing.T) {
	for name, r := range renderers(t) {
		for _, tc := range seedCases() {
			t.Run(name+"/"+tc.golden, func(t *testing.T) {
				golden, err := os.ReadFile(tc.golden)
				if err != nil {
					t.Fatal(err)
				}
				want := parseDOT(t, string(golden))
				out, err := r.Render(tc.g.Source(), "svg")
				if err != nil {
					t.Fatal(err)
				}
				got := parseSVG(t, string(out))
				if fmt.Sprint(got.edges) != fmt.Sprint(want.edges) {
					t.Errorf("edges\n got %v\nwant %v", got.edges, want.edges)
				}
				if len(got.labels) != len(want.labels) {
					t.Errorf("%d nodes, want %d", len(got.labels), len(want.labels))
				}
				for id, label := range want.labels {
					// Graphviz draws no text for the empty first line of an unnamed
					// tensor, so compare the label's non-empty lines.
					if strings.TrimPrefix(got.labels[id], "\n") != strings.TrimPrefix(label, "\n") {
						t.Errorf("node %s text %q, want %q", id, got.labels[id], label)
					}
					if !sameColour(got.colours[id], want.colours[id]) {
						t.Errorf("node %s fill %q, want %s", id, got.colours[id], want.colours[id])
					}
				}
			})
		}
	}
}

func TestBundle(t *testing.T) {
	rs := renderers(t)
	// Cell 14's graph without show_saved: cell 14's ten boxes less the saved "other".
	y, x, c := sinExample(true)
	g := FromTensors([]Tensor{y}, map[Tensor]string{x: "x", c: "c", y: "y"}, ShowAttrs)
	for name, r := range rs {
		SetRenderer(r)
		b := g.DisplayBundle()
		svg, ok := b["image/svg+xml"].(string)
		if !ok {
			t.Fatalf("%s: no SVG in bundle: %v", name, b.Text())
		}
		if p := parseSVG(t, svg); len(p.labels) != 9 {
			t.Errorf("%s: %d nodes drawn, want 9", name, len(p.labels))
		}
		if b.Text() != g.Source() {
			t.Errorf("%s: text/plain is not the DOT source", name)
		}
	}
	SetRenderer(failing{})
	defer SetRenderer(nil)
	b := g.DisplayBundle()
	if _, ok := b["image/svg+xml"]; ok || !strings.Contains(b.Text(), "no Graphviz") {
		t.Errorf("failed render gives %v", b)
	}
}

type failing struct{}

func (failing) Render(string, string) ([]byte, error) { return nil, ErrNoGraphviz }

func TestLeftToRightLayout(t *testing.T) {
	y, _, _ := sinExample(false)
	for name, r := range renderers(t) {
		// Top to bottom, the output sits below its function; left to right, beside it.
		for _, tc := range []struct {
			opts []Option
			lr   bool
		}{{nil, false}, {[]Option{LeftToRight}, true}} {
			out, err := r.Render(FromTensors([]Tensor{y}, nil, tc.opts...).Source(), "svg")
			if err != nil {
				t.Fatal(err)
			}
			w, h := svgSize(t, string(out))
			if (w > h) != tc.lr {
				t.Errorf("%s: leftToRight=%v gives %gx%g", name, tc.lr, w, h)
			}
		}
	}
}

func svgSize(t *testing.T, svg string) (w, h float64) {
	var doc struct {
		Width  string `xml:"width,attr"`
		Height string `xml:"height,attr"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatal(err)
	}
	w, err1 := strconv.ParseFloat(strings.TrimSuffix(doc.Width, "pt"), 64)
	h, err2 := strconv.ParseFloat(strings.TrimSuffix(doc.Height, "pt"), 64)
	if err1 != nil || err2 != nil {
		t.Fatalf("SVG size %q x %q", doc.Width, doc.Height)
	}
	return w, h
}

func TestRenderErrors(t *testing.T) {
	for name, r := range renderers(t) {
		if _, err := r.Render("digraph { a -> }", "svg"); err == nil {
			t.Errorf("%s: broken DOT rendered without error", name)
		}
		// The renderer (for gograd-dot, its process) survives a bad graph.
		out, err := r.Render("digraph { a -> b }", "svg")
		if err != nil {
			t.Fatalf("%s: after a bad graph: %v", name, err)
		}
		if g := parseSVG(t, string(out)); len(g.edges) != 1 || g.edges[0] != "a->b" {
			t.Errorf("%s: edges %v", name, g.edges)
		}
	}
	t.Setenv("GOGRAD_GRAPHVIZ", "wasm")
	t.Setenv("GOGRAD_DOT", "")
	t.Setenv("PATH", t.TempDir())
	t.Setenv("GOBIN", t.TempDir())
	t.Setenv("GOPATH", t.TempDir())
	if _, err := FindRenderer(); !errors.Is(err, ErrNoGraphviz) {
		t.Errorf("FindRenderer with nothing installed: %v", err)
	}
}

func TestWasmRestart(t *testing.T) {
	if gogradDot == "" {
		t.Skip("gograd-dot not built")
	}
	w := &WasmRenderer{Path: gogradDot}
	defer w.Close()
	if _, err := w.Render("digraph { a }", "svg"); err != nil {
		t.Fatal(err)
	}
	w.cmd.Process.Kill()
	w.cmd.Process.Wait()
	// The next graph finds the pipe broken and starts a new process.
	out, err := w.Render("digraph { b -> c }", "svg")
	if err != nil {
		t.Fatalf("after the child died: %v", err)
	}
	if g := parseSVG(t, string(out)); len(g.edges) != 1 {
		t.Errorf("edges %v", g.edges)
	}
}

func TestRenderTimeout(t *testing.T) {
	rs := renderers(t)
	defer func(d time.Duration) { RenderTimeout = d }(RenderTimeout)
	// A layout that takes seconds however fast the machine, so that it is cut by a
	// timeout of a few milliseconds for sure. (A tiny graph under a 1 ns timeout raced:
	// on a busy machine the reply could come before the timer's goroutine ran.)
	var slow strings.Builder
	slow.WriteString("digraph {")
	for i := range 400 {
		fmt.Fprintf(&slow, " n%d -> n%d; n%d -> n%d;", i, (i*7+1)%400, i, (i*13+5)%400)
	}
	slow.WriteString(" }")
	for name, r := range rs {
		r.Render("digraph { a }", "svg") // gograd-dot: start the process first
		RenderTimeout = 20 * time.Millisecond
		start := time.Now()
		_, err := r.Render(slow.String(), "svg")
		t.Logf("%s: cut after %v", name, time.Since(start))
		RenderTimeout = time.Minute
		if err == nil || !strings.Contains(err.Error(), "longer than") {
			t.Errorf("%s: error %v, want a timeout", name, err)
		}
		if _, err := r.Render("digraph { a -> b }", "svg"); err != nil {
			t.Errorf("%s: after a timeout: %v", name, err)
		}
	}
}

// svgBox is one node of Graphviz's SVG: the bounding box of its shape and its text
// lines, in the SVG's user units (points).
type svgBox struct {
	title                  string
	minX, minY, maxX, maxY float64
	texts                  []svgText
}

type svgText struct {
	X        float64 `xml:"x,attr"`
	Y        float64 `xml:"y,attr"`
	Anchor   string  `xml:"text-anchor,attr"`
	Family   string  `xml:"font-family,attr"`
	FontSize float64 `xml:"font-size,attr"`
	Text     string  `xml:",chardata"`
}

func parseSVGBoxes(t *testing.T, svg string) []svgBox {
	var doc struct {
		Groups []struct {
			Groups []struct {
				Class    string `xml:"class,attr"`
				Title    string `xml:"title"`
				Polygons []struct {
					Points string `xml:"points,attr"`
				} `xml:"polygon"`
				Texts []svgText `xml:"text"`
			} `xml:"g"`
		} `xml:"g"`
	}
	if err := xml.Unmarshal([]byte(svg), &doc); err != nil {
		t.Fatalf("SVG does not parse: %v", err)
	}
	var boxes []svgBox
	for _, top := range doc.Groups {
		for _, g := range top.Groups {
			if g.Class != "node" {
				continue
			}
			if len(g.Polygons) != 1 {
				t.Fatalf("node %s has %d polygons, want its box", g.Title, len(g.Polygons))
			}
			b := svgBox{title: g.Title, texts: g.Texts, minX: 1e9, minY: 1e9, maxX: -1e9, maxY: -1e9}
			for _, p := range strings.Fields(g.Polygons[0].Points) {
				x, err1 := strconv.ParseFloat(strings.Split(p, ",")[0], 64)
				y, err2 := strconv.ParseFloat(strings.Split(p, ",")[1], 64)
				if err1 != nil || err2 != nil {
					t.Fatalf("node %s: polygon point %q", g.Title, p)
				}
				b.minX, b.maxX = min(b.minX, x), max(b.maxX, x)
				b.minY, b.maxY = min(b.minY, y), max(b.maxY, y)
			}
			boxes = append(boxes, b)
		}
	}
	return boxes
}

// Monospace glyph metrics of the fonts a browser draws the picture in, in em: the
// widest advance among Courier and its twins (0.6) and the usual monospace defaults
// (DejaVu Sans Mono and Menlo, 1233/2048), and DejaVu Sans Mono's ascent and descent,
// the tallest of them.
const (
	monoAdvance = 1233.0 / 2048
	monoAscent  = 1901.0 / 2048
	monoDescent = 483.0 / 2048
)

// TestLabelsFitBoxes checks that every text line of every box lies inside the box
// when drawn in a monospace font, as browsers draw the SVG. Graphviz's own estimate
// of "monospace" text (without a font library, as in gograd-dot) is Times' widths,
// which made the seed's MulBackward0 box 32pt narrower than its text.
func TestLabelsFitBoxes(t *testing.T) {
	defer SetRenderer(nil)
	y, x, c := sinExample(true)
	values := FromTensors([]Tensor{y}, map[Tensor]string{x: "x", c: "c", y: "y"}, ShowAttrs, ShowSaved, ShowValues)
	for name, r := range renderers(t) {
		SetRenderer(r)
		graphs := map[string]*Graph{"values": values}
		for _, tc := range seedCases() {
			graphs[filepath.Base(tc.golden)] = tc.g
		}
		for gname, g := range graphs {
			svg, err := g.SVG()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			boxes := parseSVGBoxes(t, svg)
			if len(boxes) == 0 {
				t.Fatalf("%s %s: no nodes in the SVG", name, gname)
			}
			for _, b := range boxes {
				for _, tx := range b.texts {
					if !strings.Contains(tx.Family, "monospace") {
						t.Errorf("%s %s node %s: font-family %q has no monospace fallback", name, gname, b.title, tx.Family)
					}
					w := float64(utf8.RuneCountInString(tx.Text)) * monoAdvance * tx.FontSize
					left := tx.X
					switch tx.Anchor {
					case "middle":
						left -= w / 2
					case "end":
						left -= w
					}
					top, bottom := tx.Y-monoAscent*tx.FontSize, tx.Y+monoDescent*tx.FontSize
					if left < b.minX || left+w > b.maxX || top < b.minY || bottom > b.maxY {
						t.Errorf("%s %s node %s: text %q spans x %.1f..%.1f y %.1f..%.1f, outside its box x %.1f..%.1f y %.1f..%.1f",
							name, gname, b.title, tx.Text, left, left+w, top, bottom, b.minX, b.maxX, b.minY, b.maxY)
					}
				}
			}
		}
	}
}
