package session

import (
	"errors"
	"testing"

	"github.com/gograd/gograd/tensor"
)

type stringerOnly struct{}

func (stringerOnly) String() string { return "str" }

type reprAndString struct{}

func (reprAndString) String() string { return "str" }
func (reprAndString) Repr() string   { return "repr" }

func TestBundleOfText(t *testing.T) {
	arr := tensor.New([][]float32{{1, 2}, {3, 4}})
	tests := []struct {
		name string
		v    any
		want string
	}{
		// numpy's repr of np.array([[1., 2.], [3., 4.]], dtype=float32), as Jupyter shows it.
		{"array shows its repr", arr, "array([[1., 2.],\n       [3., 4.]], dtype=float32)"},
		{"repr wins over String", reprAndString{}, "repr"},
		{"Stringer", stringerOnly{}, "str"},
		{"error", errors.New("boom"), "boom"},
		{"string is quoted", "a\tb", `"a\tb"`},
		{"plain value", 42, "42"},
	}
	for _, tt := range tests {
		if got := bundleOf(tt.v)["text/plain"]; got != tt.want {
			t.Errorf("%s: text/plain = %q, want %q", tt.name, got, tt.want)
		}
	}
}
