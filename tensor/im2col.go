package tensor

import "github.com/gograd/gograd/tensor/internal/asm"

// Conv2dGeom is the geometry of a 2-D convolution window over (N, C, H, W) input:
// kernel size, stride, zero padding and dilation, per spatial dim.
type Conv2dGeom struct {
	KH, KW, SH, SW, PH, PW, DH, DW int
}

// Out is the output's spatial size for an input of h × w, as torch computes it:
// (h + 2p - d(k-1) - 1)/s + 1.
func (g Conv2dGeom) Out(h, w int) (int, int) {
	return (h+2*g.PH-g.DH*(g.KH-1)-1)/g.SH + 1, (w+2*g.PW-g.DW*(g.KW-1)-1)/g.SW + 1
}

// Im2col unfolds the windows of x (N, C, H, W) into columns: (N, C·KH·KW, Ho·Wo), row
// (c, i, j) holding the input element under kernel tap (i, j) of channel c for each
// output position, zero where the window hangs over the padding (torch's unfold).
func Im2col(x *Array, g Conv2dGeom) *Array {
	switch x.dtype {
	case Float32:
		return im2col[float32](x, g)
	case Float64:
		return im2col[float64](x, g)
	}
	runtimeErr("\"im2col\" not implemented for '%s'", x.dtype.torchName())
	return nil
}

func im2col[T float32 | float64](x *Array, g Conv2dGeom) *Array {
	s := x.shape()
	n, c, h, w := s[0], s[1], s[2], s[3]
	ho, wo := g.Out(h, w)
	src := contig[T](x)
	out, d := allocRaw[T]([]int{n, c * g.KH * g.KW, ho * wo})
	per := c * g.KH * g.KW * ho * wo
	for b := 0; b < n; b++ {
		unfoldInto(d[b*per:][:per], src[b*c*h*w:][:c*h*w], c, h, w, g)
	}
	return out
}

// unfoldInto writes the windows of c planes of h×w (src) into dst (c·KH·KW, Ho·Wo),
// row (ch, i, j) holding the element under kernel tap (i, j) of plane ch for each
// output position, and zero where the window hangs over the padding: every element of
// dst is written.
func unfoldInto[T float32 | float64](dst, src []T, c, h, w int, g Conv2dGeom) {
	ho, wo := g.Out(h, w)
	eachTap(c, h, w, g, func(t tap) {
		plane, d := src[t.ch*h*w:][:h*w], dst[t.row*ho*wo:][:ho*wo]
		clear(d[:t.oy0*wo])
		clear(d[t.oy1*wo:])
		if t.lo > 0 || t.hi < wo { // the window hangs over the left or right padding
			for oy := t.oy0; oy < t.oy1; oy++ {
				clear(d[oy*wo:][:t.lo])
				clear(d[oy*wo+t.hi : (oy+1)*wo])
			}
		}
		if t.oy0 >= t.oy1 || t.lo >= t.hi {
			return
		}
		// with stride 1 the in-bounds columns of the rows are one block, which one
		// call copies (where the SIMD kernels are), rather than a memmove per row
		if g.SW == 1 && asm.CopyRows(d[t.oy0*wo+t.lo:], plane[(t.oy0*g.SH+t.y0)*w+t.lo+t.x0:], t.oy1-t.oy0, t.hi-t.lo, wo, g.SH*w) {
			return
		}
		for oy := t.oy0; oy < t.oy1; oy++ {
			row, dr := plane[(oy*g.SH+t.y0)*w:][:w], d[oy*wo:][:wo]
			if g.SW == 1 {
				copy(dr[t.lo:t.hi], row[t.lo+t.x0:t.hi+t.x0])
				continue
			}
			for ox := t.lo; ox < t.hi; ox++ {
				dr[ox] = row[ox*g.SW+t.x0]
			}
		}
	})
}

// A tap is one kernel tap (i, j) of one input plane ch: the unfolded row it fills
// (ch·KH·KW + i·KW + j), and which output positions read inside the input: rows
// [oy0, oy1), reading input row oy·SH + y0, and columns [lo, hi), reading input column
// ox·SW + x0; the others read padding.
type tap struct {
	ch, row, y0, oy0, oy1, x0, lo, hi int
}

// eachTap calls f for the taps of c planes of h×w in unfolded row order.
func eachTap(c, h, w int, g Conv2dGeom, f func(t tap)) {
	ho, wo := g.Out(h, w)
	t := tap{}
	for t.ch = 0; t.ch < c; t.ch++ {
		for i := 0; i < g.KH; i++ {
			t.y0 = i*g.DH - g.PH
			t.oy0, t.oy1 = validCols(ho, h, g.SH, t.y0)
			for j := 0; j < g.KW; j++ {
				t.x0 = j*g.DW - g.PW
				t.lo, t.hi = validCols(wo, w, g.SW, t.x0)
				f(t)
				t.row++
			}
		}
	}
}

// Col2im is Im2col's adjoint (torch's fold): it adds each column entry back onto the
// input element it came from, giving (N, C, H, W).
func Col2im(cols *Array, c, h, w int, g Conv2dGeom) *Array {
	switch cols.dtype {
	case Float32:
		return col2im[float32](cols, c, h, w, g)
	case Float64:
		return col2im[float64](cols, c, h, w, g)
	}
	runtimeErr("\"col2im\" not implemented for '%s'", cols.dtype.torchName())
	return nil
}

func col2im[T float32 | float64](cols *Array, c, h, w int, g Conv2dGeom) *Array {
	n := cols.shape()[0]
	ho, wo := g.Out(h, w)
	src := contig[T](cols)
	out, d := allocT[T]([]int{n, c, h, w})
	per := c * g.KH * g.KW * ho * wo
	for b := 0; b < n; b++ {
		foldAdd(d[b*c*h*w:][:c*h*w], src[b*per:][:per], c, h, w, g)
	}
	return out
}

// foldAdd is unfoldInto's adjoint: it adds each entry of cols (c·KH·KW, Ho·Wo) onto the
// element of the c planes of h×w (dst) it was unfolded from, row by row in cols' order.
func foldAdd[T float32 | float64](dst, cols []T, c, h, w int, g Conv2dGeom) {
	ho, wo := g.Out(h, w)
	eachTap(c, h, w, g, func(t tap) {
		plane, d := dst[t.ch*h*w:][:h*w], cols[t.row*ho*wo:][:ho*wo]
		for oy := t.oy0; oy < t.oy1; oy++ {
			row, col := plane[(oy*g.SH+t.y0)*w:][:w], d[oy*wo:][:wo]
			for ox := t.lo; ox < t.hi; ox++ {
				row[ox*g.SW+t.x0] += col[ox]
			}
		}
	})
}

// validCols is the range [lo, hi) of output columns ox whose input column ox·stride +
// x0 falls inside [0, w): the others read padding. (Rows likewise.)
func validCols(wo, w, stride, x0 int) (lo, hi int) {
	lo, hi = 0, wo
	for lo < hi && lo*stride+x0 < 0 {
		lo++
	}
	for hi > lo && (hi-1)*stride+x0 >= w {
		hi--
	}
	return lo, hi
}
