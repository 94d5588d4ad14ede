// Package optim updates parameters from their gradients the way torch.optim does:
// SGD, Adam, AdamW, RMSprop and Adagrad, with parameter groups. Learning-rate
// schedules are in the subpackage lrscheduler.
//
// An optimizer is built over a list of parameters (leaf tensors that require grad) and
// keeps whatever per-parameter state its rule needs (momentum buffers, Adam's moment
// estimates). A training step is the PyTorch one:
//
//	opt := optim.NewAdam(model.Parameters(), optim.LR(1e-4))
//	for t := 0; t < 500; t++ {
//		loss := lossFn.Forward(model.Forward(x), y)
//		opt.ZeroGrad()
//		loss.Backward()
//		opt.Step()
//	}
//
// # Arguments
//
// Every constructor has the same form, New<Name>(params, options...), and every
// hyper-parameter is an Option named after PyTorch's keyword argument:
//
//	torch.optim.SGD(params, lr=0.1, momentum=0.9)   optim.NewSGD(params, optim.LR(0.1), optim.Momentum(0.9))
//	torch.optim.AdamW(params, betas=(0.9, 0.95))    optim.NewAdamW(params, optim.Betas(0.9, 0.95))
//
// Options rather than positional numbers because the same hyper-parameters are also
// set per parameter group (NewGroup takes the same options), and because a Go call
// cannot name its arguments: NewSGD(params, 0.1, 0.9) would not say which is which.
// LR has no default for SGD, as in PyTorch: leaving it out panics with PyTorch's
// ValueError. An option the optimizer does not take (Momentum for Adam) panics with
// Python's TypeError for an unexpected keyword argument. The constructor checks its
// arguments as PyTorch does, with PyTorch's ValueError texts ("Invalid learning rate:
// -0.1"); like PyTorch, it does not check the values a group sets for itself.
//
// # Parameter groups
//
// params is a []*autograd.Tensor, anything with a Parameters method (an nn module), or
// a []*Group for parameters that need different settings, as a list of dicts in
// PyTorch. A group's options override the optimizer's; the others are filled in from
// them:
//
//	opt := optim.NewSGD([]*optim.Group{
//		optim.NewGroup(model.Base.Parameters()),
//		optim.NewGroup(model.Head.Parameters(), optim.LR(1e-3)),
//	}, optim.LR(1e-2), optim.Momentum(0.9))
//
// ParamGroups returns the live groups (optimizer.param_groups); their fields may be
// changed between steps, which is all a learning-rate scheduler does:
//
//	for _, g := range opt.ParamGroups() {
//		g.LR *= 0.5
//	}
//
// # Numerics
//
// Step reproduces PyTorch 1.13's single-tensor update rules bit for bit in float32 and
// float64: the scalars are rounded to the parameter's dtype where PyTorch rounds them,
// and the multiply-adds that PyTorch's CPU kernels fuse (add_ with alpha, addcmul_) are
// fused here too, so a seeded model follows PyTorch's trajectory to the last bit
// whenever the gradients agree. Parameters whose gradient is nil are skipped, as in
// PyTorch.
//
// # Speed
//
// A step works on the parameters' own storage: a contiguous parameter is updated in
// place and its gradient read in place (a strided one is copied out and written back),
// and Adam's element-wise work is one pass over each parameter instead of PyTorch's
// eight whole-tensor ops, with the same roundings. The float32 loops of Adam, SGD and
// weight decay run SIMD kernels (tensor/fused: AVX2 with FMA or AVX-512,
// chosen from the CPU, or forced with GOGRAD_SIMD=avx512|avx2|none); the Go loops are
// the reference they are tested against and the fallback elsewhere. The kernels' fused
// multiply-adds round once, as PyTorch's; the Go loops compute a float32 multiply-add
// in float64 and round that, which differs only when the float64 result lies exactly
// halfway between two float32 values (about once in 2^29 operations).
//
// ZeroGrad zeroes the gradients in place (PyTorch 1.13's default set_to_none=False);
// ZeroGradToNone drops them instead. Printing an optimizer prints PyTorch's repr.
package optim
