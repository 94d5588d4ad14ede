package lrscheduler_test

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/optim"
	"github.com/gograd/gograd/autograd/optim/lrscheduler"
)

// A cosine schedule over 4 epochs from 0.1 down to 0.01 and back. The output is what
// PyTorch 1.13 prints for the same loop (print(epoch, sched.get_last_lr())).
func ExampleNewCosineAnnealingLR() {
	w := autograd.Zeros(1, autograd.RequiresGrad)
	opt := optim.NewSGD([]*autograd.Tensor{w}, optim.LR(0.1), optim.Momentum(0.9))
	sched := lrscheduler.NewCosineAnnealingLR(opt, 4, lrscheduler.EtaMin(0.01))
	for epoch := 0; epoch < 6; epoch++ {
		opt.Step()
		sched.Step()
		fmt.Println(epoch, sched.LastLR())
	}
	// Output:
	// 0 [0.08681980515339464]
	// 1 [0.05500000000000001]
	// 2 [0.023180194846605363]
	// 3 [0.01]
	// 4 [0.023180194846605363]
	// 5 [0.05500000000000002]
}

// Patience 1: the second epoch in a row without improvement cuts the rate tenfold. The
// output is PyTorch 1.13's for the same loop with verbose=True.
func ExampleNewReduceLROnPlateau() {
	w := autograd.Zeros(1, autograd.RequiresGrad)
	opt := optim.NewSGD([]*autograd.Tensor{w}, optim.LR(0.1))
	sched := lrscheduler.NewReduceLROnPlateau(opt, lrscheduler.Patience(1), lrscheduler.Verbose(true))
	for epoch, loss := range []float64{1.0, 0.9, 0.95, 0.92, 0.91, 0.99} {
		sched.Step(loss)
		fmt.Println(epoch, opt.ParamGroups()[0].LR)
	}
	// Output:
	// 0 0.1
	// 1 0.1
	// 2 0.1
	// Epoch 00004: reducing learning rate of group 0 to 1.0000e-02.
	// 3 0.010000000000000002
	// 4 0.010000000000000002
	// Epoch 00006: reducing learning rate of group 0 to 1.0000e-03.
	// 5 0.0010000000000000002
}
