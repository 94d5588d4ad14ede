package F

import (
	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// MaxPool2d is F.max_pool2d(input, kernel_size, stride=kernel_size, padding=0,
// dilation=1) (MaxPool2DWithIndicesBackward0, saving self and the indices as result1):
// the maximum of each window of input (N, C, H, W) or (C, H, W); kernel is one number
// or two. Options: Stride, Padding, Dilation. The gradient goes to each window's
// maximum (the first, on ties).
func MaxPool2d(input *Tensor, kernel []int, opts ...ConvOption) *Tensor {
	k, o, g := poolOptions(input, kernel, opts, func(o convOptions, k [2]int) {
		p, kk := o.padding[0], k[0]
		if o.padding[0] <= k[0]/2 {
			p, kk = o.padding[1], k[1]
		}
		runtimeErr("pad should be at most half of kernel size, but got pad=%d and kernel_size=%d", p, kk)
	})
	xs := batched(input.Array()).Shape()
	if ho, wo := g.Out(xs[2], xs[3]); ho < 1 || wo < 1 {
		runtimeErr("Given input size: (%dx%dx%d). Calculated output size: (%dx%dx%d). Output size is too small", xs[1], xs[2], xs[3], xs[1], ho, wo)
	}
	out, idx := tensor.MaxPool2d(batched(input.Array()), g)
	if input.Dim() == 3 { // unbatched, as torch takes it: no batch dim in the result
		out, idx = unbatched(out), unbatched(idx)
	}
	r, op := autograd.NewOp("MaxPool2DWithIndicesBackward0", out, input)
	if op != nil {
		stride := []int{}
		if o.strideSet {
			stride = o.stride[:]
		}
		indices := autograd.FromArray(idx)
		op.Attr("ceil_mode", false)
		op.Attr("dilation", o.dilation[:])
		op.Attr("kernel_size", k[:])
		op.Attr("padding", o.padding[:])
		op.Save("result1", indices, true)
		op.Save("self", input, true)
		op.Attr("stride", stride)
		h, w := xs[2], xs[3]
		op.SetBackward(func(gr *Tensor) []*Tensor {
			op.Unpack("self")
			return []*Tensor{scatterPlanes(gr, op.Unpack("result1"), h, w)}
		})
	}
	return r
}

// poolOptions reads a pooling's kernel and options (the stride the kernel's unless
// given) and checks the input's dims and the padding, which may be at most half the
// kernel; badPad fails with the op's own message.
func poolOptions(input *Tensor, kernel []int, opts []ConvOption, badPad func(convOptions, [2]int)) ([2]int, convOptions, tensor.Conv2dGeom) {
	k := pair(kernel)
	o := convOptions{stride: k, dilation: [2]int{1, 1}}
	for _, f := range opts {
		f(&o)
	}
	for _, v := range o.given {
		if v != nil {
			pair(v) // one number or two
		}
	}
	if (input.Dim() != 3 && input.Dim() != 4) || input.Numel() == 0 {
		runtimeErr("non-empty 3D or 4D (batch mode) tensor expected for input")
	}
	if o.padding[0] > k[0]/2 || o.padding[1] > k[1]/2 {
		badPad(o, k)
	}
	g := tensor.Conv2dGeom{KH: k[0], KW: k[1], SH: o.stride[0], SW: o.stride[1],
		PH: o.padding[0], PW: o.padding[1], DH: o.dilation[0], DW: o.dilation[1]}
	return k, o, g
}

// scatterPlanes is max_pool2d's backward as a recorded op: g added at the indices of
// the maxima. It is linear in g; its gradient is gatherPlanes at the same indices.
func scatterPlanes(g, indices *Tensor, h, w int) *Tensor {
	a := tensor.ScatterPlanes(batched(g.Array()), batched(indices.Array()), h, w)
	if g.Dim() == 3 {
		a = unbatched(a)
	}
	r, op := autograd.NewOp("MaxPool2DWithIndicesBackwardBackward0", a, g)
	if op != nil {
		op.SetBackward(func(gg *Tensor) []*Tensor { return []*Tensor{gatherPlanes(gg, indices)} })
	}
	return r
}

// gatherPlanes picks the elements at the maxima's indices (GatherBackward0, as
// torch.gather); its gradient is scatterPlanes.
func gatherPlanes(src, indices *Tensor) *Tensor {
	s := src.Shape()
	h, w := s[len(s)-2], s[len(s)-1]
	a := tensor.GatherPlanes(batched(src.Array()), batched(indices.Array()))
	if src.Dim() == 3 {
		a = unbatched(a)
	}
	r, op := autograd.NewOp("GatherBackward0", a, src)
	if op != nil {
		op.SetBackward(func(gg *Tensor) []*Tensor { return []*Tensor{scatterPlanes(gg, indices, h, w)} })
	}
	return r
}

// batched is a (C, H, W) array as (1, C, H, W), a 4-D one as it is.
func batched(a *tensor.Array) *tensor.Array {
	if a.Dim() == 3 {
		s := a.Shape()
		return a.Reshape(1, s[0], s[1], s[2])
	}
	return a
}

// unbatched drops batched's leading 1.
func unbatched(a *tensor.Array) *tensor.Array {
	s := a.Shape()
	return a.Reshape(s[1:]...)
}

// PoolSettings reads pooling options as MaxPool2d applies them: stride (the kernel's
// when not given), padding and dilation per dim.
func PoolSettings(kernel []int, opts ...ConvOption) (stride, padding, dilation [2]int) {
	o := convOptions{stride: pair(kernel), dilation: [2]int{1, 1}}
	for _, f := range opts {
		f(&o)
	}
	return o.stride, o.padding, o.dilation
}

// AvgPool2d is F.avg_pool2d(input, kernel_size, stride=kernel_size, padding=0)
// (AvgPool2DBackward0) with torch's defaults count_include_pad=True and no divisor
// override: each window's mean, padding counted as zeros, over (N, C, H, W) or (C, H,
// W). It is the mean over the kernel taps of the unfolded windows, so its backward
// (folding g/K back) differentiates to any order.
func AvgPool2d(input *Tensor, kernel []int, opts ...ConvOption) *Tensor {
	k, o, g := poolOptions(input, kernel, opts, func(o convOptions, k [2]int) {
		runtimeErr("pad should be smaller than or equal to half of kernel size, but got padW = %d, padH = %d, kW = %d, kH = %d", o.padding[1], o.padding[0], k[1], k[0])
	})
	in4 := batched(input.Array()) // unbatched input, as torch takes it: no batch dim in the result
	xs := in4.Shape()
	n, c, h, w := xs[0], xs[1], xs[2], xs[3]
	ho, wo := g.Out(h, w)
	taps := k[0] * k[1]
	var out *tensor.Array
	autograd.NoGrad(func() {
		out = im2col(autograd.FromArray(in4), g).View(n, c, taps, ho*wo).Mean(2).Array()
	})
	if input.Dim() == 3 {
		out = out.Reshape(c, ho, wo)
	} else {
		out = out.Reshape(n, c, ho, wo)
	}
	r, op := autograd.NewOp("AvgPool2DBackward0", out, input)
	if op != nil {
		stride := []int{}
		if o.strideSet {
			stride = o.stride[:]
		}
		op.Attr("ceil_mode", false)
		op.Attr("count_include_pad", true)
		op.Attr("divisor_override", nil)
		op.Attr("kernel_size", k[:])
		op.Attr("padding", o.padding[:])
		op.Save("self", input, true)
		op.Attr("stride", stride)
		op.SetBackward(func(gr *Tensor) []*Tensor {
			op.Unpack("self")
			cols := gr.Div(taps).Reshape(n, c, 1, ho*wo).Expand(n, c, taps, ho*wo).Reshape(n, c*taps, ho*wo)
			return []*Tensor{col2im(cols, c, h, w, g).Reshape(input.Shape()...)}
		})
	}
	return r
}

// AdaptiveAvgPool2d is F.adaptive_avg_pool2d(input, output_size)
// (AdaptiveAvgPool2DBackward0, saving self): the mean over oh × ow windows that tile
// input (N, C, H, W) or (C, H, W) as torch's do; size is one number or two. A 1 × 1
// output of a batch is the mean over the last two dims, as torch computes it
// (MeanBackward1). The op is linear, and its backward is the recorded adjoint
// (AdaptiveAvgPool2DBackwardBackward0), whose gradient is the pooling again.
func AdaptiveAvgPool2d(input *Tensor, size []int) *Tensor {
	o := pair(size)
	if (input.Dim() != 3 && input.Dim() != 4) || input.Numel() == 0 {
		runtimeErr("adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got %s", shapeList(input.Shape()))
	}
	if o == [2]int{1, 1} && input.Dim() == 4 {
		return input.Mean(-1, -2, autograd.KeepDim)
	}
	return adaptivePool(input, o[0], o[1])
}

func adaptivePool(input *Tensor, oh, ow int) *Tensor {
	s := input.Shape()
	h, w := s[len(s)-2], s[len(s)-1]
	a := tensor.AdaptiveAvgPool2d(batched(input.Array()), oh, ow)
	if input.Dim() == 3 {
		a = unbatched(a)
	}
	r, op := autograd.NewOp("AdaptiveAvgPool2DBackward0", a, input)
	if op != nil {
		op.Save("self", input, true)
		op.SetBackward(func(g *Tensor) []*Tensor {
			op.Unpack("self")
			return []*Tensor{adaptivePoolBackward(g, h, w)}
		})
	}
	return r
}

// adaptivePoolBackward is the adjoint of adaptivePool as a recorded op; its gradient
// is adaptivePool.
func adaptivePoolBackward(g *Tensor, h, w int) *Tensor {
	s := g.Shape()
	oh, ow := s[len(s)-2], s[len(s)-1]
	a := tensor.AdaptiveAvgPool2dBackward(batched(g.Array()), h, w)
	if g.Dim() == 3 {
		a = unbatched(a)
	}
	r, op := autograd.NewOp("AdaptiveAvgPool2DBackwardBackward0", a, g)
	if op != nil {
		op.SetBackward(func(gg *Tensor) []*Tensor { return []*Tensor{adaptivePool(gg, oh, ow)} })
	}
	return r
}
