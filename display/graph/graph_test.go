package graph

import (
	"os"
	"strings"
	"testing"
)

// seedCases are the four make_dot calls of seed 004, with the params dicts they pass.
func seedCases() []struct {
	golden string
	g      *Graph
} {
	var out []struct {
		golden string
		g      *Graph
	}
	add := func(golden string, root Tensor, params map[Tensor]string) {
		out = append(out, struct {
			golden string
			g      *Graph
		}{golden, FromTensors([]Tensor{root}, params, ShowAttrs, ShowSaved)})
	}
	for _, cGrad := range []bool{false, true} {
		y, x, c := sinExample(cGrad)
		golden := "testdata/seed004_cell11.dot"
		if cGrad {
			golden = "testdata/seed004_cell14.dot"
		}
		add(golden, y, map[Tensor]string{x: "x", c: "c", y: "y"})
	}
	for _, xGrad := range []bool{false, true} {
		mse, X, theta := mseExample(xGrad)
		golden := "testdata/seed004_cell17.dot"
		if xGrad {
			golden = "testdata/seed004_cell20.dot"
		}
		add(golden, mse, map[Tensor]string{X: "X_train", mse: "mse_train", theta: "theta"})
	}
	return out
}

// withoutGraphAttrs drops the graph [size=...] line, which the reference helper did not
// print (torchviz sets it after the walk; TestSize checks it).
func withoutGraphAttrs(dot string) string {
	var keep []string
	for _, l := range strings.Split(dot, "\n") {
		if !strings.HasPrefix(l, "\tgraph [") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func TestSeed004Source(t *testing.T) {
	for _, tc := range seedCases() {
		t.Run(tc.golden, func(t *testing.T) {
			want, err := os.ReadFile(tc.golden)
			if err != nil {
				t.Fatal(err)
			}
			got := withoutGraphAttrs(tc.g.Source())
			if got != strings.TrimRight(string(want), "\n") {
				t.Errorf("DOT differs from PyTorch's\n got:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

func TestSize(t *testing.T) {
	// torchviz: max(12, 0.15 * statements). A chain exp(exp(...exp(x))) of n functions
	// emits n+3 node statements (output, n functions, AccumulateGrad, leaf) and n+2
	// edges, 2n+5 in all.
	for _, tc := range []struct {
		n    int
		want string
	}{
		{3, "12,12"},
		{50, "15.75,15.75"}, // 105 * 0.15
		{38, "12.15,12.15"}, // Python: str(81 * 0.15) == "12.15"
	} {
		x := leaf(2)
		fn := accumulate(x)
		for i := 0; i < tc.n; i++ {
			fn = &fxNode{name: "ExpBackward0", next: []*fxNode{fn}}
		}
		g := FromTensors([]Tensor{&fxTensor{shape: []int{2}, fn: fn}}, nil)
		if got := g.Size(); got != tc.want {
			t.Errorf("n=%d: size %q, want %q", tc.n, got, tc.want)
		}
		if !strings.Contains(g.Source(), `graph [size="`+tc.want+`"]`) {
			t.Errorf("n=%d: source lacks size: %s", tc.n, g.Source()[:60])
		}
	}
}

func TestOptions(t *testing.T) {
	y, x, c := sinExample(false)
	x.value, x.grad = "5.", "-0.8509"
	y.value = "5.1232"
	params := map[Tensor]string{x: "x", c: "c", y: "y"}

	plain := FromTensors([]Tensor{y}, params).Source()
	if strings.Contains(plain, "alpha") || strings.Contains(plain, "orange") {
		t.Errorf("attributes or saved tensors drawn without the options:\n%s", plain)
	}
	// Without show_saved the leaf is never redeclared as a saved "self": it stays x.
	if !strings.Contains(plain, `[label="x\n ()" fillcolor=lightblue]`) {
		t.Errorf("leaf x missing:\n%s", plain)
	}

	lr := FromTensors([]Tensor{y}, params, LeftToRight).Source()
	if !strings.Contains(lr, "rankdir=LR") {
		t.Errorf("LeftToRight did not set rankdir:\n%s", lr)
	}

	// Name the intermediate c*sin(x): its value goes under MulBackward0.
	mulOut := &fxTensor{fn: y.fn.next[0].next[0], value: "-2.8768", grad: "1."}
	params[mulOut] = "m"
	vals := FromTensors([]Tensor{y}, params, ShowValues).Source()
	if !strings.Contains(vals, `[label="MulBackward0\nm:\nvalue: -2.8768\ngrad: 1."]`) {
		t.Errorf("ShowValues: intermediate m not under MulBackward0:\n%s", vals)
	}
	if strings.Contains(vals, "AddBackward0\ny:") {
		t.Errorf("ShowValues: the output y, which has its own box, is repeated under its function:\n%s", vals)
	}
	for _, want := range []string{`"x\n ()\nvalue: 5.\ngrad: -0.8509"`, `"y\n ()\nvalue: 5.1232"`} {
		if !strings.Contains(vals, want) {
			t.Errorf("ShowValues: no %s in\n%s", want, vals)
		}
	}
}

func TestViewBase(t *testing.T) {
	// y = x.exp()[0]: the output is a view of exp's result, which torchviz draws in
	// darkolivegreen3 with a dotted edge to the view.
	x := leaf(3)
	exp := &fxNode{name: "ExpBackward0", next: []*fxNode{accumulate(x)}}
	base := &fxTensor{shape: []int{3}, fn: exp}
	sel := &fxNode{name: "SelectBackward0", next: []*fxNode{exp}}
	y := &fxTensor{fn: sel, base: base}
	src := FromTensors([]Tensor{y}, nil).Source()
	for _, want := range []string{"fillcolor=darkolivegreen3", "[style=dotted]"} {
		if !strings.Contains(src, want) {
			t.Errorf("no %s in\n%s", want, src)
		}
	}
}

func TestFnLabel(t *testing.T) {
	long := strings.Repeat("x", 60)
	n := &fxNode{name: "CatBackward0", attrs: []Attr{
		{"tensors", []Tensor{leaf(1), leaf(2)}}, {"dim", 0}, {"name", long}}}
	got := fnLabel(n, true, 50)
	want := "CatBackward0\n" + strings.Repeat("-", 59) + "\n" +
		"dim    : " + strings.Repeat(" ", 49) + "0\n" +
		"name   : " + strings.Repeat("x", 47) + "...\n" +
		"tensors: " + strings.Repeat(" ", 35) + "[saved tensors]"
	if got != want {
		t.Errorf("label\n%s\nwant\n%s", got, want)
	}
	if fnLabel(n, false, 50) != "CatBackward0" {
		t.Error("label without show_attrs")
	}
}

func TestPyStr(t *testing.T) {
	// Python 3: str() of each value.
	for _, tc := range []struct {
		v    any
		want string
	}{
		{nil, "None"}, {true, "True"}, {false, "False"}, {2, "2"}, {int64(-3), "-3"},
		{2.0, "2.0"}, {0.5, "0.5"}, {1e-5, "1e-05"}, {1e16, "1e+16"}, {1.5e16, "1.5e+16"},
		{123456789012345.6, "123456789012345.6"}, {0.0001, "0.0001"}, {-0.00012, "-0.00012"},
		{sum(0.1, 0.2), "0.30000000000000004"}, {float32(0.1), "0.10000000149011612"},
		{[]int{1}, "(1,)"}, {[]int{100, 5}, "(100, 5)"}, {[]int{}, "()"},
		{"mean", "mean"}, {[]Tensor{nil}, "(None,)"}, {[]Tensor{nil, nil}, "(None, None)"},
	} {
		if got := pyStr(tc.v); got != tc.want {
			t.Errorf("pyStr(%#v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

// sum adds at run time: Go would fold a constant 0.1 + 0.2 exactly.
func sum(a, b float64) float64 { return a + b }
