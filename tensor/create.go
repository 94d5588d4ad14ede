package tensor

import (
	"math"
	"reflect"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// New builds an array from a Go scalar (a 0-d array) or a (nested) slice of float32,
// float64, int, int64 or bool. The element type decides the dtype (float32 -> Float32,
// float64 -> Float64, integers -> Int64, bool -> Bool) unless a dtype is given.
// New copies its data; an *Array argument is copied too.
func New(data any, dtype ...DType) *Array {
	if len(dtype) > 1 {
		typeErr("New takes at most one dtype")
	}
	var a *Array
	if arr, ok := data.(*Array); ok {
		a = arr.Clone()
	} else {
		a = fromGo(data)
	}
	if len(dtype) == 1 {
		return a.To(dtype[0])
	}
	return a
}

// fromGo walks a nested Go value, finding its shape (ragged input panics as torch.tensor
// does) and its dtype, then fills a float64 or typed buffer.
func fromGo(data any) *Array {
	v := reflect.ValueOf(data)
	if !v.IsValid() {
		typeErr("Could not infer dtype of NoneType")
	}
	var shape []int
	for t := v; ; {
		for t.Kind() == reflect.Interface {
			t = t.Elem()
		}
		if t.Kind() != reflect.Slice && t.Kind() != reflect.Array {
			break
		}
		shape = append(shape, t.Len())
		if t.Len() == 0 {
			break
		}
		t = t.Index(0)
	}
	dt := noType
	var f64 []float64
	var i64 []int64
	var bs []bool
	var rec func(v reflect.Value, dim int)
	rec = func(v reflect.Value, dim int) {
		for v.Kind() == reflect.Interface {
			v = v.Elem()
		}
		if dim < len(shape) {
			if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
				typeErr("not a sequence")
			}
			if v.Len() != shape[dim] {
				valueErr("expected sequence of length %d at dim %d (got %d)", shape[dim], dim, v.Len())
			}
			for i := 0; i < v.Len(); i++ {
				rec(v.Index(i), dim+1)
			}
			return
		}
		var leaf DType
		if arr, ok := v.Interface().(*Array); ok && v.Kind() == reflect.Pointer {
			// torch.tensor([t1, t2]) takes one-element tensors as scalars
			if arr == nil {
				typeErr("Could not infer dtype of NoneType")
			}
			x := arr.Item()
			leaf = arr.dtype
			f64 = append(f64, x)
			i64 = append(i64, int64(x))
			bs = append(bs, x != 0)
			dt = promote(dt, leaf)
			return
		}
		switch v.Kind() {
		case reflect.Float32:
			leaf = Float32
			f64 = append(f64, v.Float())
		case reflect.Float64:
			leaf = Float64
			f64 = append(f64, v.Float())
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			leaf = Int64
			i64 = append(i64, v.Int())
			f64 = append(f64, float64(v.Int()))
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			leaf = Int64
			i64 = append(i64, int64(v.Uint()))
			f64 = append(f64, float64(v.Uint()))
		case reflect.Bool:
			leaf = Bool
			bs = append(bs, v.Bool())
			if v.Bool() {
				f64 = append(f64, 1)
				i64 = append(i64, 1)
			} else {
				f64 = append(f64, 0)
				i64 = append(i64, 0)
			}
		case reflect.Slice, reflect.Array:
			typeErr("'list' object cannot be interpreted as an integer")
		default:
			typeErr("Could not infer dtype of %s", v.Type())
		}
		dt = promote(dt, leaf)
	}
	rec(v, 0)
	if dt == noType {
		dt = defaultFloat // torch.tensor([]) is float32
	}
	a := alloc(dt, shape)
	switch dt {
	case Bool:
		copy(storage[bool](a), bs)
	case Int64:
		castFrom(a, i64)
	default:
		castFrom(a, f64)
	}
	return a
}

// FromFloat32 wraps data (no copy) as an array of the given shape (1-D when none given).
func FromFloat32(data []float32, shape ...int) *Array { return wrap(data, shape) }

// FromFloat64 wraps data (no copy) as an array of the given shape (1-D when none given).
func FromFloat64(data []float64, shape ...int) *Array { return wrap(data, shape) }

func wrap[T elem](data []T, shape []int) *Array {
	n := len(data)
	if len(shape) == 0 {
		shape = []int{n}
	}
	shape = inferShape(shape, n)
	a := &Array{dtype: dtypeOf[T]()}
	a.setContiguousShape(shape)
	setStorage(a, data)
	return a
}

// Zeros returns a float32 array of zeros.
func Zeros(shape ...int) *Array { return alloc(Float32, shape) }

// Ones returns a float32 array of ones.
func Ones(shape ...int) *Array { return Full(1, shape...) }

// Full returns a float32 array filled with value.
func Full(value float64, shape ...int) *Array { return alloc(Float32, shape).Fill_(value) }

// Empty returns an uninitialised float32 array (zeros, in Go).
func Empty(shape ...int) *Array { return alloc(Float32, shape) }

// Eye returns the n x n float32 identity.
func Eye(n int) *Array {
	a, d := allocT[float32]([]int{n, n})
	for i := 0; i < n; i++ {
		d[i*n+i] = 1
	}
	return a
}

// ZerosLike returns zeros of a's shape and dtype.
func ZerosLike(a *Array) *Array { return alloc(a.dtype, a.shape()) }

// OnesLike returns ones of a's shape and dtype.
func OnesLike(a *Array) *Array { return alloc(a.dtype, a.shape()).Fill_(1) }

// FullLike returns an array of a's shape and dtype filled with v.
func FullLike(a *Array, v float64) *Array { return alloc(a.dtype, a.shape()).Fill_(v) }

// EmptyLike returns an uninitialised array of a's shape and dtype.
func EmptyLike(a *Array) *Array { return alloc(a.dtype, a.shape()) }

// Arange returns the values start, start+step, ... below end: Arange(end),
// Arange(start, end) or Arange(start, end, step). As in torch.arange, all-integer
// arguments give int64 and any float argument gives float32; values are computed in
// float64 as start + i*step and then rounded.
func Arange(args ...any) *Array {
	if len(args) < 1 || len(args) > 3 {
		typeErr("arange() takes 1 to 3 arguments (%d given)", len(args))
	}
	vals := make([]float64, len(args))
	isFloat := false
	for i, x := range args {
		v, dt, ok := scalarValue(x)
		if !ok {
			typeErr("arange(): argument must be a number, not %T", x)
		}
		if dt.IsFloat() {
			isFloat = true
		}
		vals[i] = v
	}
	start, end, step := 0.0, 0.0, 1.0
	switch len(vals) {
	case 1:
		end = vals[0]
	case 2:
		start, end = vals[0], vals[1]
	case 3:
		start, end, step = vals[0], vals[1], vals[2]
	}
	if step == 0 {
		runtimeErr("step must be nonzero")
	}
	if math.IsInf(start, 0) || math.IsInf(end, 0) || math.IsNaN(start) || math.IsNaN(end) {
		runtimeErr("unsupported range: %v -> %v", start, end)
	}
	if (step > 0 && start > end) || (step < 0 && start < end) {
		runtimeErr("upper bound and larger bound inconsistent with step sign")
	}
	n := int(math.Ceil((end - start) / step))
	if isFloat {
		a, d := allocT[float32]([]int{n})
		for i := range d {
			d[i] = float32(start + float64(i)*step)
		}
		return a
	}
	a, d := allocT[int64]([]int{n})
	s, st := int64(start), int64(step)
	for i := range d {
		d[i] = s + int64(i)*st
	}
	return a
}

// Linspace returns steps float32 values evenly spaced from start to end, reproducing
// torch.linspace's CPU kernel bit for bit: step = (end-start)/(steps-1) in float32; the
// first half counts up from start and the second half back from end, each value one
// fused multiply-add (the AVX2 kernel is compiled with FMA contraction); and in runs of
// 16 (two SIMD vectors of 8) each vector computes its base that way and adds l*step to
// it per lane without fusion, while the tail past the last run of 16 goes element by
// element.
func Linspace(start, end float64, steps int) *Array {
	if steps < 0 {
		runtimeErr("number of steps must be non-negative")
	}
	a, d := allocT[float32]([]int{steps})
	if steps == 0 {
		return a
	}
	if steps == 1 {
		d[0] = float32(start)
		return a
	}
	s, e := float32(start), float32(end)
	step := (e - s) / float32(steps-1)
	half := steps / 2
	// PyTorch's AVX2 kernels are compiled with FMA contraction, so start + step*idx is
	// one fused multiply-add there: fma32 reproduces that rounding.
	at := func(idx int) float32 {
		if idx < half {
			return fma32(step, float32(idx), s)
		}
		return fma32(-step, float32(steps-idx-1), e)
	}
	const vec = 8
	i := 0
	for ; i+2*vec <= steps; i += 2 * vec {
		for _, b := range []int{i, i + vec} {
			base := at(b)
			for l := 0; l < vec; l++ {
				d[b+l] = base + float32(float32(l)*step)
			}
		}
	}
	for ; i < steps; i++ {
		d[i] = at(i)
	}
	return a
}

// To returns a itself when it already has dtype dt, else a converted contiguous copy.
// Floats convert to int64 by truncation toward zero and to bool as x != 0.
func (a *Array) To(dt DType) *Array {
	if a.dtype == dt {
		return a
	}
	switch a.dtype {
	case Float32:
		return castNew(a, dt, contig[float32](a))
	case Float64:
		return castNew(a, dt, contig[float64](a))
	case Int64:
		return castNew(a, dt, contig[int64](a))
	}
	out := allocRawOf(dt, a.shape()) // bools: the conversions write every element
	src := contig[bool](a)
	switch dt {
	case Float32:
		boolsTo(storage[float32](out), src)
	case Float64:
		boolsTo(storage[float64](out), src)
	case Int64:
		boolsTo(storage[int64](out), src)
	}
	return out
}

// castNew is a's elements s converted to dt, a new array. Between float dtypes the
// conversion is a pass over memory, and a cold result is streamed (writeOut); from
// int64 it is not (AVX2 has no vector conversion of int64), and the stream's buffer
// would cost more than it saves.
func castNew[S number](a *Array, dt DType, s []S) *Array {
	_, ints := any(s).([]int64)
	switch {
	case dt == Float32 && !ints:
		return castStreamed[float32](a.shape(), s)
	case dt == Float64 && !ints:
		return castStreamed[float64](a.shape(), s)
	}
	out := allocRawOf(dt, a.shape()) // the conversions write every element
	castFrom(out, s)
	return out
}

// castStreamed is castNew's float-to-float case: s converted into a new D array of
// shape, written through writeOut.
func castStreamed[D float, S number](shape []int, s []S) *Array {
	out, d, cold := allocOut[D](shape)
	writeOut(d, cold, func(d []D, lo int) { castRun(d, s[lo:lo+len(d)]) })
	return out
}

// castFrom converts s into out's storage (out's dtype, s's length), on the cores for
// large arrays (like an in-place op, it writes all of out or, panicking, nothing the
// caller keeps).
func castFrom[S number](out *Array, s []S) {
	switch out.dtype {
	case Float32:
		castInto(storage[float32](out), s)
	case Float64:
		castInto(storage[float64](out), s)
	case Int64:
		castInto(storage[int64](out), s)
	case Bool:
		d := storage[bool](out)
		if small(len(s)) { // no closure for a small array's cast
			for i, v := range s {
				d[i] = v != 0
			}
			return
		}
		chunksWhole(len(s), func(lo, hi int) {
			for i, v := range s[lo:hi] {
				d[lo+i] = v != 0
			}
		})
	}
}

// castInto converts s into d (s's length), on the cores for large arrays.
func castInto[D, S number](d []D, s []S) {
	if small(len(s)) { // no closure for a small array's cast
		castRun(d, s)
		return
	}
	chunksWhole(len(s), func(lo, hi int) { castRun(d[lo:hi], s[lo:hi]) })
}

// castRun converts s into d (s's length): the SIMD kernel's whole vectors, where the
// path has a kernel for the pair, then Go's conversion for the rest. The kernels give
// Go's bits (asm.Cast), so where the split falls does not change the result.
func castRun[D, S number](d []D, s []S) {
	d = d[:len(s)]
	i := asm.Cast(d, s)
	d, s = d[i:], s[i:]
	for j, v := range s {
		d[j] = D(v)
	}
}

// boolsTo converts s to numbers in d (s's length): true is 1, false 0.
func boolsTo[D number](d []D, s []bool) {
	for i, v := range s {
		if v {
			d[i] = 1
		} else {
			d[i] = 0
		}
	}
}

// scalarValue reports the value and natural dtype of a Go scalar. The dtype is what
// PyTorch gives a Python number of that kind: floats are "wrapped" floats, ints int64.
func scalarValue(x any) (float64, DType, bool) {
	switch v := x.(type) {
	case float32:
		return float64(v), Float32, true
	case float64:
		return v, Float64, true
	case int:
		return float64(v), Int64, true
	case int64:
		return float64(v), Int64, true
	case int32:
		return float64(v), Int64, true
	case int8:
		return float64(v), Int64, true
	case int16:
		return float64(v), Int64, true
	case uint8:
		return float64(v), Int64, true
	case uint16:
		return float64(v), Int64, true
	case uint32:
		return float64(v), Int64, true
	case uint:
		return float64(v), Int64, true
	case uint64:
		return float64(v), Int64, true
	case bool:
		if v {
			return 1, Bool, true
		}
		return 0, Bool, true
	}
	return 0, noType, false
}

// scalarArray returns a 0-d array of dtype dt holding v (one allocation: alloc keeps
// the element inside the Array's block).
func scalarArray(v float64, dt DType) *Array {
	a := alloc(dt, nil)
	castFrom(a, []float64{v})
	return a
}
