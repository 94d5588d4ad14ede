package tensor

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
	r := 0
	for ch := 0; ch < c; ch++ {
		plane := src[ch*h*w : (ch+1)*h*w]
		for i := 0; i < g.KH; i++ {
			// output rows [oy0, oy1) read input rows oy·SH + y0 inside [0, h)
			y0 := i*g.DH - g.PH
			oy0, oy1 := validCols(ho, h, g.SH, y0)
			for j := 0; j < g.KW; j++ {
				x0 := j*g.DW - g.PW
				lo, hi := validCols(wo, w, g.SW, x0)
				d := dst[r : r+ho*wo : r+ho*wo]
				r += ho * wo
				clear(d[:oy0*wo])
				clear(d[oy1*wo:])
				for oy := oy0; oy < oy1; oy++ {
					row, dr := plane[(oy*g.SH+y0)*w:][:w], d[oy*wo:][:wo]
					if lo > 0 || hi < wo { // the window hangs over the left or right padding
						clear(dr[:lo])
						clear(dr[hi:])
					}
					if g.SW == 1 {
						copy(dr[lo:hi], row[lo+x0:hi+x0])
						continue
					}
					for ox := lo; ox < hi; ox++ {
						dr[ox] = row[ox*g.SW+x0]
					}
				}
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
	k := 0
	for ch := 0; ch < c; ch++ {
		plane := dst[ch*h*w : (ch+1)*h*w]
		for i := 0; i < g.KH; i++ {
			y0 := i*g.DH - g.PH
			oy0, oy1 := validCols(ho, h, g.SH, y0)
			for j := 0; j < g.KW; j++ {
				x0 := j*g.DW - g.PW
				lo, hi := validCols(wo, w, g.SW, x0)
				for oy := oy0; oy < oy1; oy++ {
					row, col := plane[(oy*g.SH+y0)*w:][:w], cols[k+oy*wo:][:wo]
					for ox := lo; ox < hi; ox++ {
						row[ox*g.SW+x0] += col[ox]
					}
				}
				k += ho * wo
			}
		}
	}
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
