package tensor

import (
	"math"
	"slices"
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
	out := allocRawOf(dt, shape) // the parts write every element
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
