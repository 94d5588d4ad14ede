package autograd

import (
	"fmt"
	"math"
	"sort"
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
//   - formulas take the node and read what it saved by name, so that most are plain
//     functions; a closure (an allocation) is left to the ops with parameters;
//   - a small result shares the node's allocation (nodeAndOutput), which stays under
//     the size past which Go's allocator costs more per object.
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
	// hint is where the node's state sat in the table of the last backward pass that
	// reached it: a cache graphTask.find checks, never trusts (see there).
	hint int32
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
		if s.name == savedCtx {
			continue // a Function's saved tensors: torchviz shows none
		}
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
// barrier, and whose two-word header in every record would make every node bigger.
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
	savedMat1
)

// savedNameOf is the savedName of name, added to savedNames if new.
func savedNameOf(name string) savedName {
	for i, s := range savedNames {
		if i > 0 && s == name {
			return savedName(i)
		}
	}
	if len(savedNames) == 256 {
		panic(rtErr("internal: too many saved-tensor names"))
	}
	savedNames = append(savedNames, name)
	return savedName(len(savedNames) - 1)
}

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

// record is how every op starts (doc.go, "Adding an op", gives the recipe). It runs
// the op's forward fwd and, when the op is recorded (grad mode is on and an input
// requires grad), makes the op's node, with one edge per input and r, the result, as
// its output; the op then saves what its formulas read and sets them. n is nil when
// nothing is recorded, and r is a plain tensor.
//
// Inputs may be nil: a constant operand (a Python number), which gets no edge. fwd may
// place a small result in room (tensor.Small's methods do), so that the node, the
// result tensor and its elements take one allocation; it may also ignore room. It runs
// after the node is made: if it panics, the node is dropped and nothing is recorded.
func record(name string, fwd func(room *tensor.Small) *tensor.Array, inputs ...*Tensor) (r *Tensor, n *Node) {
	if !recording(inputs...) {
		return roomy(fwd), nil
	}
	n = newNode(name, inputs)
	out := fwd(n.room())
	n.fit(out, inputs)
	return n.output(out), n
}

// newNode makes a recorded op's node, with room for a small result, and links its
// inputs.
func newNode(name string, inputs []*Tensor) *Node {
	b := new(nodeAndOutput)
	n := &b.n
	n.slot = true
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

// fit keeps the shape and dtype of each input that wants a gradient and differs from
// the result out, for the engine to fit the gradients the formulas return.
func (n *Node) fit(out *tensor.Array, inputs []*Tensor) {
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
	return a.DType() == out.DType() && a.SameShape(out)
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

// save keeps t for backward under name when cond holds (torch saves only what the
// needed input gradients use; torchviz shows the others as None). A name is saved once
// per node; formulas read it back with unpack.
func (n *Node) save(name savedName, t *Tensor, cond bool) {
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
}

// unpack returns the tensor saved under name, for a formula, with torch's errors when it
// was freed or changed in place since.
func (n *Node) unpack(name savedName) *Tensor {
	for i := range n.savedCount() {
		if s := n.savedVar(i); s.name == name {
			return s.get()
		}
	}
	panic(rtErr("internal: " + n.name + " saved no " + name.String()))
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

// alphaOne is the attribute list of add and sub, shared by every such node (its length
// is its capacity, so an append never writes into it).
var alphaOne = []Attr{{"alpha", 1}}

// output makes the op's result tensor, owned by n: in n's block when the result is
// small, in an allocation of its own otherwise (see nodeAndOutput).
func (n *Node) output(a *tensor.Array) *Tensor {
	var t *Tensor
	if n.slot && a.Numel() <= smallOutput {
		t = &n.withOutput().out.t
	} else {
		t = new(Tensor)
	}
	n.slot = false
	t.data = a
	t.gradFn, t.requiresGrad = n, true
	return t
}

// nodeAndOutput is the one allocation of a recorded op (record): its node, and its
// result's tensor with room for the elements (tensor.Small), used when the result has
// at most smallOutput elements; allocations, not bytes, are what small graphs pay for.
// The graph then keeps that Tensor (and so its array) alive as long as the node; that
// is why a big result, which torch frees while its node lives on, gets a Tensor of its
// own.
type nodeAndOutput struct {
	n   Node
	out tensorWithRoom
}

const smallOutput = 4

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
