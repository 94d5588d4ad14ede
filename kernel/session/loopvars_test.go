package session

import (
	"go/printer"
	"go/token"
	"strings"
	"testing"
)

// hoistedSource is a cell's source as hoistLoopVars rewrites it.
func hoistedSource(t *testing.T, s *Session, cell string) string {
	t.Helper()
	segs, checks := checkedCell(t, s, cell)
	var b strings.Builder
	for i, seg := range segs {
		undo := s.hoistLoopVars(seg.file, checks[i].info)
		printer.Fprint(&b, token.NewFileSet(), seg.file)
		undo()
		var after strings.Builder
		printer.Fprint(&after, token.NewFileSet(), seg.file)
		if strings.Contains(after.String(), "\tvar ") != strings.Contains(seg.src, "var ") {
			t.Errorf("%s: not put back:\n%s", cell, after.String())
		}
	}
	return b.String()
}

func TestHoistLoopVars(t *testing.T) {
	s := New()
	run(t, s, "x := autograd.Ones(1)\ntype ctr struct{ n int }\nfunc (c *ctr) inc() { c.n++ }")
	for _, tc := range []struct {
		name, cell string
		hoisted    []string // the declarations hoisted
		kept       []string // the definitions left as they are
	}{
		{"tensor", "for i := 0; i < 3; i++ {\n\ta := x.Mul(x)\n\ta.Backward()\n}",
			[]string{"var a *autograd.Tensor", "a = x.Mul(x)"}, nil},
		{"range and basic types", "for _, v := range []int{1, 2} {\n\tf, s := float64(v), \"s\"\n\t_, _ = f, s\n}",
			[]string{"var f float64", "var s string", "f, s = float64(v)"}, nil},
		{"captured", "fs := []func() int{}\nfor i := 0; i < 3; i++ {\n\tv := i\n\tfs = append(fs, func() int { return v })\n}",
			nil, []string{"v := i"}},
		{"address taken", "ps := []*int{}\nfor i := 0; i < 3; i++ {\n\tv := i\n\tps = append(ps, &v)\n}",
			nil, []string{"v := i"}},
		{"pointer method on a value", "for i := 0; i < 2; i++ {\n\tc := ctr{}\n\tc.inc()\n}",
			nil, []string{"c := ctr{}"}},
		{"name used for another variable", "a := 10\nfor i := 0; i < a; i++ {\n\tb := a\n\ta := i\n\t_, _ = a, b\n}",
			[]string{"var b int"}, []string{"a := i"}},
		{"local type", "func() {\n\ttype q struct{}\n\tfor i := 0; i < 2; i++ {\n\t\tv := q{}\n\t\t_ = v\n\t}\n}()",
			nil, []string{"v := q{}"}},
		{"partly new", "for i := 0; i < 2; i++ {\n\tvar e error\n\tn, e := fmt.Print()\n\t_, _ = n, e\n}",
			[]string{"var n int", "n, e = fmt.Print()"}, nil},
		{"outer variable of the name", "e := error(nil)\nfor i := 0; i < 2; i++ {\n\tn, e := fmt.Print()\n\t_, _ = n, e\n}",
			nil, []string{"n, e := fmt.Print()"}},
	} {
		src := hoistedSource(t, s, tc.cell)
		for _, h := range tc.hoisted {
			if !strings.Contains(src, h) {
				t.Errorf("%s: no %q in\n%s", tc.name, h, src)
			}
		}
		for _, k := range tc.kept {
			if !strings.Contains(src, k) {
				t.Errorf("%s: %q rewritten:\n%s", tc.name, k, src)
			}
		}
	}
}

// Hoisting changes nothing a cell can see: captured and addressed loop
// variables are still one per iteration.
func TestHoistedLoopsRun(t *testing.T) {
	s := New()
	for cell, want := range map[string]string{
		"fs := []func() int{}\nfor i := 0; i < 3; i++ {\n\tv := i * 10\n\tfs = append(fs, func() int { return v })\n}\nfs[0]() + fs[1]() + fs[2]()": "30",
		"ps := []*int{}\nfor i := 0; i < 3; i++ {\n\tv := i\n\tps = append(ps, &v)\n}\n*ps[0] + *ps[1] + *ps[2]":                                    "3",
		"sum := 0.0\nfor i := 0; i < 4; i++ {\n\ty := autograd.Ones(2).Mul(float64(i))\n\tsum += y.Sum().Item()\n}\nsum":                            "12",
		"import \"strings\"\nlast := \"\"\nfor _, w := range []string{\"a\", \"b\"} {\n\tu := strings.ToUpper(w)\n\tlast = u\n}\nlast":              `"B"`,
	} {
		if _, data := run(t, s, cell); text(data) != want {
			t.Errorf("%s = %s, want %s", cell, text(data), want)
		}
	}
}
