package session

import (
	"go/token"
	"strings"
	"testing"
)

func TestSegments(t *testing.T) {
	tests := []struct {
		code string
		want string // one letter per segment: d(eclarations) s(tatements)
	}{
		{"x := 1", "s"},
		{"func f() {}", "d"},
		{"import \"os\"\nfunc f() {}\ntype T int\nconst c = 1", "d"},
		{"x := 1\nfunc f() int { return x }\ny := f()", "sds"},
		{"var v = 1\nv++", "s"}, // var is a statement
		{"func() { fmt.Println() }()", "s"},
		{"func (t T) M() {}\nfunc(a int) {}(1)", "ds"},
		{"x := map[string]func(){\n\t\"a\": func() {},\n}\nfunc g() {}", "sd"},
		{"type (\n\tA int\n\tB string\n)\nA(1)", "ds"},
		{"// only a comment", ""},
		{"", ""},
	}
	for _, tc := range tests {
		var got strings.Builder
		for _, s := range segments(tc.code) {
			if s.decl {
				got.WriteByte('d')
			} else {
				got.WriteByte('s')
			}
		}
		if got.String() != tc.want {
			t.Errorf("segments(%q) = %q, want %q", tc.code, got.String(), tc.want)
		}
	}
}

func TestSegmentsKeepPositions(t *testing.T) {
	code := "x := 1\n\nfunc f() int {\n\treturn x\n}\n  y := f()"
	fset := token.NewFileSet()
	segs, err := parseCell(fset, code)
	if err != nil {
		t.Fatal(err)
	}
	if len(segs) != 3 {
		t.Fatalf("%d segments", len(segs))
	}
	// y := f() is on cell line 6, column 3.
	last := segs[2].body.List[0]
	pos := fset.Position(last.Pos())
	if cellLine(pos.Line) != 6 || pos.Column != 3 {
		t.Errorf("y := f() at line %d column %d, want 6:3", cellLine(pos.Line), pos.Column)
	}
	fn := segs[1].file.Decls[0]
	if l := cellLine(fset.Position(fn.Pos()).Line); l != 3 {
		t.Errorf("func f at line %d, want 3", l)
	}
}

func TestExprListTail(t *testing.T) {
	tests := []struct{ code, want string }{
		{"a, b", resultFunc + "(a, b)"},
		{"x := 1\nx, x+1", "x := 1\n" + resultFunc + "(x, x+1)"},
		{"f(a, b)", "f(a, b)"},
		{"a, b := 1, 2", "a, b := 1, 2"},
		{"a, b = b, a", "a, b = b, a"},
		{"return a, b", "return a, b"},
		{"[]int{1, 2}", "[]int{1, 2}"},
		{"ch <- a, b", "ch <- a, b"},
	}
	for _, tc := range tests {
		if got := exprListTail(tc.code); got != tc.want {
			t.Errorf("exprListTail(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}

func TestProgramCell(t *testing.T) {
	tests := []struct{ code, want string }{
		{"package main\nfunc main() {}", "            \nfunc main() {}\nmain()"},
		{"package foo\nvar x = 1", "           \nvar x = 1"},
		{"x := 1", "x := 1"},
	}
	for _, tc := range tests {
		if got := programCell(tc.code); got != tc.want {
			t.Errorf("programCell(%q) = %q, want %q", tc.code, got, tc.want)
		}
	}
}
