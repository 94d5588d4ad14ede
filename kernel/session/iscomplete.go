package session

import (
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete tells a console whether code can run as it is ("complete"), needs
// more lines ("incomplete", with the indent of the next one), or cannot be
// fixed by adding lines ("invalid").
func (s *Session) IsComplete(code string) (status, indent string) {
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	// As IPython: a cell magic takes lines until an empty one; a line magic
	// or shell command is one line.
	if t := strings.TrimLeft(code, " \t\n"); strings.HasPrefix(t, "%%") {
		lines := strings.Split(t, "\n")
		if len(lines) > 1 && strings.TrimSpace(lines[len(lines)-1]) == "" {
			return "complete", ""
		}
		return "incomplete", ""
	} else if (strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!")) && !strings.Contains(strings.TrimSpace(t), "\n") {
		return "complete", ""
	}
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(code))
	var sc scanner.Scanner
	var scanErr string
	sc.Init(file, []byte(code), func(_ token.Position, msg string) {
		if scanErr == "" {
			scanErr = msg
		}
	}, 0)
	var stack []token.Token
	last := token.ILLEGAL
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue // implied by a newline: look at the token before it
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			stack = append(stack, tok)
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if len(stack) == 0 || stack[len(stack)-1] != opening(tok) {
				return "invalid", ""
			}
			stack = stack[:len(stack)-1]
		}
		last = tok
	}
	switch {
	case strings.Contains(scanErr, "raw string literal not terminated"),
		strings.Contains(scanErr, "comment not terminated"):
		return "incomplete", ""
	case scanErr != "":
		return "invalid", ""
	case len(stack) > 0:
		return "incomplete", strings.Repeat("\t", len(stack))
	case continues(last):
		return "incomplete", "\t"
	}
	if _, err := parseCell(fset, exprListTail(code)); err != nil {
		return "invalid", ""
	}
	return "complete", ""
}

func opening(t token.Token) token.Token {
	switch t {
	case token.RPAREN:
		return token.LPAREN
	case token.RBRACK:
		return token.LBRACK
	}
	return token.LBRACE
}

// continues reports a last token after which Go expects more: a binary
// operator, a comma, a dot, an assignment.
func continues(t token.Token) bool {
	switch t {
	case token.RPAREN, token.RBRACK, token.RBRACE, token.INC, token.DEC,
		token.IDENT, token.INT, token.FLOAT, token.IMAG, token.CHAR, token.STRING,
		token.ILLEGAL, token.SEMICOLON, token.BREAK, token.CONTINUE, token.FALLTHROUGH, token.RETURN:
		return false
	}
	return t.IsOperator() || t == token.COMMA || t.IsKeyword()
}
