// Command display is BenchmarkStartup's stand-in for the kernel: it links every display
// package, as the kernel's yaegi symbol tables do, and exits.
package main

import (
	_ "github.com/gograd/gograd/autograd"
	_ "github.com/gograd/gograd/display"
	_ "github.com/gograd/gograd/display/graph"
	_ "github.com/gograd/gograd/display/plot"
	_ "github.com/gograd/gograd/display/progress"
)

func main() {}
