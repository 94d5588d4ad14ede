package autograd

import (
	"fmt"
	"slices"

	"github.com/gograd/gograd/tensor"
)

// gradEnabled is torch's grad mode. Cells run one at a time, so a plain global is
// enough (torch keeps it per thread).
var gradEnabled = true

// IsGradEnabled reports whether ops record the graph.
func IsGradEnabled() bool { return gradEnabled }

// SetGradEnabled switches recording on or off (torch.set_grad_enabled).
func SetGradEnabled(on bool) { gradEnabled = on }

// NoGrad runs f without recording the graph (torch's `with torch.no_grad():`).
func NoGrad(f func()) { withGrad(false, f) }

// EnableGrad runs f with recording on (torch.enable_grad).
func EnableGrad(f func()) { withGrad(true, f) }

func withGrad(on bool, f func()) {
	old := gradEnabled
	gradEnabled = on
	defer func() { gradEnabled = old }()
	f()
}

// BackwardOption configures Backward; GradOption configures Grad.
type BackwardOption interface{ applyBackward(*runConfig) }

// GradOption configures Grad.
type GradOption interface{ applyGrad(*runConfig) }

type runConfig struct {
	gradOutputs []*Tensor
	retain      bool
	retainSet   bool
	create      bool
	allowUnused bool
}

type flagOption func(*runConfig)

func (f flagOption) applyBackward(c *runConfig) { f(c) }
func (f flagOption) applyGrad(c *runConfig)     { f(c) }

// RetainGraph keeps saved tensors after the pass so the graph can be run again.
var RetainGraph = flagOption(func(c *runConfig) { c.retain, c.retainSet = true, true })

// CreateGraph records the backward pass itself, so gradients have a grad_fn and can be
// differentiated again. It implies RetainGraph.
var CreateGraph = flagOption(func(c *runConfig) { c.create = true })

// AllowUnused lets Grad return nil for inputs the outputs do not depend on.
var AllowUnused = flagOption(func(c *runConfig) { c.allowUnused = true })

// Gradient is Backward's gradient argument: the vector in the vector-Jacobian product.
// It accepts a *Tensor or a scalar.
func Gradient(g any) BackwardOption {
	return flagOption(func(c *runConfig) { c.gradOutputs = []*Tensor{asTensor(g)} })
}

// GradOutputs gives Grad one gradient per output (nil entries mean ones for scalars).
func GradOutputs(gs ...*Tensor) GradOption {
	return flagOption(func(c *runConfig) { c.gradOutputs = gs })
}

// Backward accumulates the gradient of t into the leaves that require grad:
//
//	y.Backward()                          // y a one-element tensor
//	y.Backward(autograd.Gradient(v))      // vector-Jacobian product vᵀJ
//	y.Backward(autograd.RetainGraph)      // keep the graph for another pass
func (t *Tensor) Backward(opts ...BackwardOption) {
	var c runConfig
	for _, o := range opts {
		o.applyBackward(&c)
	}
	run([]*Tensor{t}, c, nil)
}

// Grad returns the gradients of outputs with respect to inputs without touching any
// .grad (torch.autograd.grad). outputs and inputs are a *Tensor, a []*Tensor or a Tuple.
func Grad(outputs, inputs any, opts ...GradOption) Tuple {
	var c runConfig
	for _, o := range opts {
		o.applyGrad(&c)
	}
	ins := tensorList(inputs)
	for _, in := range ins {
		if !in.requiresGrad {
			panic(rtErr("One of the differentiated Tensors does not require grad"))
		}
	}
	return run(tensorList(outputs), c, ins)
}

func tensorList(v any) []*Tensor {
	switch x := v.(type) {
	case *Tensor:
		return []*Tensor{x}
	case []*Tensor:
		return x
	case Tuple:
		return x
	}
	panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("expected a Tensor or a list of Tensors, got %T", v)})
}

// pass numbers the engine's runs; a node's pass state is valid when it carries the
// current number, which saves clearing it (and saves maps) between passes.
var pass uint64

// passState is a node's bookkeeping during one backward pass.
type passState struct {
	id       uint64
	buf      *Tensor // sum of the gradients received so far
	captures *[]int  // grad(): indexes of the inputs whose gradient arrives here (rare: a pointer keeps Node small)
	deps     int32   // edges from not-yet-run nodes
	seen     bool    // discovered
	queued   bool    // a root already put in the ready list
	needed   bool    // grad(): a captured input lies below this node
}

func capturesOf(st *passState) []int {
	if st.captures == nil {
		return nil
	}
	return *st.captures
}

// active are the passes running now, innermost last: a hook or a custom backward may
// start a pass inside a pass (torch's reentrant backward).
var active []passRun // values, not pointers: a pass costs no allocation once grown

type passRun struct {
	id      uint64
	restore []savedState // outer passes' states this pass took over
}

type savedState struct {
	n  *Node
	ps passState
}

// state returns n's pass state, reset if it belongs to an earlier pass; the state of a
// pass still running outside this one is put back when this one ends.
func (n *Node) state(id uint64) *passState {
	if n.ps.id != id {
		if n.ps.id != 0 && len(active) > 1 {
			cur := &active[len(active)-1]
			for _, r := range active[:len(active)-1] {
				if r.id == n.ps.id {
					cur.restore = append(cur.restore, savedState{n, n.ps})
					break
				}
			}
		}
		n.ps = passState{id: id}
	}
	return &n.ps
}

// run is the engine. With inputs nil it accumulates into leaves (backward); otherwise it
// returns the gradients reaching inputs (grad). Leaf updates and the freeing of saved
// tensors happen only once the whole pass succeeded, so a failing pass changes nothing.
func run(roots []*Tensor, c runConfig, inputs []*Tensor) Tuple {
	if !c.retainSet {
		c.retain = c.create
	}
	if len(c.gradOutputs) > 0 && len(c.gradOutputs) != len(roots) {
		panic(rtErr(fmt.Sprintf("grad requires one gradient per output: got %d and %d", len(c.gradOutputs), len(roots))))
	}
	// Root edges and seed gradients.
	rootEdges := make([]Edge, len(roots))
	seeds := make([]*Tensor, len(roots))
	for i, r := range roots {
		e := r.gradientEdge()
		if e.Node == nil {
			panic(rtErr(fmt.Sprintf("element %d of tensors does not require grad and does not have a grad_fn", i)))
		}
		rootEdges[i] = e
		var g *Tensor
		if i < len(c.gradOutputs) {
			g = c.gradOutputs[i]
		}
		if g == nil {
			if r.Numel() != 1 {
				panic(rtErr("grad can be implicitly created only for scalar outputs"))
			}
			g = wrap(tensor.OnesLike(r.data))
		} else {
			if !slices.Equal(g.shape(), r.shape()) {
				panic(rtErr(fmt.Sprintf("Mismatch in shape: grad_output[%d] has a shape of %v and output[%d] has a shape of %v.", i, g.Shape(), i, r.Shape())))
			}
			if g.data.DType() != r.data.DType() {
				g = wrap(g.data.To(r.data.DType()))
			}
		}
		seeds[i] = g
	}

	pass++
	id := pass
	active = append(active, passRun{id: id})
	defer func() {
		me := &active[len(active)-1]
		for i := len(me.restore) - 1; i >= 0; i-- {
			me.restore[i].n.ps = me.restore[i].ps
		}
		me.restore = nil
		active = active[:len(active)-1]
	}()
	// Discover the graph: count, for every reachable node, the edges pointing at it.
	var order []*Node // discovery order, for grad()'s needed set
	stack := make([]*Node, 0, 8)
	for _, e := range rootEdges {
		if st := e.Node.state(id); !st.seen {
			st.seen = true
			stack = append(stack, e.Node)
		}
	}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if inputs != nil {
			order = append(order, n)
		}
		for _, e := range n.next {
			if e.Node == nil {
				continue
			}
			st := e.Node.state(id)
			st.deps++
			if !st.seen {
				st.seen = true
				stack = append(stack, e.Node)
			}
		}
	}

	// For grad(): where each input's gradient is captured, and which nodes must run.
	if inputs != nil {
		for i, in := range inputs {
			e := in.gradientEdge()
			st := e.Node.state(id)
			if st.captures == nil {
				st.captures = new([]int)
			}
			*st.captures = append(*st.captures, i)
		}
		// A node must run if a capture lies below it; iterate to a fixed point over the
		// discovery order reversed (children are mostly discovered after parents).
		for changed := true; changed; {
			changed = false
			for k := len(order) - 1; k >= 0; k-- {
				n := order[k]
				if n.ps.needed {
					continue
				}
				for _, e := range n.next {
					if e.Node != nil && e.Node.ps.id == id && (e.Node.ps.needed || e.Node.ps.captures != nil) {
						n.ps.needed, changed = true, true
						break
					}
				}
			}
		}
	}

	var result Tuple
	if inputs != nil {
		result = make(Tuple, len(inputs))
	}
	type pending struct {
		leaf *Tensor
		g    *Tensor
	}
	// Small graphs fit the buffers on the stack; append moves bigger ones to the heap.
	var accumBuf [4]pending
	var ranBuf [8]*Node
	var exposedBuf [4]*tensor.Array
	var scratchBuf [2]*Tensor
	accum, ran, exposed, scratch := accumBuf[:0], ranBuf[:0], exposedBuf[:0], scratchBuf[:0]
	var retains []pending
	// exposed are arrays the user can see (given seeds, what hooks saw or returned): a
	// leaf's new .grad may not alias them, since later backward passes add into it.
	for _, g := range c.gradOutputs {
		if g != nil {
			exposed = append(exposed, g.data)
		}
	}
	runHooks := func(hooks []func(*Tensor) *Tensor, g *Tensor) *Tensor {
		for _, h := range hooks {
			exposed = append(exposed, g.data)
			if r := h(g); r != nil {
				g = r
				exposed = append(exposed, g.data)
			}
		}
		return g
	}

	func() {
		old := gradEnabled
		gradEnabled = c.create
		defer func() { gradEnabled = old }()
		var readyBuf [8]*Node
		ready := readyBuf[:0]
		for i, e := range rootEdges {
			st := e.Node.state(id)
			st.buf = accumulate(st.buf, seeds[i])
		}
		for _, e := range rootEdges {
			if st := &e.Node.ps; st.deps == 0 && !st.queued {
				st.queued = true
				ready = append(ready, e.Node)
			}
		}
		for len(ready) > 0 {
			if tensor.Interrupted() {
				panic(&tensor.Error{Kind: "KeyboardInterrupt", Msg: ""})
			}
			// the newest ready node first, as torch orders by sequence number
			best := 0
			for i, m := range ready {
				if m.seq > ready[best].seq {
					best = i
				}
			}
			n := ready[best]
			ready[best] = ready[len(ready)-1]
			ready = ready[:len(ready)-1]

			st := &n.ps
			g := st.buf
			st.buf = nil
			for _, idx := range capturesOf(st) {
				result[idx] = g
			}
			if inputs != nil && !st.needed {
				continue
			}
			g = runHooks(n.hooks, g)
			if n.retainer != nil {
				retains = append(retains, pending{n.retainer, g})
			}
			if n.variable != nil { // AccumulateGrad
				g = runHooks(n.variable.hooks, g)
				accum = append(accum, pending{n.variable, g})
				continue
			}
			ran = append(ran, n)
			if cap(scratch) < len(n.next) {
				scratch = make([]*Tensor, len(n.next))
			}
			gs := n.inputGradsInto(g, scratch[:len(n.next)])
			for i, e := range n.next {
				if e.Node == nil {
					continue
				}
				cst := &e.Node.ps
				if inputs != nil && !cst.needed && cst.captures == nil {
					continue
				}
				if gs[i] != nil {
					cst.buf = accumulate(cst.buf, gs[i])
				}
				cst.deps--
				if cst.deps == 0 && cst.buf != nil {
					ready = append(ready, e.Node)
				}
			}
		}
	}()

	// Commit: the pass succeeded.
	for _, p := range retains {
		retain(p.leaf, p.g, c.create)
	}
	for _, p := range accum {
		steal := !c.create && p.g.data.IsContiguous() && p.g.data.DType() == p.leaf.data.DType()
		for _, e := range exposed {
			if steal && p.g.data.SameStorage(e) {
				steal = false
			}
		}
		if steal {
			exposed = append(exposed, p.g.data)
		}
		accumulateGrad(p.leaf, p.g, c.create, steal)
	}
	if !c.retain {
		for _, n := range ran {
			n.release()
		}
	}
	if inputs != nil && !c.allowUnused {
		for _, g := range result {
			if g == nil {
				panic(rtErr("One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior."))
			}
		}
	}
	return result
}

// inputGrads evaluates the node's formulas for the inputs that want a gradient and fits
// each result to its input: summed over broadcast dims, cast to the input's dtype.
func (n *Node) inputGrads(g *Tensor) []*Tensor {
	return n.inputGradsInto(g, make([]*Tensor, len(n.next)))
}

// inputGradsInto is inputGrads writing into out (len(n.next) long) when it can.
func (n *Node) inputGradsInto(g *Tensor, out []*Tensor) []*Tensor {
	if n.all != nil {
		out = n.all(g)
	} else {
		for i, e := range n.next {
			out[i] = nil
			if e.Node != nil && n.grads[i] != nil {
				out[i] = n.grads[i](g)
			}
		}
	}
	for i, r := range out {
		if r == nil || i >= len(n.in) || n.in[i].shape == nil {
			continue
		}
		m := n.in[i]
		// A formula's result has the input's shape or a broadcast of it, so equal rank
		// and size mean equal shape; checking those avoids copying the shape.
		if r.data.Dim() != len(m.shape) || r.data.Numel() != Size(m.shape).Numel() {
			r = sumTo(r, m.shape)
		}
		if r.data.DType() != m.dtype {
			r = r.To(DType(m.dtype))
		}
		out[i] = r
	}
	return out
}

// sumTo sums g over the dims that broadcasting added or stretched so it has shape.
func sumTo(g *Tensor, shape []int) *Tensor {
	gs := g.shape()
	lead := len(gs) - len(shape)
	if lead < 0 && g.Numel() == Size(shape).Numel() {
		return g.Reshape(shape...) // size-1 dims the formula left out
	}
	if lead < 0 {
		panic(rtErr(fmt.Sprintf("function backward returned a gradient of shape %v for an input of shape %v", Size(gs), Size(shape))))
	}
	if lead > 0 {
		dims := make([]int, lead)
		for i := range dims {
			dims[i] = i
		}
		g = g.SumDims(dims, false)
	}
	var ones []int
	for i, s := range shape {
		if s == 1 && g.data.Size(i) != 1 {
			ones = append(ones, i)
		}
	}
	if len(ones) > 0 {
		g = g.SumDims(ones, true)
	}
	if !slices.Equal(g.shape(), shape) {
		panic(rtErr(fmt.Sprintf("function backward returned a gradient of shape %v for an input of shape %v", Size(gs), Size(shape))))
	}
	return g
}

func accumulate(old, g *Tensor) *Tensor {
	if old == nil {
		return g
	}
	return old.Add(g)
}

// accumulateGrad adds g into leaf.grad the way AccumulateGrad does: the first gradient
// is stored (a copy unless create_graph keeps its history, or the engine knows nobody
// else can see g: torch steals it then too), later ones are added in place (out of
// place under create_graph).
func accumulateGrad(leaf, g *Tensor, create, steal bool) {
	if g.data.DType() != leaf.data.DType() {
		g = wrap(g.data.To(leaf.data.DType()))
	}
	switch {
	case leaf.grad == nil && (create || steal):
		leaf.grad = g
	case leaf.grad == nil:
		leaf.grad = wrap(g.data.Clone())
	case create || leaf.grad.requiresGrad:
		withGrad(create, func() { leaf.grad = leaf.grad.Add(g) })
	default:
		leaf.grad.data.Add_(g.data)
		*leaf.grad.version++
	}
}

// retain stores the gradient of a non-leaf that asked for retain_grad.
func retain(t, g *Tensor, create bool) {
	if t.grad == nil {
		if create {
			t.grad = g
		} else {
			t.grad = wrap(g.data.Clone())
		}
		return
	}
	withGrad(create, func() { t.grad = t.grad.Add(g) })
}
