package tensor

import (
	"math"
	"slices"
)

// Array is an n-d array of one dtype. Its elements live in a storage slice shared by
// every view of it: element (i0, i1, ...) is storage[offset + i0*strides[0] + i1*strides[1] + ...].
// Strides count elements, not bytes, and may be zero (broadcast views).
type Array struct {
	// ptr and n are the storage, a []float32, []float64, []int64 or []bool matching
	// dtype, stored untyped: its first element and its length (read it back with
	// storage). An interface holding the slice would cost a second allocation per
	// array (the box for the slice header), as much as the whole array on the small
	// path. Every storage is a Go slice (make, the caller's slice, or a block's inline
	// array), so ptr points into a Go allocation, which it keeps alive for the GC. ptr
	// is nil only when n is 0.
	ptr    rawPtr
	n      int
	offset int
	// The geometry. Up to smallDims dims, shape and strides live in dims (shape()
	// and strides() slice it); more dims live in big. Slices pointing into the Array
	// itself would be cheaper to read, but every small result would then store two
	// pointers into its own allocation, and each pointer store pays a GC write
	// barrier while the collector runs (on small autograd graphs, a collection is
	// running a quarter to half of the time), besides 48 bytes of slice headers.
	big   *geometry
	dims  [2 * smallDims]int
	rank  uint8 // len(shape) when big is nil
	dtype DType
}

// geometry is the shape and strides of an Array with more than smallDims dims.
type geometry struct{ shape, strides []int }

// newGeometry makes a geometry of k dims, both slices in one allocation.
func newGeometry(k int) *geometry {
	b := make([]int, 2*k)
	return &geometry{b[:k:k], b[k:]}
}

// shape is a's shape: the live geometry, not a copy (Shape copies).
func (a *Array) shape() []int {
	if a.big != nil {
		return a.big.shape
	}
	return a.dims[:a.rank:a.rank] // three-index: an append must never write into strides
}

// strides is a's strides, in elements: the live geometry, not a copy.
func (a *Array) strides() []int {
	if a.big != nil {
		return a.big.strides
	}
	return a.dims[smallDims : smallDims+int(a.rank) : smallDims+int(a.rank)]
}

// setGeometry gives a the geometry shape and strides. Small geometries are copied
// into a.dims; big ones are kept as given (the caller hands them over).
func (a *Array) setGeometry(shape, strides []int) {
	k := len(shape)
	if k > smallDims {
		a.big = &geometry{shape, strides}
		return
	}
	a.setSmallRank(k)
	for i := range k {
		a.dims[i], a.dims[smallDims+i] = shape[i], strides[i]
	}
}

// setSmallRank makes a an array of k <= smallDims dims, its geometry in a.dims (to be
// filled in by the caller). A 0-d array gets a 1 in the stride slot it does not use,
// for IsContiguous's inlined test.
func (a *Array) setSmallRank(k int) {
	if a.big != nil {
		a.big = nil // conditional: even a nil store pays the GC's write barrier
	}
	a.rank = uint8(k)
	if k == 0 {
		a.dims[smallDims] = 1
	}
}

// smallDims is the largest rank whose shape and strides live inside the Array.
const smallDims = 2

// elem is the set of Go element types an Array can hold.
type elem interface {
	float32 | float64 | int64 | bool
}

// number is elem without bool.
type number interface {
	float32 | float64 | int64
}

// float is the set of float element types.
type float interface {
	float32 | float64
}

// contiguousStrides returns row-major strides for shape. Like PyTorch, a dim of size 0
// counts as size 1, so strides stay meaningful for empty arrays.
func contiguousStrides(shape []int) []int {
	st := make([]int, len(shape))
	s := 1
	for i := len(shape) - 1; i >= 0; i-- {
		st[i] = s
		s *= max(shape[i], 1)
	}
	return st
}

func numelOf(shape []int) int {
	n := 1
	for _, s := range shape {
		n *= s
	}
	return n
}

func checkShape(shape []int) {
	for _, s := range shape {
		if s < 0 {
			runtimeErr("Trying to create tensor with negative dimension %d: %s", s, shapeStr(shape))
		}
	}
}

// alloc makes a new contiguous array of the given dtype and shape, zero filled.
func alloc(dt DType, shape []int) *Array {
	switch dt {
	case Float32:
		a, _ := allocT[float32](shape)
		return a
	case Float64:
		a, _ := allocT[float64](shape)
		return a
	case Int64:
		a, _ := allocT[int64](shape)
		return a
	case Bool:
		a, _ := allocT[bool](shape)
		return a
	}
	runtimeErr("unsupported dtype %d", dt)
	return nil
}

// block is an Array with room for a few elements: 0-d and tiny results, the bulk of
// what small autograd graphs compute, then cost one allocation instead of four or five.
type block[T elem] struct {
	arr  Array
	data [smallData]T
}

// smallData is the most elements an Array keeps inside its own allocation.
const smallData = 4

// numelChecked is the element count of shape, which it checks (checkShape).
func numelChecked(shape []int) int {
	n := 1
	for _, s := range shape {
		if s < 0 {
			checkShape(shape) // panics
		}
		n *= s
	}
	return n
}

// allocT is alloc for a static element type; it also returns the data slice.
func allocT[T elem](shape []int) (*Array, []T) {
	n := numelChecked(shape)
	var a *Array
	var d []T
	if n <= smallData {
		b := new(block[T])
		a, d = &b.arr, b.data[:n:n]
	} else {
		a, d = new(Array), zeros[T](n)
	}
	a.dtype = dtypeOf[T]()
	a.setContiguousShape(shape)
	setStorage(a, d)
	return a, d
}

// setContiguousShape gives a a copy of shape and row-major strides, kept in a.dims when
// they fit.
func (a *Array) setContiguousShape(shape []int) {
	k := len(shape)
	var sh, st []int
	if k > smallDims {
		a.big = newGeometry(k)
		sh, st = a.big.shape, a.big.strides
	} else {
		a.setSmallRank(k)
		sh, st = a.dims[:k], a.dims[smallDims:smallDims+k]
	}
	s := 1
	for i := k - 1; i >= 0; i-- {
		sh[i], st[i] = shape[i], s
		s *= max(shape[i], 1)
	}
}

// view returns an array sharing a's storage with new geometry. An empty view gets
// offset 0: it reads nothing, and its offset (say, a slice of an empty array) may lie
// past the end of the storage, where slicing the storage would panic.
func (a *Array) view(shape, strides []int, offset int) *Array {
	if numelOf(shape) == 0 {
		offset = 0
	}
	v := &Array{dtype: a.dtype, offset: offset, ptr: a.ptr, n: a.n}
	v.setGeometry(shape, strides)
	return v
}

// newView returns a view of a with k dims at offset, its shape and strides (to be
// filled in by the caller) kept inside the Array when k <= smallDims.
func (a *Array) newView(k, offset int) *Array {
	v := &Array{dtype: a.dtype, offset: offset, ptr: a.ptr, n: a.n}
	if k <= smallDims {
		v.setSmallRank(k)
	} else {
		v.big = newGeometry(k)
	}
	return v
}

// DType returns the element type.
func (a *Array) DType() DType { return a.dtype }

// Shape returns a copy of the shape.
func (a *Array) Shape() []int { return append([]int{}, a.shape()...) }

// Size returns the size of dim (negative counts from the end), torch's size(dim). With
// Dim it reads the shape without the copy Shape makes.
func (a *Array) Size(dim int) int {
	if a.big == nil && uint(dim) < uint(a.rank) {
		return a.dims[dim] // small enough to inline: autograd asks this for every op
	}
	return a.sizeOf(dim)
}

func (a *Array) sizeOf(dim int) int {
	sh := a.shape()
	return sh[wrapDim(dim, len(sh))]
}

// SameShape reports whether a and b have the same shape, without copying either's.
func (a *Array) SameShape(b *Array) bool {
	if a.big == nil && b.big == nil { // no loop for up to smallDims dims
		return a.rank == b.rank && (a.rank < 1 || a.dims[0] == b.dims[0]) && (a.rank < 2 || a.dims[1] == b.dims[1])
	}
	return slices.Equal(a.shape(), b.shape())
}

// Strides returns a copy of the strides, in elements.
func (a *Array) Strides() []int { return append([]int{}, a.strides()...) }

// Dim returns the number of dimensions.
func (a *Array) Dim() int {
	if a.big != nil {
		return len(a.big.shape)
	}
	return int(a.rank)
}

// Numel returns the number of elements.
func (a *Array) Numel() int { return numelOf(a.shape()) }

// IsContiguous reports whether the elements are laid out row-major without gaps
// (PyTorch's rule: dims of size 1 may have any stride).
func (a *Array) IsContiguous() bool {
	// Inlined for the 0-d and 1-d arrays of small graphs: a 1-d array with stride 1 is
	// contiguous, and so is a 0-d one, which setSmallRank gives a 1 in the stride slot
	// it does not use. Other arrays take the loop.
	if a.big == nil && a.rank <= 1 && a.dims[smallDims] == 1 {
		return true
	}
	return a.isContiguous()
}

func (a *Array) isContiguous() bool { return contiguous(a.shape(), a.strides()) }

// contiguous reports whether shape and strides lay elements out row-major without gaps.
func contiguous(shape, strides []int) bool {
	s := 1
	for i := len(shape) - 1; i >= 0; i-- {
		if shape[i] == 0 {
			return true
		}
		if shape[i] != 1 {
			if strides[i] != s {
				return false
			}
			s *= shape[i]
		}
	}
	return true
}

// SameStorage reports whether a and b are views of the same memory: ptr is the
// storage's start whatever a view's offset.
func (a *Array) SameStorage(b *Array) bool {
	return a.ptr == b.ptr && a.ptr != nil
}

// Item returns the value of a one-element array.
func (a *Array) Item() float64 {
	if a.Numel() != 1 {
		valueErr("only one element tensors can be converted to Python scalars")
	}
	return a.get(a.offset)
}

// get reads storage element off as float64.
func (a *Array) get(off int) float64 {
	switch a.dtype {
	case Float32:
		return float64(storage[float32](a)[off])
	case Float64:
		return storage[float64](a)[off]
	case Int64:
		return float64(storage[int64](a)[off])
	case Bool:
		if storage[bool](a)[off] {
			return 1
		}
		return 0
	}
	return math.NaN()
}

// At returns the element at idx (negative indexes count from the end).
func (a *Array) At(idx ...int) float64 {
	if len(idx) > len(a.shape()) {
		indexErr("too many indices for tensor of dimension %d", len(a.shape()))
	}
	if len(idx) < len(a.shape()) {
		indexErr("At needs one index per dimension: got %d for a tensor of dimension %d", len(idx), len(a.shape()))
	}
	off := a.offset
	for d, i := range idx {
		off += normIndex(i, d, a.shape()[d]) * a.strides()[d]
	}
	return a.get(off)
}

// normIndex wraps a negative index and checks bounds with PyTorch's IndexError text.
func normIndex(i, dim, size int) int {
	if i < -size || i >= size {
		indexErr("index %d is out of bounds for dimension %d with size %d", i, dim, size)
	}
	if i < 0 {
		i += size
	}
	return i
}

// contig returns the elements of a in row-major order: the storage itself when a is
// contiguous (callers must not write to it unless they own a), else a packed copy.
func contig[T elem](a *Array) []T {
	d := storage[T](a)
	n := a.Numel()
	if a.IsContiguous() {
		return d[a.offset : a.offset+n : a.offset+n]
	}
	out := rawSlice[T](n)
	gatherPar(out, d, a.shape(), a.strides(), a.offset)
	return out
}

// values converts a's elements, in row-major order, to a fresh []T.
func values[T elem](a *Array) []T {
	c := a.To(dtypeOf[T]())
	src := contig[T](c)
	if c != a && c.IsContiguous() {
		return src // already a private copy
	}
	return append([]T(nil), src...)
}

// Float64s returns a row-major copy of the elements as float64.
func (a *Array) Float64s() []float64 { return values[float64](a) }

// Float32s returns a row-major copy of the elements as float32.
func (a *Array) Float32s() []float32 { return values[float32](a) }

// Int64s returns a row-major copy of the elements as int64 (floats truncate toward zero).
func (a *Array) Int64s() []int64 { return values[int64](a) }

// Bools returns a row-major copy of the elements as bool (non-zero is true).
func (a *Array) Bools() []bool { return values[bool](a) }
