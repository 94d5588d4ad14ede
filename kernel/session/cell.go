package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// A cell is split into segments because yaegi decides between file mode
// (declarations) and statement mode from the first token of what it is given:
// a cell that mixes `func f()` with `x := f()` must be fed to it in pieces, in
// source order, so that a statement may use a function declared above it and a
// declaration may use a variable assigned above it.
type segment struct {
	decl  bool   // import/func/type/const at top level: compiled as a file
	start int    // byte offset of the first token in the cell
	end   int    // byte offset just past the last chunk
	src   string // what yaegi is given: a file whose lines match the cell's
}

// Source handed to yaegi starts with one header line, so a position on line n
// of the compiled file is on line n-1 of the cell.
const (
	fileHeader = "package main\n"
	stmtHeader = "package main; func main() {\n"
	// cellFile is the name every cell is compiled under. yaegi scopes imports by
	// file name, so all cells must share one for an import to outlive its cell.
	cellFile   = "cell.go"
	headerLine = 1
)

// chunk is one top-level statement or declaration of a cell.
type chunk struct {
	tok        token.Token // first token
	start, end int
	decl       bool
}

// splitChunks cuts src at the semicolons (written or implied by a newline) that
// sit outside any bracket. Scanning errors are ignored here: the parser reports
// them with better positions.
func splitChunks(src string) []chunk {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)

	var chunks []chunk
	depth := 0
	cur := chunk{start: -1}
	var toks []token.Token // the first tokens of the current chunk, to classify it
	flush := func(end int) {
		if cur.start >= 0 {
			cur.end = end
			cur.decl = isDeclStart(toks)
			chunks = append(chunks, cur)
		}
		cur = chunk{start: -1}
		toks = toks[:0]
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			flush(len(src))
			return chunks
		}
		off := file.Offset(pos)
		if tok == token.SEMICOLON && depth == 0 {
			end := off
			if lit == ";" {
				end++
			}
			flush(end)
			continue
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		}
		if cur.start < 0 {
			cur.start, cur.tok = off, tok
		}
		if len(toks) < 64 {
			toks = append(toks, tok)
		}
	}
}

// isDeclStart tells a top-level declaration from a statement by its first
// tokens. `var` counts as a statement: yaegi compiles it in statement mode
// just as well, and in file mode fails on an initializer that uses a variable
// a statement defined ("variable definition loop"). `func` starts a declaration when a name follows it, or a receiver
// and then a name (`func (p T) M()`); otherwise it is a function literal in a
// statement such as `func() { ... }()`.
func isDeclStart(toks []token.Token) bool {
	if len(toks) == 0 {
		return false
	}
	switch toks[0] {
	case token.IMPORT, token.TYPE, token.CONST:
		return true
	case token.FUNC:
		if len(toks) < 2 {
			return false
		}
		if toks[1] == token.IDENT {
			return true
		}
		if toks[1] != token.LPAREN {
			return false
		}
		depth := 0
		for i := 1; i < len(toks); i++ {
			switch toks[i] {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					return i+1 < len(toks) && toks[i+1] == token.IDENT
				}
			}
		}
	}
	return false
}

// segments groups consecutive chunks of one kind and builds their sources.
// Everything of the cell outside a segment is blanked (newlines kept), so line
// and column numbers in the compiled file are the cell's own.
func segments(src string) []segment {
	var segs []segment
	for _, c := range splitChunks(src) {
		if n := len(segs); n > 0 && segs[n-1].decl == c.decl {
			segs[n-1].end = c.end
			continue
		}
		segs = append(segs, segment{decl: c.decl, start: c.start, end: c.end})
	}
	for i := range segs {
		s := &segs[i]
		header, trailer := stmtHeader, "\n}"
		if s.decl {
			header, trailer = fileHeader, ""
		}
		s.src = header + blankOutside(src, s.start, s.end) + trailer
	}
	return segs
}

// blankOutside returns src with every byte outside [start, end) turned into a
// space, newlines excepted.
func blankOutside(src string, start, end int) string {
	b := []byte(src)
	for i := range b {
		if (i < start || i >= end) && b[i] != '\n' && b[i] != '\t' {
			b[i] = ' '
		}
	}
	return string(b)
}

// parsed is a segment ready for yaegi: the file (declarations) or the body of
// the wrapper function (statements).
type parsed struct {
	segment
	file *ast.File
	body *ast.BlockStmt
}

// parseCell parses every segment of a cell before any of it runs, so a syntax
// error on line 9 does not leave lines 1-8 executed.
func parseCell(fset *token.FileSet, src string) ([]parsed, error) {
	var out []parsed
	for _, s := range segments(src) {
		f, err := parser.ParseFile(fset, cellFile, s.src, parser.DeclarationErrors|parser.ParseComments)
		if err != nil {
			return nil, err
		}
		p := parsed{segment: s, file: f}
		if !s.decl {
			p.body = f.Decls[0].(*ast.FuncDecl).Body
		}
		out = append(out, p)
	}
	return out, nil
}

// lastExpr reports the expressions whose value a cell shows: those of its last
// statement when that is an expression statement, or an expression list such as
// `a, b` (which Go does not accept as a statement, so parseCell has already
// turned it into a call, see exprListTail). Assignments, declarations and
// blocks show nothing.
func lastExpr(p []parsed) (*ast.ExprStmt, bool) {
	if len(p) == 0 || p[len(p)-1].decl {
		return nil, false
	}
	list := p[len(p)-1].body.List
	if len(list) == 0 {
		return nil, false
	}
	es, ok := list[len(list)-1].(*ast.ExprStmt)
	return es, ok
}

// exprListTail rewrites a cell whose last top-level chunk is a bare expression
// list (`a, b`) into `_gograd.Result(a, b)`, Go having no statement form for
// it. The list then displays as a tuple, as Python shows `a, b`. The rewrite is
// textual and keeps every other byte in place.
func exprListTail(src string) string {
	chunks := splitChunks(src)
	if len(chunks) == 0 {
		return src
	}
	c := chunks[len(chunks)-1]
	if c.decl || !isExprList(src[c.start:c.end]) {
		return src
	}
	text := strings.TrimRight(src[c.start:c.end], "; \t\n")
	return src[:c.start] + resultFunc + "(" + text + ")" + src[c.start+len(text):]
}

// isExprList reports whether s has a comma outside brackets and no assignment
// or statement keyword at top level.
func isExprList(s string) bool {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(s))
	var sc scanner.Scanner
	sc.Init(file, []byte(s), func(token.Position, string) {}, 0)
	depth, comma := 0, false
	first := true
	for {
		_, tok, _ := sc.Scan()
		if tok == token.EOF {
			return comma
		}
		if first && tok.IsKeyword() && tok != token.FUNC {
			return false
		}
		first = false
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.COMMA:
			if depth == 0 {
				comma = true
			}
		case token.ASSIGN, token.DEFINE, token.ARROW, token.COLON,
			token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.QUO_ASSIGN,
			token.REM_ASSIGN, token.AND_ASSIGN, token.OR_ASSIGN, token.XOR_ASSIGN,
			token.SHL_ASSIGN, token.SHR_ASSIGN, token.AND_NOT_ASSIGN:
			if depth == 0 {
				return false
			}
		}
	}
}

// cellPos maps a position in a compiled segment back to the cell.
func cellLine(fileLine int) int { return fileLine - headerLine }

// syntaxError turns a parse error into the cell's SyntaxError. An error
// found in the brace closing the statement wrapper (a stray `}` closed it
// early) is put on the cell's last line.
func syntaxError(err error, code string) *cellErr {
	var lines []int
	var msgs []string
	last := strings.Count(code, "\n") + 1
	if list, ok := err.(scanner.ErrorList); ok {
		for _, e := range list {
			if len(msgs) == 10 {
				break
			}
			l := min(max(cellLine(e.Pos.Line), 1), last)
			lines = append(lines, l)
			msgs = append(msgs, fmt.Sprintf("line %d:%d: %s", l, e.Pos.Column, e.Msg))
		}
	} else {
		msgs = append(msgs, err.Error())
	}
	return &cellErr{name: "SyntaxError", value: strings.Join(msgs, "; "), lines: lines}
}

// programCell lets a cell be a whole program, as pasted from a .go file: the
// package clause is blanked out and, if the cell declares func main, a call
// of main is added at its end, so that the program runs.
func programCell(src string) string {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var sc scanner.Scanner
	sc.Init(file, []byte(src), func(token.Position, string) {}, 0)
	pos, tok, _ := sc.Scan()
	if tok != token.PACKAGE {
		return src
	}
	_, _, _ = sc.Scan() // the package name
	end, _, _ := sc.Scan()
	src = strings.Repeat(" ", file.Offset(end)-file.Offset(pos)) + src[file.Offset(end):]
	if f, err := parser.ParseFile(fset, "", "package main\n"+src, 0); err == nil {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
				return src + "\nmain()"
			}
		}
	}
	return src
}
