package tensor

import "sync/atomic"

// The interrupt flag lets a kernel stop a compiled op. Cancelling the interpreter's
// context stops interpreted code only; long loops in this package check the flag every
// interruptEvery elements and panic with a KeyboardInterrupt Error.
var interrupted atomic.Bool

// interruptEvery is how many elements a loop processes between checks of the flag:
// a check costs an atomic load, so this keeps it far below 1% of the work.
const interruptEvery = 1 << 16

// SetInterrupt raises (true) or clears (false) the interrupt flag.
func SetInterrupt(on bool) { interrupted.Store(on) }

// Interrupted reports whether the interrupt flag is raised.
func Interrupted() bool { return interrupted.Load() }

// checkInterrupt panics with a KeyboardInterrupt Error when the flag is raised.
func checkInterrupt() {
	if interrupted.Load() {
		panic(&Error{Kind: "KeyboardInterrupt", Msg: ""})
	}
}
