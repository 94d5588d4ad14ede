package tensor

// Fast paths for the four arithmetic ops on contiguous float operands. The op table's
// kernels are func values, and a call per element costs more than the addition itself;
// these loops inline the operator. They are the same operations as add, sub, mul and
// div in binary.go, only without the call.

type fastKind uint8

const (
	noFast fastKind = iota
	fastAdd
	fastSub
	fastMul
	fastDiv
)

// applyFast returns op(a, b) when both operands (already broadcast to shape) are
// contiguous, or one is contiguous and the other a single broadcast element; nil
// otherwise.
func applyFast[T float](k fastKind, a, b *Array, shape []int) *Array {
	ad, bd := a.data.([]T), b.data.([]T)
	n := numelOf(shape)
	var x, y []T
	var xs, ys T
	switch {
	case a.IsContiguous() && b.IsContiguous():
		x, y = ad[a.offset:a.offset+n], bd[b.offset:b.offset+n]
	case a.IsContiguous() && allZero(b.strides):
		x, ys = ad[a.offset:a.offset+n], bd[b.offset]
	case allZero(a.strides) && b.IsContiguous():
		xs, y = ad[a.offset], bd[b.offset:b.offset+n]
	default:
		return nil
	}
	out, dst := allocT[T](shape)
	chunks(n, func(lo, hi int) {
		d := dst[lo:hi]
		switch {
		case x != nil && y != nil:
			vv(k, d, x[lo:hi], y[lo:hi])
		case x != nil:
			vs(k, d, x[lo:hi], ys)
		default:
			sv(k, d, xs, y[lo:hi])
		}
	})
	return out
}

func vv[T float](k fastKind, d, x, y []T) {
	y = y[:len(d)]
	x = x[:len(d)]
	switch k {
	case fastAdd:
		for i := range d {
			d[i] = x[i] + y[i]
		}
	case fastSub:
		for i := range d {
			d[i] = x[i] - y[i]
		}
	case fastMul:
		for i := range d {
			d[i] = x[i] * y[i]
		}
	case fastDiv:
		for i := range d {
			d[i] = x[i] / y[i]
		}
	}
}

func vs[T float](k fastKind, d, x []T, y T) {
	x = x[:len(d)]
	switch k {
	case fastAdd:
		for i := range d {
			d[i] = x[i] + y
		}
	case fastSub:
		for i := range d {
			d[i] = x[i] - y
		}
	case fastMul:
		for i := range d {
			d[i] = x[i] * y
		}
	case fastDiv:
		for i := range d {
			d[i] = x[i] / y
		}
	}
}

func sv[T float](k fastKind, d []T, x T, y []T) {
	y = y[:len(d)]
	switch k {
	case fastAdd:
		for i := range d {
			d[i] = x + y[i]
		}
	case fastSub:
		for i := range d {
			d[i] = x - y[i]
		}
	case fastMul:
		for i := range d {
			d[i] = x * y[i]
		}
	case fastDiv:
		for i := range d {
			d[i] = x / y[i]
		}
	}
}
