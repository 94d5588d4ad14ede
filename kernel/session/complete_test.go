package session

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// completeSession has a few live variables of compiled and interpreted types.
func completeSession(t *testing.T) *Session {
	s := New()
	run(t, s, "import \"strings\"\ntype point struct{ X, Y int }\nfunc (p *point) Norm() int { return p.X*p.X + p.Y*p.Y }\nvar sb strings.Builder\npt := &point{1, 2}\n"+
		"myCount := 3\nfunc myHelper() {}\nw := autograd.New([]float32{1, 2}, autograd.RequiresGrad)")
	return s
}

func TestComplete(t *testing.T) {
	s := completeSession(t)
	tests := []struct {
		code      string
		cursor    int // -1: end of code
		want      []string
		notWant   []string
		wantStart int // rune offset; -1: cursor minus the typed prefix is not checked
	}{
		{code: "fmt.Prin", cursor: -1, want: []string{"Print", "Printf", "Println"}, wantStart: 4},
		{code: "strings.Rep", cursor: -1, want: []string{"Repeat", "Replace", "ReplaceAll"}, wantStart: 8},
		{code: "sb.Wri", cursor: -1, want: []string{"WriteString", "WriteByte"}, wantStart: 3},
		{code: "pt.", cursor: -1, want: []string{"X", "Y", "Norm"}, wantStart: 3},
		{code: "my", cursor: -1, want: []string{"myCount", "myHelper"}, wantStart: 0},
		{code: "x := my", cursor: -1, want: []string{"myCount", "myHelper"}, wantStart: 5},
		{code: "au", cursor: -1, want: []string{"autograd"}, wantStart: 0},
		{code: "autograd.Requ", cursor: -1, want: []string{"RequiresGrad"}, wantStart: 9},
		{code: "w.Bac", cursor: -1, want: []string{"Backward"}, wantStart: 2},
		{code: "w.Grad", cursor: -1, want: []string{"Grad", "GradFn"}, notWant: []string{"Backward"}, wantStart: 2},
		{code: "tensor.Ze", cursor: -1, want: []string{"Zeros", "ZerosLike"}, wantStart: 7},
		{code: "nn.Lin", cursor: -1, want: []string{"Linear"}, wantStart: 3},
		{code: "bytes.Equ", cursor: -1, want: []string{"Equal"}, wantStart: 6}, // importable, not yet imported
		{code: "ret", cursor: -1, want: []string{"return"}, wantStart: 0},
		// the cursor in the middle of the code, after a multi-byte character
		{code: "s := \"é\"; fmt.Sp\nfoo()", cursor: utf8.RuneCountInString("s := \"é\"; fmt.Sp"), want: []string{"Sprint", "Sprintf"}, wantStart: utf8.RuneCountInString("s := \"é\"; fmt.")},
		{code: "nosuchvar.", cursor: -1, want: nil, wantStart: 10},
		// chains, typed from reflect without running anything
		{code: "w.Grad().Nu", cursor: -1, want: []string{"Numel", "Numpy"}, wantStart: 9},
		{code: "autograd.New(1).Requ", cursor: -1, want: []string{"RequiresGrad", "RequiresGrad_"}, wantStart: 16},
		{code: "tensor.Ones(2, 3).T().Sh", cursor: -1, want: []string{"Shape"}, wantStart: 22},
		{code: "sb.String().", cursor: -1, want: nil, wantStart: 12}, // a string has no members
		{code: `strings.Split("a,b", ",")[0].`, cursor: -1, want: nil, wantStart: 29},
		{code: "pt.X.", cursor: -1, want: nil, wantStart: 5},
		{code: "(1 + 2).", cursor: -1, want: nil, wantStart: 8},
	}
	for _, tc := range tests {
		cursor := tc.cursor
		if cursor < 0 {
			cursor = utf8.RuneCountInString(tc.code)
		}
		got, start, end := s.Complete(tc.code, cursor)
		for _, w := range tc.want {
			if !slices.Contains(got, w) {
				t.Errorf("Complete(%q): %v lacks %s", tc.code, got, w)
			}
		}
		for _, w := range tc.notWant {
			if slices.Contains(got, w) {
				t.Errorf("Complete(%q): %v has %s", tc.code, got, w)
			}
		}
		if tc.want == nil && len(got) != 0 {
			t.Errorf("Complete(%q) = %v, want nothing", tc.code, got)
		}
		if start != tc.wantStart || end != cursor {
			t.Errorf("Complete(%q): range [%d, %d), want [%d, %d)", tc.code, start, end, tc.wantStart, cursor)
		}
	}
}

func TestInspect(t *testing.T) {
	s := completeSession(t)
	tests := []struct {
		code   string
		cursor int // -1: end
		want   []string
	}{
		// the standard library: declaration and doc comment, from GOROOT
		{"fmt.Println", -1, []string{"func Println(a ...any) (n int, err error)", "Println formats using the default formats"}},
		{"strings.Builder", -1, []string{"type Builder struct", "A Builder is used to efficiently build a string"}},
		// the cursor inside the name
		{"x := strings.ToUpper(s)", 15, []string{"func ToUpper(s string) string"}},
		{"math", -1, []string{"package math", "Package math provides basic constants"}},
		// this project's packages, from the module's source
		{"autograd.New", -1, []string{"func New(data any, opts ...Option) *Tensor"}},
		{"tensor", -1, []string{"package tensor"}},
		// live variables: type and value; a method: its doc
		{"myCount", -1, []string{"Type: int", "Value: 3"}},
		{"pt", -1, []string{"Type: *struct", "Value: &{1 2}"}},
		{"w", -1, []string{"Type: *autograd.Tensor"}},
		{"w.Backward", -1, []string{"Type: *autograd.Tensor", "func (t *Tensor) Backward("}},
		{"sb.WriteString", -1, []string{"Type: strings.Builder", "func (b *Builder) WriteString(s string) (int, error)"}},
		// a method of a chain's value, typed without running it
		{"w.Grad().Backward", -1, []string{"func (t *Tensor) Backward("}},
		{"w.Backward()", 4, []string{"func (t *Tensor) Backward("}},
		// a cell's own declarations: their source
		{"myHelper", -1, []string{"Declared in a cell", "func myHelper() {}"}},
		{"point", -1, []string{"type point struct{ X, Y int }"}},
		// inside a call's parentheses (Shift+Tab after the '('): the function called
		{"autograd.New(", -1, []string{"func New(data any, opts ...Option) *Tensor"}},
		{"y := autograd.New([]float64{1, 2}, ", -1, []string{"func New(data any, opts ...Option) *Tensor"}},
		{"fmt.Println(strings.ToUpper(s), ", -1, []string{"func Println(a ...any)"}},
		{"w.Backward(", -1, []string{"func (t *Tensor) Backward("}},
	}
	for _, tc := range tests {
		cursor := tc.cursor
		if cursor < 0 {
			cursor = len(tc.code)
		}
		data, found := s.Inspect(tc.code, cursor, 0)
		if !found {
			t.Errorf("Inspect(%q, %d): not found", tc.code, cursor)
			continue
		}
		got, _ := data["text/plain"].(string)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("Inspect(%q, %d) = %q, lacks %q", tc.code, cursor, got, w)
			}
		}
	}
	for _, code := range []string{"", "   ", "nosuchname", "(1 + 2)", "(1 + ", "nosuchname("} {
		if data, found := s.Inspect(code, len(code), 0); found {
			t.Errorf("Inspect(%q) = %v, want not found", code, data)
		}
	}
}

func TestIsComplete(t *testing.T) {
	s := New()
	tests := []struct {
		code, status, indent string
	}{
		{"x := 1", "complete", ""},
		{"fmt.Println(\"hi\")", "complete", ""},
		{"func f() {}\nf()", "complete", ""},
		{"a, b", "complete", ""},
		{"", "complete", ""},
		{"func f() {", "incomplete", "\t"},
		{"for i := 0; i < 3; i++ {\n\tif i > 1 {", "incomplete", "\t\t"},
		{"x := []int{1,\n2", "incomplete", "\t"},
		{"fmt.Println(", "incomplete", "\t"},
		{"x := 1 +", "incomplete", "\t"},
		{"s := `raw", "incomplete", ""},
		{"/* open comment", "incomplete", ""},
		{"x := )", "invalid", ""},
		{"x := }", "invalid", ""},
		{"s := \"unterminated", "invalid", ""},
		{"x := 1 1", "invalid", ""},
		{"func (", "incomplete", "\t"},
	}
	for _, tc := range tests {
		status, indent := s.IsComplete(tc.code)
		if status != tc.status || indent != tc.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tc.code, status, indent, tc.status, tc.indent)
		}
	}
}
