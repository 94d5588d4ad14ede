// Command none links autograd only: the baseline of BenchmarkStartup.
package main

import _ "github.com/gograd/gograd/autograd"

func main() {}
