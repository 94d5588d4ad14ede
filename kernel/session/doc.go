// Package session runs notebook cells: Go source interpreted by yaegi in one
// persistent interpreter per kernel, so that what a cell defines is there for
// the next. Session implements kernel.Executor; the wire layer (package
// kernel) turns its results into Jupyter messages.
//
// # What a cell sees
//
// The standard library, and this project's packages pre-imported under their
// names: tensor, autograd, nn, optim, functional, display (and display's plot,
// graph, progress and widget), plus fmt and math. Pre-imports are imports of the one
// file name all cells are compiled under (yaegi scopes imports by file name).
// A cell may still import any of them; an import a cell repeats (a re-run
// cell) is dropped rather than failing as a redeclaration, and an unused
// import is not an error. The symbol tables of the project's packages are
// generated into package symbols (go generate ./kernel/session/symbols).
//
// Any other Go package can be imported: a third-party package the kernel
// links (package symbols/linked: gonum, uuid, gonum/plot) from its compiled
// table, anything else from source, fetched by the go command (package
// kernel/modules) and run by the interpreter. A cell's imports are resolved
// and read before any of its lines runs (import.go).
//
//	x := autograd.New([]float32{3}, autograd.RequiresGrad)
//	y := x.Mul(x)
//	y.Backward()
//	x.Grad()          // shown: tensor([6.])
//
// # How a cell runs
//
// yaegi picks file mode or statement mode from the first token it is given,
// so a cell is parsed with go/parser first and cut into segments of
// consecutive declarations (import, func, type, const) and statements
// (everything else, var included), compiled and run in source order; every
// segment is parsed before any runs, so a syntax error runs nothing. The
// segments keep the cell's line and column numbers: errors and tracebacks
// name cell lines.
//
// Then the whole cell is type-checked by go/types, segment by segment as it
// will run, against the compiled packages' symbol tables and the names of
// the cells before (typecheck.go, reflecttypes.go): a wrong type anywhere,
// a variadic option included, is a CompileError with its line and column
// before any line runs.
//
// Before compiling, the syntax tree is rewritten to get around gaps of yaegi
// v0.16.1, the version go.mod pins (each item names the gap it avoids):
//   - a go statement gets a deferred recover, and a goroutine's panic is
//     reported on the cell's stderr instead of killing the kernel;
//   - the top-level statements run as the body of a function, which is then
//     called: yaegi keeps a slot of its global frame, for the session's life,
//     for every value computed in its global scope, and fails there on
//     comma-ok forms. A top-level definition (`x := f()`, `var x = f()`)
//     becomes a declaration without a value (`var x T`, T from the type
//     check) and an assignment in the function. A definition of a name the
//     session has with an identical type assigns the old variable, so that a
//     re-run cell's old value becomes garbage, unless a function, a function
//     literal or an address-of refers to the name: then it makes a new
//     variable, as Go would, and what referred to the old one keeps it. A
//     definition whose type cannot be written in a cell (an unexported type
//     of a package) runs at top level, as yaegi would run it (see
//     defineViaHost for one that yaegi cannot type there);
//   - identifiers named main are renamed, since yaegi runs a function main
//     after every compile once one exists; a cell may be a whole program
//     (package clause, imports, func main), and then main is called;
//   - each statement that can panic, at any depth, is preceded by an
//     assignment of its cell line to a marker variable of its function
//     (lines.go): yaegi reports a panic's frames with the position of their
//     function's start, and none for compiled code;
//   - the last statement, when it is an expression, becomes a call of the
//     runtime's Result, through which yaegi hands over the value wrapped in the
//     interfaces it implements (display.Displayer, error, fmt.Stringer), even
//     for a type the cell declared.
//
// Then, with the types the check found, two rewrites make a cell's loops
// cheaper; both are undone after the segment ran, so the session records the
// cell as written:
//   - a call of a method of a pointer to one of the project's types becomes a
//     call of a plain function generated beside the symbol tables
//     (symbols.Calls): yaegi calls compiled code through reflect, and a
//     method value costs reflect an allocation of its receiver, one for each
//     operand passed to an `any` parameter, and one for an empty variadic
//     list, at every call. A chain of such calls on variables,
//     x.Mul(w).Add(b).Relu(), becomes one call (symbols.ChainSet), since each
//     call through reflect costs more than a scalar op (directcall.go), and
//     so does a run of statements that only call such methods on variables
//     nothing captures, a.Backward(); x.SetGrad(nil), the frame's line
//     marker set before each (seq.go; not while the debugger is attached);
//   - a variable a loop's body defines and nothing captures is declared once
//     before the loop, where yaegi would make a new one at every iteration
//     (loopvars.go).
//
// The kernel's main paces the garbage collector with a floor under the heap
// goal (package kernel/heapfloor): a cell's loop allocates fast and keeps little, and a
// small heap would otherwise be collected every few MB.
//
// After each cell, the two lists in which yaegi keeps every tree it ever
// compiled (release.go) are emptied, the cell's files leave the file set, and
// the tensor storage blocks waiting for reuse are dropped (tensor.ReleaseIdle:
// they serve the loops inside a cell), so a long session stays the size of
// what its variables hold.
//
// # What a cell shows
//
// A value only when the cell ends in an expression that has one: not after an
// assignment, a void call, or fmt's Print functions (their (n, err) is noise, as
// Python's print returns None). The value's bundle is its DisplayBundle if it
// is a display.Displayer, else its String() or Error(), else Go-ish %v text
// with strings quoted; a function shows its signature; nil, and a nil
// pointer, show nothing, like Python's None (fmt.Println of a nil tensor
// prints None, as torch prints it). A cell ending
// in an expression list `a, b`, or in a call with several results, shows a
// tuple "(a, b)".
//
// fmt output, os.Stdout and os.Stderr (file descriptors 1 and 2 are pipes
// while a cell runs, so compiled code and child processes are captured too)
// stream to the cell in batches of at most 50 ms or 64 KiB. Reads of os.Stdin
// and fmt.Scan ask the front end for a line (input_request). display.Show and
// friends send display_data through the publisher the session installs.
//
// # Failures
//
// A failing cell returns a *kernel.CellError. Panics of tensor and autograd
// ops carry a *tensor.Error and are named by its Python class (RuntimeError,
// IndexError...); Go runtime errors are "runtime error"; other panics "panic";
// errors found before running "SyntaxError" or "CompileError". The traceback
// is ipykernel's shape: the frames outermost first, each with the cell's
// source around the line. Functions from earlier cells show their line only:
// all cells share one file name in yaegi (imports are scoped per file name),
// so their source is not at hand. Execute recovers from every panic, the
// interpreter's own included; the variables of earlier cells survive.
//
// Interrupting (cancelling Execute's context) stops interpreted code at its
// next step and raises tensor's interrupt flag, which long compiled loops
// poll; the next cell clears it. yaegi abandons, rather than joins, the
// evaluation it stops, so a compiled op that does not poll the flag keeps
// running in the background until it ends.
//
// # Magics
//
// IPython's, with its syntax and output (magics.go holds the table):
// %time and %%time, %timeit and %%timeit (-n, -r, IPython's choice of the
// loop count and its "mean ± std. dev." line), %who, %whos, %reset [-f],
// !cmd, %env, %cd, %pwd, %%writefile [-a], %lsmagic and %help. Line magics
// and shell lines may sit between Go lines of a cell.
//
// Known gaps, all yaegi's: range over an int or a function, the min, max and
// clear builtins, and redefining a struct type with other fields (the first
// layout stays) do not work.
package session
