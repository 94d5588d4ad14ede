package tensor

// Reductions over all elements or over dims, with keepdim. Float sums (and so means)
// follow PyTorch's cascade order (sum.go); the other reductions do not depend on order
// (max, min, arg*) or are computed left to right (prod, norm).

// reduceMask turns dims (negative allowed; empty = all) into a per-dim mask.
func reduceMask(dims []int, ndim int) []bool {
	mask := make([]bool, ndim)
	if len(dims) == 0 {
		for i := range mask {
			mask[i] = true
		}
		return mask
	}
	for _, d := range dims {
		w := wrapDim(d, ndim)
		if ndim == 0 {
			continue
		}
		if mask[w] {
			runtimeErr("dim %d appears multiple times in the list of dims", w)
		}
		mask[w] = true
	}
	return mask
}

// keptShape appends the output shape to dst: reduced dims become 1 (keepdim) or
// vanish.
func keptShape(dst, shape []int, mask []bool, keepdim bool) []int {
	for i, s := range shape {
		switch {
		case !mask[i]:
			dst = append(dst, s)
		case keepdim:
			dst = append(dst, 1)
		}
	}
	return dst
}

// Sum returns the sum of all elements as a 0-d array; int and bool sum to int64.
func (a *Array) Sum() *Array { return a.SumDims(nil, false) }

// SumDims sums over dims (all when empty), keeping them as size 1 when keepdim.
func (a *Array) SumDims(dims []int, keepdim bool) *Array {
	mask := reduceMask(dims, a.Dim())
	var buf [smallDims]int
	keep := keptShape(buf[:0], a.shape(), mask, true)
	var out *Array
	switch a.dtype {
	case Float32:
		out = allocZeroed[float32](keep)
		cascadeSum[float32](a, mask, out)
	case Float64:
		out = allocZeroed[float64](keep)
		cascadeSum[float64](a, mask, out)
	default:
		out = reduceRows(a.To(Int64), mask, Int64, func(r []int64, o []int64, i int) {
			var s int64
			for _, v := range r {
				s += v
			}
			o[i] = s
		})
	}
	return finish(out, a, mask, keepdim)
}

// Mean returns the mean of all elements (float dtypes only), computed as PyTorch does:
// the sum, divided by the count in the dtype.
func (a *Array) Mean() *Array { return a.MeanDims(nil, false) }

// MeanDims is the mean over dims (all when empty).
func (a *Array) MeanDims(dims []int, keepdim bool) *Array {
	if !a.dtype.IsFloat() {
		runtimeErr("mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: %s", a.dtype.torchName())
	}
	mask := reduceMask(dims, a.Dim())
	n := 1
	for i, m := range mask {
		if m {
			n *= a.shape()[i]
		}
	}
	return a.SumDims(dims, keepdim).Div(n)
}

// reduceRows moves reduced dims last, packs a contiguously and calls f once per output
// element i with its row of inputs. The result has keepdim shape.
// Rows are independent, so they run over the cores (byRows); f must only write out[i].
func reduceRows[T, D elem](a *Array, mask []bool, dt DType, f func(row []T, out []D, i int)) *Array {
	src, m, shape := reducedRows[T](a, mask)
	out := alloc(dt, shape)
	od := storage[D](out)
	byRows(len(od), m, elementGrain(m), func(r0, r1 int) {
		for i := r0; i < r1; i++ {
			f(src[i*m:(i+1)*m:(i+1)*m], od, i)
		}
	})
	return out
}

// reducedRows returns a's elements with the reduced dims moved last, contiguous (a
// copy unless they already are), the count m of elements reduced into each output,
// and the keepdim output shape.
func reducedRows[T elem](a *Array, mask []bool) (src []T, m int, shape []int) {
	var kept, red []int
	for i := range a.shape() {
		if mask[i] {
			red = append(red, i)
		} else {
			kept = append(kept, i)
		}
	}
	src = contig[T](a.Permute(append(kept, red...)...))
	m = 1
	for _, d := range red {
		m *= a.shape()[d]
	}
	return src, m, keptShape(nil, a.shape(), mask, true)
}

// finish gives a keepdim-shaped result the shape the caller asked for. out is a fresh
// contiguous array nobody else holds, so it is reshaped in place, not viewed.
func finish(out *Array, a *Array, mask []bool, keepdim bool) *Array {
	var buf [smallDims]int
	out.setContiguousShape(keptShape(buf[:0], a.shape(), mask, keepdim))
	return out
}

// Prod returns the product of all elements; int and bool give int64.
func (a *Array) Prod() *Array { return a.prod(reduceMask(nil, a.Dim()), false) }

// ProdDim is the product over one dim.
func (a *Array) ProdDim(dim int, keepdim bool) *Array {
	return a.prod(reduceMask([]int{dim}, a.Dim()), keepdim)
}

func (a *Array) prod(mask []bool, keepdim bool) *Array {
	src, m, inner := innerRows(a, mask)
	inner = inner || unitStrideReduction(a, mask)
	var out *Array
	switch a.dtype {
	case Float32:
		out = prodRows[float32](src, m, inner)
	case Float64:
		out = prodRows[float64](src, m, inner)
	default:
		// integer products wrap exactly whatever the order
		out = reduceRows(src.To(Int64), m, Int64, func(r, o []int64, i int) { o[i] = prodRow(r, false) })
	}
	return finish(out, a, mask, keepdim)
}

// unitStrideReduction tells whether the one dim of size above 1 that mask reduces has
// stride 1, as in a transposed or narrowed view: TensorIterator puts it first and
// coalesces nothing into it, so PyTorch's reduction loops take each output's elements
// as one contiguous inner row, whatever the layout of the kept dims.
func unitStrideReduction(a *Array, mask []bool) bool {
	d := -1
	for i, m := range mask {
		if m && a.shape()[i] > 1 {
			if d >= 0 {
				return false
			}
			d = i
		}
	}
	return d >= 0 && a.strides()[d] == 1
}

// prodRow multiplies r in PyTorch's order. A contiguous row (inner) of at least 32
// elements goes through binary_kernel_reduce_vec's SIMD loop: four vectors of lanes
// (8 float32 or 4 float64) start from the first 4*lanes elements and multiply in each
// following block lane by lane; the vectors are combined as (v0*v1)*(v2*v3), their
// lanes in order, and the remaining tail is multiplied in one by one. Otherwise the
// product runs left to right.
func prodRow[T number](r []T, inner bool) T {
	p := T(1)
	lanes := 4
	if _, ok := any(p).(float32); ok {
		lanes = 8
	}
	block := 4 * lanes
	i := 0
	if inner && len(r) >= block {
		acc := append([]T(nil), r[:block]...)
		for i = block; i+block <= len(r); i += block {
			for q, v := range r[i : i+block] {
				acc[q] *= v
			}
		}
		for l := 0; l < lanes; l++ {
			acc[l] = (acc[l] * acc[lanes+l]) * (acc[2*lanes+l] * acc[3*lanes+l])
		}
		for l := 0; l < lanes; l++ {
			p *= acc[l]
		}
	}
	for _, v := range r[i:] {
		p *= v
	}
	return p
}

// extremum finds the index of the max (want=1) or min (want=-1) of r; NaN wins, and
// ties go to the first occurrence, as in PyTorch.
func extremum[T number](r []T, want int) int {
	best := 0
	for i := 1; i < len(r); i++ {
		v, b := r[i], r[best]
		if b != b {
			return best
		}
		if v != v || (want > 0 && v > b) || (want < 0 && v < b) {
			best = i
		}
	}
	return best
}

func (a *Array) extreme(name string, want int, mask []bool, keepdim, wantValues bool) (values, indices *Array) {
	if a.dtype == Bool && !wantValues {
		runtimeErr("\"%s_cpu\" not implemented for 'Bool'", name)
	}
	for i, m := range mask {
		if m && a.shape()[i] == 0 {
			indexErr("%s(): Expected reduction dim %d to have non-zero size.", name, i)
		}
	}
	switch a.dtype {
	case Float32:
		return extremeFloat[float32](a, mask, want, keepdim, wantValues)
	case Float64:
		return extremeFloat[float64](a, mask, want, keepdim, wantValues)
	case Int64:
		return extremeT[int64](a, mask, want, keepdim, wantValues)
	}
	v, idx := extremeT[int64](a.To(Int64), mask, want, keepdim, wantValues)
	if v != nil {
		v = v.To(Bool)
	}
	return v, idx
}

func extremeT[T number](a *Array, mask []bool, want int, keepdim, wantValues bool) (*Array, *Array) {
	// int64 (and bool) take the column walk here; float arrays reach extremeT only as
	// the tests' row-by-row reference for extremeFloat
	if dtypeOf[T]() == Int64 {
		if v, i, ok := extremeCols[T](a, mask, want, keepdim, wantValues); ok {
			return v, i
		}
	}
	var v *Array
	var vals []T
	if wantValues {
		v = alloc(a.dtype, keptShape(nil, a.shape(), mask, true))
		vals = storage[T](v)
	}
	idx := reduceRows(a, mask, Int64, func(r []T, o []int64, i int) {
		k := extremum(r, want)
		o[i] = int64(k)
		if vals != nil {
			vals[i] = r[k]
		}
	})
	if v != nil {
		v = finish(v, a, mask, keepdim)
	}
	return v, finish(idx, a, mask, keepdim)
}

// Max returns the largest element as a 0-d array (NaN if any element is NaN).
func (a *Array) Max() *Array {
	if a.Numel() == 0 {
		runtimeErr("max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
	}
	return a.extremeAll("max", 1)
}

// Min returns the smallest element as a 0-d array.
func (a *Array) Min() *Array {
	if a.Numel() == 0 {
		runtimeErr("min(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.")
	}
	return a.extremeAll("min", -1)
}

// extremeAll is the max (want > 0) or min of all elements of a non-empty array.
func (a *Array) extremeAll(name string, want int) *Array {
	switch a.dtype {
	case Float32:
		return extremeValue[float32](a, want)
	case Float64:
		return extremeValue[float64](a, want)
	}
	v, _ := a.extreme(name, want, reduceMask(nil, a.Dim()), false, true)
	return v
}

// MaxDim returns the max over dim and its (first) index, as torch.max(x, dim).
func (a *Array) MaxDim(dim int, keepdim bool) (values, indices *Array) {
	return a.extreme("max", 1, reduceMask([]int{dim}, a.Dim()), keepdim, true)
}

// MinDim returns the min over dim and its (first) index.
func (a *Array) MinDim(dim int, keepdim bool) (values, indices *Array) {
	return a.extreme("min", -1, reduceMask([]int{dim}, a.Dim()), keepdim, true)
}

// Argmax returns the index of the largest element of the flattened array (int64, 0-d).
func (a *Array) Argmax() *Array {
	if a.Numel() == 0 {
		indexErr("argmax(): Expected reduction dim to be specified for input.numel() == 0.")
	}
	_, i := a.Reshape(-1).extreme("argmax", 1, []bool{true}, false, false)
	return i
}

// Argmin returns the index of the smallest element of the flattened array.
func (a *Array) Argmin() *Array {
	if a.Numel() == 0 {
		indexErr("argmin(): Expected reduction dim to be specified for input.numel() == 0.")
	}
	_, i := a.Reshape(-1).extreme("argmin", -1, []bool{true}, false, false)
	return i
}

// ArgmaxDim returns the indices of the maxima along dim.
func (a *Array) ArgmaxDim(dim int, keepdim bool) *Array {
	_, i := a.extreme("argmax", 1, reduceMask([]int{dim}, a.Dim()), keepdim, false)
	return i
}

// ArgminDim returns the indices of the minima along dim.
func (a *Array) ArgminDim(dim int, keepdim bool) *Array {
	_, i := a.extreme("argmin", -1, reduceMask([]int{dim}, a.Dim()), keepdim, false)
	return i
}
