package session

import (
	"context"
	"errors"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/gograd/gograd/kernel/dap"
)

// Debugging cells (JupyterLab's debugger, through package dap).
//
// While the debugger is attached, every program a cell compiles runs under
// yaegi's debugger (interp.Debug) instead of plainly; otherwise nothing of
// this file is on a cell's path, and yaegi's step loop checks for a debugger
// once per call, not per step.
//
// Where a stop is: yaegi gives the interpreter node a frame is at, and the
// node's position is in one of the files a cell's segments were parsed as
// (all named cell.go, told apart by the file set). The files of cells run
// while attached are recorded with the cell's code, which names the cell's
// source for JupyterLab (dap.Files.Path); a position's line is the cell's
// line plus the header line, as for tracebacks.
//
// Breakpoints are lines of a cell's path. yaegi sets them on the nodes of a
// compiled program, so the programs each recorded cell compiled are kept
// (only while attached): a breakpoint in a function an earlier cell
// defined is set on that cell's programs, and holds when the function is
// called from a later cell. Cells run before attaching are not known: re-run
// a cell to debug its functions.
//
// yaegi steps by node (several per line); a step here goes on until the
// line or the call depth changes, as a line debugger steps.
type debugState struct {
	mu      sync.Mutex
	on      bool
	files   dap.Files
	stopped func(dap.Stop)
	panics  bool

	bps   map[string][]int             // cell lines by path
	cells map[*token.File]string       // the code of each recorded cell file
	progs map[string][]*interp.Program // programs compiled from each path

	dbg  *interp.Debugger // of the program running, nil between programs
	stop *interp.DebugEvent
	done chan struct{} // closed when the running program's debugger ends
	step *stepFrom     // the line a step started from, nil when running

	// A stop at a panic (see panicStop): its frames, and the channel that
	// lets the panicking goroutine go on. panicked is set once a panic of
	// the running program has stopped, so that each panic stops once.
	panicFrames []dap.Frame
	panicWait   chan struct{}
	panicked    bool
	running     bool              // a program of a cell runs while attached
	code        string            // the running cell's code
	funcs       map[string]string // "main.f": the code of the cell that declared f
}

// stepFrom is a step under way: the line it started from. A step goes on
// while it is on that line in the same call (or deeper, for a step over);
// thenRun makes it a continue, which first leaves the line it stopped on so
// as not to stop again on the line's other nodes.
type stepFrom struct {
	how     interp.DebugEventReason
	code    string
	line    int
	depth   int
	thenRun bool
}

// DebugTarget is the session as package dap's Target.
func (s *Session) DebugTarget() dap.Target { return (*debugTarget)(s) }

type debugTarget Session

// attached reports whether JupyterLab's debugger is attached.
func (d *debugState) attached() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.on
}

// active reports whether the next program runs under yaegi's debugger:
// attached, with a breakpoint somewhere. Without one nothing could stop it
// but a pause, and yaegi's step loop costs about a hundred times the plain
// one (BenchmarkLoopCellDebugger): a cell runs plainly then, and a pause
// asks for a breakpoint. A panic stops either way (see panicStop).
func (d *debugState) active() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.on {
		return false
	}
	for _, lines := range d.bps {
		if len(lines) > 0 {
			return true
		}
	}
	return false
}

// noteCellFiles records the files of a cell's segments, when attached.
func (s *Session) noteCellFiles(code string, segs []parsed) {
	d := &s.dbg
	d.mu.Lock()
	defer d.mu.Unlock()
	if !d.on {
		return
	}
	path := d.files.Path(code)
	d.progs[path] = nil // the previous run's programs are replaced
	d.code = code
	for _, seg := range segs {
		if seg.decl {
			for _, decl := range seg.file.Decls {
				if fd, ok := decl.(*ast.FuncDecl); ok && fd.Recv == nil {
					d.funcs["main."+fd.Name.Name] = code
				}
			}
		}
	}
	for _, seg := range segs {
		if f := s.in.FileSet().File(seg.file.Pos()); f != nil {
			d.cells[f] = code
		}
	}
}

// execProgram runs a compiled program: plainly, or under yaegi's debugger.
func (s *Session) execProgram(ctx context.Context, prog *interp.Program) (reflect.Value, error) {
	d := &s.dbg
	d.mu.Lock()
	if d.on {
		// Recorded whether or not it runs under the debugger: a breakpoint
		// set later in a function it defines is set on it.
		if code, ok := d.cells[s.progFile(prog)]; ok {
			path := d.files.Path(code)
			d.progs[path] = append(d.progs[path], prog)
		}
	}
	d.mu.Unlock()
	if !d.active() {
		d.mu.Lock()
		d.running = d.on // for panicStop
		d.mu.Unlock()
		v, err := s.in.ExecuteWithContext(ctx, prog)
		d.mu.Lock()
		d.running, d.panicked = false, false
		if d.panicWait != nil { // interrupted while stopped at a panic
			close(d.panicWait)
			d.panicWait, d.panicFrames = nil, nil
		}
		d.mu.Unlock()
		return v, err
	}
	done := make(chan struct{})
	dbg := s.in.Debug(ctx, prog, func(e *interp.DebugEvent) { s.debugEvent(e, done) }, &interp.DebugOptions{GoRoutineStartAt1: true})
	d.mu.Lock()
	d.dbg, d.done, d.running = dbg, done, true
	s.applyBreakpoints()
	d.mu.Unlock()
	if err := dbg.Continue(1); err != nil {
		return reflect.Value{}, err
	}
	v, err := dbg.Wait()
	<-done
	if err == nil && ctx.Err() != nil {
		// An interrupt while stopped makes yaegi's debugger leave the
		// function it stopped in as if it had returned, and the program may
		// then end before the interpreter notices the context.
		err = ctx.Err()
	}
	var p interp.Panic
	if errors.As(err, &p) && strings.Contains(string(p.Stack), "(*Debugger).enterCall") {
		// yaegi's debugger takes a call's goroutine from the frame the
		// function was created in; a function literal made before the
		// debugger was on has none there.
		err = interp.Panic{Value: errBeforeDebugger, Callers: p.Callers, Stack: p.Stack}
	}
	s.waitDebuggerGone()
	d.mu.Lock()
	d.dbg, d.stop, d.step, d.panicked, d.running = nil, nil, nil, false, false
	if d.panicWait != nil { // interrupted while stopped at a panic
		close(d.panicWait)
		d.panicWait, d.panicFrames = nil, nil
	}
	d.mu.Unlock()
	return v, err
}

var errBeforeDebugger = errors.New("the debugger cannot follow a call of a function literal made before it was turned on: re-run the cell that made it")

// waitDebuggerGone waits for yaegi to clear its debugger, which it does
// after reporting the end: a next program started before would lose its own.
func (s *Session) waitDebuggerGone() {
	f := reflect.ValueOf(s.in).Elem().FieldByName("debugger")
	if !f.IsValid() {
		return
	}
	for i := 0; i < 1000 && !f.IsNil(); i++ {
		time.Sleep(100 * time.Microsecond)
	}
}

// progFile is the file a program's code is in.
func (s *Session) progFile(prog *interp.Program) *token.File {
	root := reflect.ValueOf(prog).Elem().FieldByName("root")
	if !root.IsValid() || root.IsNil() {
		return nil
	}
	pos := root.Elem().FieldByName("pos")
	if !pos.IsValid() {
		return nil
	}
	return s.in.FileSet().File(token.Pos(pos.Int()))
}

// applyBreakpoints sets the breakpoints of every path on the programs of
// that path; d.mu is held. Programs of paths that never had breakpoints are
// left alone.
func (s *Session) applyBreakpoints() map[string][]bool {
	d := &s.dbg
	placed := map[string][]bool{}
	for path, progs := range d.progs {
		lines, had := d.bps[path]
		if !had {
			continue
		}
		fileLines := make([]int, len(lines))
		for i, l := range lines {
			fileLines[i] = l + headerLine
		}
		ok := make([]bool, len(lines))
		for _, p := range progs {
			for i, b := range setLineBreakpoints(s.in.FileSet(), p, fileLines) {
				ok[i] = ok[i] || b
			}
		}
		placed[path] = ok
	}
	return placed
}

// debugEvent is yaegi's report, on the goroutine it stops.
func (s *Session) debugEvent(e *interp.DebugEvent, done chan struct{}) {
	d := &s.dbg
	switch e.Reason() {
	case interp.DebugTerminate:
		close(done)
		return
	case interp.DebugBreak, interp.DebugPause, interp.DebugStepInto, interp.DebugStepOver, interp.DebugStepOut:
	default:
		return
	}
	code, line := s.eventLine(e)
	depth := e.FrameDepth()
	d.mu.Lock()
	st := d.step
	onLine := st != nil && (code == "" || (code == st.code && line == st.line && depth == st.depth) ||
		(st.how == interp.DebugStepOver && depth > st.depth))
	switch {
	case e.Reason() != interp.DebugPause && onLine:
		// Still on the line the step started from (or in a call it makes,
		// or in code of no cell): step on once yaegi waits for it.
		dbg, how := d.dbg, st.how
		d.mu.Unlock()
		go resumeWhenStopped(dbg, e.GoRoutine(), how, false)
		return
	case st != nil && st.thenRun && e.Reason() != interp.DebugBreak && e.Reason() != interp.DebugPause:
		// A continue has left its line: run.
		dbg := d.dbg
		d.step = nil
		d.mu.Unlock()
		go resumeWhenStopped(dbg, e.GoRoutine(), 0, true)
		return
	}
	d.stop, d.step = e, nil
	stopped := d.stopped
	d.mu.Unlock()
	reason := map[interp.DebugEventReason]string{interp.DebugBreak: "breakpoint", interp.DebugPause: "pause"}[e.Reason()]
	if reason == "" {
		reason = "step"
	}
	if stopped != nil {
		stopped(dap.Stop{Reason: reason, Thread: e.GoRoutine()})
	}
}

// resumeWhenStopped steps (or, with run, continues) a goroutine once yaegi
// has parked it: the event callback runs before it parks. Continue waits for
// the park itself (it hands the goroutine its resume, and sets nothing the
// goroutine reads before parking); Step refuses a goroutine not yet parked.
func resumeWhenStopped(dbg *interp.Debugger, g int, how interp.DebugEventReason, run bool) {
	if run {
		_ = dbg.Continue(g)
		return
	}
	_ = stepWhenParked(dbg, g, how)
}

// stepWhenParked steps goroutine g as soon as yaegi has parked it (Step
// refuses a goroutine still running), giving up after about half a second.
func stepWhenParked(dbg *interp.Debugger, g int, how interp.DebugEventReason) error {
	for i := 0; ; i++ {
		err := dbg.Step(g, how)
		if !errors.Is(err, interp.ErrRunning) || i == 10000 {
			return err
		}
		time.Sleep(50 * time.Microsecond)
	}
}

// eventLine is the cell and cell line the event's innermost frame is at.
func (s *Session) eventLine(e *interp.DebugEvent) (string, int) {
	fs := e.Frames(0, 1)
	if len(fs) == 0 {
		return "", 0
	}
	return s.frameLine(fs[0])
}

func (s *Session) frameLine(f *interp.DebugFrame) (string, int) {
	pos := framePos(f)
	if !pos.IsValid() {
		return "", 0
	}
	file := s.in.FileSet().File(pos)
	s.dbg.mu.Lock()
	code, ok := s.dbg.cells[file]
	s.dbg.mu.Unlock()
	if !ok {
		return "", 0
	}
	return code, cellLine(file.Line(pos))
}

// framePos is the position of the node a frame is at. yaegi's DebugFrame
// gives it as a token.Position only, which cannot tell the files of two
// cells apart (all are cell.go): the node's own position can.
func framePos(f *interp.DebugFrame) token.Pos {
	v := reflect.ValueOf(f).Elem().FieldByName("frames")
	if !v.IsValid() || v.Len() == 0 || v.Index(0).IsNil() {
		return token.NoPos
	}
	fr := v.Index(0).Elem()
	dbg := fr.FieldByName("debug")
	if !dbg.IsValid() || dbg.IsNil() {
		return token.NoPos
	}
	n := dbg.Elem().FieldByName("node")
	if !n.IsValid() || n.IsNil() {
		return token.NoPos
	}
	p := n.Elem().FieldByName("pos")
	if !p.IsValid() {
		return token.NoPos
	}
	return token.Pos(p.Int())
}

// internalName tells the session's own variables (line markers, the cell's
// function, the runtime package) from the user's.
func internalName(n string) bool {
	return strings.HasPrefix(n, "_gg") || strings.HasPrefix(n, markerPrefix) || n == "_" || n == rtName
}

// Target methods.

func (t *debugTarget) s() *Session { return (*Session)(t) }

func (t *debugTarget) Attach(files dap.Files, stopped func(dap.Stop)) {
	d := &t.dbg
	d.mu.Lock()
	defer d.mu.Unlock()
	d.on, d.files, d.stopped = true, files, stopped
	if d.bps == nil {
		d.bps = map[string][]int{}
	}
	d.cells = map[*token.File]string{}
	d.progs = map[string][]*interp.Program{}
	d.funcs = map[string]string{}
}

func (t *debugTarget) Detach() {
	d := &t.dbg
	d.mu.Lock()
	d.on, d.stopped, d.panics = false, nil, false
	for path := range d.bps {
		d.bps[path] = nil
	}
	dbg := d.dbg
	t.s().applyBreakpoints() // clears them all
	d.cells, d.progs, d.step = map[*token.File]string{}, map[string][]*interp.Program{}, nil
	if d.panicWait != nil {
		close(d.panicWait)
		d.panicWait, d.panicFrames = nil, nil
	}
	d.mu.Unlock()
	if dbg != nil {
		for _, g := range dbg.GoRoutines() {
			_ = dbg.Continue(g.ID())
		}
	}
}

func (t *debugTarget) SetBreakpoints(path string, lines []int) []bool {
	d := &t.dbg
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.bps == nil { // a front end restoring its breakpoints before it attaches
		d.bps = map[string][]int{}
	}
	d.bps[path] = append([]int(nil), lines...)
	placed := make([]bool, len(lines))
	for i := range placed {
		placed[i] = true // of a cell yet to run: placed when it runs
	}
	if ok, known := t.s().applyBreakpoints()[path]; known {
		placed = ok
	}
	return placed
}

func (t *debugTarget) BreakOnPanic(on bool) {
	t.dbg.mu.Lock()
	t.dbg.panics = on
	t.dbg.mu.Unlock()
}

func (t *debugTarget) Resume(thread int, how dap.Step) error {
	d := &t.dbg
	d.mu.Lock()
	if d.panicWait != nil {
		// A panic goes on unwinding whatever the request: the cell fails.
		close(d.panicWait)
		d.panicWait, d.panicFrames = nil, nil
		d.mu.Unlock()
		return nil
	}
	stop := d.stop
	d.mu.Unlock()
	var code string
	var line int
	if stop != nil {
		code, line = t.s().eventLine(stop)
	}
	d.mu.Lock()
	dbg := d.dbg
	if dbg == nil || stop == nil || d.stop != stop {
		d.mu.Unlock()
		return errors.New("no cell is stopped")
	}
	d.stop = nil
	reason := map[dap.Step]interp.DebugEventReason{dap.Run: interp.DebugStepOver, dap.StepOver: interp.DebugStepOver,
		dap.StepIn: interp.DebugStepInto, dap.StepOut: interp.DebugStepOut}[how]
	d.step = &stepFrom{how: reason, code: code, line: line, depth: stop.FrameDepth(), thenRun: how == dap.Run}
	d.mu.Unlock()
	// The stop's event went out before yaegi parked the goroutine: a front end
	// that answers at once can come before the park.
	return stepWhenParked(dbg, thread, reason)
}

func (t *debugTarget) Pause(thread int) error {
	d := &t.dbg
	d.mu.Lock()
	dbg := d.dbg
	d.mu.Unlock()
	if dbg == nil || !dbg.Interrupt(thread, interp.DebugPause) {
		return errors.New("no cell is running under the debugger (a cell runs under it while a breakpoint is set)")
	}
	return nil
}

func (t *debugTarget) Threads() []dap.Thread {
	d := &t.dbg
	d.mu.Lock()
	dbg := d.dbg
	d.mu.Unlock()
	if dbg == nil {
		return []dap.Thread{{ID: 1, Name: "cell"}}
	}
	var out []dap.Thread
	for _, g := range dbg.GoRoutines() {
		name := g.Name()
		if g.ID() == 1 {
			name = "cell"
		}
		out = append(out, dap.Thread{ID: g.ID(), Name: name})
	}
	return out
}

func (t *debugTarget) Frames(thread int) []dap.Frame {
	d := &t.dbg
	d.mu.Lock()
	stop, pf := d.stop, d.panicFrames
	d.mu.Unlock()
	if pf != nil {
		return pf
	}
	if stop == nil || stop.GoRoutine() != thread {
		return nil
	}
	var out []dap.Frame
	for _, f := range stop.Frames(0, stop.FrameDepth()) {
		code, line := t.s().frameLine(f)
		name := f.Name()
		if name == groupFunc || name == "<init>" {
			name = "<cell>"
		}
		var locals []dap.Named
		for _, sc := range f.Scopes() {
			for _, v := range sc.Variables() {
				if !internalName(v.Name) {
					locals = append(locals, dap.Named{Name: v.Name, Value: v.Value})
				}
			}
		}
		sort.Slice(locals, func(i, j int) bool { return locals[i].Name < locals[j].Name })
		out = append(out, dap.Frame{Name: name, Code: code, Line: line, Locals: locals})
	}
	return out
}

// stoppedNow reports whether a cell is stopped: its goroutine is parked, so
// the interpreter's variables can be read without the session's lock.
func (t *debugTarget) stoppedNow() bool {
	t.dbg.mu.Lock()
	defer t.dbg.mu.Unlock()
	return t.dbg.stop != nil || t.dbg.panicWait != nil
}

// withValues runs f while the interpreter's values hold still: between
// cells (holding the session's lock) or while a cell is stopped.
func (t *debugTarget) withValues(f func()) bool {
	if t.stoppedNow() {
		f()
		return true
	}
	if !t.mu.TryLock() {
		return false
	}
	defer t.mu.Unlock()
	f()
	return true
}

func (t *debugTarget) Globals() []dap.Named {
	s := t.s()
	var out []dap.Named
	t.withValues(func() {
		s.namesMu.RLock()
		defer s.namesMu.RUnlock()
		for name, v := range s.in.Globals() {
			// The checker's objects are committed before a segment runs,
			// names after: a stopped cell's variables are among the former.
			obj, ok := s.types.objs[name].(*types.Var)
			if internalName(name) || !ok {
				continue // functions, types and constants are not variables
			}
			typ := types.TypeString(obj.Type(), s.qualifier())
			out = append(out, dap.Named{Name: name, Value: v, Type: typ})
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (t *debugTarget) SetGlobal(name string, v reflect.Value) error {
	var err error
	if !t.withValues(func() {
		g, ok := t.in.Globals()[name]
		switch {
		case !ok:
			err = errors.New("copyToGlobals: no variable " + name + " at the top level; declare it in a cell first")
		case !g.CanSet() || !v.Type().AssignableTo(g.Type()):
			err = errors.New("copyToGlobals: cannot assign a " + v.Type().String() + " to " + name + " (" + g.Type().String() + ")")
		default:
			g.Set(v)
		}
	}) {
		return errors.New("a cell is running")
	}
	return err
}

func (t *debugTarget) Rich(v reflect.Value) (map[string]any, map[string]any) {
	if !v.IsValid() || !v.CanInterface() {
		return nil, nil
	}
	var b map[string]any
	func() {
		defer func() { recover() }()
		b = bundleOf(v.Interface())
	}()
	return b, nil
}

// panicStop stops a panicking cell where it panicked, when breaking on
// panics. yaegi's debugger has no such stop: the stderr filter calls this
// with yaegi's report of the innermost interpreted frame the panic unwinds,
// written on the panicking goroutine before the frame is gone, and it
// blocks there until the front end resumes. The frames shown are that
// function and the cell, at the lines their line markers hold (the
// statement that panicked, and the one that called into it); their locals
// are not at hand (yaegi gives them only at a debugger stop), the globals
// are.
func (s *Session) panicStop(report string) {
	d := &s.dbg
	d.mu.Lock()
	if !d.on || !d.panics || !d.running || d.panicked || d.stopped == nil {
		d.mu.Unlock()
		return
	}
	d.panicked = true
	globals := s.in.Globals()
	line := func(fn string) int {
		if v := globals[markerVar(fn)]; v.IsValid() && v.CanInt() {
			return int(v.Int())
		}
		return 0
	}
	var frames []dap.Frame
	if fs := parseFrames([]string{report}); len(fs) == 1 && !topLevel(fs[0].fn) {
		fn := fs[0].fn
		frames = append(frames, dap.Frame{Name: strings.TrimPrefix(fn, "main."), Code: d.funcs[fn], Line: line(fn)})
	}
	frames = append(frames, dap.Frame{Name: "<cell>", Code: d.code, Line: line("main." + groupFunc)})
	wait := make(chan struct{})
	d.panicFrames, d.panicWait = frames, wait
	stopped := d.stopped
	d.mu.Unlock()
	stopped(dap.Stop{Reason: "exception", Thread: 1, Text: "panic in " + frames[0].Name})
	<-wait
}
