package session

import (
	"reflect"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/traefik/yaegi/interp"
)

// The checker sees every package a cell can import: the symbol tables, the
// generic standard packages yaegi runs from source, and a table given to
// the interpreter directly (as a package added later would be).
func TestCheckerSeesEveryPackage(t *testing.T) {
	s := New()
	if err := s.in.Use(interp.Exports{"example.com/ext/ext": {
		"Twice": reflect.ValueOf(func(t *autograd.Tensor) *autograd.Tensor { return t.Mul(2) }),
	}}); err != nil {
		t.Fatal(err)
	}
	for cell, want := range map[string]string{
		"import \"slices\"\nslices.Index([]int{1, 2, 3}, 2)":                    "1",
		"import \"cmp\"\ncmp.Compare(1, 2)":                                     "-1",
		"import \"example.com/ext\"\ny := ext.Twice(autograd.Ones(2))\ny.Sum()": "tensor(4.)",
	} {
		if _, data := run(t, s, cell); text(data) != want {
			t.Errorf("%q shows %q, want %q", cell, text(data), want)
		}
	}
	_, ce := runErr(t, s, "ext.Twice(1)")
	if ce.Name != "CompileError" || !strings.Contains(ce.Value, "ext.Twice") {
		t.Errorf("a wrong argument to the added package: %s: %s", ce.Name, ce.Value)
	}
}
