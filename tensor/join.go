package tensor

import (
	"math"
	"slices"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// Joining arrays and comparing whole arrays.

// Stack joins arrays of equal shape along a new dim.
func Stack(arrays []*Array, dim int) *Array {
	if len(arrays) == 0 {
		runtimeErr("stack expects a non-empty TensorList")
	}
	for i, a := range arrays[1:] {
		if !slices.Equal(a.shape(), arrays[0].shape()) {
			runtimeErr("stack expects each tensor to be equal size, but got %s at entry 0 and %s at entry %d", shapeStr(arrays[0].shape()), shapeStr(a.shape()), i+1)
		}
	}
	dim = wrapDim(dim, arrays[0].Dim()+1)
	us := make([]*Array, len(arrays))
	for i, a := range arrays {
		us[i] = a.Unsqueeze(dim)
	}
	return Cat(us, dim)
}

// Cat joins arrays along an existing dim; all other dims must match. The result dtype
// is promoted over the inputs. As in PyTorch, 1-D arrays of size 0 are skipped.
func Cat(arrays []*Array, dim int) *Array {
	if len(arrays) == 0 {
		runtimeErr("torch.cat(): expected a non-empty list of Tensors")
	}
	dt := noType
	var parts []*Array
	for i, a := range arrays {
		if a.Dim() == 0 {
			runtimeErr("zero-dimensional tensor (at position %d) cannot be concatenated", i)
		}
		dt = promote(dt, a.dtype)
		if a.Dim() == 1 && a.shape()[0] == 0 {
			continue
		}
		parts = append(parts, a)
	}
	if len(parts) == 0 {
		return alloc(dt, []int{0})
	}
	ref := parts[0]
	dim = wrapDim(dim, ref.Dim())
	total := 0
	for i, a := range arrays {
		if a.Dim() == 1 && a.shape()[0] == 0 {
			continue
		}
		if a.Dim() != ref.Dim() {
			runtimeErr("Tensors must have same number of dimensions: got %d and %d", ref.Dim(), a.Dim())
		}
		for d := range a.shape() {
			if d != dim && a.shape()[d] != ref.shape()[d] {
				runtimeErr("Sizes of tensors must match except in dimension %d. Expected size %d but got size %d for tensor number %d in the list.", dim, ref.shape()[d], a.shape()[d], i)
			}
		}
		total += a.shape()[dim]
	}
	shape := ref.Shape()
	shape[dim] = total
	out, cold := allocOutOf(dt, shape) // the parts write every element
	if catContiguous(out, parts, dim, cold) {
		return out
	}
	at := 0
	for _, a := range parts {
		n := a.shape()[dim]
		out.Slice(dim, at, at+n, 1).copyFrom(a)
		at += n
	}
	return out
}

// Equal is torch.equal: same shape and equal elements (NaN is never equal).
func Equal(a, b *Array) bool {
	if !slices.Equal(a.shape(), b.shape()) {
		return false
	}
	for _, v := range a.Eq(b).Bools() {
		if !v {
			return false
		}
	}
	return true
}

// AllClose is torch.allclose: |a - b| <= atol + rtol*|b| everywhere (broadcasting),
// with rtol 1e-5 and atol 1e-8 unless given as rtolAtol; NaN is never close. The
// dtypes must match, as in PyTorch.
func AllClose(a, b *Array, rtolAtol ...float64) bool {
	rtol, atol := 1e-5, 1e-8
	if len(rtolAtol) > 0 {
		rtol = rtolAtol[0]
	}
	if len(rtolAtol) > 1 {
		atol = rtolAtol[1]
	}
	if a.dtype != b.dtype {
		runtimeErr("%s did not match %s", a.dtype.torchName(), b.dtype.torchName())
	}
	shape := BroadcastShapes(a.shape(), b.shape())
	x := a.expandTo(shape).Float64s()
	y := b.expandTo(shape).Float64s()
	for i := range x {
		if x[i] == y[i] {
			continue
		}
		d := math.Abs(x[i] - y[i])
		if math.IsNaN(d) || math.IsInf(d, 0) || d > atol+rtol*math.Abs(y[i]) {
			return false
		}
	}
	return true
}

// catContiguous is Cat's copy when every part is contiguous and of the result's dtype,
// as a batch's parts usually are: the result is outer slabs (the product of the dims
// before dim), each the parts' own slabs side by side, so a slab of the result is one
// copy per part. Slabs are independent and run over the cores; a large float result
// over a cold block is streamed (streamTo). It reports false, and writes nothing, for
// other parts.
func catContiguous(out *Array, parts []*Array, dim int, cold bool) bool {
	for _, a := range parts {
		if a.dtype != out.dtype || !a.IsContiguous() {
			return false
		}
	}
	switch out.dtype {
	case Float32:
		catSlabs[float32](out, parts, dim, cold)
	case Float64:
		catSlabs[float64](out, parts, dim, cold)
	case Int64:
		catSlabs[int64](out, parts, dim, false)
	default:
		catSlabs[bool](out, parts, dim, false)
	}
	return true
}

func catSlabs[T elem](out *Array, parts []*Array, dim int, cold bool) {
	outer := 1
	for _, n := range out.shape()[:dim] {
		outer *= n
	}
	if outer == 0 {
		return
	}
	d := storage[T](out)[out.offset : out.offset+out.Numel()]
	width := len(d) / outer // a result slab
	srcs := make([][]T, len(parts))
	for k, a := range parts {
		srcs[k] = storage[T](a)[a.offset : a.offset+a.Numel()]
	}
	stream := cold && len(d)*sizeOf[T]() >= streamMin
	byRows(outer, width, elementGrain(width), func(o0, o1 int) {
		for o := o0; o < o1; o++ {
			at := o * width
			for _, s := range srcs {
				w := len(s) / outer
				if stream {
					streamTo(d[at:at+w], s[o*w:(o+1)*w])
				} else {
					copy(d[at:at+w], s[o*w:(o+1)*w])
				}
				at += w
			}
		}
		if stream {
			asm.Fence()
		}
	})
}
