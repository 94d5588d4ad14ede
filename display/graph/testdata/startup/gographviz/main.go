// Command gographviz is the same as ../display plus go-graphviz: what the kernel's
// start-up would cost if display/graph linked go-graphviz instead of running gograd-dot.
package main

import (
	_ "github.com/goccy/go-graphviz"
	_ "github.com/gograd/gograd/autograd"
	_ "github.com/gograd/gograd/display"
	_ "github.com/gograd/gograd/display/graph"
	_ "github.com/gograd/gograd/display/plot"
	_ "github.com/gograd/gograd/display/progress"
)

func main() {}
