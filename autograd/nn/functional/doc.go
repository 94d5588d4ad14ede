// Package F is torch.nn.functional: activations, softmax and losses as functions of
// tensors, with PyTorch 1.13's grad_fn names, saved attributes, numerics and error
// texts. Its name is the alias Python code gives it (import torch.nn.functional as
// F), so notebook cells read as PyTorch's, and it cannot be confused with package
// autograd/functional, torch.autograd.functional (Jacobians and Hessians), whose
// name the kernel's cells already use:
//
//	import "github.com/gograd/gograd/autograd/nn/functional" // package F
//
//	loss := F.CrossEntropy(logits, target, F.LabelSmoothing(0.1))
//	y := F.Softmax(x, 1)
//
// Each op records one node named as torch's (SoftmaxBackward0, NllLossBackward0,
// BinaryCrossEntropyWithLogitsBackward0, ...) through autograd.NewOp, saving the
// tensors torch saves under torch's names; its backward is written with autograd ops,
// so create_graph differentiates it again. Where torch's function is a composition
// (l1_loss is abs then mean; cross_entropy is log_softmax then nll_loss, plus the
// smoothing terms), it is the same composition here, so the graph shows the same
// nodes.
//
// Keyword arguments are Options (Reduction, Weight, IgnoreIndex, LabelSmoothing,
// PosWeight, Beta, Delta); an activation's own parameters are optional trailing
// numbers with torch's defaults: LeakyRelu(x) is F.leaky_relu(x), LeakyRelu(x, 0.2)
// is F.leaky_relu(x, 0.2).
//
// Also linear (AddmmBackward0 over TBackward0 for a batch, as nn.Linear records),
// one_hot, pad (constant mode, ConstantPadNdBackward0) and normalize.
//
// Dropout draws its mask from the default generator as torch does on a CPU, so a
// seeded run drops the same elements (testdata goldens, bit for bit).
//
// nll_loss and cross_entropy take inputs (C), (N, C) and (N, C, d1, ...), the last as
// torch's nll_loss_nd does (NllLoss2DBackward0, through a view for other than 4 dims).
//
// conv1d and conv2d (stride, padding, dilation, groups) record ConvolutionBackward0
// with torch's attributes; their backward differentiates to any order. conv1d is
// conv2d over a height of 1, as torch computes it on a CPU.
//
// max_pool2d, avg_pool2d (count_include_pad, no ceil_mode) and adaptive_avg_pool2d
// record torch's nodes too.
//
// batch_norm (training with running statistics, evaluation), layer_norm and embedding
// (padding_idx) record NativeBatchNormBackward0, NativeLayerNormBackward0 and
// EmbeddingBackward0 with torch's saved tensors, and follow torch's CPU kernels'
// arithmetic step by step, so that their outputs and running statistics are torch's
// bit for bit (testdata/norm_golden.json). Under create_graph their gradients are
// recorded as torch's NativeBatchNormBackwardBackward0, NativeLayerNormBackwardBackward0
// and EmbeddingDenseBackwardBackward0 nodes (one node per gradient where torch has one
// node with several outputs), differentiable to any order.
//
// Not yet here: pad's other modes and negative pads, ceil_mode, adaptive max pooling,
// conv3d and transposed convolutions.
package F
