package tensor

import "math"

// MaxPool2d takes the maximum over each window of x (N, C, H, W) with the geometry g
// (padding counts as -inf, so a window's maximum is always an input element), giving
// (N, C, Ho, Wo) and, for each output, the flat index y·W + x of its maximum in the
// input plane, as int64 (torch's indices). Ties keep the first maximum in window
// order; NaN wins, as in torch.
func MaxPool2d(x *Array, g Conv2dGeom) (out, indices *Array) {
	switch x.dtype {
	case Float32:
		return maxPool2d[float32](x, g)
	case Float64:
		return maxPool2d[float64](x, g)
	}
	runtimeErr("\"max_pool2d\" not implemented for '%s'", x.dtype.torchName())
	return nil, nil
}

func maxPool2d[T float32 | float64](x *Array, g Conv2dGeom) (*Array, *Array) {
	s := x.shape()
	n, c, h, w := s[0], s[1], s[2], s[3]
	ho, wo := g.Out(h, w)
	src := contig[T](x)
	out, d := allocT[T]([]int{n, c, ho, wo})
	idx, id := allocT[int64]([]int{n, c, ho, wo})
	k := 0
	for p := 0; p < n*c; p++ {
		plane := src[p*h*w : (p+1)*h*w]
		for oy := 0; oy < ho; oy++ {
			for ox := 0; ox < wo; ox++ {
				best, at := T(math.Inf(-1)), -1
				for i := 0; i < g.KH; i++ {
					y := oy*g.SH - g.PH + i*g.DH
					if y < 0 || y >= h {
						continue
					}
					for j := 0; j < g.KW; j++ {
						xx := ox*g.SW - g.PW + j*g.DW
						if xx < 0 || xx >= w {
							continue
						}
						if v := plane[y*w+xx]; v > best || v != v || at < 0 {
							best, at = v, y*w+xx
							if v != v {
								i = g.KH // NaN: the window's result
								break
							}
						}
					}
				}
				d[k], id[k] = best, int64(at)
				k++
			}
		}
	}
	return out, idx
}

// ScatterPlanes adds each element of src (N, C, Ho, Wo) into a new (N, C, H, W) array
// at the flat plane index indices gives it (max_pool2d's backward).
func ScatterPlanes(src, indices *Array, h, w int) *Array {
	s := src.shape()
	switch src.dtype {
	case Float32:
		return scatterPlanes[float32](src, indices, s, h, w)
	case Float64:
		return scatterPlanes[float64](src, indices, s, h, w)
	}
	runtimeErr("\"max_pool2d_backward\" not implemented for '%s'", src.dtype.torchName())
	return nil
}

func scatterPlanes[T float32 | float64](src, indices *Array, s []int, h, w int) *Array {
	g, ix := contig[T](src), contig[int64](indices)
	out, d := allocT[T]([]int{s[0], s[1], h, w})
	per := s[2] * s[3]
	for k, v := range g {
		d[(k/per)*h*w+int(ix[k])] += v
	}
	return out
}

// GatherPlanes is ScatterPlanes' adjoint: for each index, the element of src (N, C, H,
// W) it points to, shaped like indices.
func GatherPlanes(src, indices *Array) *Array {
	switch src.dtype {
	case Float32:
		return gatherPlanes[float32](src, indices)
	case Float64:
		return gatherPlanes[float64](src, indices)
	}
	runtimeErr("\"max_pool2d_backward\" not implemented for '%s'", src.dtype.torchName())
	return nil
}

func gatherPlanes[T float32 | float64](src, indices *Array) *Array {
	s := src.shape()
	is := indices.shape()
	v, ix := contig[T](src), contig[int64](indices)
	out, d := allocT[T](is)
	per, hw := is[2]*is[3], s[2]*s[3]
	for k := range d {
		d[k] = v[(k/per)*hw+int(ix[k])]
	}
	return out
}

// adaptiveWindow is torch's adaptive pooling window along one dim: output i of o
// averages input [⌊i·n/o⌋, ⌈(i+1)·n/o⌉).
func adaptiveWindow(i, n, o int) (start, end int) {
	return i * n / o, ((i+1)*n + o - 1) / o
}

// AdaptiveAvgPool2d averages x (N, C, H, W) over oh × ow adaptive windows (torch's
// adaptive_avg_pool2d): each window's sum, in row-major order, over its size.
func AdaptiveAvgPool2d(x *Array, oh, ow int) *Array {
	switch x.dtype {
	case Float32:
		return adaptiveAvg[float32](x, oh, ow, false, 0, 0)
	case Float64:
		return adaptiveAvg[float64](x, oh, ow, false, 0, 0)
	}
	runtimeErr("\"adaptive_avg_pool2d\" not implemented for '%s'", x.dtype.torchName())
	return nil
}

// AdaptiveAvgPool2dBackward spreads g (N, C, oh, ow) back over (N, C, h, w): each
// output's gradient over its window's size, added to every input of the window (the
// adjoint of AdaptiveAvgPool2d).
func AdaptiveAvgPool2dBackward(g *Array, h, w int) *Array {
	switch g.dtype {
	case Float32:
		return adaptiveAvg[float32](g, 0, 0, true, h, w)
	case Float64:
		return adaptiveAvg[float64](g, 0, 0, true, h, w)
	}
	runtimeErr("\"adaptive_avg_pool2d_backward\" not implemented for '%s'", g.dtype.torchName())
	return nil
}

// adaptiveAvg is the forward (back false: src is the input, oh × ow given) or the
// backward (back true: src is the output's gradient, the input is h × w).
func adaptiveAvg[T float32 | float64](src *Array, oh, ow int, back bool, h, w int) *Array {
	s := src.shape()
	n, c := s[0], s[1]
	if back {
		oh, ow = s[2], s[3]
	} else {
		h, w = s[2], s[3]
	}
	v := contig[T](src)
	var out *Array
	var d []T
	if back {
		out, d = allocT[T]([]int{n, c, h, w})
	} else {
		out, d = allocT[T]([]int{n, c, oh, ow})
	}
	for p := 0; p < n*c; p++ {
		for i := 0; i < oh; i++ {
			y0, y1 := adaptiveWindow(i, h, oh)
			for j := 0; j < ow; j++ {
				x0, x1 := adaptiveWindow(j, w, ow)
				size := T((y1 - y0) * (x1 - x0))
				o := p*oh*ow + i*ow + j
				if back {
					gv := v[o] / size
					for y := y0; y < y1; y++ {
						for x := x0; x < x1; x++ {
							d[p*h*w+y*w+x] += gv
						}
					}
					continue
				}
				var sum T
				for y := y0; y < y1; y++ {
					for x := x0; x < x1; x++ {
						sum += v[p*h*w+y*w+x]
					}
				}
				d[o] = sum / size
			}
		}
	}
	return out
}
