package F

import (
	"math"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// OneHot is F.one_hot(x, num_classes=-1): int64 of x's shape plus a last dim of
// numClasses, 1 at each value's class. Without numClasses (or -1) it is max(x) + 1.
func OneHot(x *Tensor, numClasses ...int) *Tensor {
	if x.Array().DType() != tensor.Int64 {
		runtimeErr("one_hot is only applicable to index tensor.")
	}
	vals := x.Array().Int64s()
	c := -1
	if len(numClasses) > 0 {
		c = numClasses[0]
	}
	hi := int64(-1)
	for _, v := range vals {
		if v < 0 {
			runtimeErr("Class values must be non-negative.")
		}
		hi = max(hi, v)
	}
	if c == -1 {
		c = int(hi) + 1
	} else if hi >= int64(c) {
		runtimeErr("Class values must be smaller than num_classes.")
	}
	out := make([]float64, len(vals)*c)
	for i, v := range vals {
		out[i*c+int(v)] = 1
	}
	shape := append(append([]int(nil), x.Array().Shape()...), c)
	return autograd.FromArray(tensor.FromFloat64(out).Reshape(shape...).To(tensor.Int64))
}

// Pad is F.pad(x, pad, mode="constant", value) (ConstantPadNdBackward0): pad holds
// (before, after) pairs from the last dim backwards, as torch's; the new elements are
// value. Negative pads (cropping) and the other modes are not here yet.
func Pad(x *Tensor, pad []int, value ...float64) *Tensor {
	if len(pad)%2 != 0 {
		runtimeErr("Padding length must be divisible by 2")
	}
	if len(pad)/2 > x.Dim() {
		runtimeErr("Padding length too large")
	}
	for _, p := range pad {
		if p < 0 {
			runtimeErr("pad: negative padding is not supported here yet")
		}
	}
	shape := append([]int(nil), x.Array().Shape()...)
	before := make([]int, len(shape))
	for i := 0; i < len(pad)/2; i++ {
		d := len(shape) - 1 - i
		before[d] = pad[2*i]
		shape[d] += pad[2*i] + pad[2*i+1]
	}
	out := tensor.Full(arg(value, 0, 0), shape...).To(x.Array().DType())
	region := out
	for d, b := range before {
		region = region.Slice(d, b, b+x.Array().Size(d), 1)
	}
	region.Copy_(x.Array())
	r, op := autograd.NewOp("ConstantPadNdBackward0", out, x)
	if op != nil {
		op.Attr("pad", append([]int(nil), pad...))
		size := x.Array().Shape()
		op.SetBackward(func(g *Tensor) []*Tensor {
			for d, b := range before {
				if b != 0 || g.Shape()[d] != size[d] {
					g = g.Slice(d, b, b+size[d], 1)
				}
			}
			return []*Tensor{g}
		})
	}
	return r
}

// Normalize is F.normalize(x, p=2, dim=1, eps=1e-12): x over its p-norm along dim,
// clamped below at eps, the composition torch records (ending in DivBackward0).
// Optional numbers: p, then eps; dim is given.
func Normalize(x *Tensor, dim int, pEps ...float64) *Tensor {
	p, eps := arg(pEps, 0, 2), arg(pEps, 1, 1e-12)
	var norm *Tensor
	switch p {
	case 2:
		norm = x.Pow(2).Sum(dim, autograd.KeepDim).Sqrt()
	case 1:
		norm = x.Abs().Sum(dim, autograd.KeepDim)
	default:
		norm = x.Abs().Pow(p).Sum(dim, autograd.KeepDim).Pow(1 / p)
	}
	return x.Div(norm.Clamp(eps, math.Inf(1)).Expand(x.Shape()...))
}

// Dropout is F.dropout(x, p=0.5, training=True): in training, each element is kept
// with probability 1-p and scaled by 1/(1-p), through a MulBackward0 by the noise
// tensor, as torch's. The mask is drawn as torch draws it on a CPU without MKL: one
// float64 uniform per element from the default generator (tensor.Default), kept when
// below 1-p, so a seeded run drops the elements torch drops. With p = 0 or not
// training, x itself comes back.
func Dropout(x *Tensor, p float64, training ...bool) *Tensor {
	if p < 0 || p > 1 {
		valueErr("dropout probability has to be between 0 and 1, but got %v", p)
	}
	if p == 0 || (len(training) > 0 && !training[0]) || x.Numel() == 0 {
		return x
	}
	if p == 1 {
		return x.Mul(autograd.FromArray(tensor.Zeros().To(x.Array().DType())))
	}
	u := tensor.Default.Rand(tensor.Float64, x.Array().Shape()...)
	noise := u.Lt(1 - p).To(x.Array().DType()).Div(1 - p)
	return x.Mul(autograd.FromArray(noise))
}
