package autograd

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unsafe"

	"github.com/gograd/gograd/tensor"
)

// Node is one recorded op in the backward graph (torch's grad_fn object): given the
// gradient of the op's output it produces the gradients of the op's inputs, which flow
// along NextFunctions.
//
// Small graphs (a scalar relu(x*w+b), a four-element regression) spend more time
// allocating than computing, so a Node is laid out for them:
//   - the common op has one or two inputs and saves at most two tensors: those live in
//     fixed arrays in the Node; more (Stack, Cat, PowBackward1's three saves) and what
//     few nodes need (hooks, fitting information, ...) live behind extra;
//   - no slice points into the Node itself: while a collection runs, every pointer
//     store pays the GC's write barrier, and slices over inline buffers are such stores;
//   - formulas take the node, so that they need not be closures;
//   - a small result shares the node's allocation (nodeAndOutput): node, tensor and
//     elements are 416 bytes, well inside the 512 past which Go's allocation costs
//     more (a header per object).
type Node struct {
	name   string
	seq    uint64 // creation order; the engine runs later nodes first, as torch does
	next   [2]Edge
	grads  [2]gradFormula // one per input; nil where the input needs none
	saved  [2]savedVar    // in use while named; the ones past 2 are in extra.saved
	scalar any            // the Python-number operand of ops like x*2 and x**2, read by formulas
	attrs  []Attr
	extra  *nodeExtra
	nIn    int32 // inputs: next and grads hold them, or extra.next and extra.grads past 2
	// slot says whether the node heads a nodeAndOutput whose tensor output has not
	// taken yet. A flag, not a pointer: a pointer store costs a GC write barrier.
	slot bool
}

// nodeExtra holds what only some nodes have.
type nodeExtra struct {
	next  []Edge        // all the edges, when there are more than two
	grads []gradFormula // all the formulas, likewise
	saved []*savedVar   // the saved tensors past the second
	in    []inputMeta   // per input, how its gradient must be fitted; nil: none must
	// all, when set, computes every input gradient at once (ops like CopySlices whose
	// input gradients share work); it returns one gradient per input, nil for none.
	all      func(g *Tensor) []*Tensor
	variable *Tensor                 // the leaf of an AccumulateGrad
	hooks    []func(*Tensor) *Tensor // register_hook on the tensor this node produced
	retainer *Tensor                 // the tensor that asked for retain_grad
	inBuf    [2]inputMeta            // backs in for one- and two-input ops
}

// edges are the node's input edges, in input order.
func (n *Node) edges() []Edge {
	if n.extra != nil && n.extra.next != nil {
		return n.extra.next
	}
	return n.next[:n.nIn]
}

// formulas are the node's gradient formulas, one per input.
func (n *Node) formulas() []gradFormula {
	if n.extra != nil && n.extra.grads != nil {
		return n.extra.grads
	}
	return n.grads[:n.nIn]
}

// setInputs sizes the node for k inputs.
func (n *Node) setInputs(k int) {
	n.nIn = int32(k)
	if k > len(n.next) {
		n.x().next, n.x().grads = make([]Edge, k), make([]gradFormula, k)
	}
}

// meta is input i's fitting information, nil when its gradient needs none.
func (n *Node) meta(i int) *inputMeta {
	if n.extra == nil || i >= len(n.extra.in) || n.extra.in[i].shape == nil {
		return nil
	}
	return &n.extra.in[i]
}

// savedCount is how many tensors (or Nones) the node saved.
func (n *Node) savedCount() int {
	k := 0
	for k < len(n.saved) && n.saved[k].name != 0 {
		k++
	}
	if n.extra != nil {
		k += len(n.extra.saved)
	}
	return k
}

// savedVar returns the i-th saved tensor's record.
func (n *Node) savedVar(i int) *savedVar {
	if i < len(n.saved) {
		return &n.saved[i]
	}
	return n.extra.saved[i-len(n.saved)]
}

// x returns n's extra fields, made on first use.
func (n *Node) x() *nodeExtra {
	if n.extra == nil {
		n.extra = new(nodeExtra)
	}
	return n.extra
}

// inputMeta is what the engine needs to fit a gradient to its input (torch's
// InputMetadata): a formula may return a broadcast shape or another dtype. A nil shape
// means the input needs no fitting (it has the output's shape and dtype).
type inputMeta struct {
	shape []int
	dtype tensor.DType
	dims  [2]int // backs shape for up to 2 dims
}

// set records a's shape and dtype.
func (m *inputMeta) set(a *tensor.Array) {
	k := a.Dim()
	if k <= len(m.dims) {
		m.shape = m.dims[:k:k]
	} else {
		m.shape = make([]int, k)
	}
	for d := range m.shape {
		m.shape[d] = a.Size(d)
	}
	m.dtype = a.DType()
}

// gradFormula is one line of derivatives.yaml: input gradient from output gradient.
type gradFormula func(n *Node, g *Tensor) *Tensor

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

// accumulateSeq is every AccumulateGrad's number: the largest, as in torch, so that a
// leaf's gradient is taken (its hooks run) as soon as it is complete.
const accumulateSeq = math.MaxUint64

// isAccumulate reports whether n is an AccumulateGrad node.
func (n *Node) isAccumulate() bool { return n.extra != nil && n.extra.variable != nil }

// Name is the node's torch class name: "MulBackward0", "AccumulateGrad".
func (n *Node) Name() string { return n.name }

// NextFunctions are the edges to the nodes of the op's inputs, in input order.
func (n *Node) NextFunctions() []Edge { return append([]Edge(nil), n.edges()...) }

// Variable is the leaf tensor an AccumulateGrad node accumulates into, nil otherwise.
func (n *Node) Variable() *Tensor {
	if n.extra == nil {
		return nil
	}
	return n.extra.variable
}

// SavedAttrs lists what the op saved for backward, sorted by name as torch's dir() lists
// them: tensors (nil when torch shows None) and values. Freed tensors stay listed.
func (n *Node) SavedAttrs() []Attr {
	out := append([]Attr(nil), n.attrs...)
	for i, a := range out {
		switch v := a.Value.(type) {
		case inputShape:
			out[i].Value = append([]int{}, n.selfSizes(int(v))...)
		case inputNumel:
			out[i].Value = Size(n.selfSizes(int(v))).Numel()
		case scalarOperand:
			out[i].Value = pyScalar(n.scalar)
		}
	}
	for i := range n.savedCount() {
		s := n.savedVar(i)
		var v any
		if s.t != nil {
			v = s.t
		}
		out = append(out, Attr{Name: s.name.String(), Value: v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

func (n *Node) String() string { return "<" + n.name + ">" }

// savedVar is a tensor kept for backward, with the version it had when saved so a later
// in-place change is caught (torch's SavedVariable).
type savedVar struct {
	t        *Tensor   // nil when not saved; kept after release for SavedAttrs
	fn       *Node     // the grad_fn of the saved tensor when saved, named in the error text
	version  uint32    // t's version when saved
	name     savedName // 0 while the record is unused
	released bool      // freed by a backward pass: unpacking it is an error
}

// savedName is the name a saved tensor goes by (torchviz shows it): an index into
// savedNames rather than a string, whose store in every save would cost a GC write
// barrier, and whose header would make every node 32 bytes bigger.
type savedName uint8

// The names ops save under; 0 is no name (an unused record).
const (
	savedSelf savedName = iota + 1
	savedOther
	savedResult
	savedVec
	savedTensor
	savedMat2
	savedIndices
	savedExponent
	savedCondition
)

var savedNames = [...]string{"", "self", "other", "result", "vec", "tensor", "mat2", "indices", "exponent", "condition"}

func (s savedName) String() string { return savedNames[s] }

// get unpacks the saved tensor for a backward formula, with PyTorch's errors.
func (s *savedVar) get() *Tensor {
	if s.released {
		panic(rtErr("Trying to backward through the graph a second time (or directly access saved tensors after they have already been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the graph a second time or if you need to access saved tensors after calling backward."))
	}
	if s.t == nil {
		panic(rtErr("internal: saved tensor " + s.name.String() + " was not saved"))
	}
	if *s.t.ver() != s.version {
		what := ""
		if s.fn != nil {
			what = ", which is output 0 of " + s.fn.name + ","
		}
		panic(rtErr(fmt.Sprintf("one of the variables needed for gradient computation has been modified by an inplace operation: [torch.%sTensor %s]%s is at version %d; expected version %d instead. Hint: enable anomaly detection to find the operation that failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).",
			torchTypeName(s.t.data.DType()), shapeList(s.t.shape()), what, *s.t.ver(), s.version)))
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
	for i := range n.savedCount() {
		if s := n.savedVar(i); s.t != nil {
			s.released = true
		}
	}
}

// newNode starts recording an op named name on inputs, whose forward result is out. It
// returns nil when no gradient can flow (grad mode is off, or no input requires grad):
// the op then only computes its forward. Call it after the forward succeeded so a
// failing op records nothing. out may be nil when the result is not an array of its
// own; every input's shape is then kept for fitting.
func newNode(name string, out *tensor.Array, inputs ...*Tensor) *Node {
	if !recording(inputs...) {
		return nil
	}
	n := begin(name, out == nil || out.Numel() <= smallOutput, inputs...)
	n.fit(out, inputs...)
	return n
}

// begin is the first half of newNode for ops whose forward writes its result into
// the node's room (n.room), and so must run after the node exists: it allocates the
// node, with room for a result when small says the result will be small, and links
// its inputs. Call n.fit(out, inputs...) after the forward.
func begin(name string, small bool, inputs ...*Tensor) *Node {
	var n *Node
	if small {
		b := new(nodeAndOutput)
		n = &b.n
		n.slot = true
	} else {
		n = new(Node)
	}
	n.name, n.seq = name, nextSeq()
	n.setInputs(len(inputs))
	next := n.edges()
	for i, t := range inputs {
		if t != nil {
			next[i] = t.gradientEdge()
		}
	}
	return n
}

// fit is begin's second half: it keeps the shape and dtype of each input that wants a
// gradient and differs from the result out (nil: keep every one), for the engine to
// fit the gradients the formulas return.
func (n *Node) fit(out *tensor.Array, inputs ...*Tensor) {
	next := n.edges()
	for i, t := range inputs {
		if t == nil || next[i].Node == nil || fits(t.data, out) {
			continue
		}
		x := n.x()
		if x.in == nil && len(inputs) <= len(x.inBuf) {
			x.in = x.inBuf[:len(inputs)]
		} else if x.in == nil {
			x.in = make([]inputMeta, len(inputs))
		}
		x.in[i].set(t.data)
	}
}

// room is where the op's forward may put a small result (see tensor.Small); nil when
// the node has none.
func (n *Node) room() *tensor.Small {
	if !n.slot {
		return nil
	}
	return &n.withOutput().out.room
}

// withOutput is the nodeAndOutput n heads; n.slot must be set.
func (n *Node) withOutput() *nodeAndOutput {
	return (*nodeAndOutput)(unsafe.Pointer(n)) // n is its first field
}

// recording reports whether an op on inputs (nil entries are constants) is recorded:
// grad mode is on and an input requires grad.
func recording(inputs ...*Tensor) bool {
	if !gradEnabled {
		return false
	}
	need := false
	for _, t := range inputs {
		if t != nil {
			t.sync()
			need = need || t.requiresGrad
		}
	}
	return need
}

// fits reports whether a gradient shaped like out (what a formula returns for an input
// of out's shape: g times something that broadcasts to it) needs no fitting to a.
func fits(a, out *tensor.Array) bool {
	return out != nil && a.DType() == out.DType() && a.SameShape(out)
}

// hasShape reports whether a has the given shape, without copying a's.
func hasShape(a *tensor.Array, shape []int) bool {
	if a.Dim() != len(shape) {
		return false
	}
	for d, s := range shape {
		if a.Size(d) != s {
			return false
		}
	}
	return true
}

// needs reports whether input i wants a gradient.
func (n *Node) needs(i int) bool { return n.edges()[i].Node != nil }

// save keeps t for backward under name (never empty: savedCount counts named records)
// when cond holds (torch saves only what the needed input gradients use; torchviz
// shows the others as None).
func (n *Node) save(name savedName, t *Tensor, cond bool) *savedVar {
	var s *savedVar
	if k := n.savedCount(); k < len(n.saved) {
		s = &n.saved[k]
	} else {
		s = new(savedVar)
		n.x().saved = append(n.x().saved, s)
	}
	s.name = name
	if cond && t != nil {
		s.t, s.version = t, *t.ver()
		if t.gradFn != nil {
			s.fn = t.gradFn
		}
	}
	return s
}

// attr records a non-tensor saved attribute for display.
func (n *Node) attr(name string, v any) {
	n.attrs = append(n.attrs, Attr{name, v})
}

// inputShape and inputNumel, as attribute values, stand for the shape and the element
// count of input i, read from the node's input metadata when the attributes are listed:
// a reduction's self_sizes and self_numel then cost no allocation per op.
type (
	inputShape    int
	inputNumel    int
	scalarOperand struct{} // and this for the node's Python-number operand
)

// selfSizes is the shape of a full reduction's input i: the one kept for fitting, or
// when none was kept, the output's, which for a full reduction is ().
func (n *Node) selfSizes(i int) []int {
	if m := n.meta(i); m != nil {
		return m.shape
	}
	return []int{}
}

// savedT unpacks the i-th saved tensor, for formulas.
func (n *Node) savedT(i int) *Tensor { return n.savedVar(i).get() }

// alphaOne is the attribute list of add and sub, shared by every such node (its length
// is its capacity, so an append never writes into it).
var alphaOne = []Attr{{"alpha", 1}}

// output makes the op's result tensor, owned by n. n may be nil (nothing recorded).
func (n *Node) output(a *tensor.Array) *Tensor {
	if n == nil {
		return wrap(a)
	}
	var t *Tensor
	if n.slot {
		t = &n.withOutput().out.t
		n.slot = false
	} else {
		t = new(Tensor)
	}
	t.data = a
	t.gradFn, t.requiresGrad = n, true
	return t
}

// nodeAndOutput puts a node and its result tensor in one allocation, for results of at
// most smallOutput elements: allocations, not bytes, are what small graphs pay for. The
// graph then keeps the result's Tensor (and so its array) alive as long as the node;
// that is why big results, which torch frees while their node lives on, get their own.
type nodeAndOutput struct {
	n   Node
	out tensorWithRoom
}

const smallOutput = 4

// saveResult saves the op's own output (for formulas like exp's g*result).
func (n *Node) saveResult(name savedName, out *Tensor) *savedVar {
	return n.save(name, out, true)
}

// gradientEdge is where a gradient for t enters the graph.
func (t *Tensor) gradientEdge() Edge {
	t.sync()
	if t.gradFn != nil {
		return Edge{Node: t.gradFn}
	}
	if t.requiresGrad {
		return Edge{Node: t.accumulator()}
	}
	return Edge{}
}

// accumulator is leaf t's AccumulateGrad node, made once so every graph shares it.
func (t *Tensor) accumulator() *Node {
	x := t.x()
	if x.gradAcc == nil {
		x.gradAcc = &Node{name: "AccumulateGrad", seq: accumulateSeq, extra: &nodeExtra{variable: t}}
	}
	return x.gradAcc
}
