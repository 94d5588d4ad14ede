package tensor

import "slices"

// Convolution by unfolding and matrix products, as PyTorch's slow_conv2d computes it:
// for each sample i and group k, the sample's windows unfolded into columns cols_i
// (Cg·KH·KW, Ho·Wo), and
//
//	forward      out_i,k = b_k + W_k·cols_i        (the bias the first term, Addmm's order)
//	input grad   dx_i,k  = fold(W_kᵀ·g_i,k)        (fold: Col2im, Im2col's adjoint)
//	weight grad  dW_k    = Σ_i g_i,k·cols_iᵀ       (each product on its own, summed in sample order)
//	bias grad    db      = Σ g over all but the channel dim
//
// The samples are independent in the first two, which run in parallel over the samples,
// as slow_conv2d's parallel_for does, each worker unfolding into a buffer of its own
// that stays in its core's cache. The weight gradient's products run in parallel too,
// and their sum runs in sample order after them, so no result depends on the thread
// count. Each product is the one Mm (or Addmm, with the bias) computes, so the
// forward pass and the input gradient have the bits of a loop over the samples.
//
// PyTorch 1.13 computes float64 convolutions with slow_conv2d and most float32 ones
// with oneDNN, whose sums run in another order: float32 results agree with PyTorch's to
// float32 rounding, not bit for bit.

// Conv2d is the 2-D convolution of x (N, C, H, W) by w (O, C/groups, KH, KW) plus b (O,
// or nil), with g's stride, padding and dilation: (N, O, Ho, Wo). Both dtypes float32
// or float64; the autograd package checks the arguments with PyTorch's messages first.
func Conv2d(x, w, b *Array, g Conv2dGeom, groups int) *Array {
	checkConv(x, w, b, groups)
	if x.dtype == Float64 {
		return conv2d[float64](x, w, b, g, groups)
	}
	return conv2d[float32](x, w, b, g, groups)
}

// Conv2dBackward returns the gradients of Conv2d's x, w and b from the output's
// gradient gr, those that needs asks for (nil for the others).
func Conv2dBackward(gr, x, w *Array, g Conv2dGeom, groups int, needs [3]bool) (dx, dw, db *Array) {
	checkConv(x, w, nil, groups)
	n, o := x.shape()[0], w.shape()[0]
	ho, wo := g.Out(x.shape()[2], x.shape()[3])
	if want := []int{n, o, ho, wo}; !slices.Equal(gr.shape(), want) || gr.dtype != x.dtype {
		runtimeErr("conv2d backward: expected a gradient of size %s and dtype %s, got %s and %s", shapeStr(want), x.dtype, shapeStr(gr.shape()), gr.dtype)
	}
	gr = gr.Contiguous() // once for all three (a sum's gradient is an expanded scalar)
	if x.dtype == Float64 {
		dx, dw = conv2dBackward[float64](gr, x, w, g, groups, needs)
	} else {
		dx, dw = conv2dBackward[float32](gr, x, w, g, groups, needs)
	}
	if needs[2] {
		db = gr.Reshape(n, o, ho*wo).SumDims([]int{0, 2}, false)
	}
	return dx, dw, db
}

func checkConv(x, w, b *Array, groups int) {
	if x.Dim() != 4 || w.Dim() != 4 {
		runtimeErr("conv2d: expected 4-D input and weight, got %s and %s", shapeStr(x.shape()), shapeStr(w.shape()))
	}
	if x.dtype != w.dtype || b != nil && b.dtype != x.dtype {
		runtimeErr("expected scalar type %s but found %s", x.dtype.torchName(), w.dtype.torchName())
	}
	if !x.dtype.IsFloat() {
		runtimeErr("\"slow_conv2d_cpu\" not implemented for '%s'", x.dtype.torchName())
	}
	ws := w.shape()
	if groups < 1 || ws[1]*groups != x.shape()[1] || ws[0]%groups != 0 {
		runtimeErr("Given groups=%d, weight of size %s, expected input%s to have %d channels, but got %d channels instead",
			groups, shapeStr(ws), shapeStr(x.shape()), ws[1]*groups, x.shape()[1])
	}
	if b != nil && (b.Dim() != 1 || b.Numel() != ws[0]) {
		runtimeErr("Given weight of size %s, expected bias to be 1-dimensional with %d elements, but got bias of size %s instead", shapeStr(ws), ws[0], shapeStr(b.shape()))
	}
}

// convShape holds a convolution's sizes: n samples of c channels of h×w, o outputs in
// groups of og, cg input channels and kk = cg·KH·KW unfolded rows per group, l = Ho·Wo
// output positions.
type convShape struct {
	n, c, h, w, o, og, cg, kk, l, groups int
}

func newConvShape(x, w *Array, g Conv2dGeom, groups int) convShape {
	xs, ws := x.shape(), w.shape()
	ho, wo := g.Out(xs[2], xs[3])
	return convShape{n: xs[0], c: xs[1], h: xs[2], w: xs[3], o: ws[0], og: ws[0] / groups,
		cg: ws[1], kk: ws[1] * ws[2] * ws[3], l: ho * wo, groups: groups}
}

// pointwise reports whether g's windows are single elements at every position (a 1×1
// kernel, stride 1, no padding): a sample's unfolded columns are then its planes as
// they are, and the unfolding is skipped, as slow_conv2d skips it.
func pointwise(g Conv2dGeom) bool {
	return g == Conv2dGeom{KH: 1, KW: 1, SH: 1, SW: 1, DH: 1, DW: 1}
}

// unfolded returns the unfolded columns of the c planes of h×w src: src itself for a
// pointwise convolution, else buf (allocated on first use) after unfolding into it.
func unfolded[T float32 | float64](buf *[]T, src []T, c, h, w int, g Conv2dGeom) []T {
	if pointwise(g) {
		return src
	}
	if *buf == nil {
		ho, wo := g.Out(h, w)
		*buf = make([]T, c*g.KH*g.KW*ho*wo)
	}
	unfoldInto(*buf, src, c, h, w, g)
	return *buf
}

// run calls the unit function of a worker for each unit of work u in [0, count) (a
// sample and group each), cut into one contiguous range per worker, as parallel_for
// cuts slow_conv2d's batch, and checks the interrupt flag between units. Each range
// makes its own unit function with work, which holds the range's unfolding buffer. A
// range takes at least grainSize multiply-adds.
func (s convShape) run(count int, work func() func(u int)) {
	units := func(lo, hi int) {
		unit := work()
		for u := lo; u < hi; u++ {
			if u > lo {
				checkInterrupt()
			}
			unit(u)
		}
	}
	grain := max(1, grainSize/max(1, s.og*s.kk*s.l))
	workers := min(NumThreads(), count/grain)
	if workers <= 1 {
		units(0, count)
		return
	}
	each := (count + workers - 1) / workers
	parallel((count+each-1)/each, func(k int) { units(k*each, min((k+1)*each, count)) })
}

func conv2d[T float32 | float64](x, w, b *Array, g Conv2dGeom, groups int) *Array {
	s := newConvShape(x, w, g, groups)
	ho, wo := g.Out(s.h, s.w)
	out, od := allocRaw[T]([]int{s.n, s.o, ho, wo})
	if len(od) == 0 {
		return out
	}
	src, wd := contig[T](x), contig[T](w)
	var bias []T
	if b != nil {
		bias = contig[T](b)
	}
	inPlane, wGroup, outGroup := s.cg*s.h*s.w, s.og*s.kk, s.og*s.l
	s.run(s.n*groups, func() func(int) {
		var buf []T
		return func(u int) {
			i, k := u/groups, u%groups
			cols := unfolded(&buf, src[(i*s.c+k*s.cg)*s.h*s.w:][:inPlane], s.cg, s.h, s.w, g)
			wk := wrap(wd[k*wGroup:(k+1)*wGroup], []int{s.og, s.kk})
			var bk []T
			if bias != nil {
				bk = bias[k*s.og : (k+1)*s.og]
			}
			mmInto(wk, wrap(cols, []int{s.kk, s.l}), od[(i*s.o+k*s.og)*s.l:][:outGroup], bk)
		}
	})
	return out
}

// convBlock is how many samples' weight-gradient products are held at once before
// they are added up (in sample order, so it never changes the bits).
const convBlock = 16

func conv2dBackward[T float32 | float64](gr, x, w *Array, g Conv2dGeom, groups int, needs [3]bool) (dx, dw *Array) {
	s := newConvShape(x, w, g, groups)
	gd, wd := contig[T](gr), contig[T](w)
	var src []T
	if needs[1] {
		src = contig[T](x)
	}
	inPlane, wGroup, outGroup := s.cg*s.h*s.w, s.og*s.kk, s.og*s.l
	gradOf := func(i, k int) *Array { // g_i,k as (og, l)
		return wrap(gd[(i*s.o+k*s.og)*s.l:][:outGroup], []int{s.og, s.l})
	}
	if needs[0] {
		var dxd []T
		dx, dxd = allocT[T](x.shape())
		s.run(s.n*groups, func() func(int) {
			cols := make([]T, s.kk*s.l)
			return func(u int) {
				i, k := u/groups, u%groups
				wkT := wrap(wd[k*wGroup:(k+1)*wGroup], []int{s.og, s.kk}).T()
				mmInto(wkT, gradOf(i, k), cols, nil)
				foldAdd(dxd[(i*s.c+k*s.cg)*s.h*s.w:][:inPlane], cols, s.cg, s.h, s.w, g)
			}
		})
	}
	if !needs[1] {
		return dx, nil
	}
	var dwd []T
	dw, dwd = allocT[T](w.shape())
	block := min(s.n, convBlock)
	prods := rawSlice[T](block * s.o * s.kk)
	for i0 := 0; i0 < s.n; i0 += block {
		i1 := min(i0+block, s.n)
		s.run((i1-i0)*groups, func() func(int) {
			var buf []T
			return func(u int) {
				i, k := i0+u/groups, u%groups
				cols := unfolded(&buf, src[(i*s.c+k*s.cg)*s.h*s.w:][:inPlane], s.cg, s.h, s.w, g)
				mmInto(gradOf(i, k), wrap(cols, []int{s.kk, s.l}).T(), prods[u*wGroup:(u+1)*wGroup], nil)
			}
		})
		for i := i0; i < i1; i++ {
			p := prods[(i-i0)*s.o*s.kk:][:s.o*s.kk]
			if i == 0 {
				copy(dwd, p)
				continue
			}
			vv(fastAdd, dwd, dwd, p)
		}
	}
	return dx, dw
}
