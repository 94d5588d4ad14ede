package session

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"

	"github.com/gograd/gograd/kernel"
)

// cellErr is a failed cell before it is dressed as a traceback.
type cellErr struct {
	name, value string
	frames      []frame // outermost first
	lines       []int   // cell lines to point at when there are no frames
	cellFuncs   map[string]bool
}

// frame is one interpreted call of a panic's stack, as yaegi reports it.
type frame struct {
	line, col int
	fn        string // "main" for the cell's top level, "main.f" for f
}

// panicLineRE matches the line yaegi writes to standard error for each
// interpreted frame a panic unwinds.
var panicLineRE = regexp.MustCompile(`^` + regexp.QuoteMeta(cellFile) + `:(\d+):(\d+): panic: (\S+)\(\.\.\.\)`)

// noPosPanicRE matches the same line for a frame yaegi has no position for:
// the evaluation's own, and a function of a cell whose file the session has
// forgotten (forgetFiles). Lines come from the markers either way.
var noPosPanicRE = regexp.MustCompile(`^-: panic: (\S+)\(\.\.\.\)`)

// posRE matches a position in the compiled file.
var posRE = regexp.MustCompile(regexp.QuoteMeta(cellFile) + `:(\d+):(\d+)`)

// compileError turns yaegi's compile error into the cell's error, its
// positions rewritten into cell lines.
func compileError(err error) *cellErr {
	msg := err.Error()
	var lines []int
	if m := posRE.FindStringSubmatchIndex(msg); m != nil && m[0] == 0 {
		l, _ := strconv.Atoi(msg[m[2]:m[3]])
		lines = append(lines, cellLine(l))
		msg = strings.TrimPrefix(msg[m[1]:], ": ")
	}
	msg = posRE.ReplaceAllStringFunc(msg, func(p string) string {
		m := posRE.FindStringSubmatch(p)
		l, _ := strconv.Atoi(m[1])
		return "line " + strconv.Itoa(cellLine(l))
	})
	return &cellErr{name: "CompileError", value: msg, lines: lines}
}

// panicError names a panic value the way PyTorch users expect: a tensor
// error by its Python exception class, a Go runtime error as "runtime error",
// anything else as "panic".
func panicError(v any, lines []string) *cellErr {
	if rv, ok := v.(reflect.Value); ok {
		// yaegi hands over an interpreted panic's argument as a reflect.Value.
		if rv.IsValid() && rv.CanInterface() {
			v = rv.Interface()
		} else {
			v = nil
		}
	}
	e := &cellErr{frames: parseFrames(lines)}
	var re runtime.Error
	var ve *reflect.ValueError
	switch code, isExit := v.(exitCode); {
	case isExit:
		e.name, e.value = "SystemExit", strconv.Itoa(int(code))
	case projectError(v, e):
	case errors.As(asError(v), &re):
		e.name, e.value = "runtime error", strings.TrimPrefix(re.Error(), "runtime error: ")
	case errors.As(asError(v), &ve):
		// yaegi dereferences through reflect: a nil pointer surfaces as a
		// reflect error on the zero Value.
		e.name, e.value = "runtime error", "invalid memory address or nil pointer dereference"
	default:
		e.name, e.value = "panic", toString(v)
		if s, ok := v.(string); ok && strings.HasPrefix(s, "reflect: ") {
			// yaegi indexes through reflect too.
			e.name = "runtime error"
			e.value = strings.TrimPrefix(s, "reflect: ")
			if strings.Contains(s, "index out of range") {
				e.value = "index out of range"
			}
		}
	}
	return e
}

func asError(v any) error {
	if err, ok := v.(error); ok {
		return err
	}
	return nil
}

// toString prints a panic value as Go's runtime would.
func toString(v any) string {
	switch v := v.(type) {
	case error:
		return v.Error()
	case fmt.Stringer:
		return v.String()
	case nil:
		return "nil"
	}
	return fmt.Sprint(v)
}

// parseFrames reads yaegi's panic lines, innermost first, into frames
// outermost first, as a Python traceback lists them.
func parseFrames(lines []string) []frame {
	var fs []frame
	for i := len(lines) - 1; i >= 0; i-- {
		m := panicLineRE.FindStringSubmatch(lines[i])
		if m == nil {
			if n := noPosPanicRE.FindStringSubmatch(lines[i]); n != nil && n[1] != "main" {
				fs = append(fs, frame{fn: n[1]})
			}
			continue
		}
		l, _ := strconv.Atoi(m[1])
		c, _ := strconv.Atoi(m[2])
		fs = append(fs, frame{line: cellLine(l), col: c, fn: m[3]})
	}
	return fs
}

// ANSI colours as ipykernel uses them in tracebacks.
const (
	red    = "\x1b[0;31m"
	green  = "\x1b[0;32m"
	cyan   = "\x1b[0;36m"
	reset  = "\x1b[0m"
	ruler  = "---------------------------------------------------------------------------"
	margin = 2 // lines of context around the failing one
)

// kernelError dresses e as ipykernel dresses an exception: a ruler, the error
// name, each frame with the cell's source around its line, and "Name: value".
func (e *cellErr) kernelError(code string) *kernel.CellError {
	src := strings.Split(code, "\n")
	tb := []string{
		red + ruler + reset,
		red + e.name + reset + strings.Repeat(" ", max(1, 42-len(e.name))) + "Traceback (most recent call last)",
	}
	if len(e.frames) > 0 {
		for _, f := range e.frames {
			// A function literal's frame is named after the function around it.
			fn := f.fn
			for strings.HasSuffix(fn, ".func") {
				fn = strings.TrimSuffix(fn, ".func")
			}
			if topLevel(fn) {
				fn = "main"
			}
			where := ""
			if fn != "main" {
				name := strings.TrimPrefix(fn, "main.")
				if name == userMain {
					name = "main"
				}
				where = ", in " + cyan + name + reset
			}
			if !e.cellFuncs[fn] {
				tb = append(tb, fmt.Sprintf("Earlier cell, line %d%s", f.line, where))
				continue
			}
			tb = append(tb, fmt.Sprintf("Cell line %d%s\n%s", f.line, where, sourceAround(src, f.line)))
		}
	} else {
		for _, l := range e.lines {
			tb = append(tb, fmt.Sprintf("Cell line %d\n%s", l, sourceAround(src, l)))
		}
	}
	last := red + e.name + reset
	if e.value != "" {
		last += ": " + e.value
	}
	tb = append(tb, last)
	return &kernel.CellError{Name: e.name, Value: e.value, Traceback: tb}
}

// sourceAround shows the cell's lines around line (1-based), marking it with an
// arrow. A line outside the cell (a function from an earlier cell) shows no
// source: cells share one file name in yaegi, so its text is not at hand.
func sourceAround(src []string, line int) string {
	if line < 1 || line > len(src) {
		return ""
	}
	var b strings.Builder
	for l := max(1, line-margin); l <= min(len(src), line+margin); l++ {
		if l == line {
			fmt.Fprintf(&b, "%s----> %d%s %s\n", green, l, reset, src[l-1])
		} else {
			fmt.Fprintf(&b, "      %d %s\n", l, src[l-1])
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// resultBundle is the execute_result data of the values a cell ends with.
// A nil value shows nothing, as Python's None does. Several values (`a, b`,
// or a call with several results) show as a tuple.
func resultBundle(vals []any) map[string]any {
	switch len(vals) {
	case 0:
		return nil
	case 1:
		if isNil(vals[0]) {
			return nil
		}
		return bundleOf(vals[0])
	}
	parts := make([]string, len(vals))
	for i, v := range vals {
		if v == nil {
			parts[i] = "nil"
			continue
		}
		parts[i], _ = bundleOf(v)["text/plain"].(string)
	}
	return map[string]any{"text/plain": "(" + strings.Join(parts, ", ") + ")"}
}

// isNil reports Go's None: nil, or a nil pointer, function or channel (a
// nil *Tensor prints as None, but a cell ending in one shows nothing, as
// IPython shows nothing for None). Nil slices and maps show as empty ones.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch rv := reflect.ValueOf(v); rv.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Chan, reflect.UnsafePointer:
		return rv.IsNil()
	}
	return false
}

// bundleOf shows one value: a Displayer's own bundle, a Repr's text (Jupyter
// shows a cell's value by its repr, and tensor.Array's String is numpy's str, its
// Repr numpy's repr), a Stringer's String, an error's message, a string quoted
// (Go syntax, as Python shows a repr), else fmt's %v.
func bundleOf(v any) map[string]any {
	if b, ok := projectBundle(v); ok {
		return b
	}
	switch x := v.(type) {
	case interface{ Repr() string }:
		return map[string]any{"text/plain": x.Repr()}
	case fmt.Stringer:
		return map[string]any{"text/plain": x.String()}
	case error:
		return map[string]any{"text/plain": x.Error()}
	case string:
		return map[string]any{"text/plain": strconv.Quote(x)}
	}
	return map[string]any{"text/plain": fmt.Sprintf("%v", v)}
}
