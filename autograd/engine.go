package autograd

import (
	"fmt"
	"slices"

	"github.com/gograd/gograd/tensor"
)

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

// run is the engine: one backward pass from roots, in the phases of torch's engine
// (graphtask.go holds them). With inputs nil it accumulates into the leaves
// (backward); otherwise it returns the gradients reaching inputs (grad). Leaf updates
// and the freeing of saved tensors happen only once the whole pass succeeded, so a
// failing pass changes nothing.
func run(roots []*Tensor, c runConfig, inputs []*Tensor) Tuple {
	if !c.retainSet {
		c.retain = c.create
	}
	if len(c.gradOutputs) > 0 && len(c.gradOutputs) != len(roots) {
		panic(rtErr(fmt.Sprintf("grad requires one gradient per output: got %d and %d", len(c.gradOutputs), len(roots))))
	}
	defer passRooms()()
	rootEdges := make([]Edge, len(roots))
	seeds := make([]*Tensor, len(roots))
	for i, r := range roots {
		rootEdges[i], seeds[i] = seed(i, r, c.gradOutputs)
	}

	task := newGraphTask(inputs, c.create)
	defer task.free()
	task.discover(rootEdges)
	if inputs != nil {
		task.capture()
	}
	task.execute(seeds, c.gradOutputs)
	task.commit(c.retain)
	if inputs != nil && !c.allowUnused {
		for _, g := range task.result {
			if g == nil {
				panic(rtErr("One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior."))
			}
		}
	}
	return task.result
}

// seed is root i's entry into the graph and the gradient it starts with: the given
// one (cast to the root's dtype), or ones for a one-element root.
func seed(i int, r *Tensor, given []*Tensor) (Edge, *Tensor) {
	e := r.gradientEdge()
	if e.Node == nil {
		panic(rtErr(fmt.Sprintf("element %d of tensors does not require grad and does not have a grad_fn", i)))
	}
	var g *Tensor
	if i < len(given) {
		g = given[i]
	}
	if g == nil {
		if r.Numel() != 1 {
			panic(rtErr("grad can be implicitly created only for scalar outputs"))
		}
		return e, roomy(func(s *tensor.Small) *tensor.Array { return s.OnesLike(r.data) })
	}
	if !slices.Equal(g.shape(), r.shape()) {
		panic(rtErr(fmt.Sprintf("Mismatch in shape: grad_output[%d] has a shape of %v and output[%d] has a shape of %v.", i, g.Shape(), i, r.Shape())))
	}
	if g.data.DType() != r.data.DType() {
		g = wrap(g.data.To(r.data.DType()))
	}
	return e, g
}

// pending is a gradient waiting for the end of a pass to reach a tensor's .grad.
type pending struct {
	leaf *Tensor
	g    *Tensor
}

// inputGradsTwo is inputGrads for a node of at most two inputs without an all: it
// returns the gradients in an array value, which the engine keeps on its stack.
func (n *Node) inputGradsTwo(g *Tensor) (gs [2]*Tensor) {
	fs := n.formulas()
	for i, e := range n.edges() {
		if e.Node != nil && fs[i] != nil {
			gs[i] = fs[i](n, g)
		}
	}
	// then fitted, as torch's validate_outputs does after the node's apply
	for i := range n.nIn {
		gs[i] = n.fitGrad(int(i), gs[i])
	}
	return gs
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

// sumTo sums g over the dims that broadcasting added or stretched so it has shape, as
// torch's at::sum_to does: one sum over all those dims, keeping them, then a view
// without the leading ones (a 0-d shape takes the plain sum). One sum, not one per kind
// of dim: a sum over several dims at once adds in another order.
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
	if len(shape) == 0 {
		return g.Sum()
	}
	var dims []int
	for i := range g.data.Dim() {
		if i < lead || shape[i-lead] == 1 && g.data.Size(i) != 1 {
			dims = append(dims, i)
		}
	}
	if len(dims) > 0 {
		g = g.SumDims(dims, true)
	}
	if lead > 0 {
		g = g.View(shape...)
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
	case leaf.grad == nil && create:
		leaf.grad = copyRecorded(leaf, g)
	case leaf.grad == nil && steal:
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

// copyRecorded is the first gradient a leaf gets under create_graph: like torch's
// AccumulateGrad, a fresh tensor of the leaf's layout into which g is copied with grad
// mode on, so that the leaf's grad is the graph's output behind a CopyBackwards node
// rather than that output itself (which may be a tensor inside the graph).
func copyRecorded(leaf, g *Tensor) *Tensor {
	var r *Tensor
	withGrad(true, func() { r = wrap(tensor.ZerosLike(leaf.data)).Copy_(g) })
	return r
}

// retainGrad stores the gradient of a non-leaf that asked for retain_grad.
func retainGrad(t, g *Tensor, create bool) {
	if t.grad == nil {
		if create {
			withGrad(true, func() { t.grad = g.Clone() }) // CloneBackward0, as torch's retain_grad hook
		} else {
			t.grad = wrap(g.data.Clone())
		}
		return
	}
	withGrad(create, func() { t.grad = t.grad.Add(g) })
}
