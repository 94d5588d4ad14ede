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
//
// # Normalisation and embedding layers
//
// BatchNorm1d and BatchNorm2d normalise each channel by the batch's mean and variance
// in training, moving their running statistics (buffers RunningMean, RunningVar and
// the batch count NumBatchesTracked) by Momentum, and by those running statistics
// after Eval; LayerNorm normalises each sample over its last dims; Embedding is a
// lookup table of rows. Their options are keyword-like: NewBatchNorm2d(6,
// nn.Momentum(0.01), nn.Affine(false)), NewLayerNorm([]int{10}, nn.Eps(1e-6)),
// NewEmbedding(10, 3, 0) with padding_idx 0. They print as torch's:
//
//	BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)
//
// # A module's state
//
// A module's state is its parameters and its buffers (tensors it keeps that are not
// learnt, as a BatchNorm's running statistics; a module lists its own by a
// NamedBuffers method, the Buffered interface). StateDictOf(model) gathers them under
// torch's dotted names and in torch's order ("0.weight", "conv1.bias",
// "bn.running_mean", "bn.num_batches_tracked": a module's own parameters, its own
// buffers, then each child's entries under the child's name), so a state dict of a Go
// model and of the same model in PyTorch have the same keys. LoadStateDict(model, sd)
// copies a dict back in; by default (strict) a missing or unexpected key fails, and a
// shape mismatch always does, with torch's RuntimeError text:
//
//	Error(s) in loading state_dict for Linear:
//		Missing key(s) in state_dict: "bias".
//
// # Files: the safetensors format
//
// SaveSafetensors and LoadSafetensors write and read state dicts in the safetensors
// format, which PyTorch reads and writes with the safetensors package
// (safetensors.torch.save_file(model.state_dict(), path) and load_file(path)), so
// weights move between a Go notebook and PyTorch:
//
//	err := nn.SaveSafetensors("model.safetensors", nn.StateDictOf(model))
//
//	sd, _, err := nn.LoadSafetensors("model.safetensors")
//	nn.LoadStateDict(model, sd)
//
// A file is, in order: 8 bytes holding N, the header's length, as an unsigned 64-bit
// little-endian integer; N bytes of header, a UTF-8 JSON object that maps each
// tensor's name to {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}
// (plus an optional "__metadata__" object of strings), padded with spaces so that the
// data starts 8-byte aligned; then the data, each tensor's elements in row-major order
// and little-endian, at bytes [begin, end) counted from the end of the header. The
// ranges tile the data exactly. F32, F64, I64 and BOOL (one byte) are read and written
// as they are; F16, BF16, I32, I16, I8 and U8, which gograd has no dtypes for, are read
// widened without loss to float32 and int64 (half-precision weights load as float32).
// The Go writer stores tensors in the state dict's order, and the reader returns them
// in the order of their data, so a dict comes back in its own order.
//
// # A module of one's own
//
// A module is any Go type with Forward, Parameters and NamedParameters. Written as a
// struct whose exported fields hold parameters and other modules, the package finds
// the rest itself: NamedParametersOf and ParametersOf list the parameters, Train and
// Eval reach every module inside through the embedded Mode, and StateDictOf and
// LoadStateDict name every entry by the fields' names (lowered: Conv1 is "conv1"; an
// `nn:"name"` tag overrides):
//
//	type Net struct {
//		nn.Mode
//		Conv1 *nn.Conv2d
//		BN    *nn.BatchNorm2d
//		FC    *nn.Linear
//		Scale *autograd.Tensor // autograd.NewParameter(...)
//	}
//
//	func (m *Net) Forward(x *autograd.Tensor) *autograd.Tensor {
//		x = F.Relu(m.BN.Forward(m.Conv1.Forward(x)))
//		return m.FC.Forward(x.Reshape(x.Shape()[0], -1)).Mul(m.Scale)
//	}
//	func (m *Net) Parameters() []*autograd.Tensor       { return nn.ParametersOf(m) }
//	func (m *Net) NamedParameters() []nn.NamedParameter { return nn.NamedParametersOf(m) }
//
// Its state dict holds scale, conv1.weight, conv1.bias, bn.weight, bn.bias,
// bn.running_mean, bn.running_var, bn.num_batches_tracked, fc.weight and fc.bias,
// the keys of the same module written in PyTorch with the same attribute names.
package nn
