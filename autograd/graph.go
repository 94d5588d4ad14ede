package autograd

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/gograd/gograd/tensor"
)

// Node is one recorded op in the backward graph (torch's grad_fn object): given the
// gradient of the op's output it produces the gradients of the op's inputs, which flow
// along NextFunctions.
type Node struct {
	name  string
	seq   uint64 // creation order; the engine runs later nodes first, as torch does
	next  []Edge
	grads []gradFormula // one per input; nil where the input needs none
	// all, when set, computes every input gradient at once (ops like CopySlices whose
	// input gradients share work); it returns one gradient per input, nil for none.
	all      func(g *Tensor) []*Tensor
	in       []inputMeta // shape and dtype of each input: gradients are fitted to them
	saved    []*savedVar
	attrs    []Attr
	variable *Tensor                 // the leaf of an AccumulateGrad
	hooks    []func(*Tensor) *Tensor // register_hook on the tensor this node produced
	retainer *Tensor                 // the tensor that asked for retain_grad
	ps       passState               // the engine's bookkeeping, valid for one pass

	// Inline storage for the common one- and two-input ops: one allocation per node.
	nextBuf  [2]Edge
	gradBuf  [2]gradFormula
	inBuf    [2]inputMeta
	savedBuf [2]savedVar
	savedPtr [2]*savedVar
	attrBuf  [1]Attr
	// (The inline buffers are sized so that a Node fits a 512-byte allocation class:
	// nodes are most of the bytes a small graph allocates.)
}

// inputMeta is what the engine needs to fit a gradient to its input (torch's
// InputMetadata): a formula may return a broadcast shape or another dtype.
type inputMeta struct {
	shape []int
	dtype tensor.DType
	buf   [2]int // backs shape for inputs of up to 2 dims: no allocation per op
}

// set records a's shape and dtype.
func (m *inputMeta) set(a *tensor.Array) {
	k := a.Dim()
	if k <= len(m.buf) {
		m.shape = m.buf[:k:k]
	} else {
		m.shape = make([]int, k)
	}
	for d := range m.shape {
		m.shape[d] = a.Size(d)
	}
	m.dtype = a.DType()
}

// gradFormula is one line of derivatives.yaml: input gradient from output gradient.
type gradFormula func(g *Tensor) *Tensor

// Edge points at the node that receives a gradient (torch's (fn, input_nr) pair in
// next_functions). Node is nil where torch shows None: the input needs no gradient.
type Edge struct {
	Node    *Node
	InputNr int
}

// Attr is one saved attribute of a node, as torchviz lists it: a saved tensor
// (*Tensor, nil for None) or a value (int, float64, bool, []int shown as a tuple).
type Attr struct {
	Name  string
	Value any
}

// String is "name: value" with the value as Python's str shows it.
func (a Attr) String() string { return a.Name + ": " + FormatValue(a.Value) }

// FormatValue is Python's str of a saved attribute: None, True/False, 2, 2.5, (100,) and
// a tensor's repr.
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case *Tensor:
		if x == nil {
			return "None"
		}
		return x.String()
	case bool:
		return PyBool(x)
	case float64:
		return PyFloat(x)
	case float32:
		return PyFloat(float64(x))
	case []int:
		return tupleOf(x)
	case []int64:
		return tupleOf(x)
	case []float64:
		return tupleOf(x)
	case []any:
		return tupleOf(x)
	}
	return fmt.Sprint(v)
}

// tupleOf is Python's str of a sequence shown as a tuple.
func tupleOf[E any](xs []E) string {
	items := make([]string, len(xs))
	for i, x := range xs {
		items[i] = FormatValue(x)
	}
	return PyTuple(items)
}

// PyTuple joins the str of each item as Python prints a tuple: "(a, b)", and a
// 1-tuple keeps its trailing comma, "(a,)".
func PyTuple(items []string) string {
	if len(items) == 1 {
		return "(" + items[0] + ",)"
	}
	return "(" + strings.Join(items, ", ") + ")"
}

// Str is Python's str() of a value as cells print it: None for nil (a missing grad),
// True/False, 0.25 and 1.0 for floats, a tensor's repr, (1, 2) for a []int.
func Str(v any) string { return FormatValue(v) }

var nodeSeq atomic.Uint64

// Name is the node's torch class name: "MulBackward0", "AccumulateGrad".
func (n *Node) Name() string { return n.name }

// NextFunctions are the edges to the nodes of the op's inputs, in input order.
func (n *Node) NextFunctions() []Edge { return append([]Edge(nil), n.next...) }

// Variable is the leaf tensor an AccumulateGrad node accumulates into, nil otherwise.
func (n *Node) Variable() *Tensor { return n.variable }

// SavedAttrs lists what the op saved for backward, sorted by name as torch's dir() lists
// them: tensors (nil when torch shows None) and values. Freed tensors stay listed.
func (n *Node) SavedAttrs() []Attr {
	out := append([]Attr(nil), n.attrs...)
	for _, s := range n.saved {
		var v any
		if s.t != nil {
			v = s.t
		}
		out = append(out, Attr{Name: s.name, Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (n *Node) String() string { return "<" + n.name + ">" }

// savedVar is a tensor kept for backward, with the version it had when saved so a later
// in-place change is caught (torch's SavedVariable).
type savedVar struct {
	name     string
	t        *Tensor // nil when not saved; kept after release for SavedAttrs
	version  uint64
	fn       *Node // the grad_fn of the saved tensor when saved, named in the error text
	released bool  // freed by a backward pass: unpacking it is an error
}

// get unpacks the saved tensor for a backward formula, with PyTorch's errors.
func (s *savedVar) get() *Tensor {
	if s.released {
		panic(rtErr("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward."))
	}
	if s.t == nil {
		panic(rtErr("internal: saved tensor " + s.name + " was not saved"))
	}
	if *s.t.version != s.version {
		what := ""
		if s.fn != nil {
			what = ", which is output 0 of " + s.fn.name + ","
		}
		panic(rtErr(fmt.Sprintf("one of the variables needed for gradient computation has been modified by an inplace operation: [torch.%sTensor %s]%s is at version %d; expected version %d instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).",
			torchTypeName(s.t.data.DType()), shapeList(s.t.shape()), what, *s.t.version, s.version)))
	}
	return s.t
}

func torchTypeName(d tensor.DType) string {
	switch d {
	case tensor.Float64:
		return "Double"
	case tensor.Int64:
		return "Long"
	case tensor.Bool:
		return "Bool"
	}
	return "Float"
}

func shapeList(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}

// release marks the node's saved tensors freed (after a backward without retain_graph):
// unpacking one is then torch's "backward through the graph a second time" error. The
// tensors stay referenced so that SavedAttrs (a torchviz picture) can still show them.
func (n *Node) release() {
	for _, s := range n.saved {
		if s.t != nil {
			s.released = true
		}
	}
}

// newNode starts recording an op named name on inputs. It returns nil when no gradient
// can flow (grad mode is off, or no input requires grad): the op then only computes its
// forward. Call it after the forward succeeded so a failing op records nothing.
func newNode(name string, inputs ...*Tensor) *Node {
	if !gradEnabled {
		return nil
	}
	need := false
	for _, t := range inputs {
		if t != nil {
			t.sync()
		}
		if t != nil && t.requiresGrad {
			need = true
			break
		}
	}
	if !need {
		return nil
	}
	n := &Node{name: name, seq: nodeSeq.Add(1)}
	if k := len(inputs); k <= len(n.nextBuf) {
		n.next, n.grads, n.in = n.nextBuf[:k], n.gradBuf[:k], n.inBuf[:k]
	} else {
		n.next, n.grads, n.in = make([]Edge, k), make([]gradFormula, k), make([]inputMeta, k)
	}
	n.saved = n.savedPtr[:0]
	for i, t := range inputs {
		if t != nil {
			n.next[i] = t.gradientEdge()
			n.in[i].set(t.data)
		}
	}
	return n
}

// needs reports whether input i wants a gradient.
func (n *Node) needs(i int) bool { return n.next[i].Node != nil }

// save keeps t for backward when cond holds (torch saves only what the needed input
// gradients use; torchviz shows the others as None).
func (n *Node) save(name string, t *Tensor, cond bool) *savedVar {
	var s *savedVar
	if k := len(n.saved); k < len(n.savedBuf) && cap(n.saved) == len(n.savedPtr) {
		s = &n.savedBuf[k]
	} else {
		s = new(savedVar)
	}
	s.name = name
	if cond && t != nil {
		s.t, s.version = t, *t.version
		if t.gradFn != nil {
			s.fn = t.gradFn
		}
	}
	n.saved = append(n.saved, s)
	return s
}

// attr records a non-tensor saved attribute for display.
func (n *Node) attr(name string, v any) {
	if n.attrs == nil {
		n.attrs = n.attrBuf[:0]
	}
	n.attrs = append(n.attrs, Attr{name, v})
}

// output makes the op's result tensor, owned by n. n may be nil (nothing recorded).
func (n *Node) output(a *tensor.Array) *Tensor {
	t := wrap(a)
	if n != nil {
		t.gradFn, t.requiresGrad = n, true
	}
	return t
}

// saveResult saves the op's own output (for formulas like exp's g*result).
func (n *Node) saveResult(name string, out *Tensor) *savedVar {
	return n.save(name, out, true)
}

// gradientEdge is where a gradient for t enters the graph.
func (t *Tensor) gradientEdge() Edge {
	t.sync()
	if t.gradFn != nil {
		return Edge{Node: t.gradFn}
	}
	if t.requiresGrad {
		if t.gradAcc == nil {
			t.gradAcc = &Node{name: "AccumulateGrad", seq: nodeSeq.Add(1), variable: t}
		}
		return Edge{Node: t.gradAcc}
	}
	return Edge{}
}
