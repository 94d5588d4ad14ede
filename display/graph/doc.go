// Package graph draws autograd computation graphs the way torchviz's make_dot does.
//
// Backward graphs are hard to picture from code. After
//
//	x := autograd.New(5.0, autograd.RequiresGrad)
//	c := autograd.New(3.0)
//	y := c.Mul(autograd.Sin(x)).Add(x).Add(c)
//
// the cell
//
//	graph.MakeDot(y, map[string]any{"x": x, "c": c, "y": y}, graph.ShowAttrs, graph.ShowSaved)
//
// shows the picture PyTorch users know: the output y in green, one grey box per backward
// function (AddBackward0, MulBackward0, SinBackward0, AccumulateGrad), the leaf x in
// light blue under its AccumulateGrad, and, with ShowSaved, the tensors each function
// kept for backward in orange, joined by undirected edges. ShowAttrs lists each
// function's saved attributes (alpha: 1, self: [saved tensor], other: None) under its
// name. Arrows point the way the gradient flows: from the inputs' functions to the
// functions that use them, ending at the output.
//
// # How the picture is made
//
// The walk is torchviz's: depth first from the output's grad_fn; for each function its
// saved tensors, then its leaf variable (AccumulateGrad), then the function itself, then
// an edge from each input function and a recursion into it. Edges are added before the
// seen-check, so x*x has two parallel edges. A tensor declared twice keeps its last
// label and colour, as in Graphviz. Nodes are numbered n0, n1, ... in order of first
// mention, so Source returns the same DOT text on every run; the tests compare it line
// for line with the DOT that real PyTorch 1.13 produced for seed notebook 004.
//
// The reference notebook for seed 004 prints this text (its dot_source helper stands in
// for torchviz there); DotSource returns the same text for ported cells, and Source adds
// the graph attributes torchviz sets afterwards (size, which grows with the graph).
//
// The walker reads a small interface (Node, Tensor) rather than autograd's types, so it
// can be tested on hand-built graphs; Of and MakeDot adapt *autograd.Tensor to it.
//
// Beyond torchviz, ShowValues prints each drawn tensor's value and, after backward,
// its gradient inside its box; an intermediate result named in params shows its value
// (and its gradient, if it called RetainGrad) under the function that produced it.
// LeftToRight lays the graph out sideways.
//
// # Rendering
//
// Layout is Graphviz's dot, found at run time (FindRenderer): first gograd-dot, a small
// program in cmd/gograd-dot that links github.com/goccy/go-graphviz (Graphviz 12
// compiled to WebAssembly, pure Go), then the system's dot command (Debian package
// graphviz). gograd-dot is a separate process because go-graphviz compiles its
// WebAssembly module in a package init, which costs every program that links it
// seconds when cold; keeping it out of the kernel binary keeps that off the kernel's
// start-up. The child starts on the first graph and serves the following ones.
// Without either, the cell shows the DOT text and says what to install.
//
// The picture is laid out in Courier, not the "monospace" torchviz names (Source keeps
// torchviz's text): without a font library Graphviz measures any font it does not know
// with Times' proportional widths, so boxes came out narrower than the monospace text a
// browser draws in them. Courier's widths are in Graphviz's tables, every glyph 0.6em,
// and the SVG asks for font-family="Courier,monospace", which browsers draw in Courier,
// a metric twin of it, or a monospace font of about the same width.
package graph
