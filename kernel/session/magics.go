package session

import (
	"context"
	"sort"
	"strings"
)

// Magics are IPython's commands, with IPython's syntax: a line of a cell
// that starts with %name runs the line magic name with the rest of the line
// as its arguments, a line that starts with ! runs a shell command, and a
// cell whose first line starts with %%name is given whole to the cell magic
// name. The other lines of a cell are Go, run in order with the magics
// between them, and keep their cell line numbers in errors.
//
// To add a magic, add it to the table below; its handler gets the call and
// returns what the cell shows (nil for nothing) or the cell's error.

// magic is one entry of the table: a line form, a cell form or both.
type magic struct {
	line, cell func(s *Session, c *magicCall) (map[string]any, *cellErr)
	usage      string // "%name [options] args", as %help shows it
	help       string // one line
}

// magicCall is one use of a magic.
type magicCall struct {
	ctx  context.Context
	args string // the rest of the magic's line
	body string // a cell magic's lines after the first
	code string // the whole cell
	line int    // the cell line of the magic (1-based)
}

// magics is the table of magics by name.
var magics map[string]magic

func init() {
	magics = map[string]magic{
		"time": {line: timeLine, cell: timeCell, usage: "%time statement, %%time",
			help: "run once and print the CPU and wall time taken"},
		"timeit": {line: timeitLine, cell: timeitCell, usage: "%timeit [-n N] [-r R] statement, %%timeit [-n N] [-r R] [setup]",
			help: "time many runs: mean ± std. dev. of R runs of N loops (N chosen when not given)"},
		"who":  {line: whoMagic, usage: "%who [type]", help: "list the cells' names"},
		"whos": {line: whosMagic, usage: "%whos", help: "list the cells' variables with their types and values (shape and dtype of tensors)"},
		"reset": {line: resetMagic, usage: "%reset [-f]",
			help: "forget every name the cells defined (-f: without asking)"},
		"env": {line: envMagic, usage: "%env [NAME[=value]]",
			help: "show the environment, one variable, or set one"},
		"cd":  {line: cdMagic, usage: "%cd [dir]", help: "change the working directory (no dir: home, -: the previous one)"},
		"pwd": {line: pwdMagic, usage: "%pwd", help: "show the working directory"},
		"writefile": {cell: writefileCell, usage: "%%writefile [-a] file",
			help: "write the cell's other lines to file (-a: append)"},
		"lsmagic": {line: lsmagicMagic, usage: "%lsmagic", help: "list the magics"},
		"help":    {line: helpMagic, usage: "%help", help: "show the magics with their use"},
		"go": {line: goLine, usage: "%go get module@version, %go list",
			help: "pin a module's version for later imports; list the imported packages"},
	}
}

// magicNames are the names of the line (cell false) or cell magics, sorted.
func magicNames(cell bool) []string {
	var names []string
	for name, m := range magics {
		if (cell && m.cell != nil) || (!cell && m.line != nil) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// cellMagic splits a cell that starts with %%name.
func cellMagic(code string) (name, args, body string, ok bool) {
	first, body, _ := strings.Cut(code, "\n")
	first = strings.TrimSpace(first)
	if !strings.HasPrefix(first, "%%") {
		return "", "", "", false
	}
	name, args, _ = strings.Cut(first[2:], " ")
	return name, strings.TrimSpace(args), body, true
}

// piece is a run of a cell's lines: Go, a line magic or a shell command.
type piece struct {
	kind byte   // 'g' Go, '%' line magic, '!' shell
	text string // Go source, or the magic's line after its % or !
	line int    // the cell line it starts on
}

// splitMagics cuts a cell into Go and the lines that are magics. A line is a
// magic when it starts (after blanks) with % or !, and the Go before it does
// not continue onto it (Go may continue an expression with `!x` on the next
// line).
func splitMagics(code string) []piece {
	var ps []piece
	var goLines []string
	goStart := 1
	flush := func(next int) {
		if len(goLines) > 0 {
			ps = append(ps, piece{kind: 'g', text: strings.Join(goLines, "\n"), line: goStart})
		}
		goLines, goStart = nil, next
	}
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if (strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!")) && !continuesOnto(goLines) {
			flush(i + 2)
			ps = append(ps, piece{kind: t[0], text: t[1:], line: i + 1})
			continue
		}
		goLines = append(goLines, l)
	}
	flush(0)
	return ps
}

// continuesOnto reports Go lines whose last one ends in the middle of an
// expression.
func continuesOnto(goLines []string) bool {
	for i := len(goLines) - 1; i >= 0; i-- {
		t := strings.TrimSpace(goLines[i])
		if t == "" {
			continue
		}
		return strings.ContainsAny(t[len(t)-1:], "&|+-*/=(,<[{^%!:")
	}
	return false
}

// runCell runs a cell: Go, magics, or both.
func (s *Session) runCell(ctx context.Context, code string) (map[string]any, *cellErr) {
	if name, args, body, ok := cellMagic(code); ok {
		m, found := magics[name]
		if !found || m.cell == nil {
			return nil, unknownMagic("%%"+name, true)
		}
		return s.callMagic(m.cell, &magicCall{ctx: ctx, args: args, body: body, code: code, line: 1})
	}
	ps := splitMagics(code)
	if len(ps) == 1 && ps[0].kind == 'g' {
		return s.safeRun(ctx, code)
	}
	var data map[string]any
	for _, p := range ps {
		var cerr *cellErr
		switch p.kind {
		case 'g':
			data, cerr = s.runAt(ctx, p.text, p.line)
		case '!':
			data, cerr = s.callMagic(shellMagic, &magicCall{ctx: ctx, args: p.text, code: code, line: p.line})
		default:
			name, args, _ := strings.Cut(p.text, " ")
			m, found := magics[name]
			if !found || m.line == nil {
				return nil, unknownMagic("%"+name, false)
			}
			data, cerr = s.callMagic(m.line, &magicCall{ctx: ctx, args: strings.TrimSpace(args), code: code, line: p.line})
		}
		if cerr != nil {
			return nil, cerr
		}
	}
	return data, nil
}

// runAt runs Go source that starts on the given cell line.
func (s *Session) runAt(ctx context.Context, src string, line int) (map[string]any, *cellErr) {
	return s.safeRun(ctx, strings.Repeat("\n", max(0, line-1))+src)
}

// callMagic runs a magic, its panics made the cell's error.
func (s *Session) callMagic(f func(*Session, *magicCall) (map[string]any, *cellErr), c *magicCall) (data map[string]any, cerr *cellErr) {
	defer func() {
		if r := recover(); r != nil {
			data, cerr = nil, panicError(r, nil)
		}
	}()
	return f(s, c)
}

// unknownMagic is IPython's error for a magic it does not have, with the
// list of those there are.
func unknownMagic(name string, cell bool) *cellErr {
	kind, prefix := "Line", "%"
	if cell {
		kind, prefix = "Cell", "%%"
	}
	var list []string
	for _, n := range magicNames(cell) {
		list = append(list, prefix+n)
	}
	return &cellErr{name: "UsageError", value: kind + " magic function `" + name + "` not found. The " +
		strings.ToLower(kind) + " magics are: " + strings.Join(list, " ") + " (and !cmd for the shell)"}
}

// usageError is a magic used wrongly.
func usageError(msg string) *cellErr { return &cellErr{name: "UsageError", value: msg} }

// print writes to the cell's stdout.
func (s *Session) print(text string) {
	s.streams.writer(streamStdout).Write([]byte(text))
}

// textResult is what a cell shows as text.
func textResult(t string) map[string]any { return map[string]any{"text/plain": t} }
