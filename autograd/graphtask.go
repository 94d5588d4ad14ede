package autograd

import (
	"github.com/gograd/gograd/tensor"
)

// graphTask is one backward pass (torch's GraphTask): every table the pass keeps, for
// the nodes it reaches, lives here and nowhere else. run takes one for each pass
// (newGraphTask) and drives it through the phases, each a method below:
//
//  1. discover: walk the graph from the roots, giving each reachable node a state and
//     counting the edges that point at it (its dependencies);
//  2. capture (grad() only): note where each input's gradient arrives and mark the
//     nodes that lead to one, so that the others need not run (torch's exec_info);
//  3. execute: run the ready nodes, newest first, each once all its dependencies have
//     sent their gradients, and send its input gradients along its edges;
//  4. commit: once every node ran, store the leaves' gradients, the retained ones, and
//     free what the nodes saved.
//
// A hook may start a pass inside a pass (torch's reentrant backward): the inner pass
// has its own graphTask, so the two share no state even when they reach the same nodes.
//
// The tables hold state indexes (int32), not pointers: while the garbage collector
// marks, every pointer stored through a slice pays a write barrier, and on a small
// graph those barriers would cost more than the engine's own work. A finished pass's
// graphTask goes back to freeTasks (state.go) with its tables emptied but their room
// kept, so that a pass on a graph no bigger than earlier ones allocates no tables.
type graphTask struct {
	states   []passState // one per node reached, in the order reached
	roots    []int32     // the roots' states, in the order of the roots
	next     []int32     // the states' edges: state k's are next[k.first:k.first+k.n.nIn], -1 for none
	ready    []int32     // states whose gradient is complete, waiting to run
	ran      []int32     // op nodes that ran: what they saved is freed at the commit
	accum    []int32     // AccumulateGrad states whose gradient waits for the commit
	inputs   []*Tensor   // grad(): whose gradients are returned; nil for backward()
	result   Tuple       // grad(): the gradient of each input
	captures []capture   // grad(): where each input's gradient arrives
	create   bool        // CreateGraph: the pass records its own graph
	// exposed are arrays the user can see (given seeds, what hooks saw or returned): a
	// leaf's new .grad may not alias them, since later backward passes add into it.
	exposed []*tensor.Array
	retains []pending // gradients for tensors that asked for retain_grad
	stack   []int32   // discover's depth-first walk
}

// newGraphTask returns an empty task for a pass, reusing a finished pass's tables.
func newGraphTask(inputs []*Tensor, create bool) *graphTask {
	var t *graphTask
	if k := len(freeTasks); k > 0 {
		t, freeTasks = freeTasks[k-1], freeTasks[:k-1]
	} else {
		t = new(graphTask)
	}
	t.inputs, t.create = inputs, create
	return t
}

// keptStates bounds the tables a finished task keeps for reuse: a pass over a big
// graph should not hold its tables' memory for ever.
const keptStates = 1024

// free empties t, dropping every pointer it holds, and puts it in freeTasks. It runs
// when the pass ends, failed or not. The tables keep their room: past their length
// they stay zero, which of relies on.
func (t *graphTask) free() {
	if cap(t.states) > keptStates {
		*t = graphTask{}
	} else {
		clear(t.states)
		clear(t.exposed)
		clear(t.retains)
		t.states, t.next, t.roots, t.stack = t.states[:0], t.next[:0], t.roots[:0], t.stack[:0]
		t.ready, t.ran, t.accum = t.ready[:0], t.ran[:0], t.accum[:0]
		t.exposed, t.retains, t.captures = t.exposed[:0], t.retains[:0], t.captures[:0]
		t.inputs, t.result = nil, nil
	}
	freeTasks = append(freeTasks, t)
}

// capture says that the gradient reaching state is input's, for grad().
type capture struct {
	state int32
	input int
}

// passState is a node's bookkeeping during one pass. It holds two pointers only, so
// that emptying the table for the next pass is cheap.
type passState struct {
	n        *Node
	buf      *Tensor // sum of the gradients received so far
	first    int32   // where the node's edges start in graphTask.next
	deps     int32   // edges from nodes that have not run yet
	seen     bool    // discovered: its edges are in next
	queued   bool    // a root already put in the ready list
	needed   bool    // grad(): a captured input lies below this node
	captured bool    // grad(): an input's gradient arrives here (see graphTask.captures)
	stolen   bool    // an AccumulateGrad's gradient became its leaf's .grad as is
}

// find returns n's state index, -1 when the pass has not reached n. It trusts n.hint
// only when the state there is n's, so a hint left by another pass does no harm; and
// it needs nothing else while the pass discovers the graph, because every node of the
// table then holds its own index (of sets it, and no other pass runs during
// discovery). Later, a pass started by a hook may overwrite the hints of nodes both
// reach; the phases after discovery follow the edge table instead of looking nodes up.
func (t *graphTask) find(n *Node) int32 {
	if k := n.hint; int(k) < len(t.states) && t.states[k].n == n {
		return k
	}
	return -1
}

// of returns n's state index, giving n a state when the pass meets it first.
func (t *graphTask) of(n *Node) int32 {
	if k := t.find(n); k >= 0 {
		return k
	}
	k := int32(len(t.states))
	if len(t.states) < cap(t.states) {
		t.states = t.states[:k+1] // zero: free empties the table
	} else {
		t.states = append(t.states, passState{})
	}
	t.states[k].n, n.hint = n, k
	return k
}

// edgesOf are the state indexes at the ends of state k's edges (-1: no gradient flows
// there); k must have been discovered.
func (t *graphTask) edgesOf(k int32) []int32 {
	st := &t.states[k]
	return t.next[st.first : st.first+st.n.nIn]
}

// discover is phase 1: it gives every node reachable from the roots a state, records
// its edges as state indexes and counts each node's dependencies.
func (t *graphTask) discover(roots []Edge) {
	stack := t.stack
	for _, e := range roots {
		k := t.of(e.Node)
		t.roots = append(t.roots, k)
		if !t.states[k].seen {
			t.states[k].seen = true
			stack = append(stack, k)
		}
	}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		edges := t.states[k].n.edges()
		t.states[k].first = int32(len(t.next))
		for _, e := range edges {
			if e.Node == nil {
				t.next = append(t.next, -1)
				continue
			}
			c := t.of(e.Node)
			t.next = append(t.next, c)
			st := &t.states[c]
			st.deps++
			if !st.seen {
				st.seen = true
				stack = append(stack, c)
			}
		}
	}
	t.stack = stack
}

// capture is phase 2, for grad(): each input's gradient is captured where it enters
// the graph, and a node needs to run only if a capture lies below it.
func (t *graphTask) capture() {
	t.result = make(Tuple, len(t.inputs))
	for i, in := range t.inputs {
		k := t.of(in.gradientEdge().Node)
		t.states[k].captured = true
		t.captures = append(t.captures, capture{state: k, input: i})
	}
	// Iterate to a fixed point, latest reached first (children are mostly reached
	// after their parents, so one round usually settles it).
	for changed := true; changed; {
		changed = false
		for k := int32(len(t.states)) - 1; k >= 0; k-- {
			if st := &t.states[k]; st.needed || !st.seen {
				continue
			}
			for _, c := range t.edgesOf(k) {
				if c >= 0 && (t.states[c].needed || t.states[c].captured) {
					t.states[k].needed, changed = true, true
					break
				}
			}
		}
	}
}

// wanted reports whether the gradient sent to state k is used: always by backward(),
// by grad() when k leads to or is a captured input.
func (t *graphTask) wanted(k int32) bool {
	st := &t.states[k]
	return t.inputs == nil || st.needed || st.captured
}

// execute is phase 3: it seeds the roots, then runs the ready nodes, newest first as
// torch orders them by sequence number, until none is left. The formulas run with
// grad mode on only when the pass records its own graph.
func (t *graphTask) execute(seeds, given []*Tensor) {
	old := gradEnabled
	gradEnabled = t.create
	defer func() { gradEnabled = old }()
	for _, g := range given {
		if g != nil {
			t.exposed = append(t.exposed, g.data)
		}
	}
	for i, k := range t.roots {
		st := &t.states[k]
		st.buf = accumulate(st.buf, seeds[i])
	}
	for _, k := range t.roots {
		if st := &t.states[k]; st.deps == 0 && !st.queued {
			st.queued = true
			t.ready = append(t.ready, k)
		}
	}
	for len(t.ready) > 0 {
		if tensor.Interrupted() {
			panic(&tensor.Error{Kind: "KeyboardInterrupt", Msg: ""})
		}
		k := t.popNewest()
		g, ok := t.take(k)
		if !ok || t.states[k].n.isAccumulate() {
			continue
		}
		t.ran = append(t.ran, k)
		t.evaluate(k, g)
	}
}

// popNewest removes from the ready list the node created last, and returns its state.
func (t *graphTask) popNewest() int32 {
	best := 0
	for i, k := range t.ready {
		if t.states[k].n.seq > t.states[t.ready[best]].n.seq {
			best = i
		}
	}
	k := t.ready[best]
	t.ready[best] = t.ready[len(t.ready)-1]
	t.ready = t.ready[:len(t.ready)-1]
	return k
}

// take starts running the node of state k: it hands the node's summed gradient to
// grad()'s captures, and, when the node must run, to its hooks and its retain_grad
// tensor; an AccumulateGrad's gradient (after the hooks) stays in its state, queued
// for its leaf. ok is false when the node need not run.
func (t *graphTask) take(k int32) (g *Tensor, ok bool) {
	st := &t.states[k]
	g = st.buf
	if st.captured {
		for _, c := range t.captures {
			if c.state == k {
				t.result[c.input] = g
			}
		}
	}
	if t.inputs != nil && !st.needed {
		st.buf = nil
		return nil, false
	}
	x := st.n.extra
	if x == nil { // an op's node: its gradient is consumed now (free a big one early)
		st.buf = nil
		return g, true
	}
	if h := t.runHooks(x.hooks, g); h != g {
		g = h
		st.buf = g
	}
	if x.retainer != nil {
		t.retains = append(t.retains, pending{x.retainer, g})
	}
	if x.variable != nil { // AccumulateGrad (its hooks, run above, are the leaf's)
		t.accum = append(t.accum, k)
	} else {
		st.buf = nil
	}
	return g, true
}

// runHooks calls hooks in turn on g (skipping removed ones), each getting what the previous one returned (its
// input when it returned nil), and returns the last result.
func (t *graphTask) runHooks(hooks []func(*Tensor) *Tensor, g *Tensor) *Tensor {
	for _, h := range hooks {
		if h == nil { // removed through its handle
			continue
		}
		t.exposed = append(t.exposed, g.data)
		if r := h(g); r != nil {
			g = r
			t.exposed = append(t.exposed, g.data)
		}
	}
	return g
}

// evaluate runs the node of state k on its output gradient g and sends the input
// gradients along its edges, adding each into what its node received so far; a node
// whose last dependency this was becomes ready, and an AccumulateGrad is taken at
// once (it would be picked next anyway: see accumulateSeq).
func (t *graphTask) evaluate(k int32, g *Tensor) {
	n := t.states[k].n
	// Up to two input gradients come back in an array value, which stays on the stack
	// (no write barriers storing them).
	var two [2]*Tensor
	var gs []*Tensor
	if n.nIn <= int32(len(two)) && (n.extra == nil || n.extra.all == nil) {
		two = n.inputGradsTwo(g)
		gs = two[:n.nIn]
	} else {
		gs = n.inputGrads(g)
	}
	for i, c := range t.edgesOf(k) {
		if c < 0 || !t.wanted(c) {
			continue
		}
		st := &t.states[c]
		if gs[i] != nil {
			st.buf = accumulate(st.buf, gs[i])
		}
		st.deps--
		switch {
		case st.deps > 0 || st.buf == nil:
		case st.n.isAccumulate():
			t.take(c)
		default:
			t.ready = append(t.ready, c)
		}
	}
}

// commit is phase 4, run once every node did: the retained gradients and the leaves'
// new gradients are stored, and unless retain says otherwise the saved tensors of the
// nodes that ran are freed. A leaf takes its gradient as it is (steals it, as torch
// does) when nobody else can see that array; otherwise it gets a copy.
func (t *graphTask) commit(retain bool) {
	for _, p := range t.retains {
		retainGrad(p.leaf, p.g, t.create)
	}
	for i, k := range t.accum {
		st := &t.states[k]
		leaf, g := st.n.extra.variable, st.buf
		st.stolen = !t.create && g.data.IsContiguous() && g.data.DType() == leaf.data.DType() && !t.seen(g.data, t.accum[:i])
		accumulateGrad(leaf, g, t.create, st.stolen)
	}
	if !retain {
		for _, k := range t.ran {
			t.states[k].n.release()
		}
	}
}

// seen reports whether a shares storage with an array the user can see or with a
// gradient one of the leaves of states before already took.
func (t *graphTask) seen(a *tensor.Array, before []int32) bool {
	for _, e := range t.exposed {
		if a.SameStorage(e) {
			return true
		}
	}
	for _, j := range before {
		if o := &t.states[j]; o.stolen && a.SameStorage(o.buf.data) {
			return true
		}
	}
	return false
}
