package tensor

import "slices"

// Small is room for one small result array: its header and up to 16 bytes of
// elements (4 float32s, 2 float64s or int64s, 16 bools) of at most smallDims dims.
// (16 bytes, not more: every byte is paid by every small result, and a smaller block
// made the scalar graph 3-8% faster than 32.)
// Embedded in a caller's struct, it makes the caller's object and a small result one
// allocation. That is what small autograd graphs pay for: a scalar relu(x*w+b) with
// its backward allocates a dozen times, and each allocation costs more than the
// arithmetic it holds.
//
// The methods compute exactly what the Array methods of the same names compute, same
// bits; they place the result in s when it fits and a fast path applies (contiguous
// float operands of one dtype needing no broadcasting, as fast.go describes), and
// otherwise return a freshly allocated array as the plain op would. A Small holds one
// result for life: call one method on it, once, on a zero Small.
type Small struct {
	arr Array
	buf [2]uint64 // the elements; no pointers in it, so any dtype may live here
}

// place makes s's array a contiguous T array of shape and returns it and its
// elements, or ok false when the result does not fit s.
func place[T elem](s *Small, shape []int) (a *Array, d []T, ok bool) {
	if s == nil || len(shape) > smallDims {
		return nil, nil, false
	}
	n := 1
	for _, m := range shape {
		if m < 0 {
			return nil, nil, false // the plain op reports it
		}
		n *= m
	}
	if n*sizeOf[T]() > len(s.buf)*8 {
		return nil, nil, false
	}
	a = &s.arr
	a.dtype = dtypeOf[T]()
	a.setContiguousShape(shape)
	d = bufSlice[T](&s.buf, n)
	setStorage(a, d)
	return a, d, true
}

// Holds reports whether a is the array a method placed in s (rather than a fresh one).
func (s *Small) Holds(a *Array) bool { return a == &s.arr }

// one reports whether a is a one-element float array with its geometry in a.dims:
// the operands of a scalar graph's every op, which the methods below treat first and
// without the general path's layout checks (a one-element storage holds the value at
// its start, and a one-element result's strides are all 1).
func one(a *Array) bool {
	return a.big == nil && a.n == 1 && (a.rank < 1 || a.dims[0] == 1) && (a.rank < 2 || a.dims[1] == 1) &&
		(a.dtype == Float32 || a.dtype == Float64)
}

// Add is a.Add(y) with a small result placed in s.
func (s *Small) Add(a *Array, y any) *Array { return s.arith(opAdd, a, y) }

// Sub is a.Sub(y) with a small result placed in s.
func (s *Small) Sub(a *Array, y any) *Array { return s.arith(opSub, a, y) }

// Mul is a.Mul(y) with a small result placed in s.
func (s *Small) Mul(a *Array, y any) *Array { return s.arith(opMul, a, y) }

// Div is a.Div(y) with a small result placed in s.
func (s *Small) Div(a *Array, y any) *Array { return s.arith(opDiv, a, y) }

func (s *Small) arith(op *binaryOp, a *Array, y any) *Array {
	if b, ok := y.(*Array); ok && b != nil && s != nil && a.dtype == b.dtype && a.rank == b.rank && one(a) && one(b) {
		if a.dtype == Float32 {
			vv(op.fast, oneOf[float32](s.placeOne(a)), oneOf[float32](a), oneOf[float32](b))
		} else {
			vv(op.fast, oneOf[float64](s.placeOne(a)), oneOf[float64](a), oneOf[float64](b))
		}
		return &s.arr
	}
	var r *Array
	switch a.dtype {
	case Float32:
		r = smallArith[float32](s, op.fast, a, y)
	case Float64:
		r = smallArith[float64](s, op.fast, a, y)
	}
	if r == nil {
		r = binary(op, a, y)
	}
	return r
}

// smallArith is fastBinaryT's arithmetic case writing into s; nil when it does not apply.
func smallArith[T float](s *Small, k fastKind, a *Array, y any) *Array {
	var o operands[T]
	var shape []int
	if b, ok := y.(*Array); ok && b != nil && b.dtype == a.dtype && a.n == 1 && b.n == 1 && slices.Equal(a.shape(), b.shape()) {
		// one element on each side, the scalar graph's every op: the single-value case
		// of fastOperands without its layout checks (one-element storage is the value)
		o.xs, o.ys, shape = storage[T](a)[0], storage[T](b)[0], a.shape()
	} else if o, shape, ok = fastOperands[T](a, y); !ok {
		return nil
	}
	out, d, ok := place[T](s, shape)
	if !ok {
		return nil
	}
	o.arith(k, d, 0, len(d))
	return out
}

// Neg is a.Neg() with a small result placed in s.
func (s *Small) Neg(a *Array) *Array { return s.unary(opNeg, a) }

// Relu is a.Relu() with a small result placed in s.
func (s *Small) Relu(a *Array) *Array { return s.unary(opRelu, a) }

func (s *Small) unary(op *unaryOp, a *Array) *Array {
	if s != nil && one(a) {
		if a.dtype == Float32 && op.f32s != nil {
			op.f32s(oneOf[float32](s.placeOne(a)), oneOf[float32](a))
		} else if a.dtype == Float32 {
			mapSlice(oneOf[float32](s.placeOne(a)), oneOf[float32](a), op.f32)
		} else {
			mapSlice(oneOf[float64](s.placeOne(a)), oneOf[float64](a), op.f64)
		}
		return &s.arr
	}
	if a.IsContiguous() {
		switch a.dtype {
		case Float32:
			if out, d, ok := place[float32](s, a.shape()); ok {
				src := contig[float32](a)
				if op.f32s != nil {
					op.f32s(d, src)
				} else {
					mapSlice(d, src, op.f32)
				}
				return out
			}
		case Float64:
			if out, d, ok := place[float64](s, a.shape()); ok {
				mapSlice(d, contig[float64](a), op.f64)
				return out
			}
		}
	}
	return a.unary(op)
}

// OnesLike is OnesLike(a) placed in s.
func (s *Small) OnesLike(a *Array) *Array {
	if s != nil && one(a) {
		if a.dtype == Float32 {
			oneOf[float32](s.placeOne(a))[0] = 1
		} else {
			oneOf[float64](s.placeOne(a))[0] = 1
		}
		return &s.arr
	}
	switch a.dtype {
	case Float32:
		if out, d, ok := place[float32](s, a.shape()); ok {
			for i := range d {
				d[i] = 1
			}
			return out
		}
	case Float64:
		if out, d, ok := place[float64](s, a.shape()); ok {
			for i := range d {
				d[i] = 1
			}
			return out
		}
	}
	return OnesLike(a)
}

// ThresholdBackward is ThresholdBackward(grad, self, threshold) placed in s.
func (s *Small) ThresholdBackward(grad, self *Array, threshold float64) *Array {
	if s != nil && grad.dtype == self.dtype && grad.rank == self.rank && one(grad) && one(self) {
		if grad.dtype == Float32 {
			thresholdRun32(oneOf[float32](s.placeOne(grad)), oneOf[float32](grad), oneOf[float32](self), float32(thresholdAs(threshold, Float32)))
		} else {
			thresholdRun64(oneOf[float64](s.placeOne(grad)), oneOf[float64](grad), oneOf[float64](self), threshold)
		}
		return &s.arr
	}
	if grad.dtype == self.dtype && slices.Equal(grad.shape(), self.shape()) && grad.IsContiguous() && self.IsContiguous() {
		n := grad.Numel()
		switch grad.dtype {
		case Float32:
			if out, d, ok := place[float32](s, grad.shape()); ok {
				thresholdRun32(d, contig[float32](grad)[:n], contig[float32](self)[:n], float32(thresholdAs(threshold, Float32)))
				return out
			}
		case Float64:
			if out, d, ok := place[float64](s, grad.shape()); ok {
				thresholdRun64(d, contig[float64](grad)[:n], contig[float64](self)[:n], threshold)
				return out
			}
		}
	}
	return ThresholdBackward(grad, self, threshold)
}
