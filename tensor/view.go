package tensor

import (
	"slices"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// Views: every function here returns an Array sharing a's storage, except where a copy
// is unavoidable (Reshape of a non-viewable layout, Contiguous of a strided view, Clone).

// inferShape resolves a single -1 in shape against n elements, with torch's errors.
func inferShape(shape []int, n int) []int {
	out := append([]int{}, shape...)
	infer := -1
	prod := 1
	for i, s := range out {
		switch {
		case s == -1:
			if infer >= 0 {
				runtimeErr("only one dimension can be inferred")
			}
			infer = i
		case s < 0:
			runtimeErr("invalid shape dimension %d", s)
		default:
			prod *= s
		}
	}
	if infer >= 0 {
		if prod == 0 {
			runtimeErr("cannot reshape tensor of 0 elements into shape %s because the unspecified dimension size -1 can be any value and is ambiguous", shapeStr(shape))
		}
		if n%prod != 0 {
			runtimeErr("shape '%s' is invalid for input of size %d", shapeStr(shape), n)
		}
		out[infer] = n / prod
		return out
	}
	if prod != n {
		runtimeErr("shape '%s' is invalid for input of size %d", shapeStr(shape), n)
	}
	return out
}

// viewStrides is PyTorch's computeStride: the strides that let a's storage be read with
// newShape, or nil when the layout does not allow a view.
func viewStrides(oldShape, oldStrides, newShape []int) []int {
	ns := make([]int, len(newShape))
	if len(oldShape) == 0 {
		for i := range ns {
			ns[i] = 1
		}
		return ns
	}
	if numelOf(oldShape) == 0 {
		return contiguousStrides(newShape)
	}
	viewD := len(newShape) - 1
	chunkBase := oldStrides[len(oldStrides)-1]
	tensorNumel, viewNumel := 1, 1
	for td := len(oldShape) - 1; td >= 0; td-- {
		tensorNumel *= oldShape[td]
		if td == 0 || (oldShape[td-1] != 1 && oldStrides[td-1] != tensorNumel*chunkBase) {
			for viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1) {
				ns[viewD] = viewNumel * chunkBase
				viewNumel *= newShape[viewD]
				viewD--
			}
			if viewNumel != tensorNumel {
				return nil
			}
			if td > 0 {
				chunkBase = oldStrides[td-1]
				tensorNumel, viewNumel = 1, 1
			}
		}
	}
	if viewD != -1 {
		return nil
	}
	return ns
}

// Reshape returns a view with the given shape (one dim may be -1) when the layout
// allows, else a contiguous copy.
func (a *Array) Reshape(shape ...int) *Array {
	shape = inferShape(shape, a.Numel())
	if st := viewStrides(a.shape(), a.strides(), shape); st != nil {
		return a.view(shape, st, a.offset)
	}
	return a.Clone().view(shape, contiguousStrides(shape), 0)
}

// View returns a view with the given shape (one dim may be -1); it panics with
// PyTorch's message when a's strides do not allow one.
func (a *Array) View(shape ...int) *Array {
	shape = inferShape(shape, a.Numel())
	st := viewStrides(a.shape(), a.strides(), shape)
	if st == nil {
		runtimeErr("view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.")
	}
	return a.view(shape, st, a.offset)
}

// Transpose swaps dims d0 and d1.
func (a *Array) Transpose(d0, d1 int) *Array {
	n := len(a.shape())
	d0, d1 = wrapDim(d0, n), wrapDim(d1, n)
	if n == 0 {
		return a.view(nil, nil, a.offset)
	}
	sh, st := a.Shape(), a.Strides()
	sh[d0], sh[d1] = sh[d1], sh[d0]
	st[d0], st[d1] = st[d1], st[d0]
	return a.view(sh, st, a.offset)
}

// Permute reorders the dims: result dim i is a's dim dims[i].
func (a *Array) Permute(dims ...int) *Array {
	n := len(a.shape())
	if len(dims) != n {
		runtimeErr("permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = %d is not equal to len(dims) = %d", n, len(dims))
	}
	seen := make([]bool, n)
	sh, st := make([]int, n), make([]int, n)
	for i, d := range dims {
		d = wrapDim(d, n)
		if seen[d] {
			runtimeErr("permute(): duplicate dims are not allowed.")
		}
		seen[d] = true
		sh[i], st[i] = a.shape()[d], a.strides()[d]
	}
	return a.view(sh, st, a.offset)
}

// T reverses all dims (numpy's .T; torch's .T for arrays of at most 2 dims).
func (a *Array) T() *Array {
	n := len(a.shape())
	sh, st := make([]int, n), make([]int, n)
	for i := 0; i < n; i++ {
		sh[i], st[i] = a.shape()[n-1-i], a.strides()[n-1-i]
	}
	return a.view(sh, st, a.offset)
}

// Unsqueeze inserts a dim of size 1 at dim (negative counts from the end of the result).
func (a *Array) Unsqueeze(dim int) *Array {
	n := len(a.shape())
	dim = wrapDim(dim, n+1)
	stride := 1
	if dim < n {
		stride = a.strides()[dim] * a.shape()[dim]
	}
	sh := append(append(append([]int{}, a.shape()[:dim]...), 1), a.shape()[dim:]...)
	st := append(append(append([]int{}, a.strides()[:dim]...), stride), a.strides()[dim:]...)
	return a.view(sh, st, a.offset)
}

// Squeeze removes the given dims when they have size 1, or every size-1 dim when none
// are given.
func (a *Array) Squeeze(dims ...int) *Array {
	n := len(a.shape())
	drop := make([]bool, n)
	if len(dims) == 0 {
		for i, s := range a.shape() {
			drop[i] = s == 1
		}
	} else {
		for _, d := range dims {
			d = wrapDim(d, n)
			if n > 0 && a.shape()[d] == 1 {
				drop[d] = true
			}
		}
	}
	var sh, st []int
	for i := range a.shape() {
		if !drop[i] {
			sh = append(sh, a.shape()[i])
			st = append(st, a.strides()[i])
		}
	}
	return a.view(sh, st, a.offset)
}

// Select returns the slice at index along dim, removing that dim (x[i], A[:, j]).
func (a *Array) Select(dim, index int) *Array {
	n := len(a.shape())
	if n == 0 {
		indexErr("select() cannot be applied to a 0-dim tensor.")
	}
	dim = wrapDim(dim, n)
	size := a.shape()[dim]
	if index < -size || index >= size {
		indexErr("select(): index %d out of range for tensor of size %s at dimension %d", index, shapeStr(a.shape()), dim)
	}
	if index < 0 {
		index += size
	}
	sh := append(append([]int{}, a.shape()[:dim]...), a.shape()[dim+1:]...)
	st := append(append([]int{}, a.strides()[:dim]...), a.strides()[dim+1:]...)
	return a.view(sh, st, a.offset+index*a.strides()[dim])
}

// Slice returns elements start, start+step, ... below stop along dim, with Python's
// slice semantics: negative bounds count from the end and out-of-range bounds clamp.
func (a *Array) Slice(dim, start, stop, step int) *Array {
	n := len(a.shape())
	if n == 0 {
		indexErr("slice() cannot be applied to a 0-dim tensor.")
	}
	dim = wrapDim(dim, n)
	if step <= 0 {
		valueErr("step must be greater than zero")
	}
	size := a.shape()[dim]
	clamp := func(i int) int {
		if i < 0 {
			i += size
		}
		return min(max(i, 0), size)
	}
	start, stop = clamp(start), clamp(stop)
	length := 0
	if stop > start {
		length = (stop - start + step - 1) / step
	}
	sh, st := a.Shape(), a.Strides()
	sh[dim] = length
	st[dim] = a.strides()[dim] * step
	off := a.offset
	if length > 0 {
		off += start * a.strides()[dim]
	}
	return a.view(sh, st, off)
}

// Diagonal returns the diagonal with the given offset of the 2-D planes spanned by
// dim1 and dim2, as a new last dim.
func (a *Array) Diagonal(offset, dim1, dim2 int) *Array {
	n := len(a.shape())
	d1, d2 := wrapDim(dim1, n), wrapDim(dim2, n)
	if d1 == d2 {
		runtimeErr("diagonal dimensions cannot be identical %d, %d", dim1, dim2)
	}
	off := a.offset
	var length int
	if offset >= 0 {
		length = max(min(a.shape()[d1], a.shape()[d2]-offset), 0)
		off += offset * a.strides()[d2]
	} else {
		length = max(min(a.shape()[d1]+offset, a.shape()[d2]), 0)
		off -= offset * a.strides()[d1]
	}
	if length == 0 {
		off = a.offset
	}
	var sh, st []int
	for i := range a.shape() {
		if i != d1 && i != d2 {
			sh = append(sh, a.shape()[i])
			st = append(st, a.strides()[i])
		}
	}
	sh = append(sh, length)
	st = append(st, a.strides()[d1]+a.strides()[d2])
	return a.view(sh, st, off)
}

// Expand returns a broadcast view of a with the given shape: size-1 dims stretch (with
// stride 0), new leading dims are added, and -1 keeps a dim's size.
func (a *Array) Expand(shape ...int) *Array {
	n := len(a.shape())
	if len(shape) < n {
		runtimeErr("expand(torch.FloatTensor{%s}, size=%s): the number of sizes provided (%d) must be greater or equal to the number of dimensions in the tensor (%d)", shapeStr(a.shape()), shapeStr(shape), len(shape), n)
	}
	v := a.newView(len(shape), a.offset)
	sh, st := v.shape(), v.strides()
	lead := len(shape) - n
	for i := len(shape) - 1; i >= 0; i-- {
		target := shape[i]
		if i < lead {
			if target < 0 {
				runtimeErr("The expanded size of the tensor (%d) isn't allowed in a leading, non-existing dimension %d", target, i)
			}
			sh[i], st[i] = target, 0
			continue
		}
		size, stride := a.shape()[i-lead], a.strides()[i-lead]
		if target == -1 {
			target = size
		}
		if size != target {
			if size != 1 {
				runtimeErr("The expanded size of the tensor (%d) must match the existing size (%d) at non-singleton dimension %d.  Target sizes: %s.  Tensor sizes: %s", target, size, i, shapeStr(shape), shapeStr(a.shape()))
			}
			stride = 0
		}
		sh[i], st[i] = target, stride
	}
	if numelOf(sh) == 0 {
		v.offset = 0 // as view does: an empty view reads nothing
	}
	return v
}

// expandTo is Expand for internal use: it returns a itself when the shape already
// matches, saving a view per operand in every binary op.
func (a *Array) expandTo(shape []int) *Array {
	if slices.Equal(a.shape(), shape) {
		return a
	}
	return a.Expand(shape...)
}

// BroadcastTo is Expand (torch.broadcast_to).
func (a *Array) BroadcastTo(shape ...int) *Array { return a.Expand(shape...) }

// BroadcastShapes returns the shape a and b broadcast to, panicking with the message of
// torch.broadcast_shapes when they do not broadcast.
func BroadcastShapes(a, b []int) []int {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(*Error); ok {
				runtimeErr("Shape mismatch: objects cannot be broadcast to a single shape")
			}
			panic(r)
		}
	}()
	return broadcastShapes(a, b)
}

// broadcastShapes is BroadcastShapes with the message ops give (TensorIterator's):
// "The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 0".
func broadcastShapes(a, b []int) []int {
	n := max(len(a), len(b))
	out := make([]int, n)
	for i := n - 1; i >= 0; i-- {
		off := n - 1 - i
		da, db := len(a)-1-off, len(b)-1-off
		sa, sb := 1, 1
		if da >= 0 {
			sa = a[da]
		}
		if db >= 0 {
			sb = b[db]
		}
		if sa != sb && sa != 1 && sb != 1 {
			runtimeErr("The size of tensor a (%d) must match the size of tensor b (%d) at non-singleton dimension %d", sa, sb, i)
		}
		if sa == 1 {
			out[i] = sb
		} else {
			out[i] = sa
		}
	}
	return out
}

// Contiguous returns a itself when it is contiguous, else a contiguous copy.
func (a *Array) Contiguous() *Array {
	if a.IsContiguous() {
		return a
	}
	return a.Clone()
}

// Clone returns a contiguous copy of a that shares nothing with it.
func (a *Array) Clone() *Array {
	if small(a.Numel()) && a.IsContiguous() {
		out := alloc(a.dtype, a.shape())
		out.copyFrom(a)
		return out
	}
	if a.IsContiguous() {
		switch a.dtype {
		case Float32:
			return copyNew[float32](a)
		case Float64:
			return copyNew[float64](a)
		}
	}
	out := allocRawOf(a.dtype, a.shape()) // gather writes every element
	switch a.dtype {
	case Float32:
		gatherPar(storage[float32](out), storage[float32](a), a.shape(), a.strides(), a.offset)
	case Float64:
		gatherPar(storage[float64](out), storage[float64](a), a.shape(), a.strides(), a.offset)
	case Int64:
		gatherPar(storage[int64](out), storage[int64](a), a.shape(), a.strides(), a.offset)
	case Bool:
		gatherPar(storage[bool](out), storage[bool](a), a.shape(), a.strides(), a.offset)
	}
	return out
}

// copyNew is Clone of a contiguous float array: a cold result is streamed (stream.go).
func copyNew[T float](a *Array) *Array {
	src := contig[T](a)
	out, d, cold := allocOut[T](a.shape())
	if cold && len(d)*sizeOf[T]() >= streamMin {
		// A copy needs no buffer between it and its streamed stores (writeOut's):
		// the source is streamed straight into the result.
		chunks(len(d), func(lo, hi int) {
			streamTo(d[lo:hi], src[lo:hi])
			asm.Fence()
		})
		return out
	}
	writeOut(d, cold, func(d []T, lo int) { copy(d, src[lo:]) })
	return out
}
