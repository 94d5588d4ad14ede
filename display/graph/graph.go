package graph

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/gograd/gograd/autograd"
)

// Colours torchviz uses.
const (
	colourOutput   = "darkolivegreen1"
	colourViewBase = "darkolivegreen3"
	colourLeaf     = "lightblue"
	colourSaved    = "orange"
)

// Option changes what a graph shows.
type Option func(*config)

type config struct {
	showAttrs, showSaved, showValues, leftToRight bool
	maxAttrChars                                  int
}

// ShowAttrs lists each function's saved attributes under its name (torchviz's
// show_attrs=True).
var ShowAttrs Option = func(c *config) { c.showAttrs = true }

// ShowSaved draws the tensors each function saved for backward as orange boxes
// (torchviz's show_saved=True).
var ShowSaved Option = func(c *config) { c.showSaved = true }

// ShowValues prints each drawn tensor's value and, once backward has filled it, its
// gradient, under the tensor's name. Intermediate results named in params (which
// torchviz does not draw) show theirs under the function that produced them; their
// gradient appears if they retained it (RetainGrad). torchviz cannot do this.
var ShowValues Option = func(c *config) { c.showValues = true }

// LeftToRight lays the graph out from left to right instead of top to bottom, which
// suits long chains on a wide screen.
var LeftToRight Option = func(c *config) { c.leftToRight = true }

// MaxAttrChars cuts saved-attribute values longer than n characters (default 50, as
// in torchviz).
func MaxAttrChars(n int) Option { return func(c *config) { c.maxAttrChars = n } }

// Graph is a computation-graph picture: the DOT statements torchviz's make_dot would
// emit, ready to render.
type Graph struct {
	nodes []dotNode // in order of first appearance; a redeclared node keeps its slot
	edges []dotEdge
	rows  int // statements torchviz would have emitted, duplicates included
	cfg   config
}

type dotNode struct {
	id, label, colour string
}

type dotEdge struct {
	from, to, attrs string
}

// walker reproduces torchviz's make_dot traversal. Node ids are numbered n0, n1, ... in
// order of first mention, so the DOT text does not depend on memory addresses.
type walker struct {
	g       *Graph
	params  map[Tensor]string
	outputs map[Node]Tensor // ShowValues: named intermediate tensors by the function that made them
	ids     map[any]string
	slot    map[string]int // id -> index in g.nodes
	seen    map[any]bool
}

// FromTensors builds the graph of the given outputs. params names tensors, as the params
// dict of make_dot does; unnamed tensors get an empty name.
func FromTensors(outputs []Tensor, params map[Tensor]string, opts ...Option) *Graph {
	g := &Graph{cfg: config{maxAttrChars: 50}}
	for _, o := range opts {
		o(&g.cfg)
	}
	w := &walker{g: g, params: params, ids: map[any]string{}, slot: map[string]int{}, seen: map[any]bool{}}
	if g.cfg.showValues {
		w.outputs = map[Node]Tensor{}
		for t := range params {
			if fn := t.GradFn(); fn != nil {
				w.outputs[fn] = t
			}
		}
	}
	for _, t := range outputs {
		w.addBaseTensor(t, colourOutput)
	}
	w.annotateIntermediates()
	return g
}

// annotateIntermediates writes, for ShowValues, the value of each tensor named in params
// that has no box of its own (an intermediate result torchviz does not draw) under the
// function that produced it.
func (w *walker) annotateIntermediates() {
	for fn, t := range w.outputs {
		id, drawn := w.ids[fn]
		if w.seen[t] || !drawn {
			continue
		}
		if i, ok := w.slot[id]; ok {
			w.g.nodes[i].label += "\n" + w.params[t] + ":" + valueLines(t)
		}
	}
}

func (w *walker) id(obj any) string {
	if id, ok := w.ids[obj]; ok {
		return id
	}
	id := "n" + strconv.Itoa(len(w.ids))
	w.ids[obj] = id
	return id
}

// node declares obj's box. As in Graphviz, a later declaration of the same node
// replaces its label and colour.
func (w *walker) node(obj any, label, colour string) {
	w.g.rows++
	id := w.id(obj)
	if i, ok := w.slot[id]; ok {
		w.g.nodes[i] = dotNode{id, label, colour}
		return
	}
	w.slot[id] = len(w.g.nodes)
	w.g.nodes = append(w.g.nodes, dotNode{id, label, colour})
}

func (w *walker) edge(from, to any, attrs string) {
	w.g.rows++
	w.g.edges = append(w.g.edges, dotEdge{w.id(from), w.id(to), attrs})
}

func (w *walker) tensorLabel(t Tensor, name string) string {
	l := tensorLabel(name, t)
	if w.g.cfg.showValues {
		l += valueLines(t)
	}
	return l
}

func (w *walker) addNodes(fn Node) {
	if w.seen[fn] {
		return
	}
	w.seen[fn] = true
	if w.g.cfg.showSaved {
		for _, a := range sortedAttrs(fn) {
			switch v := a.Value.(type) {
			case Tensor:
				w.seen[v] = true
				w.edge(fn, v, "dir=none")
				w.node(v, w.tensorLabel(v, a.Name), colourSaved)
			case []Tensor:
				for i, t := range v {
					if t == nil {
						continue
					}
					w.seen[t] = true
					w.edge(fn, t, "dir=none")
					w.node(t, w.tensorLabel(t, fmt.Sprintf("%s[%d]", a.Name, i)), colourSaved)
				}
			}
		}
	}
	if v := fn.Variable(); v != nil {
		w.seen[v] = true
		w.node(v, w.tensorLabel(v, w.params[v]), colourLeaf)
		w.edge(v, fn, "")
	}
	w.node(fn, fnLabel(fn, w.g.cfg.showAttrs, w.g.cfg.maxAttrChars), "")
	for _, u := range fn.Next() {
		if u != nil {
			w.edge(u, fn, "")
			w.addNodes(u)
		}
	}
}

func (w *walker) addBaseTensor(t Tensor, colour string) {
	if w.seen[t] {
		return
	}
	w.seen[t] = true
	w.node(t, w.tensorLabel(t, w.params[t]), colour)
	if fn := t.GradFn(); fn != nil {
		w.addNodes(fn)
		w.edge(fn, t, "")
	}
	if v, ok := t.(Viewer); ok {
		if base := v.ViewBase(); base != nil {
			w.addBaseTensor(base, colourViewBase)
			w.edge(base, t, "style=dotted")
		}
	}
}

// Size is torchviz's resize_graph: 0.15 inch per DOT statement, at least 12 inches,
// printed as Python prints the number ("12,12" or "15.75,15.75").
func (g *Graph) Size() string {
	var s string
	if size := float64(g.rows) * 0.15; size > 12 {
		s = autograd.PyFloat(size)
	} else {
		s = "12"
	}
	return s + "," + s
}

// Source returns the DOT text: torchviz's graph and node attributes, then the nodes in
// order of first appearance and the edges in walk order.
func (g *Graph) Source() string { return g.source(torchvizFont) }

// torchvizFont is the font torchviz names; layoutFont is the one the picture is laid
// out and drawn in (see layoutFont).
const torchvizFont = "monospace"

// layoutFont is what SVG hands Graphviz instead of torchviz's "monospace", so that the
// boxes fit the text as a browser draws it. Graphviz sizes a box from its label's
// width. Built without a font library (gograd-dot's WebAssembly build), it estimates
// that width from tables of a few PostScript fonts, and a name it does not know, like
// "monospace", gets Times' proportional widths: a label of 21 characters got a box
// 79pt wide while a browser's monospace font draws it 126pt wide, spilling over both
// sides. Courier is in those tables with its real metrics, every glyph 0.6em wide, and
// Graphviz's SVG then asks for font-family="Courier,monospace": the browser draws
// Courier or a metric twin (Courier New, Liberation Mono, Nimbus Mono), else its
// monospace font, and the usual ones (DejaVu Sans Mono, Menlo, Consolas, SF Mono) are
// 0.55 to 0.61em wide, within the box's margin of 8pt a side. With a font library
// (Debian's dot through Pango) Courier resolves to such a metric twin and measures the
// same. The alternative of forcing each text's width with SVG textLength was not
// taken: it squeezes glyphs where the estimate is wrong instead of making it right.
const layoutFont = "Courier"

// source is the DOT text with the node font named font.
func (g *Graph) source(font string) string {
	graphAttrs := "\tgraph [size=" + quote(g.Size())
	if g.cfg.leftToRight {
		graphAttrs += " rankdir=LR"
	}
	graphAttrs += "]\n"
	return strings.Replace(g.body(font), "digraph {\n", "digraph {\n"+graphAttrs, 1)
}

// body is the DOT text without graph attributes, its nodes in font.
func (g *Graph) body(font string) string {
	var b strings.Builder
	b.WriteString("digraph {\n")
	b.WriteString("\tnode [align=left fontname=" + font + " fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]\n")
	for _, n := range g.nodes {
		fmt.Fprintf(&b, "\t%s [label=%s", n.id, quote(n.label))
		if n.colour != "" {
			b.WriteString(" fillcolor=" + n.colour)
		}
		b.WriteString("]\n")
	}
	for _, e := range g.edges {
		fmt.Fprintf(&b, "\t%s -> %s", e.from, e.to)
		if e.attrs != "" {
			b.WriteString(" [" + e.attrs + "]")
		}
		b.WriteString("\n")
	}
	b.WriteString("}")
	return b.String()
}

// String returns the DOT source.
func (g *Graph) String() string { return g.Source() }

// quote writes a DOT double-quoted string; newlines become the \n escape that Graphviz
// turns back into centred line breaks.
func quote(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	s = strings.ReplaceAll(s, `"`, `\"`)
	s = strings.ReplaceAll(s, "\n", `\n`)
	return `"` + s + `"`
}
