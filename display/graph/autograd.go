package graph

import (
	"fmt"
	"sort"
	"strings"

	"github.com/gograd/gograd/autograd"
)

// MakeDot draws the autograd graph that produced v, like torchviz's make_dot(var,
// params, show_attrs, show_saved). v is an *autograd.Tensor, or several outputs as an
// autograd.Tuple or []*autograd.Tensor. params names tensors (map values are
// *autograd.Tensor); unnamed tensors show only their size.
//
//	graph.MakeDot(y, map[string]any{"x": x, "c": c, "y": y}, graph.ShowAttrs, graph.ShowSaved)
func MakeDot(v any, params map[string]any, opts ...Option) *Graph {
	var outputs []Tensor
	switch x := v.(type) {
	case *autograd.Tensor:
		outputs = []Tensor{Of(x)}
	case autograd.Tuple:
		for _, t := range x {
			outputs = append(outputs, Of(t))
		}
	case []*autograd.Tensor:
		for _, t := range x {
			outputs = append(outputs, Of(t))
		}
	case Tensor:
		outputs = []Tensor{x}
	default:
		panic(fmt.Errorf("graph.MakeDot: want an *autograd.Tensor or a tuple of them, got %T", v))
	}
	named := map[Tensor]string{}
	// Sorted so that a tensor passed under two names gets the same one every run.
	names := make([]string, 0, len(params))
	for k := range params {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		switch t := params[k].(type) {
		case *autograd.Tensor:
			named[Of(t)] = k
		case Tensor:
			named[t] = k
		default:
			panic(fmt.Errorf("graph.MakeDot: params[%q] is a %T, not a tensor", k, params[k]))
		}
	}
	return FromTensors(outputs, named, opts...)
}

// DotSource is the DOT text of MakeDot's walk without the graph attributes that
// torchviz's resize_graph adds afterwards (size, and rankdir for LeftToRight): exactly
// what the reference notebooks' dot_source() helper prints in place of torchviz's
// picture, so ported cells print the same text.
func DotSource(v any, params map[string]any, opts ...Option) string {
	return MakeDot(v, params, opts...).body(torchvizFont)
}

// Of adapts an autograd tensor to the graph's Tensor interface. The adapter is a
// comparable value wrapping the pointer, so the same tensor met twice is one box.
func Of(t *autograd.Tensor) Tensor {
	if t == nil {
		return nil
	}
	return agTensor{t}
}

type agTensor struct{ t *autograd.Tensor }

func (a agTensor) Shape() []int { return []int(a.t.Shape()) }

func (a agTensor) GradFn() Node { return nodeOf(a.t.GradFn()) }

// ViewBase works once autograd exports a view's base as Base() (torch's ._base); until
// then views are drawn like other tensors.
func (a agTensor) ViewBase() Tensor {
	if v, ok := any(a.t).(interface{ Base() *autograd.Tensor }); ok {
		return Of(v.Base())
	}
	return nil
}

func (a agTensor) ValueText() string { return unwrapRepr(a.t.Detach().String()) }

func (a agTensor) GradText() string {
	g := a.t.Grad()
	if g == nil {
		return ""
	}
	return unwrapRepr(g.String())
}

// unwrapRepr turns "tensor([1., 2.],\n       [3., 4.])" into "[1., 2.],\n[3., 4.]": the
// box already says it holds a tensor.
func unwrapRepr(s string) string {
	if !strings.HasPrefix(s, "tensor(") || !strings.HasSuffix(s, ")") {
		return s
	}
	s = s[len("tensor(") : len(s)-1]
	return strings.ReplaceAll(s, "\n"+strings.Repeat(" ", len("tensor(")), "\n")
}

type agNode struct{ n *autograd.Node }

func nodeOf(n *autograd.Node) Node {
	if n == nil {
		return nil
	}
	return agNode{n}
}

func (a agNode) Name() string { return a.n.Name() }

func (a agNode) Next() []Node {
	edges := a.n.NextFunctions()
	out := make([]Node, len(edges))
	for i, e := range edges {
		out[i] = nodeOf(e.Node)
	}
	return out
}

func (a agNode) Variable() Tensor { return Of(a.n.Variable()) }

func (a agNode) SavedAttrs() []Attr {
	attrs := a.n.SavedAttrs()
	out := make([]Attr, len(attrs))
	for i, at := range attrs {
		out[i] = Attr{Name: at.Name, Value: attrValue(at.Value)}
	}
	return out
}

// attrValue maps autograd's tensors to graph Tensors and keeps other values.
func attrValue(v any) any {
	switch x := v.(type) {
	case *autograd.Tensor:
		if x == nil {
			return nil
		}
		return Of(x)
	case autograd.Tuple:
		return tensorList(x)
	case []*autograd.Tensor:
		return tensorList(x)
	}
	return v
}

func tensorList(ts []*autograd.Tensor) []Tensor {
	out := make([]Tensor, len(ts))
	for i, t := range ts {
		out[i] = Of(t)
	}
	return out
}
