// Package dap speaks the Debug Adapter Protocol as Jupyter carries it: the
// content of a debug_request is a DAP request, the debug_reply a DAP
// response, and a debug_event on iopub a DAP event. JupyterLab's debugger
// panel drives it in this order: initialize, attach, debugInfo (how the
// kernel names a cell's source file), dumpCell for every cell with
// breakpoints, setBreakpoints, configurationDone; then, when a cell stops,
// threads, stackTrace, scopes, variables, evaluate, and continue, next,
// stepIn, stepOut or pause to go on. While no cell is stopped it asks
// inspectVariables for its variable explorer.
//
// A cell's source file is named by hashing the cell's code, as ipykernel
// does and JupyterLab repeats on its side: murmur2 (the x86 32-bit
// variant) of the code's UTF-8 bytes with ipykernel's seed 0xC70F6907, in
// decimal, between the kernel's prefix (a directory of its own) and suffix
// (".go"). So the front end knows the path of a cell before the kernel ran
// it, and breakpoints set in a cell's gutter reach the kernel as lines of
// that path.
//
// The Server keeps the protocol's state (started, breakpoints by path,
// exception filters, the variable references of the current stop) and asks
// a Target, the interpreter, for the rest: frames and their variables as
// reflect values, stepping, evaluation. Variables are shown by Go's reflect:
// structs by their fields, slices, arrays and maps by their elements,
// pointers and interfaces through to what they hold; a Target may present
// some types in its own way (a tensor as its shape and dtype, with its
// values and gradient as children).
package dap
