// Package autograd is gograd's torch: tensors that remember how they were computed, and
// an engine that runs that record backwards to get gradients (reverse-mode automatic
// differentiation). It prints and fails the way PyTorch 1.13 does.
//
// # Tensors and leaves
//
// A Tensor is a tensor.Array (the numbers) plus what autograd needs. Tensors you make
// yourself are leaves; ask for gradients with the RequiresGrad option:
//
//	x := autograd.New([]float64{1, 2}, autograd.RequiresGrad) // tensor([1., 2.], requires_grad=True)
//	w := autograd.Ones(2, autograd.RequiresGrad)
//
// Go float data becomes float32 as in torch; the DType options (autograd.Float64) say
// otherwise. FromArray and Numpy share memory with a tensor.Array, like torch.from_numpy
// and .numpy().
//
// Reductions take their dims and keepdim one way on methods and functions, as torch's
// x.sum(1, keepdim=True) and torch.sum(x, 1, keepdim=True): the dims as ints, then
// KeepDim (or a bool), no dim for all of them: x.Sum(), x.Sum(0, 1), x.Mean(1,
// autograd.KeepDim), autograd.Sum(x, 0, autograd.KeepDim). SumDims and MeanDims take
// the dims as a slice; MaxDim and MinDim return values and indices. Transposes: x.T()
// is torch's x.T (PermuteBackward0), x.Tt() is x.t() (TBackward0, what nn.Linear
// records), x.MT() is x.mT.
//
// # The graph
//
// Every op on a tensor that requires grad records a Node, torch's grad_fn:
//
//	y := x.Mul(w).Add(1)        // tensor([2., 3.], grad_fn=<AddBackward0>)
//	y.GradFn().Name()           // "AddBackward0"
//	y.GradFn().NextFunctions()  // [{MulBackward0 0} {<nil> 0}]: one edge per input
//
// A node knows, for each input, how to turn the gradient of its output into the gradient
// of that input (the chain rule, one op at a time), and saves the tensors that formula
// needs: MulBackward0 saves self and other, because d(a*b)/da = b. Leaves that require
// grad end in an AccumulateGrad node, whose job is to add what arrives into x.Grad().
//
// The formulas live in one table, the ops_*.go files, read top to bottom like torch's
// derivatives.yaml: each op is declared once with its torch name, its forward on
// tensor.Array and its input gradients. The formulas are written with the same autograd
// ops, so running them can itself be recorded: that is all create_graph is, and why
// second and third derivatives need no extra code.
//
// # Backward
//
// y.Backward() starts from dy/dy = 1 and visits the nodes in reverse topological order
// (newest first, as torch does), summing the gradients arriving at each node before
// running it, then adds the results into the leaves' Grad:
//
//	loss.Backward()                                 // loss must have one element
//	y.Backward(autograd.Gradient(v))               // otherwise pass v: computes vᵀ·J
//	autograd.Grad(y, []*autograd.Tensor{x, w})      // returns gradients, leaves .grad alone
//	autograd.Grad(y, x, autograd.CreateGraph)       // ... and records them for d²y/dx²
//
// Gradients accumulate: a second backward adds to x.Grad(); x.Grad().Zero_() resets it.
// A pass frees the tensors the nodes saved, so running the same graph again fails with
// torch's "Trying to backward through the graph a second time" error unless the first
// pass was told RetainGraph. A graph that saved nothing ((x+x).Sum()) can run again.
// A pass that fails leaves every gradient as it was; a pass checks tensor.Interrupted
// between nodes so the kernel can stop it.
//
// The engine follows torch's: run (engine.go) takes the pass's own graphTask
// (graphtask.go) through its phases, discover (count each node's dependencies),
// capture (for Grad: which nodes lead to the inputs), execute (run the nodes) and
// commit (store the gradients, free the saved tensors).
//
// Gradients of intermediate tensors are not kept unless asked: y.RetainGrad() keeps
// y.Grad(); y.RegisterHook(f) (whose handle's Remove takes it off again) calls f with
// y's gradient and uses f's result, if not nil, instead.
//
// # Changing tensors in place
//
// Add_, Sub_, Mul_, Div_, Zero_, Fill_, Copy_ and Set (item assignment, y[0] = v) write
// into a tensor's storage. Each bumps a version counter shared by all views of that
// storage; a node remembers the version of each tensor it saved and refuses to use one
// that changed since. Writing into a leaf that requires grad is refused too; update
// parameters inside NoGrad:
//
//	autograd.NoGrad(func() { w.Sub_(w.Grad().Mul(lr)) })
//	w.Grad().Zero_()
//
// Under grad mode an in-place op is recorded like its out-of-place twin, and one made
// through a view (y.Set(v, 0) writes through y.Index(0)) becomes a CopySlices node on
// the base, so gradients flow into the region that was written and not into the values
// it replaced.
//
// # Control flow
//
// The graph is recorded as the Go code runs, so loops, ifs and function calls need
// nothing special: only the ops actually executed are differentiated.
//
//	b := a.Mul(2)
//	for b.Norm().Item() < 1000 {
//		b = b.Mul(2)
//	}
//
// # Errors and printing
//
// A failing op panics with a *tensor.Error carrying torch's exception class and message.
// String gives PyTorch's repr including the grad_fn=<...> or requires_grad=True suffix; a
// nil *Tensor prints None; Size, DType and Tuple print as torch.Size([2]), torch.float32
// and (tensor([3.]),). In fmt, float verbs format a one-element tensor's value as
// Python's format spec would, and %g alone gives Python's str of it.
//
// # Adding an op
//
// An op takes five steps; torch.atan2 (Atan2, Atan2Backward0) was added by following
// them and serves as the example.
//
// 1. The kernel, in package tensor: a row in an op table (binaryOp in binary.go,
// unaryOp in elementwise.go) with the float32 and float64 functions (int64 and bool
// ones, or the row's kind, say what integer inputs do), and the Array method that
// applies it, which brings broadcasting and type promotion. Check it against real
// PyTorch: a script in tensor/testdata run with Debian's /usr/bin/python3 writes a
// golden JSON file, and a test reads it (tensor/atan2.go, testdata/gen_atan2.py,
// atan2_test.go).
//
// 2. The op, in the ops_*.go file of its kind, always the same way:
//
//	func (t *Tensor) Atan2(other *Tensor) *Tensor {
//		r, n := record("Atan2Backward0", func(*tensor.Small) *tensor.Array { return t.data.Atan2(other.data) }, t, other)
//		if n != nil { // recorded: save what the formulas read, then set them
//			n.save(savedSelf, t, true)
//			n.save(savedOther, other, true)
//			n.grads[0], n.grads[1] = atan2SelfGrad, atan2OtherGrad
//		}
//		return r
//	}
//
//	func atan2SelfGrad(n *Node, g *Tensor) *Tensor { ... n.unpack(savedSelf) ... }
//
// record runs the forward and, when the op is recorded, makes the node (with the grad_fn
// name torch gives it); the forward may place a small result in the room it gets, as
// the arithmetic ops do with tensor.Small. save keeps a tensor under the name torchviz
// shows (a savedName constant; add one to graph.go when torch uses a new name, and its
// string to savedNames); its last argument says whether the formulas that will run
// need it, as torch saves only those. There is one formula per input, n.grads[i] (or
// n.formulas()[i] past two inputs): the gradient of that input given the gradient g of
// the output, written with autograd ops so that create_graph can differentiate it
// again. A formula reads the saved tensors with n.unpack, which fails as torch does
// when they were freed or changed in place; one that needs the op's parameters (dims,
// bounds) is a closure over them, the others are named functions. Broadcasting and
// dtypes need no code: the engine sums each gradient back to its input's shape and
// casts it to its dtype. Attributes torchviz lists besides tensors go in n.attr.
//
// 3. The torch.xxx spelling, in functions.go: func Atan2(y, x *Tensor) *Tensor.
//
// 4. The checks, in this package's tests: a row in gradCases (gradcheck_test.go) checks
// the formulas against finite differences, first and second order; an expression in
// testdata/torch_goldens.py and the same in graph_test.go check the grad_fn name and
// the saved attributes against torch (rerun the script with /usr/bin/python3 to
// regenerate graph_golden.json).
//
// An op defined in another package (package nn/functional's losses and activations)
// follows the same steps through NewOp, which gives it what record and the node give
// an op here: Op.Save and Op.Unpack by torch's names, Op.Attr, Op.Needs and
// Op.SetBackward, whose formulas are autograd ops as well.
//
// 5. The interpreter: cells reach Go packages through yaegi's symbol tables, which are
// generated. Run `go generate ./kernel/session/symbols`, commit the changed tables,
// and run `go test ./kernel/session/symbols/gen` without -short: its
// TestTablesAreCurrent fails while a table is stale. Without this step, cells cannot
// call the new op.
//
// # Custom Functions
//
// An op of one's own, with a forward and a backward written in Go, is a Function
// (torch.autograd.Function); Apply runs it and records one node named after it, as
// torch names the node after the Function's class:
//
//	P3 := &autograd.Function{
//		Name: "LegendrePolynomial3",
//		Forward: func(ctx *autograd.Ctx, in []*autograd.Tensor) *autograd.Tensor {
//			ctx.SaveForBackward(in[0])
//			return in[0].Pow(3).Mul(5).Sub(in[0].Mul(3)).Mul(0.5)
//		},
//		Backward: func(ctx *autograd.Ctx, g *autograd.Tensor) []*autograd.Tensor {
//			x := ctx.SavedTensors()[0]
//			return []*autograd.Tensor{g.Mul(1.5).Mul(x.Pow(2).Mul(5).Sub(1))}
//		},
//	}
//	y := P3.Apply(x) // grad_fn=<LegendrePolynomial3Backward>
//
// The forward runs with grad mode off; the Ctx carries what the backward needs:
// SaveForBackward and SavedTensors (freed by a pass, checked against in-place changes,
// like an op's saved tensors), NeedsInputGrad, MarkDirty for an input changed in place,
// MarkNonDifferentiable, and Set/Value for anything else. The backward returns one
// gradient per input (nil for none); the engine checks the count and the shapes as
// torch does and fails with torch's texts. A backward written with autograd ops can be
// differentiated again under CreateGraph; one that cannot sets OnceDifferentiable
// (@once_differentiable), and differentiating its result then fails as in torch.
//
// Apply is built on the op recipe below (record and the node's all), so a Function is
// an op like the others to the engine, to hooks and to the graph picture. A Function
// has one output.
//
// # Speed on small graphs
//
// A scalar relu(x*w+b) with its backward does a few dozen additions; what it costs is
// bookkeeping and, above all, allocations (bench/autograd_vs_torch.sh compares it with
// PyTorch). So the engine allocates once per recorded op (the Node, its result tensor
// and a small result's elements share one block: nodeAndOutput, tensor.Small), and a
// backward pass takes the rooms of the small results it computes a chunk at a time
// (roomChunks); a pass's tables are reused by the next pass (graphTask) and hold
// indexes rather than pointers; and arrays, nodes and saved tensors hold flags and
// indexes where pointers would do, since every pointer store pays the GC's write
// barrier while a collection runs. TestAllocationContract pins the allocation counts
// (a scalar graph's forward and backward allocate 4 times in all).
//
// # One goroutine at a time
//
// Like a notebook's cells, the package is meant to be used from one goroutine at a
// time: grad mode, node numbering and the engine's reusable tables are plain package
// state (torch keeps them per thread). state.go declares all of it and states the
// contract.
//
// # Graph introspection
//
// Node.Name, NextFunctions, Variable (an AccumulateGrad's leaf) and SavedAttrs (what
// torchviz shows with show_attrs/show_saved) are what package display draws from.
package autograd
