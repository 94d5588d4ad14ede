// Package display turns Go values into Jupyter rich outputs.
//
// Jupyter shows a value by sending a MIME bundle: a map from MIME type to data, for
// example {"text/plain": "...", "image/svg+xml": "<svg ...>"}. The front end picks the
// richest type it can render; consoles and nbconvert's text exporters fall back to
// "text/plain", which is why every Bundle made here carries it.
//
// A value takes part by implementing Displayer. The gograd kernel checks the value of a
// cell's last expression: a Displayer becomes an execute_result with its bundle, so a cell
// that ends in
//
//	display.HTML("<b>bold</b>")
//
// renders bold text. Bundle itself is a Displayer, and the helpers HTML, Markdown,
// Latex, SVG, PNG and JSON build bundles from raw content.
//
// Output that should appear while a cell runs, or that should change in place (a
// progress bar, a loss curve that grows during training), goes through the Publisher
// the kernel installs with SetPublisher. Show sends a display_data message; ShowID and
// Update pair a display id with update_display_data so a later Update replaces the
// earlier output instead of appending a new one. Without an installed Publisher (plain
// Go programs, tests) text/plain goes to standard output.
//
// The subpackages draw things: plot (line plots on gonum/plot), graph (torchviz-style
// computation graphs laid out by Graphviz) and progress (progress bars for loops).
package display
