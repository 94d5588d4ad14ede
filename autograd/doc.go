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
// Gradients of intermediate tensors are not kept unless asked: y.RetainGrad() keeps
// y.Grad(); y.RegisterHook(f) calls f with y's gradient and uses f's result, if not
// nil, instead.
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
