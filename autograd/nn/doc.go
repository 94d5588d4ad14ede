// Package nn holds the building blocks of neural networks, as torch.nn does: modules
// that own parameters and map a tensor to a tensor, and losses.
//
// A Module has a Forward method and lists its parameters (leaf tensors that require
// grad, printed "Parameter containing:" like torch.nn.Parameter). The two-layer network
// of PyTorch's "two_layer_net_optim" tutorial reads:
//
//	model := nn.NewSequential(
//		nn.NewLinear(1000, 100),
//		nn.NewReLU(),
//		nn.NewLinear(100, 10),
//	)
//	lossFn := nn.NewMSELoss("sum")
//	loss := lossFn.Forward(model.Forward(x), y)
//
// Linear initialises its weight and bias exactly as PyTorch 1.13 does
// (kaiming_uniform_ with a=sqrt(5), then a uniform bias), drawing from tensor.Default,
// the same Mersenne-Twister stream as torch's default generator: after
// tensor.ManualSeed(s) and the same earlier draws, a model starts from PyTorch's weights
// bit for bit.
//
// A module of one's own is a Go struct with Forward, Parameters and NamedParameters;
// NamedParametersOf and ParametersOf find its parameters (exported fields made by
// autograd.NewParameter, then those of module fields) and name them as PyTorch's
// named_parameters() does:
//
//	type Polynomial3 struct {
//		nn.Mode
//		A, B, C, D *autograd.Tensor
//	}
//
//	func (m *Polynomial3) Forward(x *autograd.Tensor) *autograd.Tensor { ... }
//	func (m *Polynomial3) Parameters() []*autograd.Tensor       { return nn.ParametersOf(m) }
//	func (m *Polynomial3) NamedParameters() []nn.NamedParameter { return nn.NamedParametersOf(m) }
//
// Such a module prints as torch prints it with a String method that names its class:
// func (m *Polynomial3) String() string { return nn.Repr("Polynomial3", m) }.
//
// Every module here embeds a Mode, torch's training flag: Eval(model) and Train(model)
// switch a module and every module inside it (Children finds them in a Sequential and
// in the exported fields of a struct module), as model.eval() and model.train() do. A
// module written as a Go struct embeds Mode the same way to take part.
//
// Ops keep PyTorch's graph names: a Linear on a batch (2-D input) is one
// AddmmBackward0 node, on a single vector it is a matmul plus an AddBackward0, and
// MSELoss is MseLossBackward0. Modules print like torch's repr:
//
//	Sequential(
//	  (0): Linear(in_features=1000, out_features=100, bias=True)
//	  (1): ReLU()
//	  (2): Linear(in_features=100, out_features=10, bias=True)
//	)
package nn
