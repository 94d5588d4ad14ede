package optim_test

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/nn"
	"github.com/gograd/gograd/autograd/optim"
)

// Seed 001's In [23] (reference notebook cell 34): fit f = w*x to y = 2x with MSELoss
// and SGD. The output is the first lines the notebook printed with PyTorch 1.13.
func ExampleNewSGD() {
	X := autograd.New([]float32{1, 2, 3, 4})
	Y := autograd.New([]float32{2, 4, 6, 8})
	W := autograd.New(float32(0), autograd.RequiresGrad)
	loss := nn.NewMSELoss()
	opt := optim.NewSGD([]*autograd.Tensor{W}, optim.LR(0.01))
	for epoch := 0; epoch < 4; epoch++ {
		l := loss.Forward(Y, W.Mul(X))
		l.Backward()
		opt.Step()
		opt.ZeroGrad()
		fmt.Printf("epoch %d: w = %.3f,loss=%.8f\n", epoch+1, W, l)
	}
	// Output:
	// epoch 1: w = 0.300,loss=30.00000000
	// epoch 2: w = 0.555,loss=21.67499924
	// epoch 3: w = 0.772,loss=15.66018772
	// epoch 4: w = 0.956,loss=11.31448650
}

// Two parameter groups: the second with its own learning rate and no weight decay. The
// output is what PyTorch 1.13 prints for torch.optim.AdamW([{'params': [a]},
// {'params': [b], 'weight_decay': 0.0, 'lr': 1e-2}], lr=1e-3) and one step.
func ExampleNewGroup() {
	a := autograd.NewParameter(autograd.Zeros(2))
	b := autograd.NewParameter(autograd.Zeros(1))
	opt := optim.NewAdamW([]*optim.Group{
		optim.NewGroup([]*autograd.Tensor{a}),
		optim.NewGroup([]*autograd.Tensor{b}, optim.WeightDecay(0), optim.LR(1e-2)),
	}, optim.LR(1e-3))
	fmt.Println(opt)
	a.SetGrad(autograd.New([]float32{1, -2}))
	b.SetGrad(autograd.New([]float32{0.5}))
	opt.Step()
	fmt.Println(a, b)
	// Output:
	// AdamW (
	// Parameter Group 0
	//     amsgrad: False
	//     betas: (0.9, 0.999)
	//     capturable: False
	//     eps: 1e-08
	//     foreach: None
	//     lr: 0.001
	//     maximize: False
	//     weight_decay: 0.01
	//
	// Parameter Group 1
	//     amsgrad: False
	//     betas: (0.9, 0.999)
	//     capturable: False
	//     eps: 1e-08
	//     foreach: None
	//     lr: 0.01
	//     maximize: False
	//     weight_decay: 0.0
	// )
	// Parameter containing:
	// tensor([-0.0010,  0.0010], requires_grad=True) Parameter containing:
	// tensor([-0.0100], requires_grad=True)
}
