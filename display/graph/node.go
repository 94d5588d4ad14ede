package graph

// Node is one backward function of an autograd graph, seen the way torchviz sees a
// PyTorch grad_fn. Implementations must be comparable (pointers, or structs holding
// a pointer): the walker recognises a node it met before by ==, as torchviz does by id().
type Node interface {
	// Name is the function's name, e.g. "MulBackward0" or "AccumulateGrad".
	Name() string
	// Next lists the functions that receive this one's input gradients, in input
	// order (torch's next_functions). An entry is nil where torch has None: that input
	// needs no gradient.
	Next() []Node
	// Variable is the leaf tensor an AccumulateGrad node feeds, else nil.
	Variable() Tensor
	// SavedAttrs lists what the function saved for backward (torch's _saved_*
	// attributes), in any order. A Value is a Tensor, a []Tensor, nil for None, or a
	// plain value (bool, int, float, []int for a tuple, string).
	SavedAttrs() []Attr
}

// Attr is one saved attribute of a Node.
type Attr struct {
	Name  string
	Value any
}

// Tensor is a tensor as drawn on a graph. Like Node, implementations must be
// comparable: a leaf that a function also saves is one box, not two.
type Tensor interface {
	Shape() []int
	// GradFn is the function that produced the tensor, nil for leaves and for tensors
	// that do not require grad.
	GradFn() Node
}

// Viewer is implemented by tensors that can be views of another tensor. torchviz draws
// the base of an output view in darkolivegreen3 with a dotted edge to the view.
type Viewer interface {
	// ViewBase returns the tensor this one is a view of, or nil.
	ViewBase() Tensor
}

// Valuer is implemented by tensors that can print their contents, for the ShowValues
// option. GradText returns "" when the tensor has no gradient.
type Valuer interface {
	ValueText() string
	GradText() string
}
