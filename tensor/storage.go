package tensor

import "unsafe"

// The storage seam: the only file of the package that uses unsafe. An Array keeps its
// storage untyped (see Array's ptr and n); every read of it as a typed slice goes
// through storage or oneOf, which check the element type against the array's dtype
// and panic on a mismatch, so reading float32 data as float64 (past the allocation)
// cannot happen silently. The check is one byte compare against a constant of the
// instantiation, and the functions stay small enough to inline.

// rawPtr is an untyped pointer to the first element of a storage.
type rawPtr = unsafe.Pointer

// dtypeOf is T's dtype. The size tells bool and float32 apart without a type switch
// on an interface, which the compiler does not fold in generic code (each allocT pays
// for it).
func dtypeOf[T elem]() DType {
	var z T
	switch unsafe.Sizeof(z) {
	case 1:
		return Bool
	case 4:
		return Float32
	}
	if _, ok := any(z).(float64); ok {
		return Float64
	}
	return Int64
}

// sizeOf is the size in bytes of a T.
func sizeOf[T elem]() int {
	var z T
	return int(unsafe.Sizeof(z))
}

// storage returns a's storage as a []T. It panics unless T is a's element type.
func storage[T elem](a *Array) []T {
	if a.dtype != dtypeOf[T]() {
		storageMismatch(a.dtype, dtypeOf[T]())
	}
	return unsafe.Slice((*T)(a.ptr), a.n)
}

// storageMismatch panics for storage and oneOf: a bug in this package, not a user error.
//
//go:noinline
func storageMismatch(have, want DType) {
	panic("tensor: internal error: " + have.String() + " storage read as " + want.String())
}

// blockSlice is the first n T elements of a recycled block (recycle.go), which holds
// at least n·sizeof(T) bytes.
func blockSlice[T elem](p *uint64, n int) []T { return unsafe.Slice((*T)(unsafe.Pointer(p)), n) }

// asBitsOf is d's memory as a []U, U of T's size: integers move through the float
// kernels that only move bits (transposes, row copies) as floats of their size.
func asBitsOf[U, T elem](d []T) []U {
	if sizeOf[U]() != sizeOf[T]() {
		panic("tensor: internal error: reinterpreting elements of another size")
	}
	return unsafe.Slice((*U)(unsafe.Pointer(unsafe.SliceData(d))), len(d))
}

// setStorage makes d the storage of a (a new array of d's dtype).
func setStorage[T elem](a *Array, d []T) {
	if a.dtype != dtypeOf[T]() {
		storageMismatch(a.dtype, dtypeOf[T]())
	}
	a.ptr, a.n = unsafe.Pointer(unsafe.SliceData(d)), len(d)
}

// bufSlice is the first n T elements of a Small's element buffer (n·sizeof(T) <= 16).
func bufSlice[T elem](buf *[2]uint64, n int) []T { return unsafe.Slice((*T)(unsafe.Pointer(buf)), n) }

// placeOne makes s's array a one-element array of a's dtype and shape (a is one of
// one's arrays) and returns it.
func (s *Small) placeOne(a *Array) *Array {
	r := &s.arr
	r.dtype, r.rank = a.dtype, a.rank
	r.dims = [2 * smallDims]int{1, 1, 1, 1} // the shape's dims are 1, like every stride
	r.ptr, r.n = unsafe.Pointer(&s.buf), 1
	return r
}

// oneOf is the element of a one-element T array (one of one's arrays) as a slice, for
// the fast.go loops. It panics unless T is a's element type.
func oneOf[T float](a *Array) []T {
	if a.dtype != dtypeOf[T]() {
		storageMismatch(a.dtype, dtypeOf[T]())
	}
	return unsafe.Slice((*T)(a.ptr), 1)
}
