package graph

// Hand-built autograd graphs with the structure PyTorch 1.13 records for the seed-004
// examples: the functions, their next_functions and their saved attributes, as torch
// exposes them (torch names, dir() contents). The expected pictures are not written
// here: they come from testdata/seed004_cell*.dot, printed by real PyTorch.

type fxTensor struct {
	shape []int
	fn    *fxNode
	base  *fxTensor
	value string
	grad  string
}

func (t *fxTensor) Shape() []int { return t.shape }
func (t *fxTensor) GradFn() Node {
	if t.fn == nil {
		return nil
	}
	return t.fn
}
func (t *fxTensor) ViewBase() Tensor {
	if t.base == nil {
		return nil
	}
	return t.base
}
func (t *fxTensor) ValueText() string { return t.value }
func (t *fxTensor) GradText() string  { return t.grad }

type fxNode struct {
	name  string
	next  []*fxNode
	leaf  *fxTensor
	attrs []Attr
}

func (n *fxNode) Name() string { return n.name }
func (n *fxNode) Next() []Node {
	out := make([]Node, len(n.next))
	for i, u := range n.next {
		if u != nil {
			out[i] = u
		}
	}
	return out
}
func (n *fxNode) Variable() Tensor {
	if n.leaf == nil {
		return nil
	}
	return n.leaf
}
func (n *fxNode) SavedAttrs() []Attr { return n.attrs }

func leaf(shape ...int) *fxTensor { return &fxTensor{shape: shape} }

func accumulate(t *fxTensor) *fxNode { return &fxNode{name: "AccumulateGrad", leaf: t} }

// sinExample is y = c*sin(x) + x + c with x = 5 requiring grad; c = 3 requires grad when
// cGrad is set (cells 11 and 14).
func sinExample(cGrad bool) (y, x, c *fxTensor) {
	x, c = leaf(), leaf()
	accX := accumulate(x)
	sin := &fxNode{name: "SinBackward0", next: []*fxNode{accX},
		attrs: []Attr{{"self", x}}}
	sinOut := &fxTensor{fn: sin}
	// MulBackward0 saves self (c) because other requires grad, and other (sin x) only if
	// self requires grad: torch 1.13 reports an unsaved one as None.
	mul := &fxNode{name: "MulBackward0", next: []*fxNode{nil, sin},
		attrs: []Attr{{"self", c}, {"other", nil}}}
	if cGrad {
		mul.next[0] = accumulate(c)
		mul.attrs[1].Value = sinOut
	}
	add1 := &fxNode{name: "AddBackward0", next: []*fxNode{mul, accX}, attrs: []Attr{{"alpha", 1}}}
	add2 := &fxNode{name: "AddBackward0", next: []*fxNode{add1, nil}, attrs: []Attr{{"alpha", 1}}}
	if cGrad {
		add2.next[1] = mul.next[0]
	}
	return &fxTensor{fn: add2}, x, c
}

// mseExample is mean((mean(X, 1) - X @ theta)**2) for X (100, 5) and theta (5) requiring
// grad; X requires grad when xGrad is set (cells 17 and 20).
func mseExample(xGrad bool) (mse, X, theta *fxTensor) {
	X, theta = leaf(100, 5), leaf(5)
	accTheta := accumulate(theta)
	mv := &fxNode{name: "MvBackward0", next: []*fxNode{nil, accTheta},
		attrs: []Attr{{"self", X}, {"vec", nil}}}
	var yTrain *fxNode
	if xGrad {
		accX := accumulate(X)
		mv.next[0] = accX
		mv.attrs[1].Value = theta
		yTrain = &fxNode{name: "MeanBackward1", next: []*fxNode{accX}, attrs: []Attr{
			{"self_sym_sizes", []int{100, 5}}, {"dim", []int{1}}, {"keepdim", false}, {"self", X}}}
	}
	sub := &fxNode{name: "SubBackward0", next: []*fxNode{yTrain, mv}, attrs: []Attr{{"alpha", 1}}}
	diff := &fxTensor{shape: []int{100}, fn: sub}
	pow := &fxNode{name: "PowBackward0", next: []*fxNode{sub},
		attrs: []Attr{{"self", diff}, {"exponent", 2}}}
	mean := &fxNode{name: "MeanBackward0", next: []*fxNode{pow},
		attrs: []Attr{{"self_sizes", []int{100}}, {"self_numel", 100}}}
	return &fxTensor{fn: mean}, X, theta
}
