package autograd

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/gograd/gograd/tensor"
)

// The reference notebooks (../shared/reference/pytorch, executed on PyTorch 1.13) are
// ported cell by cell: each Go cell builds the same computation and prints what the
// Python cell printed, and the text must match the reference exactly (trailing spaces
// and blank lines aside, as build/compare.py compares). The expected texts live in
// testdata/reference_outputs.json, extracted from the notebooks by
// testdata/extract_reference.py. Cells of a notebook run in order and share state, as in
// Jupyter, so seeded random streams continue from cell to cell.

// refCell is one ported code cell: the notebook key ("000"), the cell's index in the
// notebook's cells list, and its Go twin.
type refCell struct {
	idx int
	run func(p *py)
}

// stateOnly are cells run for the state later cells need whose own output is not
// autograd's (a plot object's repr): they run but are not compared.
var stateOnly = map[string]map[int]bool{"004": {32: true}}

// notebookCells builds each notebook's cells afresh (their shared variables live in the
// closure).
var notebookCells = map[string]func() []refCell{}

// py collects what a cell prints.
type py struct{ b strings.Builder }

// print is Python's print: str of each argument, space separated, newline ended.
func (p *py) print(args ...any) {
	parts := make([]string, len(args))
	for i, a := range args {
		parts[i] = pyStr(a)
	}
	p.b.WriteString(strings.Join(parts, " ") + "\n")
}

// printf writes formatted text and a newline (an f-string print).
func (p *py) printf(format string, args ...any) {
	p.b.WriteString(fmt.Sprintf(format, args...) + "\n")
}

// result is the cell's last expression as Jupyter shows it (its repr).
func (p *py) result(v any) {
	if a, ok := v.(*tensor.Array); ok {
		p.b.WriteString(a.Repr() + "\n")
		return
	}
	p.b.WriteString(pyStr(v) + "\n")
}

func pyStr(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case bool:
		return PyBool(x)
	case float64:
		return PyFloat(x)
	case nil:
		return "None"
	case *tensor.Array:
		return x.String()
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// catch runs a cell and turns a panic with a tensor.Error into Python's last traceback
// line, "RuntimeError: message".
func catch(p *py, run func(p *py)) (failed any) {
	defer func() {
		if e := recover(); e != nil {
			if te, ok := e.(*tensor.Error); ok {
				p.b.WriteString(te.Kind + ": " + te.Msg + "\n")
				return
			}
			failed = e
		}
	}()
	run(p)
	return nil
}

// normalize drops trailing spaces and trailing blank lines.
func normalize(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.TrimRight(strings.Join(lines, "\n"), "\n")
}

type refNotebook map[string]struct {
	Source string `json:"source"`
	Output string `json:"output"`
}

func loadReference(t *testing.T) map[string]refNotebook {
	t.Helper()
	raw, err := os.ReadFile("testdata/reference_outputs.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]refNotebook
	if err := json.Unmarshal(raw, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// Cells left to other packages: nn/optim/functional cells (autograd/nn and friends test
// them) and cells whose output is a plot object's repr.
var otherOwners = map[string]map[int]string{
	"001": {17: "functional", 18: "functional", 19: "functional", 34: "nn", 36: "nn",
		30: "tensor (numpy only)", 31: "tensor (numpy only)"},
	"004": {39: "nn", 40: "nn"},
}

// involvesAutograd decides whether a reference cell is a candidate: its output shows
// gradients, grad_fn or requires_grad suffixes, autograd errors, or its source computes
// gradients (backward, autograd.grad, requires_grad).
func involvesAutograd(source, output string) bool {
	if output == "" {
		return false
	}
	for _, k := range []string{"grad", "backward", "Error"} {
		if strings.Contains(source, k) || strings.Contains(output, k) {
			return true
		}
	}
	return false
}

func TestReferenceCells(t *testing.T) {
	ref := loadReference(t)
	keys := make([]string, 0, len(notebookCells))
	for k := range notebookCells {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	covered := map[string]map[int]bool{}
	for _, nb := range keys {
		nb := nb
		covered[nb] = map[int]bool{}
		t.Run(nb, func(t *testing.T) {
			ManualSeed(0) // fresh interpreter state per notebook; cells that seed do so again
			SetGradEnabled(true)
			for _, c := range notebookCells[nb]() {
				want, ok := ref[nb][fmt.Sprint(c.idx)]
				if !ok {
					t.Fatalf("notebook %s has no code cell %d", nb, c.idx)
				}
				p := &py{}
				if e := catch(p, c.run); e != nil {
					t.Errorf("cell %s/%d panicked: %v", nb, c.idx, e)
					continue
				}
				if stateOnly[nb][c.idx] {
					continue
				}
				covered[nb][c.idx] = true
				if got, exp := normalize(p.b.String()), normalize(want.Output); got != exp {
					t.Errorf("cell %s/%d\n--- got:\n%s\n--- want:\n%s", nb, c.idx, got, exp)
				}
			}
		})
	}

	// Coverage of the candidate cells, reported and kept from shrinking.
	var cand, cov int
	var missing []string
	nbs := make([]string, 0, len(ref))
	for nb := range ref {
		nbs = append(nbs, nb)
	}
	sort.Strings(nbs)
	for _, nb := range nbs {
		idxs := make([]int, 0)
		for k := range ref[nb] {
			var i int
			fmt.Sscan(k, &i)
			idxs = append(idxs, i)
		}
		sort.Ints(idxs)
		for _, i := range idxs {
			c := ref[nb][fmt.Sprint(i)]
			if !involvesAutograd(c.Source, c.Output) || otherOwners[nb][i] != "" {
				continue
			}
			cand++
			if covered[nb][i] {
				cov++
			} else {
				missing = append(missing, fmt.Sprintf("%s/%d", nb, i))
			}
		}
	}
	ported := 0
	for _, m := range covered {
		ported += len(m)
	}
	t.Logf("reference cells covered: %d of %d autograd candidates (%d cells compared in all); not ported: %v", cov, cand, ported, missing)
	if cov < cand {
		t.Errorf("%d autograd candidate cells are not ported", cand-cov)
	}
}
