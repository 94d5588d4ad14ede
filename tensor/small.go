package tensor

import "unsafe"

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
	var z T
	if n*int(unsafe.Sizeof(z)) > len(s.buf)*8 {
		return nil, nil, false
	}
	a = &s.arr
	a.dtype = dtypeOf[T]()
	a.setContiguousShape(shape)
	d = unsafe.Slice((*T)(unsafe.Pointer(&s.buf)), n)
	setStorage(a, d)
	return a, d, true
}

// allocIn is allocT placing the array in s when s is not nil and the array fits it.
// It is how every op below puts its result in a Small: the ops themselves are the
// ordinary ones, called with somewhere to put a small result.
func allocIn[T elem](s *Small, shape []int) (*Array, []T) {
	if a, d, ok := place[T](s, shape); ok {
		return a, d
	}
	return allocT[T](shape)
}

// Add is a.Add(y) with a small result placed in s.
func (s *Small) Add(a *Array, y any) *Array { return binaryIn(s, opAdd, a, y) }

// Sub is a.Sub(y) with a small result placed in s.
func (s *Small) Sub(a *Array, y any) *Array { return binaryIn(s, opSub, a, y) }

// Mul is a.Mul(y) with a small result placed in s.
func (s *Small) Mul(a *Array, y any) *Array { return binaryIn(s, opMul, a, y) }

// Div is a.Div(y) with a small result placed in s.
func (s *Small) Div(a *Array, y any) *Array { return binaryIn(s, opDiv, a, y) }

// Neg is a.Neg() with a small result placed in s.
func (s *Small) Neg(a *Array) *Array { return s.unary(opNeg, a) }

// Relu is a.Relu() with a small result placed in s.
func (s *Small) Relu(a *Array) *Array { return s.unary(opRelu, a) }

// unary places the result of a contiguous input only: a strided one is packed into a
// fresh copy first anyway.
func (s *Small) unary(op *unaryOp, a *Array) *Array {
	if !a.IsContiguous() {
		s = nil
	}
	return a.unaryIn(s, op)
}

// OnesLike is OnesLike(a) placed in s.
func (s *Small) OnesLike(a *Array) *Array { return allocDT(s, a.dtype, a.shape).Fill_(1) }

// ThresholdBackward is ThresholdBackward(grad, self, threshold) placed in s.
func (s *Small) ThresholdBackward(grad, self *Array, threshold float64) *Array {
	return thresholdBackward(s, grad, self, threshold)
}
