package kernel

import "context"

// Executor runs cells. The wire layer serialises calls to Execute: at most one
// Execute runs at a time, while Complete, Inspect and IsComplete may be called
// between executes.
type Executor interface {
	// Execute runs code. ctx is cancelled when the user interrupts the kernel.
	// A failing cell returns a *CellError; ExecResult.Data is the
	// execute_result bundle (nil when the cell has no value to show).
	Execute(ctx context.Context, code string, out Output) (ExecResult, error)
	// Complete returns the completions for the code at cursor (a rune offset,
	// as the protocol counts it) and the rune range [start, end) they replace.
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect returns a MIME bundle describing the object at cursor.
	Inspect(code string, cursor int, detail int) (data map[string]any, found bool)
	// IsComplete reports "complete", "incomplete", "invalid" or "unknown", and
	// for "incomplete" the indent of the next line.
	IsComplete(code string) (status string, indent string)
}

// Output is where a running cell sends what it shows. Its methods are safe
// for concurrent use: a cell's goroutines may write while the cell runs.
type Output interface {
	Stdout(text string)
	Stderr(text string)
	// Display publishes display_data, or update_display_data when update is
	// true; displayID (may be empty) becomes transient.display_id.
	Display(bundle map[string]any, displayID string, update bool)
	ClearOutput(wait bool)
	// Input asks the frontend for a line over the stdin channel. It fails when
	// the execute_request had allow_stdin false.
	Input(prompt string, password bool) (string, error)
}

// ExecResult is what a successful cell produces.
type ExecResult struct {
	Data map[string]any // nil when the cell has no value to show (execute_result otherwise)
}

// CellError is the error a failing cell returns: ename, evalue and traceback
// lines, as they go into the error message and the execute_reply.
type CellError struct {
	Name, Value string
	Traceback   []string
}

func (e *CellError) Error() string {
	if e.Value == "" {
		return e.Name
	}
	return e.Name + ": " + e.Value
}
