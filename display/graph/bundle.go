package graph

import "github.com/gograd/gograd/display"

// DisplayBundle renders the graph as SVG, with the DOT source as the text fallback. If
// no Graphviz is available the bundle is the DOT source and the reason, so the cell
// still shows something useful.
func (g *Graph) DisplayBundle() display.Bundle {
	src := g.Source()
	svg, err := g.SVG()
	if err != nil {
		return display.Bundle{"text/plain": "graph: cannot draw: " + err.Error() + "\n" + src}
	}
	b := display.SVG(svg)
	b["text/plain"] = src
	return b
}
