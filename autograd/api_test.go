package autograd

import (
	"encoding/json"
	"testing"
)

// asJSON is v as JSON, so that Go values compare with the golden's decoded ones.
func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// Eye(n, m), Len, Tolist and hook handles against torch 1.13 (gen_fidelity.py's api).
func TestTensorAPI(t *testing.T) {
	want := loadFidelity(t).API
	check := func(name string, got any) {
		t.Helper()
		if g, w := asJSON(t, got), asJSON(t, want[name]); g != w {
			t.Errorf("%s: %s, torch %s", name, g, w)
		}
	}
	check("eye23", Eye(2, 3).String())
	check("eye32f64", Eye(3, 2, Float64).String())
	check("eye_neg_n", panicText(func() { Eye(-1, 3) }))
	check("eye_neg_m", panicText(func() { Eye(2, -2) }))
	check("len", Ones(4, 2).Len())
	check("len0d", panicText(func() { New(1.0).Len() }))
	check("tolist", New([][]float64{{1.5, 2}, {3, 4}}).Tolist())
	check("tolist_int", New([][]int{{1, 2}}).Tolist())
	check("tolist_0d", New(2.5).Tolist())
	check("tolist_bool", New([]bool{true, false}).Tolist())
	check("tolist_empty", Zeros(2, 0).Tolist())

	x := New([]float64{1, 2}, RequiresGrad)
	var seen []string
	h1 := x.RegisterHook(func(g *Tensor) *Tensor { seen = append(seen, "h1"); return g.Mul(10) })
	x.RegisterHook(func(g *Tensor) *Tensor { seen = append(seen, "h2"); return nil })
	x.Mul(x).Sum().Backward()
	check("hooks_first", []any{seen, x.Grad().Tolist()})
	h1.Remove()
	h1.Remove()
	x.SetGrad(nil)
	seen = nil
	x.Mul(x).Sum().Backward()
	check("hooks_after_remove", []any{seen, x.Grad().Tolist()})
}
