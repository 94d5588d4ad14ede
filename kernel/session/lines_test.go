package session

import (
	"fmt"
	"strings"
	"testing"
)

// Every failing statement's traceback points at its own cell line, wherever
// it sits among comments, blank lines, declarations, loops and closures, and
// whatever fails: a panic, a runtime error, a tensor op in a chain, a call
// of a function from this cell or an earlier one.
func TestTracebackLines(t *testing.T) {
	fillers := []string{
		"// a comment",
		"",
		"a := autograd.Ones(2)",
		"func helper(v int) int { return v + 1 }",
		"for i := 0; i < 2; i++ {\n\ta = a.Add(1)\n}",
		"type pt struct{ x int }",
		"b := func() int { return 2 }()",
		"/* a block\ncomment */",
		"var c = 3",
		"fmt.Println(b, c)",
	}
	failing := []struct {
		name, stmt string
		at         int // line of the failing statement within stmt
	}{
		{"panic", `panic("boom")`, 0},
		{"index", "idx := 5\n_ = []int{1}[idx]", 1},
		{"chained op", "autograd.Ones(2, 3).Mul(2).Mm(autograd.Ones(2, 3)).Sum()", 0},
		{"in a loop", "for j := 0; j < 3; j++ {\n\tif j == 2 {\n\t\tautograd.Ones(2).Reshape(3)\n\t}\n}", 2},
		{"in a closure", "func() {\n\tvar p *struct{ x int }\n\t_ = p.x\n}()", 2},
		{"earlier function", "earlier(1)", 0},
		{"in a switch", "switch k := 2; k {\ncase 1:\n\tfmt.Println(1)\ncase 2:\n\tpanic(\"two\")\n}", 4},
		{"in a type switch", "var av any = 1\nswitch av.(type) {\ncase string:\ncase int:\n\tautograd.Ones(2).Reshape(3)\n}", 4},
		{"in a select", "sc := make(chan int, 1)\nsc <- 1\nselect {\ncase v := <-sc:\n\t_ = []int{}[v]\n}", 4},
		{"this cell's function", "func mine() {\n\tpanic(\"in mine\")\n}\nmine()", 3},
	}
	for _, f := range failing {
		for at := 0; at <= len(fillers); at++ {
			parts := append(append(append([]string(nil), fillers[:at]...), f.stmt), fillers[at:]...)
			code := strings.Join(parts, "\n")
			line := 1 + strings.Count(strings.Join(parts[:at], "\n"), "\n") + f.at
			if at > 0 {
				line++
			}
			t.Run(fmt.Sprintf("%s at %d", f.name, at), func(t *testing.T) {
				s := New()
				run(t, s, "func earlier(n int) {\n\t// line 2\n\tpanic(n)\n}")
				_, ce := runErr(t, s, code)
				tb := strings.Join(ce.Traceback, "\n")
				want := fmt.Sprintf("Cell line %d\n", line)
				arrow := fmt.Sprintf("----> %d%s %s", line, reset, strings.Split(code, "\n")[line-1])
				if !strings.Contains(tb, want) || !strings.Contains(tb, arrow) {
					t.Errorf("traceback does not point at line %d:\n%s\ncell:\n%s", line, tb, code)
				}
				if f.name == "earlier function" && !strings.Contains(tb, "Earlier cell, line 3, in \x1b[0;36mearlier") {
					t.Errorf("no frame of the earlier cell's function at its line 3:\n%s", tb)
				}
				if f.name == "this cell's function" && !strings.Contains(tb, "Cell line "+fmt.Sprint(line-2)+", in") {
					t.Errorf("no frame of mine at line %d:\n%s", line-2, tb)
				}
			})
		}
	}
}

// A wrong type anywhere in a cell, a variadic option included, is found
// before any of its lines runs.
func TestTypeErrorBeforeAnyLineRuns(t *testing.T) {
	s := New()
	run(t, s, "ran := 0")
	r, ce := runErr(t, s, "ran = 1\nfmt.Println(\"first line ran\")\nautograd.Linspace(0, 1, 5, 4, autograd.RequiresGrad)")
	if ce.Name != "CompileError" || !strings.Contains(ce.Value, "line 3:") {
		t.Errorf("error %s: %s, want a CompileError on line 3", ce.Name, ce.Value)
	}
	if strings.Contains(r.Out(), "first line ran") {
		t.Errorf("the cell's first lines ran: %q", r.Out())
	}
	if _, data := run(t, s, "ran"); text(data) != "0" {
		t.Errorf("ran = %s, want 0", text(data))
	}
}
