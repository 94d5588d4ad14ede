package tensor

// Direct access to an array's elements, for library code that updates a large array in
// place many times over (an optimizer's step over a model's parameters): copying the
// elements out with Float32s and back in with Copy_ would cost two passes and an
// allocation per step, more than the update itself.

// Float32Data returns the float32 elements of a contiguous float32 array as the part of
// its storage that holds them, in row-major order; ok is false for any other array.
// The slice aliases a: writing to it changes a and every array sharing its storage, so
// it is for code that owns a's contents (and, under autograd, records the change as an
// in-place op would, by moving the tensor's version counter).
func (a *Array) Float32Data() (d []float32, ok bool) { return dataOf[float32](a) }

// Float64Data is Float32Data for float64 arrays.
func (a *Array) Float64Data() (d []float64, ok bool) { return dataOf[float64](a) }

func dataOf[T float](a *Array) ([]T, bool) {
	if a.dtype != dtypeOf[T]() || !a.IsContiguous() {
		return nil, false
	}
	n := a.Numel()
	return storage[T](a)[a.offset : a.offset+n : a.offset+n], true
}
