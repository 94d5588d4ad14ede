package F

import (
	"strings"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// ConvOption is one of conv1d's and conv2d's keyword arguments (and the pools').
type ConvOption func(*convOptions)

// convOptions are the options as read: stride, padding and dilation per dim of a 2-D
// op (one number given is both dims), and as given, for the checks of an op with
// other than two dims.
type convOptions struct {
	stride, padding, dilation [2]int
	given                     [3][]int // stride, padding, dilation as given; nil: not given
	groups                    int
	strideSet                 bool
}

// Stride is stride= (one number for every dim, or one per dim).
func Stride(s ...int) ConvOption {
	return func(o *convOptions) { o.given[0], o.strideSet = s, true; spread(&o.stride, s) }
}

// Padding is padding=, zeros around the input (one number for every dim, or one per dim).
func Padding(p ...int) ConvOption {
	return func(o *convOptions) { o.given[1] = p; spread(&o.padding, p) }
}

// Dilation is dilation=, the spacing of the kernel taps (one number or one per dim).
func Dilation(d ...int) ConvOption {
	return func(o *convOptions) { o.given[2] = d; spread(&o.dilation, d) }
}

// Groups is groups=: the channels split into that many independent convolutions.
func Groups(g int) ConvOption { return func(o *convOptions) { o.groups = g } }

// spread sets both dims from one number or two; other counts are left for the op to
// reject with its own message.
func spread(dst *[2]int, v []int) {
	switch len(v) {
	case 1:
		*dst = [2]int{v[0], v[0]}
	case 2:
		*dst = [2]int{v[0], v[1]}
	}
}

func pair(v []int) [2]int {
	if len(v) != 1 && len(v) != 2 {
		runtimeErr("expected stride, padding and dilation to be one or two integers, got %d", len(v))
	}
	var p [2]int
	spread(&p, v)
	return p
}

func readConvOptions(opts []ConvOption) convOptions {
	o := convOptions{stride: [2]int{1, 1}, dilation: [2]int{1, 1}, groups: 1}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// Conv1d is F.conv1d(input, weight, bias, stride=1, padding=0, dilation=1, groups=1)
// (ConvolutionBackward0, with torch's attributes as 1-element lists): input (N, C, L)
// or (C, L), weight (O, C/groups, K), bias (O) or nil; the options take one number.
// It is Conv2d over a height of 1, as torch computes it on a CPU.
func Conv1d(input, weight, bias *Tensor, opts ...ConvOption) *Tensor {
	return convolution(1, input, weight, bias, opts)
}

// Conv2d is F.conv2d(input, weight, bias, stride=1, padding=0, dilation=1, groups=1)
// (ConvolutionBackward0, saving input and weight and torch's attributes): input (N, C,
// H, W) or (C, H, W), weight (O, C/groups, KH, KW), bias (O) or nil. Each group is
// a matrix product of the group's weight, as (O/groups, C/groups·KH·KW), with the
// input's unfolded windows (tensor.Im2col). Its backward is written with autograd ops
// and the unfold/fold pair (each the other's gradient), so it differentiates to any
// order.
func Conv2d(input, weight, bias *Tensor, opts ...ConvOption) *Tensor {
	return convolution(2, input, weight, bias, opts)
}

// convolution is conv1d (nd 1) or conv2d (nd 2), checking its arguments in torch's
// order and with torch's messages.
func convolution(nd int, input, weight, bias *Tensor, opts []ConvOption) *Tensor {
	o := readConvOptions(opts)
	if input.Dim() == nd+1 {
		return convolution(nd, input.Unsqueeze(0), weight, bias, opts).Squeeze(0)
	}
	if input.Dim() != nd+2 {
		runtimeErr("Expected %dD (unbatched) or %dD (batched) input to conv%dd, but got input of size: %s", nd+1, nd+2, nd, shapeList(input.Shape()))
	}
	names := [3]string{"stride", "padding", "dilation"}
	for i, v := range o.given {
		if v != nil && len(v) != 1 && len(v) != nd {
			runtimeErr("expected %s to be a single integer value or a list of %d values to match the convolution dimensions, but got %s=%s", names[i], nd, names[i], shapeList(v))
		}
	}
	stride, padding, dilation := o.stride[2-nd:], o.padding[2-nd:], o.dilation[2-nd:]
	xs, ws := input.Shape(), weight.Shape()
	switch {
	case weight.Dim() < 3:
		runtimeErr("weight should have at least three dimensions")
	case weight.Dim() != nd+2 && nd == 1:
		runtimeErr("Expected %d-dimensional input for %d-dimensional weight %s, but got %d-dimensional input of size %s instead", weight.Dim(), weight.Dim(), shapeList(ws), input.Dim(), shapeList(xs))
	case weight.Dim() != nd+2:
		runtimeErr("expected stride to be a single integer value or a list of %d values to match the convolution dimensions, but got stride=%s", weight.Dim()-2, shapeList(stride))
	}
	for i := range stride {
		if padding[i] < 0 {
			runtimeErr("negative padding is not supported")
		}
	}
	for i := range stride {
		if stride[i] < 1 {
			runtimeErr("non-positive stride is not supported")
		}
	}
	if o.groups < 1 {
		runtimeErr("non-positive groups is not supported")
	}
	if ws[1]*o.groups != xs[1] || ws[0]%o.groups != 0 {
		runtimeErr("Given groups=%d, weight of size %s, expected input%s to have %d channels, but got %d channels instead",
			o.groups, shapeList(ws), shapeList(xs), ws[1]*o.groups, xs[1])
	}
	if bias != nil && (bias.Dim() != 1 || bias.Numel() != ws[0]) {
		runtimeErr("Given weight of size %s, expected bias to be 1-dimensional with %d elements, but got bias of size %s instead", shapeList(ws), ws[0], shapeList(bias.Shape()))
	}
	padded, kernel := make([]string, nd), make([]string, nd)
	small := false
	for i := 0; i < nd; i++ {
		p, k := xs[2+i]+2*padding[i], dilation[i]*(ws[2+i]-1)+1
		padded[i], kernel[i], small = itoa(p), itoa(k), small || p < k
	}
	if small {
		runtimeErr("Calculated padded input size per channel: (%s). Kernel size: (%s). Kernel size can't be greater than actual input size", strings.Join(padded, " x "), strings.Join(kernel, " x "))
	}
	if o.dilation[0] < 1 || o.dilation[1] < 1 {
		d := o.dilation
		if nd == 1 { // torch checks conv1d as a conv2d of height 1
			d[0] = 1
		}
		runtimeErr("dilation should be greater than zero, but got %s", shapeList(d[:]))
	}
	g := tensor.Conv2dGeom{KH: 1, KW: ws[nd+1], SH: 1, SW: o.stride[1], PW: o.padding[1], DH: 1, DW: o.dilation[1]}
	if nd == 2 {
		g.KH, g.SH, g.PH, g.DH = ws[2], o.stride[0], o.padding[0], o.dilation[0]
	}
	var ba *tensor.Array
	if bias != nil {
		ba = bias.Array()
	}
	// slow_conv2d's unfolding and products; torch 1.13 takes oneDNN for most float32
	// convolutions, whose sums the goldens match to float32 rounding
	out := tensor.Conv2d(as2d(input).Array(), as2d(weight).Array(), ba, g, o.groups)
	if nd == 1 {
		out = unbatched2d(out)
	}
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
	op.Attr("dilation", dilation)
	op.Attr("groups", o.groups)
	op.Save("input", input, true)
	op.Attr("output_padding", make([]int, nd))
	op.Attr("padding", padding)
	op.Attr("stride", stride)
	op.Attr("transposed", false)
	op.Save("weight", weight, true)
	op.SetBackward(func(gr *Tensor) []*Tensor {
		x, w := op.Unpack("input"), op.Unpack("weight")
		needs := [3]bool{op.Needs(0), op.Needs(1), op.Needs(2)}
		var gs []*Tensor
		if autograd.IsGradEnabled() { // create_graph: the backward recorded, to differentiate again
			gs = convBackward(as2d(gr), as2d(x), as2d(w), g, o.groups, needs)
		} else {
			dx, dw, db := tensor.Conv2dBackward(as2d(gr).Array(), as2d(x).Array(), as2d(w).Array(), g, o.groups, needs)
			for _, a := range []*tensor.Array{dx, dw, db} {
				var t *Tensor
				if a != nil {
					t = autograd.FromArray(a)
				}
				gs = append(gs, t)
			}
		}
		if nd == 1 {
			for i := 0; i < 2; i++ {
				if gs[i] != nil {
					gs[i] = gs[i].Squeeze(2)
				}
			}
		}
		return gs
	})
	return r
}

// as2d is a conv1d operand (N, C, L) seen as conv2d's (N, C, 1, L); a 4-D one as it is.
func as2d(t *Tensor) *Tensor {
	if t.Dim() == 3 {
		return t.Unsqueeze(2)
	}
	return t
}

// unbatched2d drops the height of 1 as2d gave a conv1d's operands.
func unbatched2d(a *tensor.Array) *tensor.Array {
	s := a.Shape()
	return a.Reshape(s[0], s[1], s[3])
}

// convBackward gives the gradients of input, weight and bias (those wanted) from the
// output's gradient gr: per group, the input's is the fold of wᵀ·g, the weight's Σ_n
// g·colsᵀ, the bias's Σ g over all but the channel dim.
func convBackward(gr, x, w *Tensor, g tensor.Conv2dGeom, groups int, needs [3]bool) []*Tensor {
	xs, ws := x.Shape(), w.Shape()
	n, cg, og := xs[0], ws[1], ws[0]/groups
	g3 := gr.Reshape(n, ws[0], gr.Numel()/max(1, n*ws[0]))
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
	o := readConvOptions(opts)
	return o.stride, o.padding, o.dilation, o.groups
}
