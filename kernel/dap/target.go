package dap

import "reflect"

// Target is the program being debugged: the notebook's interpreter. The
// Server calls it from the goroutine that serves debug requests, while a
// cell may be running or stopped on another.
type Target interface {
	// Attach turns debugging on for the cells that run from now on. A cell
	// stopping calls stopped, on the cell's goroutine, before it blocks.
	Attach(files Files, stopped func(Stop))
	// Detach turns debugging off; a stopped cell runs on to its end.
	Detach()
	// SetBreakpoints replaces the breakpoints of the cell file path with
	// lines, and returns which of them it could place (a line of a cell
	// that has not run yet counts as placed: it is placed when it runs).
	SetBreakpoints(path string, lines []int) []bool
	// BreakOnPanic makes a panic stop the cell where it happened.
	BreakOnPanic(on bool)
	// Resume lets a stopped thread go on: run, or stop again after one
	// line (StepOver), in the call (StepIn) or in the caller (StepOut).
	Resume(thread int, how Step) error
	// Pause stops a running thread at its next statement.
	Pause(thread int) error
	// Threads lists the threads (goroutines) of the running cell.
	Threads() []Thread
	// Frames is the call stack of a stopped thread, innermost first.
	Frames(thread int) []Frame
	// Globals are the notebook's variables.
	Globals() []Named
	// Eval evaluates expr in a frame of the stopped thread (nil: at the
	// top level, between cells).
	Eval(expr string, frame *Frame) (reflect.Value, error)
	// SetGlobal assigns a notebook variable (copyToGlobals).
	SetGlobal(name string, v reflect.Value) error
	// Present shows values of types the Target knows better than reflect
	// does; ok false leaves v to the generic presentation.
	Present(v reflect.Value) (p Presentation, ok bool)
	// Rich is v's MIME bundle, as a cell ending in v would show it.
	Rich(v reflect.Value) (data, metadata map[string]any)
}

// Step says how a stopped thread goes on.
type Step int

const (
	Run Step = iota
	StepOver
	StepIn
	StepOut
)

// Stop describes why a thread stopped: Reason is DAP's ("breakpoint",
// "step", "pause", "exception"), Text the panic's message for an exception.
type Stop struct {
	Reason string
	Thread int
	Text   string
}

// Thread is a goroutine of the running cell.
type Thread struct {
	ID   int
	Name string
}

// Frame is one call of a stopped thread. Code is the source of the cell the
// function was defined in ("" when unknown), Line a line of that cell.
type Frame struct {
	Name   string
	Code   string
	Line   int
	Locals []Named
}

// Named is a variable: its name, value and Go type as the cell wrote it
// ("" to use the value's reflect type).
type Named struct {
	Name  string
	Value reflect.Value
	Type  string
}

// Presentation is how a Target shows a value: its one-line text, its type,
// and the children it expands to.
type Presentation struct {
	Value    string
	Type     string
	Children []Named
}
