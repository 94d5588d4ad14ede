// Package lrscheduler changes an optimizer's learning rates as training goes on, as
// torch.optim.lr_scheduler does: StepLR, ExponentialLR, CosineAnnealingLR and
// ReduceLROnPlateau, with PyTorch 1.13's semantics and its float arithmetic, so the
// learning rates are PyTorch's to the last bit.
//
// A scheduler works on any optim.Optimizer through its parameter groups: it records
// each group's starting rate (torch's group['initial_lr']) and writes group.LR. Step
// is called once per epoch, after the optimizer's steps:
//
//	opt := optim.NewSGD(model.Parameters(), optim.LR(0.1), optim.Momentum(0.9))
//	sched := lrscheduler.NewStepLR(opt, 30, lrscheduler.Gamma(0.1))
//	for epoch := 0; epoch < 100; epoch++ {
//		train(opt)
//		sched.Step()
//	}
//
// ReduceLROnPlateau's Step takes the metric it watches (a validation loss, say):
//
//	sched := lrscheduler.NewReduceLROnPlateau(opt, lrscheduler.Patience(3))
//	...
//	sched.Step(valLoss.Item())
//
// # Arguments
//
// The arguments PyTorch requires are positional (StepLR's step_size, ExponentialLR's
// gamma, CosineAnnealingLR's T_max); every argument with a default is an Option named
// after PyTorch's keyword (Gamma, EtaMin, LastEpoch, Verbose, Mode, Factor, Patience,
// Threshold, ThresholdMode, Cooldown, MinLR, Eps), as hyper-parameters are options in
// package optim. An option the scheduler does not take panics with Python's TypeError;
// bad values panic with PyTorch's ValueError texts.
//
// The chainable schedulers (StepLR, ExponentialLR, CosineAnnealingLR) compute each
// rate from the group's current one, as PyTorch's get_lr does, so a rate changed by
// hand between steps carries on from there. Verbose(true) prints PyTorch's
// "Adjusting learning rate of group 0 to 1.0000e-01." lines. PyTorch's deprecated
// step(epoch) form and its warnings about the order of the optimizer's and the
// scheduler's steps are not reproduced.
package lrscheduler
