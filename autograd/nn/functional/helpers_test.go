package F

import (
	"fmt"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/internal/golden"
)

// checkSavedAttrs compares the saved attributes of out's node with torch's as the
// gen scripts record them (golden.py's saved_attrs: "[saved tensor]" for a tensor,
// Python's str of anything else).
func checkSavedAttrs(t *testing.T, out *Tensor, want map[string]string) {
	t.Helper()
	got := map[string]string{}
	for _, a := range out.GradFn().SavedAttrs() {
		if tt, ok := a.Value.(*autograd.Tensor); ok && tt != nil {
			got[a.Name] = "[saved tensor]"
		} else {
			got[a.Name] = autograd.FormatValue(a.Value)
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("saved %v, torch %v", got, want)
	}
}

// checkErrorTexts runs each misuse and compares what it raises with torch's text of
// the same name; every golden must have its Go case.
func checkErrorTexts(t *testing.T, cases map[string]func(), want map[string]string) {
	t.Helper()
	if len(cases) != len(want) {
		t.Errorf("%d Go cases, %d goldens", len(cases), len(want))
	}
	for name, f := range cases {
		if got := golden.PanicText(f); got != want[name] {
			t.Errorf("%s: %q\n torch %q", name, got, want[name])
		}
	}
}
