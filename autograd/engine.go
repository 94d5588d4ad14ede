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
	if len(opts) > 0 {
		c = backwardConfig(opts)
	}
	run([]*Tensor{t}, c, nil)
}

// backwardConfig applies opts. It is apart from Backward because the options take the
// config's address: kept here, the plain y.Backward() allocates no config.
func backwardConfig(opts []BackwardOption) runConfig {
	var c runConfig
	for _, o := range opts {
		o.applyBackward(&c)
	}
	return c
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

// pass numbers the engine's runs; a node's pass mark is valid when it carries the
// current number, which saves clearing it (and saves maps) between passes.
var pass uint64

// passMark is what a node carries for the engine (Node.psID and psIdx): the pass that
// last reached it and where its state sits in that pass's table. It holds no pointer,
// so the engine's writes to it need no GC write barrier (a scalar graph's backward made
// a dozen such writes into its nodes when the state lived there).
type passMark struct {
	id  uint64
	idx int32
}

// passState is a node's bookkeeping during one backward pass.
type passState struct {
	n        *Node
	buf      *Tensor // sum of the gradients received so far
	captures []int   // grad(): indexes of the inputs whose gradient arrives here
	deps     int32   // edges from not-yet-run nodes
	seen     bool    // discovered
	queued   bool    // a root already put in the ready list
	needed   bool    // grad(): a captured input lies below this node
	stolen   bool    // an AccumulateGrad's gradient became its leaf's .grad as is
}

// mark makes n part of pass id with state index idx, remembering the mark of an outer
// pass still running (the one a hook's inner backward interrupted) to put back later.
func (n *Node) mark(id uint64, idx int) {
	if n.psID != 0 && len(active) > 1 {
		cur := &active[len(active)-1]
		for _, r := range active[:len(active)-1] {
			if r.id == n.psID {
				cur.restore = append(cur.restore, savedMark{n, passMark{n.psID, n.psIdx}})
				break
			}
		}
	}
	n.psID, n.psIdx = id, int32(idx)
}

// active are the passes running now, innermost last: a hook or a custom backward may
// start a pass inside a pass (torch's reentrant backward).
var active []passRun // values, not pointers: a pass costs no allocation once grown

type passRun struct {
	id      uint64
	restore []savedMark // outer passes' marks this pass took over
}

type savedMark struct {
	n  *Node
	ps passMark
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
	defer passRooms()()
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
			g = roomy(func(s *tensor.Small) *tensor.Array { return s.OnesLike(r.data) })
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
			r := me.restore[i]
			r.n.psID, r.n.psIdx = r.ps.id, r.ps.idx
		}
		me.restore = nil
		active = active[:len(active)-1]
	}()
	// Discover the graph: count, for every reachable node, the edges pointing at it.
	// The pass's node states: a small graph's stay on the stack. (Closures rather than
	// methods on a table: a method appending through its receiver makes the table
	// escape to the heap.) The lists below hold state indexes, not node pointers:
	// while the GC marks, every pointer stored through a slice costs a write barrier
	// (the compiler cannot tell these slices live on the stack), and on a scalar graph
	// those barriers cost more than the engine's own work.
	var stateBuf [8]passState
	states := stateBuf[:0]
	// of returns n's state index, adding n to the pass if new. reached returns the
	// state of a node the pass reached, else nil; the pointer is good until the next
	// call of of.
	of := func(n *Node) int32 {
		if n.psID != id {
			n.mark(id, len(states))
			states = append(states, passState{n: n})
		}
		return n.psIdx
	}
	reached := func(n *Node) *passState {
		if n.psID != id {
			return nil
		}
		return &states[n.psIdx]
	}
	var order []*Node // discovery order, for grad()'s needed set
	var stackBuf [8]int32
	stack := stackBuf[:0]
	for _, e := range rootEdges {
		if k := of(e.Node); !states[k].seen {
			states[k].seen = true
			stack = append(stack, k)
		}
	}
	for len(stack) > 0 {
		n := states[stack[len(stack)-1]].n
		stack = stack[:len(stack)-1]
		if inputs != nil {
			order = append(order, n)
		}
		for _, e := range n.edges() {
			if e.Node == nil {
				continue
			}
			k := of(e.Node)
			st := &states[k]
			st.deps++
			if !st.seen {
				st.seen = true
				stack = append(stack, k)
			}
		}
	}

	// For grad(): where each input's gradient is captured, and which nodes must run.
	if inputs != nil {
		for i, in := range inputs {
			k := of(in.gradientEdge().Node)
			states[k].captures = append(states[k].captures, i)
		}
		// A node must run if a capture lies below it; iterate to a fixed point over the
		// discovery order reversed (children are mostly discovered after parents).
		for changed := true; changed; {
			changed = false
			for k := len(order) - 1; k >= 0; k-- {
				n := order[k]
				if st := reached(n); st.needed {
					continue
				}
				for _, e := range n.edges() {
					if e.Node == nil {
						continue
					}
					if cst := reached(e.Node); cst != nil && (cst.needed || cst.captures != nil) {
						reached(n).needed, changed = true, true
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
	// Small graphs fit the buffers on the stack; append moves bigger ones to the heap.
	var accumBuf [4]int32 // AccumulateGrad states whose gradient is queued for the leaf
	var ranBuf [8]int32
	accum, ran := accumBuf[:0], ranBuf[:0]
	var exposed []*tensor.Array
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

	// take starts running the node of state k: it hands the node's summed gradient to
	// grad()'s captures, and, when the node must run, to its hooks and its retain_grad
	// tensor; an AccumulateGrad's gradient (after the hooks) stays in its state, queued
	// for its leaf. ok is false when the node need not run.
	take := func(k int32) (g *Tensor, ok bool) {
		st := &states[k]
		g = st.buf
		for _, idx := range st.captures {
			result[idx] = g
		}
		if inputs != nil && !st.needed {
			st.buf = nil
			return nil, false
		}
		x := st.n.extra
		if x == nil { // an op's node: its gradient is consumed now (free a big one early)
			st.buf = nil
			return g, true
		}
		if h := runHooks(x.hooks, g); h != g {
			g = h
			st = &states[k]
			st.buf = g
		}
		if x.retainer != nil {
			retains = append(retains, pending{x.retainer, g})
		}
		if x.variable != nil { // AccumulateGrad (its hooks, run above, are the leaf's)
			accum = append(accum, k)
		} else {
			st.buf = nil
		}
		return g, true
	}

	func() {
		old := gradEnabled
		gradEnabled = c.create
		defer func() { gradEnabled = old }()
		var readyBuf [8]int32
		ready := readyBuf[:0]
		for i, e := range rootEdges {
			st := reached(e.Node)
			st.buf = accumulate(st.buf, seeds[i])
		}
		for _, e := range rootEdges {
			if st := reached(e.Node); st.deps == 0 && !st.queued {
				st.queued = true
				ready = append(ready, e.Node.psIdx)
			}
		}
		for len(ready) > 0 {
			if tensor.Interrupted() {
				panic(&tensor.Error{Kind: "KeyboardInterrupt", Msg: ""})
			}
			// the newest ready node first, as torch orders by sequence number
			best := 0
			for i, k := range ready {
				if states[k].n.seq > states[ready[best]].n.seq {
					best = i
				}
			}
			k := ready[best]
			ready[best] = ready[len(ready)-1]
			ready = ready[:len(ready)-1]

			n := states[k].n
			g, ok := take(k)
			if !ok || n.isAccumulate() {
				continue
			}
			ran = append(ran, k)
			next := n.edges()
			// The input gradients: in a local array for up to two inputs, which the
			// compiler knows is on the stack (no write barriers).
			var two [2]*Tensor
			var gs []*Tensor
			if len(next) <= len(two) && (n.extra == nil || n.extra.all == nil) {
				fs := n.formulas()
				for i, e := range next {
					if e.Node != nil && fs[i] != nil {
						two[i] = fs[i](n, g)
					}
				}
				// then fitted, as torch's validate_outputs does after the node's apply
				for i := range next {
					two[i] = n.fitGrad(i, two[i])
				}
				gs = two[:len(next)]
			} else {
				gs = n.inputGrads(g)
			}
			for i, e := range next {
				if e.Node == nil {
					continue
				}
				cst := reached(e.Node)
				if inputs != nil && !cst.needed && cst.captures == nil {
					continue
				}
				if gs[i] != nil {
					cst.buf = accumulate(cst.buf, gs[i])
				}
				cst.deps--
				switch {
				case cst.deps > 0 || cst.buf == nil:
				case e.Node.isAccumulate():
					take(e.Node.psIdx) // it would be picked next anyway (see accumulateSeq)
				default:
					ready = append(ready, e.Node.psIdx)
				}
			}
		}
	}()

	// Commit: the pass succeeded.
	for _, p := range retains {
		retain(p.leaf, p.g, c.create)
	}
	for i, k := range accum {
		st := &states[k]
		leaf, g := st.n.extra.variable, st.buf
		steal := !c.create && g.data.IsContiguous() && g.data.DType() == leaf.data.DType()
		for _, e := range exposed {
			if steal && g.data.SameStorage(e) {
				steal = false
			}
		}
		for _, j := range accum[:i] { // nor a gradient another leaf took
			if o := &states[j]; steal && o.stolen && g.data.SameStorage(o.buf.data) {
				steal = false
			}
		}
		st.stolen = steal
		accumulateGrad(leaf, g, c.create, steal)
	}
	if !c.retain {
		for _, k := range ran {
			states[k].n.release()
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

// pending is a gradient waiting for the end of a pass to reach a tensor's .grad.
type pending struct {
	leaf *Tensor
	g    *Tensor
}

// inputGrads evaluates the node's formulas for the inputs that want a gradient and fits
// each result to its input (fitGrad); one per input, nil where none.
func (n *Node) inputGrads(g *Tensor) []*Tensor {
	var out []*Tensor
	if n.extra != nil && n.extra.all != nil {
		out = n.extra.all(g)
	} else {
		out = make([]*Tensor, n.nIn)
		fs := n.formulas()
		for i, e := range n.edges() {
			if e.Node != nil && fs[i] != nil {
				out[i] = fs[i](n, g)
			}
		}
	}
	for i, r := range out {
		out[i] = n.fitGrad(i, r)
	}
	return out
}

// fitGrad fits r, the gradient a formula returned for input i, to that input: summed
// over broadcast dims, cast to the input's dtype.
func (n *Node) fitGrad(i int, r *Tensor) *Tensor {
	m := n.meta(i)
	if r == nil || m == nil {
		return r
	}
	if !hasShape(r.data, m.shape) {
		r = sumTo(r, m.shape)
	}
	if r.data.DType() != m.dtype {
		r = r.To(DType(m.dtype))
	}
	return r
}

// sumTo sums g over the dims that broadcasting added or stretched so it has shape.
func sumTo(g *Tensor, shape []int) *Tensor {
	from := g
	bad := func() *tensor.Error {
		return rtErr(fmt.Sprintf("function backward returned a gradient of shape %v for an input of shape %v", from.Shape(), Size(shape)))
	}
	lead := g.data.Dim() - len(shape)
	if lead < 0 && g.Numel() == Size(shape).Numel() {
		return g.Reshape(shape...) // size-1 dims the formula left out
	}
	if lead < 0 {
		panic(bad())
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
	if !hasShape(g.data, shape) {
		panic(bad())
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
		*leaf.grad.ver()++
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
