package F

import (
	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// ConvOption is one of conv2d's keyword arguments.
type ConvOption func(*convOptions)

type convOptions struct {
	stride, padding, dilation [2]int
	groups                    int
	strideSet                 bool
}

// Stride is stride= (one number for both dims, or two).
func Stride(s ...int) ConvOption {
	return func(o *convOptions) { o.stride, o.strideSet = pair(s), true }
}

// Padding is padding=, zeros around the input (one number for both dims, or two).
func Padding(p ...int) ConvOption { return func(o *convOptions) { o.padding = pair(p) } }

// Dilation is dilation=, the spacing of the kernel taps (one number or two).
func Dilation(d ...int) ConvOption { return func(o *convOptions) { o.dilation = pair(d) } }

// Groups is groups=: the channels split into that many independent convolutions.
func Groups(g int) ConvOption { return func(o *convOptions) { o.groups = g } }

func pair(v []int) [2]int {
	switch len(v) {
	case 1:
		return [2]int{v[0], v[0]}
	case 2:
		return [2]int{v[0], v[1]}
	}
	runtimeErr("expected stride, padding and dilation to be one or two integers, got %d", len(v))
	return [2]int{}
}

// Conv2d is F.conv2d(input, weight, bias, stride=1, padding=0, dilation=1, groups=1)
// (ConvolutionBackward0, saving input and weight and torch's attributes): input (N, C,
// H, W) or (C, H, W), weight (O, C/groups, KH, KW), bias (O) or nil. Each group is
// a matrix product of the group's weight, as (O/groups, C/groups·KH·KW), with the
// input's unfolded windows (tensor.Im2col). Its backward is written with autograd ops
// and the unfold/fold pair (each the other's gradient), so it differentiates to any
// order.
func Conv2d(input, weight, bias *Tensor, opts ...ConvOption) *Tensor {
	o := convOptions{stride: [2]int{1, 1}, dilation: [2]int{1, 1}, groups: 1}
	for _, f := range opts {
		f(&o)
	}
	if input.Dim() == 3 {
		return Conv2d(input.Unsqueeze(0), weight, bias, opts...).Squeeze(0)
	}
	if input.Dim() != 4 {
		runtimeErr("Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: %s", shapeList(input.Shape()))
	}
	if weight.Dim() != 4 {
		runtimeErr("expected stride to be a single integer value or a list of %d values to match the convolution dimensions, but got stride=[%d, %d]", weight.Dim()-2, o.stride[0], o.stride[1])
	}
	xs, ws := input.Shape(), weight.Shape()
	if ws[1]*o.groups != xs[1] || ws[0]%o.groups != 0 {
		runtimeErr("Given groups=%d, weight of size %s, expected input%s to have %d channels, but got %d channels instead",
			o.groups, shapeList(weight.Shape()), shapeList(input.Shape()), ws[1]*o.groups, xs[1])
	}
	g := tensor.Conv2dGeom{KH: ws[2], KW: ws[3], SH: o.stride[0], SW: o.stride[1],
		PH: o.padding[0], PW: o.padding[1], DH: o.dilation[0], DW: o.dilation[1]}
	ph, pw := xs[2]+2*g.PH, xs[3]+2*g.PW
	if eh, ew := g.DH*(g.KH-1)+1, g.DW*(g.KW-1)+1; ph < eh || pw < ew {
		runtimeErr("Calculated padded input size per channel: (%d x %d). Kernel size: (%d x %d). Kernel size can't be greater than actual input size", ph, pw, eh, ew)
	}
	var out *tensor.Array
	autograd.NoGrad(func() { out = convForward(input, weight, bias, g, o.groups).Array() })
	ins := []*Tensor{input, weight, bias}
	r, op := autograd.NewOp("ConvolutionBackward0", out, ins...)
	if op == nil {
		return r
	}
	bs := []int{0}
	if bias != nil {
		bs = []int{ws[0]}
	}
	op.Attr("bias_sym_sizes_opt", bs)
	op.Attr("dilation", o.dilation[:])
	op.Attr("groups", o.groups)
	op.Save("input", input, true)
	op.Attr("output_padding", []int{0, 0})
	op.Attr("padding", o.padding[:])
	op.Attr("stride", o.stride[:])
	op.Attr("transposed", false)
	op.Save("weight", weight, true)
	op.SetBackward(func(gr *Tensor) []*Tensor {
		x, w := op.Unpack("input"), op.Unpack("weight")
		return convBackward(gr, x, w, g, o.groups, [3]bool{op.Needs(0), op.Needs(1), op.Needs(2)})
	})
	return r
}

// convForward is the convolution with autograd ops: per group, weight (Og, Cg·K) times
// the unfolded input (N, Cg·K, L), concatenated over the groups, plus the bias.
func convForward(x, w, b *Tensor, g tensor.Conv2dGeom, groups int) *Tensor {
	xs, ws := x.Shape(), w.Shape()
	n, cg, og := xs[0], ws[1], ws[0]/groups
	ho, wo := g.Out(xs[2], xs[3])
	parts := make([]*Tensor, groups)
	for k := range parts {
		xk, wk := groupSlice(x, 1, k, cg, groups), groupSlice(w, 0, k, og, groups)
		parts[k] = wk.Reshape(og, -1).Matmul(im2col(xk, g))
	}
	y := cat(parts)
	if b != nil {
		y = y.Add(b.View(1, -1, 1))
	}
	return y.View(n, ws[0], ho, wo)
}

// convBackward gives the gradients of input, weight and bias (those wanted) from the
// output's gradient gr: per group, the input's is the fold of wᵀ·g, the weight's Σ_n
// g·colsᵀ, the bias's Σ g over all but the channel dim.
func convBackward(gr, x, w *Tensor, g tensor.Conv2dGeom, groups int, needs [3]bool) []*Tensor {
	xs, ws := x.Shape(), w.Shape()
	n, cg, og := xs[0], ws[1], ws[0]/groups
	g3 := gr.Reshape(n, ws[0], -1)
	dx := make([]*Tensor, groups)
	dw := make([]*Tensor, groups)
	for k := 0; k < groups; k++ {
		gk := groupSlice(g3, 1, k, og, groups)
		if needs[0] {
			wk := groupSlice(w, 0, k, og, groups).Reshape(og, -1)
			dx[k] = col2im(wk.Tt().Matmul(gk), cg, xs[2], xs[3], g)
		}
		if needs[1] {
			cols := im2col(groupSlice(x, 1, k, cg, groups), g)
			dw[k] = gk.Matmul(cols.Transpose(1, 2)).Sum(0).View(og, cg, ws[2], ws[3])
		}
	}
	out := make([]*Tensor, 3)
	if needs[0] {
		out[0] = cat(dx)
	}
	if needs[1] {
		out[1] = autograd.Cat(dw, 0)
	}
	if needs[2] {
		out[2] = g3.Sum(0, 2)
	}
	return out
}

// groupSlice is group k's [k·size, (k+1)·size) of dim, the tensor itself for one group.
func groupSlice(t *Tensor, dim, k, size, groups int) *Tensor {
	if groups == 1 {
		return t
	}
	return t.Slice(dim, k*size, (k+1)*size, 1)
}

func cat(parts []*Tensor) *Tensor {
	if len(parts) == 1 {
		return parts[0]
	}
	return autograd.Cat(parts, 1)
}

// im2col is tensor.Im2col as a recorded op (Im2ColBackward0); its gradient is col2im.
func im2col(x *Tensor, g tensor.Conv2dGeom) *Tensor {
	xs := x.Shape()
	c, h, w := xs[1], xs[2], xs[3]
	r, op := autograd.NewOp("Im2ColBackward0", tensor.Im2col(x.Array(), g), x)
	if op != nil {
		op.SetBackward(func(gr *Tensor) []*Tensor { return []*Tensor{col2im(gr, c, h, w, g)} })
	}
	return r
}

// col2im is tensor.Col2im as a recorded op (Col2ImBackward0); its gradient is im2col.
func col2im(cols *Tensor, c, h, w int, g tensor.Conv2dGeom) *Tensor {
	r, op := autograd.NewOp("Col2ImBackward0", tensor.Col2im(cols.Array(), c, h, w, g), cols)
	if op != nil {
		op.SetBackward(func(gr *Tensor) []*Tensor { return []*Tensor{im2col(gr, g)} })
	}
	return r
}

// ConvSettings reads conv options as Conv2d applies them: stride, padding and dilation
// per dim and groups (for modules that show them).
func ConvSettings(opts ...ConvOption) (stride, padding, dilation [2]int, groups int) {
	o := convOptions{stride: [2]int{1, 1}, dilation: [2]int{1, 1}, groups: 1}
	for _, f := range opts {
		f(&o)
	}
	return o.stride, o.padding, o.dilation, o.groups
}
