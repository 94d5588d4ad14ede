package session

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"log"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	"github.com/traefik/yaegi/stdlib/unrestricted"

	"github.com/gograd/gograd/kernel"
	"github.com/gograd/gograd/tensor"
)

// Session is one persistent interpreter: the variables, functions, types and
// imports of every cell live on for the next. It implements kernel.Executor.
// Execute calls are serialised by the wire layer. Complete and Inspect may
// come at any time: they read live variables only when they can take the
// lock Execute holds (liveValue), and otherwise answer from the names and
// symbol tables, which have their own lock.
type Session struct {
	mu sync.Mutex // held by Execute for the whole cell
	in *interp.Interpreter

	// imports holds "name path" of every import a cell made, so that a repeated
	// import (a re-run cell) is dropped instead of failing as a redeclaration.
	imports map[string]bool
	// pkgs maps the package names a cell can use to their import paths;
	// names holds the top-level names cells declared. Complete and Inspect
	// read them while a cell may be adding to them.
	namesMu sync.RWMutex
	pkgs    map[string]string
	names   map[string]bool
	// methods are the exported methods of the types cells declared, and
	// varTypes the declared type of variables where the source names it.
	methods  map[string][]string
	varTypes map[string]string
	sources  map[string]string // declarations of cells' functions and types
	// bin holds the symbol tables of the compiled packages, by import path,
	// for completion and type checking; binNames their package names.
	bin      map[string]map[string]reflect.Value
	binNames map[string]string
	rtSyms   map[string]reflect.Value // the runtime package's table
	// calls are the direct call forms of the project's methods, by their
	// names in callPath; callPrefix the prefix of each package's names
	// (directcall.go).
	calls      map[string]reflect.Value
	callPrefix map[string]string
	ptrSyms    map[string]reflect.Value // the pointer types package's (ptrType)
	types      typeState

	out     atomic.Pointer[outputBox] // the Output of the running (or last) cell
	streams *streams
	stdin   *stdinReader

	// result receives the value a cell shows, through the runtime's Result.
	result    []any
	resultSet bool
	resultFn  reflect.Value
	kept      []any // values of a definition yaegi cannot compile at top level
	// panicLines collects yaegi's "file:line:col: panic: f(...)" report, one
	// line per interpreted frame, innermost first.
	panicMu    sync.Mutex
	panicLines []string

	imp *importer // third-party imports (import.go)

	interruptedAt time.Time // when the previous cell was interrupted, or zero
	// markers are the line marker variables declared so far (see lines.go).
	markers map[string]bool
	prevDir string     // the working directory before the last %cd
	timedNs int64      // what %timeit's loop measured
	dbg     debugState // JupyterLab's debugger (debug.go)
}

type outputBox struct{ kernel.Output }

// clockStart is the origin of the runtime's Nanotime, a monotonic clock.
var clockStart = time.Now()

// preImported are the packages every cell can use without importing them.
// Packages of this project are added by the project hook.
var preImported = []string{"fmt", "math"}

// New starts an interpreter with the standard library and this project's
// packages, the latter and fmt and math usable without an import.
func New() *Session {
	s := &Session{}
	s.streams = newStreams(s.output)
	s.stdin = &stdinReader{s: s}
	s.start()
	return s
}

// start gives the session a new interpreter, which knows nothing of the
// cells run before (New, and %reset).
func (s *Session) start() {
	s.namesMu.Lock()
	s.imports, s.pkgs, s.names = map[string]bool{}, map[string]string{}, map[string]bool{}
	s.methods, s.varTypes, s.sources = map[string][]string{}, map[string]string{}, map[string]string{}
	s.namesMu.Unlock()
	s.bin, s.binNames, s.markers = map[string]map[string]reflect.Value{}, map[string]string{}, map[string]bool{}
	s.types = typeState{imp: newBinImporter(s.typesTables), objs: map[string]types.Object{}, escaped: map[string]bool{},
		main: types.NewPackage("main", "main")}
	s.imp = newImporter()
	s.imp.stderr, s.imp.flush = s.streams.writer(streamStderr), s.streams.flush
	s.types.imp.source = s.imp.types.Import
	s.in = interp.New(s.imp.interpOptions(interp.Options{
		Stdin:        s.stdin,
		Stdout:       s.streams.writer(streamStdout),
		Stderr:       &panicFilter{s: s, w: s.streams.writer(streamStderr)},
		Args:         []string{"gograd"},
		Unrestricted: true,
	}))

	mustUse(s.in, stdlib.Symbols) // compiles yaegi's generic stdlib sources: once
	mustUse(s.in, unrestricted.Symbols)
	project := projectSymbols()
	mustUse(s.in, project)
	s.rtSyms = s.runtimeSymbols()
	mustUse(s.in, interp.Exports{rtPath + "/" + rtName: s.rtSyms})
	s.ptrSyms = map[string]reflect.Value{}
	mustUse(s.in, interp.Exports{ptrPath + "/" + ptrPath: s.ptrSyms})
	for _, e := range []interp.Exports{stdlib.Symbols, unrestricted.Symbols, project} {
		for key, syms := range e {
			if strings.Contains(key, "/") {
				s.addBin(key, syms)
			}
		}
	}

	// Pre-imports are ordinary imports of the file all cells are compiled as,
	// made once: an unused import is no error in yaegi, and a cell's own
	// import of one of them is dropped like any repeated import.
	pre := append([]string(nil), preImported...)
	for key := range project {
		pre = append(pre, importPath(key))
	}
	s.calls, s.callPrefix = callTable(s.binNames)
	mustUse(s.in, interp.Exports{callPath + "/" + callPath: s.calls})
	pre = append(pre, rtPath, ptrPath, callPath)
	if err := s.preImport(pre); err != nil {
		panic("session: pre-imports: " + err.Error())
	}
	mustUse(s.in, interp.Exports{".": {"MapTypes": reflect.ValueOf(s.resultMapTypes())}})
	// os.Stdin reads through the kernel's stdin channel too, not only fmt.Scan:
	// yaegi keeps the real *os.File unless it is given one. The price is that
	// os.Stdin is an io.Reader in cells.
	var stdin io.Reader = s.stdin
	osSyms := map[string]reflect.Value{
		"Stdin": reflect.ValueOf(&stdin).Elem(),
		// os.Exit in a cell ends the cell, not the kernel, as Python's
		// sys.exit ends an ipykernel cell with SystemExit.
		"Exit": reflect.ValueOf(func(code int) { panic(exitCode(code)) }),
	}
	mustUse(s.in, interp.Exports{"os/os": osSyms})
	s.addBin("os/os", osSyms)
	installPublisher()
}

// addBin adds a symbol table keyed "path/name" to the session's, merged
// with what the path has (as interp.Use merges it).
func (s *Session) addBin(key string, syms map[string]reflect.Value) {
	path := importPath(key)
	m := s.bin[path]
	if m == nil {
		m = map[string]reflect.Value{}
		s.bin[path] = m
	}
	for k, v := range syms {
		m[k] = v
	}
	s.binNames[path] = key[strings.LastIndex(key, "/")+1:]
}

// preImport imports paths in the cells' file.
func (s *Session) preImport(paths []string) error {
	var b strings.Builder
	b.WriteString(fileHeader + "import (\n")
	for _, p := range paths {
		b.WriteString(strconv.Quote(p) + "\n")
	}
	b.WriteString(")\n")
	f, err := parser.ParseFile(s.in.FileSet(), cellFile, b.String(), 0)
	if err != nil {
		return err
	}
	prog, err := s.compile(f)
	if err != nil {
		return err
	}
	if _, err := s.in.Execute(prog); err != nil {
		return err
	}
	for _, p := range paths {
		// A package's name need not be its path's last element
		// (autograd/nn/functional is F): a table's key ends in the name.
		name := s.binNames[p]
		if name == "" {
			name = p[strings.LastIndex(p, "/")+1:]
		}
		s.imports[name+" "+p] = true
		if p != rtPath && p != ptrPath && p != callPath {
			s.pkgs[name] = p
		}
	}
	return nil
}

func mustUse(in *interp.Interpreter, e interp.Exports) {
	if err := in.Use(e); err != nil {
		panic("session: loading symbols: " + err.Error())
	}
}

// importPath is the import path of a symbol-table key "path/name".
func importPath(key string) string { return key[:strings.LastIndex(key, "/")] }

func (s *Session) output() kernel.Output {
	if b := s.out.Load(); b != nil {
		return widgetOutput(b.Output)
	}
	return nil
}

// runtimeSymbols is the package rewritten cells call into.
func (s *Session) runtimeSymbols() map[string]reflect.Value {
	return map[string]reflect.Value{
		"Result":  resultValue(s),
		"GoPanic": reflect.ValueOf(s.goPanic),
		"Keep":    reflect.ValueOf(func(v ...any) { s.kept = v }),
		"Kept":    reflect.ValueOf(func(i int) any { return s.kept[i] }),
		// %timeit's loop reads the clock and hands over what it measured.
		"Nanotime": reflect.ValueOf(func() int64 { return int64(time.Since(clockStart)) }),
		"Timed":    reflect.ValueOf(func(ns int64) { s.timedNs = ns }),
	}
}

// resultValue gives the session's Result function one reflect.Value, the key
// under which MapTypes registers the interfaces yaegi must keep for it.
func resultValue(s *Session) reflect.Value {
	if s.resultFn.IsValid() {
		return s.resultFn
	}
	s.resultFn = reflect.ValueOf(func(v ...any) {
		s.result, s.resultSet = v, true
	})
	return s.resultFn
}

// resultMapTypes asks yaegi to pass an interpreted value to Result wrapped in
// the first of these interfaces its type implements, so that a user type's
// DisplayBundle or String method still works on the kernel's side.
func (s *Session) resultMapTypes() map[reflect.Value][]reflect.Type {
	// yaegi finds the wrapper of an interface in its package's symbol table
	// ("_Displayer" in display's): an interface without one cannot be kept.
	var types []reflect.Type
	for _, t := range projectInterfaces() {
		if s.bin[t.PkgPath()]["_"+t.Name()].IsValid() {
			types = append(types, t)
		}
	}
	types = append(types,
		reflect.TypeOf((*error)(nil)).Elem(),
		reflect.TypeOf((*fmt.Stringer)(nil)).Elem())
	return map[reflect.Value][]reflect.Type{resultValue(s): types}
}

// goPanic reports a panic in a goroutine a cell started: the goroutine ends,
// the kernel lives on.
func (s *Session) goPanic(v any) {
	defer func() { recover() }() // the value's own Error or String may panic
	ce := panicError(v, nil)
	s.streams.writer(streamStderr).Write([]byte("panic in goroutine: " + ce.name + ": " + ce.value + "\n"))
	s.streams.flush()
}

// Execute runs one cell. See the package documentation for what a cell may
// contain and what it shows.
func (s *Session) Execute(ctx context.Context, code string, out kernel.Output) (kernel.ExecResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.out.Store(&outputBox{out})
	activate(s)
	flushWidgets()
	s.settleInterrupted()
	setInterrupt(false)
	restore := captureFDs(s.streams)
	defer func() {
		restore()
		s.streams.flush()
	}()

	base := s.in.FileSet().Base()
	data, cerr := s.runCell(ctx, code)
	tensor.ReleaseIdle()
	// While the debugger is attached it keeps the cells' programs and files
	// (debug.go): breakpoints are set on them and stops are placed in them,
	// so they are released only when it is not.
	if !s.dbg.attached() {
		s.releaseCompiled()
		s.forgetFiles(base)
	}
	if cerr != nil {
		s.streams.flush()
		return kernel.ExecResult{}, cerr.kernelError(code)
	}
	return kernel.ExecResult{Data: data}, nil
}

// forgetFiles removes from the interpreter's file set the files a cell was
// parsed as (those from base on), which it would keep for the session's
// life. Positions in them are needed only while the cell's errors are
// written: a panic in one of its functions later is placed by the line
// markers.
func (s *Session) forgetFiles(base int) {
	fset := s.in.FileSet()
	var files []*token.File
	fset.Iterate(func(f *token.File) bool {
		if f.Base() >= base {
			files = append(files, f)
		}
		return true
	})
	for _, f := range files {
		fset.RemoveFile(f)
	}
}

// safeRun is run, with any panic of the kernel's own side (a cell type's
// String or DisplayBundle method panicking while its value is shown, say)
// turned into the cell's error.
func (s *Session) safeRun(ctx context.Context, code string) (data map[string]any, cerr *cellErr) {
	defer func() {
		if r := recover(); r != nil {
			data, cerr = nil, panicError(r, nil)
		}
	}()
	return s.run(ctx, code)
}

// run parses, type-checks, rewrites, compiles and executes the cell's
// segments in order.
func (s *Session) run(ctx context.Context, code string) (map[string]any, *cellErr) {
	segs, err := parseCell(s.in.FileSet(), exprListTail(programCell(code)))
	if err != nil {
		return nil, syntaxError(err, code)
	}
	if cerr := s.resolveImports(ctx, segs); cerr != nil {
		return nil, cerr
	}
	s.noteCellFiles(code, segs)
	// cellFuncs are the functions this cell declares: a traceback shows the
	// source of their frames, not of functions from earlier cells.
	cellFuncs := map[string]bool{"main": true}
	for i := range segs {
		seg := &segs[i]
		var node ast.Node = seg.body
		if seg.decl {
			node = seg.file
		}
		renameMain(node)
		if seg.decl {
			for _, d := range seg.file.Decls {
				if fd, ok := d.(*ast.FuncDecl); ok {
					cellFuncs["main."+fd.Name.Name] = true // after renameMain
				}
			}
		}
	}
	checks, cerr := s.checkCell(segs)
	if cerr != nil {
		return nil, cerr
	}
	show := false
	var shown types.Type       // the static type of the value shown
	var shownFunc types.Object // the function it names, if it names one
	lineOf := func(p token.Pos) int { return cellLine(s.in.FileSet().Position(p).Line) }
	used := map[string]bool{}
	s.resetMarker()
	for i := range segs {
		seg := &segs[i]
		c := checks[i]
		var node ast.Node = seg.body
		if seg.decl {
			node = seg.file
		}
		var newImports []string
		if seg.decl {
			newImports = s.dropKnownImports(seg.file)
		}
		written := seg.body // the statements as written, for the records
		var decls, release []string
		hoisted := false
		if !seg.decl {
			written = &ast.BlockStmt{List: append([]ast.Stmt(nil), seg.body.List...)}
			decls, release, hoisted = s.hoist(seg, c)
			if !hoisted {
				splitCommaOk(seg.body)
			}
		}
	attempt:
		for {
			rewriteGo(node, s.isPackage)
			// sequences first: they take whole statements, whose calls
			// directCalls would rewrite; not under the debugger, which
			// stops and steps at each line
			undoSeqs := func() {}
			if !seg.decl && !s.dbg.attached() {
				undoSeqs = s.seqCalls(ctx, seg.body, c.info, lineOf, cellFuncs)
			}
			undoCalls := s.directCalls(node, c.info)
			undoLoops := s.hoistLoopVars(node, c.info)
			defer undoCalls() // the cell as written, whatever happens
			defer undoLoops()
			defer undoSeqs()
			var undo func()
			if i == len(segs)-1 {
				if es, ok := lastExpr(segs); ok {
					tv, typed := c.info.Types[es.X]
					if !typed || !tv.IsVoid() || isResultCall(es) {
						shown = tv.Type
						shownFunc = funcObject(es.X, c.info)
						undo = wrapResult(es)
						show = true
					}
				}
			}
			units := []ast.Node{node}
			if !seg.decl {
				markLines(lineOf, seg.body, "main."+groupFunc, used)
				units = splitUnits(seg.body)
			} else {
				for _, d := range seg.file.Decls {
					if fd, ok := d.(*ast.FuncDecl); ok && fd.Body != nil {
						markLines(lineOf, fd.Body, "main."+fd.Name.Name, used)
					}
				}
			}
			if cerr := s.declareMarkers(ctx, used, cellFuncs); cerr != nil {
				return nil, cerr
			}
			if hoisted {
				if cerr := s.declare(ctx, decls, release, cellFuncs); cerr != nil {
					return nil, cerr
				}
			}
			// The segment's names exist from here, even if it fails: later
			// cells may use what its first lines defined.
			s.namesMu.Lock()
			s.commitTypes(seg, written, c)
			s.namesMu.Unlock()
			for _, u := range units {
				if b, ok := u.(*ast.BlockStmt); ok {
					if cerr := s.runDefs(ctx, b, cellFuncs); cerr != nil {
						return nil, cerr
					}
					continue
				}
				prog, err := s.compile(u)
				if err != nil && undo != nil && isNoValue(err) {
					// The last expression is a call without a result: run it as is.
					undo()
					undo = nil
					show = false
					prog, err = s.compile(u)
				}
				if err != nil && hoisted {
					// yaegi rejects some of what go/types accepts in the
					// rewritten statements (a method value of a compiled
					// type assigned to a variable of its type): run the
					// statements as written, their definitions at top level.
					hoisted = false
					undoSeqs()
					undoLoops()
					undoCalls()
					seg.body.List = append([]ast.Stmt(nil), written.List...)
					splitCommaOk(seg.body)
					continue attempt
				}
				if err != nil {
					return nil, compileError(err)
				}
				if cerr := s.execUnit(ctx, prog, cellFuncs); cerr != nil {
					return nil, cerr
				}
				if !seg.decl {
					// The statements were declared as a function: call it.
					if cerr := s.callGroup(ctx, cellFuncs); cerr != nil {
						return nil, cerr
					}
				}
			}
			undoSeqs()
			undoLoops()
			undoCalls()
			break
		}
		s.namesMu.Lock()
		for _, imp := range newImports {
			s.imports[imp] = true
			name, path, _ := strings.Cut(imp, " ")
			s.pkgs[name] = path
		}
		s.recordNames(parsed{segment: seg.segment, file: seg.file, body: written})
		s.namesMu.Unlock()
	}
	if !show || !s.resultSet {
		return nil, nil
	}
	if sig, ok := shown.(*types.Signature); ok && len(s.result) == 1 && s.result[0] != nil {
		// A function shows its signature, not the address fmt prints.
		if shownFunc != nil {
			return map[string]any{"text/plain": types.ObjectString(shownFunc, s.qualifier())}, nil
		}
		return map[string]any{"text/plain": types.TypeString(sig, s.qualifier())}, nil
	}
	return resultBundle(s.result), nil
}

// declare compiles a hoisted segment's declarations (see hoist), after
// releasing the values of the variables they replace.
func (s *Session) declare(ctx context.Context, decls, release []string, cellFuncs map[string]bool) *cellErr {
	globals := s.in.Globals()
	for _, name := range release {
		if v := globals[name]; v.IsValid() && v.CanSet() {
			v.Set(reflect.Zero(v.Type()))
		}
	}
	if len(decls) == 0 {
		return nil
	}
	f, err := parser.ParseFile(s.in.FileSet(), cellFile, stmtHeader+strings.Join(decls, "\n")+"\n}", 0)
	if err != nil {
		return &cellErr{name: "CompileError", value: "internal: declaring " + strings.Join(decls, "; ") + ": " + err.Error()}
	}
	return s.runDefs(ctx, f.Decls[0].(*ast.FuncDecl).Body, cellFuncs)
}

// funcObject is the declared function e names (`f`, `autograd.Eye`), or nil.
func funcObject(e ast.Expr, info *types.Info) types.Object {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return nil
	}
	if f, ok := info.Uses[id].(*types.Func); ok {
		return f
	}
	return nil
}

// qualifier names packages in type strings as the cells know them.
func (s *Session) qualifier() types.Qualifier {
	return func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		return p.Name()
	}
}

// execUnit runs one compiled unit of a cell.
func (s *Session) execUnit(ctx context.Context, prog *interp.Program, cellFuncs map[string]bool) *cellErr {
	s.result, s.resultSet = nil, false
	s.panicMu.Lock()
	s.panicLines = nil
	s.panicMu.Unlock()
	if err := s.exec(ctx, prog); err != nil {
		err.cellFuncs = cellFuncs
		return err
	}
	return nil
}

// compile hands a segment to yaegi. Its type checker panics on some input
// (a top-level comma-ok assignment, for one): that is a compile error too.
func (s *Session) compile(n ast.Node) (prog *interp.Program, err error) {
	// yaegi logs the message before it panics: keep that log line out of the
	// cell's output, and pass on whatever else is logged meanwhile.
	held := &logHold{}
	prev := log.Writer()
	log.SetOutput(held)
	defer func() {
		log.SetOutput(prev)
		r := recover()
		if r != nil {
			prog, err = nil, &internalError{r}
		}
		held.release(prev, r)
	}()
	return s.in.CompileAST(n)
}

// betterDefineError finds the real error behind yaegi's "constant definition
// loop", which is what it says when the right-hand side of a top-level `:=`
// does not compile (an undefined name, say): compiled as `_ = rhs`, the same
// expression yields the real message.
func (s *Session) betterDefineError(body *ast.BlockStmt, err error) error {
	for _, st := range body.List {
		as, ok := st.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE {
			continue
		}
		for _, rhs := range as.Rhs {
			probe := &ast.BlockStmt{List: []ast.Stmt{&ast.AssignStmt{
				Lhs: []ast.Expr{&ast.Ident{Name: "_", NamePos: rhs.Pos()}}, TokPos: rhs.Pos(), Tok: token.ASSIGN, Rhs: []ast.Expr{rhs},
			}}}
			if _, perr := s.compile(probe); perr != nil {
				// The failed compile left the unknown name behind as a
				// placeholder type, which the probe then reports.
				return s.undefinedFromIncomplete(perr, rhs.Pos())
			}
		}
	}
	return err
}

// undefinedFromIncomplete turns yaegi's report of a placeholder type, which
// an earlier failed compile left for an unknown name, into "undefined".
func (s *Session) undefinedFromIncomplete(err error, at token.Pos) error {
	if m := incompleteRE.FindStringSubmatch(err.Error()); m != nil && !s.isPackage(m[1]) && !s.isName(m[1]) {
		pos := s.in.FileSet().Position(at)
		return fmt.Errorf("%s:%d:%d: undefined: %s", cellFile, pos.Line, pos.Column, m[1])
	}
	return err
}

var incompleteRE = regexp.MustCompile(`incomplete type (\w+)`)

// internalError is a panic of yaegi itself while compiling.
type internalError struct{ v any }

func (e *internalError) Error() string {
	msg := "yaegi: " + toString(e.v)
	if toString(e.v) == "nil type" {
		msg += " (yaegi cannot compile this; known gaps: a receive `v, ok := <-ch` at a cell's " +
			"top level, range over an int or a function (Go 1.22), min/max/clear builtins)"
	}
	return msg
}

// exec runs a compiled segment, cancelled with ctx.
func (s *Session) exec(ctx context.Context, prog *interp.Program) *cellErr {
	_, err := s.execProgram(ctx, prog)
	if err == nil {
		return nil
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		// Interpreted code stops at its next step; compiled code polls the
		// tensor package's flag.
		setInterrupt(true)
		s.interruptedAt = time.Now()
		return &cellErr{name: "KeyboardInterrupt", value: ""}
	}
	s.panicMu.Lock()
	frames := s.panicLines
	s.panicMu.Unlock()
	var p interp.Panic
	if errors.As(err, &p) {
		e := panicError(p.Value, frames)
		// yaegi gives each frame the position of its function's start, and
		// none for compiled code: the line markers give the statement's.
		globals := s.in.Globals()
		line := func(fn string) int {
			if v := globals[markerVar(fn)]; v.IsValid() && v.CanInt() {
				return int(v.Int())
			}
			return 0
		}
		hasTop := false
		for i := range e.frames {
			if topLevel(e.frames[i].fn) && !strings.HasSuffix(e.frames[i].fn, ".func") {
				e.frames[i].fn = "main." + groupFunc
			}
			if l := line(e.frames[i].fn); l > 0 {
				e.frames[i].line, e.frames[i].col = l, 0
			}
			hasTop = hasTop || topLevel(e.frames[i].fn)
		}
		if l := line("main." + groupFunc); l > 0 && !hasTop {
			// A definition that ran in yaegi's global scope has no frame.
			e.frames = append([]frame{{line: l, fn: "main"}}, e.frames...)
		}
		return e
	}
	return compileError(err)
}

// declareMarkers declares the line marker variables a cell uses that no
// cell declared before.
func (s *Session) declareMarkers(ctx context.Context, used map[string]bool, cellFuncs map[string]bool) *cellErr {
	var decls []string
	for v := range used {
		if !s.markers[v] {
			decls = append(decls, "var "+v+" int")
		}
	}
	if len(decls) == 0 {
		return nil
	}
	sort.Strings(decls)
	if cerr := s.declare(ctx, decls, nil, cellFuncs); cerr != nil {
		return cerr
	}
	for v := range used {
		s.markers[v] = true
	}
	return nil
}

// resetMarker clears the top level's line marker, which a definition run in
// yaegi's global scope reads when it fails.
func (s *Session) resetMarker() {
	if v := s.in.Globals()[markerVar("main."+groupFunc)]; v.IsValid() && v.CanSet() {
		v.SetInt(0)
	}
}

// exitCode is the panic value of os.Exit in a cell.
type exitCode int

// settleInterrupt gives the evaluation an interrupt abandoned time to stop
// before the next cell clears the interrupt flag and runs. yaegi cannot be
// joined: it returns at once on cancel and leaves the evaluation to notice.
// Interpreted code does at its next step; a compiled op at its next poll of
// the flag, when it panics, which shows as yaegi's panic report.
func (s *Session) settleInterrupted() {
	if s.interruptedAt.IsZero() {
		return
	}
	deadline := s.interruptedAt.Add(settleTime)
	s.interruptedAt = time.Time{}
	for time.Now().Before(deadline) {
		s.panicMu.Lock()
		n := len(s.panicLines)
		s.panicMu.Unlock()
		if n > 0 {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// settleTime bounds the wait for an interrupted evaluation to stop.
const settleTime = 250 * time.Millisecond

// isNoValue recognises yaegi's complaint about a call without results used as
// a value, which for Result(f()) means f returns nothing.
func isNoValue(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "as type ()") ||
		strings.Contains(msg, "(no value) used as value") ||
		strings.Contains(msg, "not enough arguments") ||
		strings.Contains(msg, "used as value")
}

// dropKnownImports removes from f the imports an earlier cell already made
// (yaegi rejects them as redeclared) and returns the new ones.
func (s *Session) dropKnownImports(f *ast.File) []string {
	var fresh []string
	seen := map[string]bool{}
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.IMPORT {
			decls = append(decls, d)
			continue
		}
		specs := g.Specs[:0]
		for _, sp := range g.Specs {
			is := sp.(*ast.ImportSpec)
			path, _ := strconv.Unquote(is.Path.Value)
			name := path[strings.LastIndex(path, "/")+1:]
			if is.Name != nil {
				name = is.Name.Name
			}
			key := name + " " + path
			if s.imports[key] || seen[key] {
				continue
			}
			seen[key] = true
			fresh = append(fresh, key)
			specs = append(specs, sp)
		}
		g.Specs = specs
		if len(specs) > 0 {
			decls = append(decls, g)
		}
	}
	f.Decls = decls
	var imps []*ast.ImportSpec
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			for _, sp := range g.Specs {
				imps = append(imps, sp.(*ast.ImportSpec))
			}
		}
	}
	f.Imports = imps
	return fresh
}

// isPackage reports whether name is a package a cell can refer to.
func (s *Session) isPackage(name string) bool {
	s.namesMu.RLock()
	defer s.namesMu.RUnlock()
	_, ok := s.pkgs[name]
	return ok
}
