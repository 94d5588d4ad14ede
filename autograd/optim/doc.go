// Package optim updates parameters from their gradients the way torch.optim does.
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
// Step reproduces PyTorch 1.13's single-tensor update rules bit for bit in float32: the
// scalars are rounded to the parameter's dtype where PyTorch rounds them, and the
// multiply-adds that PyTorch's CPU kernels fuse (add_ with alpha, addcmul_) are fused
// here too, so a seeded model follows PyTorch's trajectory to the last bit whenever the
// gradients agree. Parameters whose gradient is nil are skipped, as in PyTorch.
//
// ZeroGrad zeroes the gradients in place (PyTorch 1.13's default set_to_none=False);
// ZeroGradToNone drops them instead.
//
// Hyper-parameters are options (LR, Momentum, Betas, ...) and remain readable and
// writable as fields afterwards, as param_groups[0] is in PyTorch. Invalid values panic
// with PyTorch's ValueError text.
package optim
