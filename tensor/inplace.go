package tensor

import (
	"math"
	"slices"
	"sort"
)

// In-place ops write into a's storage, so when a is a view (x.Select(0, 1), a slice) the
// writes land in the array it views: this is how `y[0] = v` and `z[:] = 0` are spelled.

// Add_ adds b to a in place and returns a.
func (a *Array) Add_(b any) *Array { return a.inplace(opAdd, b) }

// Sub_ subtracts b from a in place and returns a.
func (a *Array) Sub_(b any) *Array { return a.inplace(opSub, b) }

// Mul_ multiplies a by b in place and returns a.
func (a *Array) Mul_(b any) *Array { return a.inplace(opMul, b) }

// Div_ divides a by b in place and returns a.
func (a *Array) Div_(b any) *Array { return a.inplace(opDiv, b) }

// inplace computes op(a, b) and copies it back into a. The result must keep a's shape
// (b broadcasts to a, not the other way) and its dtype must be castable to a's, with
// PyTorch's errors otherwise.
func (a *Array) inplace(op *binaryOp, b any) *Array {
	// A Go number, or an array of a's shape and float dtype that is not another view of
	// a's storage (a gradient accumulated at every backward pass), needs none of the
	// checks below and none of the shape slices they allocate: fastInplace takes it
	// when a is contiguous.
	if y, ok := b.(*Array); !ok || y != nil && (!y.SameStorage(a) || y.offset == a.offset) {
		if fastInplace(op, a, b) {
			return a
		}
	}
	a.checkWritable()
	bo := asOperand(b)
	dt := resultType(operand{Array: a}, bo)
	if op.kind == toFloat && !dt.IsFloat() {
		dt = defaultFloat
	}
	if !canCast(dt, a.dtype) {
		runtimeErr("result type %s can't be cast to the desired output type %s", dt.torchName(), a.dtype.torchName())
	}
	if bs := broadcastShapes(a.shape(), bo.shape()); !slices.Equal(bs, a.shape()) {
		runtimeErr("output with shape %s doesn't match the broadcast shape %s", shapeStr(a.shape()), shapeStr(bs))
	}
	a.checkOverlap(bo.Array)
	if bo.SameStorage(a) && !(bo.offset == a.offset && slices.Equal(bo.strides(), a.strides()) && slices.Equal(bo.shape(), a.shape())) {
		// b is another view of a's storage (so of a's dtype): PyTorch's loop reads b
		// as it writes a, and so does this one.
		b := bo.expandTo(a.shape())
		switch a.dtype {
		case Float32:
			sequentialInplace(a, b, op.f32)
		case Float64:
			sequentialInplace(a, b, op.f64)
		case Int64:
			sequentialInplace(a, b, op.i64)
		default:
			sequentialInplace(a, b, op.b)
		}
		return a
	}
	var r *Array
	if bo.wrapped {
		r = binary(op, a, bo)
	} else {
		r = binary(op, a, bo.Array) // an array operand may take binary's fast path
	}
	a.copyFrom(r)
	return a
}

// sequentialInplace sets a[i] = f(a[i], b[i]) element by element in row-major order.
func sequentialInplace[T elem](a, b *Array, f func(T, T) T) {
	if f == nil {
		runtimeErr("unsupported in-place operation for dtype %s", a.dtype.torchName())
	}
	forEach2(a, b, func(d, s []T, od, os, n, sd, ss int) {
		for i := 0; i < n; i++ {
			d[od] = f(d[od], s[os])
			od += sd
			os += ss
		}
	})
}

// checkWritable panics as PyTorch does when a is a broadcast view in which several
// elements share one memory location (an in-place write would be ambiguous).
func (a *Array) checkWritable() {
	for i, s := range a.strides() {
		if s == 0 && a.shape()[i] > 1 {
			runtimeErr("unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.")
		}
	}
}

// checkOverlap panics as PyTorch does when src partially overlaps the written-to
// array a: both dense (no gaps, as PyTorch can only judge those) in the same storage,
// with intersecting memory but not the identical layout (x.Add_(x) is fine,
// x.Add_(x.T()) is not). Overlapping strided views pass, as in PyTorch.
func (a *Array) checkOverlap(src *Array) {
	if !src.SameStorage(a) || a.Numel() == 0 || src.Numel() == 0 || !a.isDense() || !src.isDense() {
		return
	}
	aLo, aHi := a.offset, a.offset+a.Numel()
	sLo, sHi := src.offset, src.offset+src.Numel()
	if aLo == sLo && aHi == sHi && slices.Equal(a.strides(), src.strides()) && slices.Equal(a.shape(), src.shape()) {
		return
	}
	if aLo < sHi && sLo < aHi {
		runtimeErr("unsupported operation: some elements of the input tensor and the written-to tensor refer to a single memory location. Please clone() the tensor before performing the operation.")
	}
}

// isDense reports whether a's elements fill numel consecutive storage slots (a
// contiguous array, possibly with permuted dims).
func (a *Array) isDense() bool {
	type dim struct{ size, stride int }
	var ds []dim
	for i, s := range a.shape() {
		if s != 1 {
			ds = append(ds, dim{s, a.strides()[i]})
		}
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i].stride < ds[j].stride })
	want := 1
	for _, d := range ds {
		if d.stride != want {
			return false
		}
		want *= d.size
	}
	return true
}

// Fill_ sets every element of a to v (cast to a's dtype) and returns a.
func (a *Array) Fill_(v float64) *Array {
	a.checkWritable()
	switch a.dtype {
	case Float32:
		fill(a, storage[float32](a), float32(v))
	case Float64:
		fill(a, storage[float64](a), v)
	case Int64:
		fill(a, storage[int64](a), int64(v))
	case Bool:
		fill(a, storage[bool](a), v != 0)
	}
	return a
}

// Zero_ sets every element of a to zero and returns a.
func (a *Array) Zero_() *Array { return a.Fill_(0) }

func fill[T elem](a *Array, d []T, v T) {
	if a.IsContiguous() {
		fillRun(d[a.offset:a.offset+a.Numel()], v)
		return
	}
	walk(a.shape(), [][]int{a.strides()}, []int{a.offset}, func(o []int, n int, in []int) {
		off, s := o[0], in[0]
		for i := 0; i < n; i++ {
			d[off] = v
			off += s
		}
	})
}

// fillRun sets every element of s to v. Zero is a memory clear; other values are
// written once and then doubled by copy (memmove's wide stores), which beats a loop
// of one store per element.
func fillRun[T elem](s []T, v T) {
	var zero T
	if v == zero && !isNegZero(v) {
		clear(s)
		return
	}
	if len(s) < 64 {
		for i := range s {
			s[i] = v
		}
		return
	}
	s[0] = v
	for k := 1; k < len(s); k *= 2 {
		copy(s[k:], s[:k])
	}
}

// isNegZero reports whether v is a float -0 (which clear would make +0).
func isNegZero[T elem](v T) bool {
	switch x := any(v).(type) {
	case float32:
		return math.Signbit(float64(x))
	case float64:
		return math.Signbit(x)
	}
	return false
}

// Copy_ copies src (an array or a Go scalar) into a, broadcasting src to a's shape and
// casting it to a's dtype, and returns a.
func (a *Array) Copy_(src any) *Array {
	a.checkWritable()
	s := asOperand(src)
	if bs := broadcastShapes(a.shape(), s.shape()); !slices.Equal(bs, a.shape()) {
		runtimeErr("output with shape %s doesn't match the broadcast shape %s", shapeStr(a.shape()), shapeStr(bs))
	}
	if s.Array == a {
		return a // copy_ of itself is a no-op in PyTorch
	}
	a.checkOverlap(s.Array)
	a.copyFrom(s.Array)
	return a
}

// copyFrom writes src (broadcastable to a's shape) into a, converting dtype, element
// by element in a's row-major order. A source overlapping a in a way checkOverlap
// allows (strided views) is read as the copy proceeds, as PyTorch's loop does: x[2::2]
// = x[:-2:2] propagates x[0] along the array.
func (a *Array) copyFrom(src *Array) {
	src = src.To(a.dtype).expandTo(a.shape())
	if a.IsContiguous() && src.IsContiguous() && !a.SameStorage(src) {
		switch a.dtype {
		case Float32:
			copyContiguous[float32](a, src)
		case Float64:
			copyContiguous[float64](a, src)
		case Int64:
			copyContiguous[int64](a, src)
		case Bool:
			copyContiguous[bool](a, src)
		}
		return
	}
	switch a.dtype {
	case Float32:
		copyStrided[float32](a, src)
	case Float64:
		copyStrided[float64](a, src)
	case Int64:
		copyStrided[int64](a, src)
	case Bool:
		copyStrided[bool](a, src)
	}
}

// copyContiguous copies src into dst, both contiguous and of separate storage: a large
// copy in pieces over the cores, checking the interrupt flag between them as the strided
// copy does.
func copyContiguous[T elem](dst, src *Array) {
	n := dst.Numel()
	d, s := storage[T](dst)[dst.offset:dst.offset+n], storage[T](src)[src.offset:src.offset+n]
	if small(n) {
		copy(d, s)
		return
	}
	chunks(n, func(lo, hi int) { copy(d[lo:hi], s[lo:hi]) })
}

func copyStrided[T elem](dst, src *Array) {
	forEach2(dst, src, func(d, s []T, od, os, n, sd, ss int) {
		if sd == 1 && ss == 1 {
			copy(d[od:od+n], s[os:os+n])
			return
		}
		for i := 0; i < n; i++ {
			d[od] = s[os]
			od += sd
			os += ss
		}
	})
}
