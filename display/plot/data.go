package plot

import (
	"fmt"
	"reflect"
)

// Floats converts plot data to []float64. It accepts []float64, []float32, []int,
// []int64, a single number, anything with a Float64s() []float64 method (a
// *tensor.Array), and anything whose Detach() result has one or whose Numpy() result
// has one (an *autograd.Tensor, even one that requires grad: a plot only reads values,
// so there is no reason to make the caller detach first). The result is a copy when
// the input is a slice of another type, and may share memory with a []float64.
func Floats(v any) []float64 {
	switch x := v.(type) {
	case []float64:
		return x
	case []float32:
		out := make([]float64, len(x))
		for i, f := range x {
			out[i] = float64(f)
		}
		return out
	case []int:
		out := make([]float64, len(x))
		for i, n := range x {
			out[i] = float64(n)
		}
		return out
	case []int64:
		out := make([]float64, len(x))
		for i, n := range x {
			out[i] = float64(n)
		}
		return out
	case float64:
		return []float64{x}
	case float32:
		return []float64{float64(x)}
	case int:
		return []float64{float64(x)}
	case interface{ Float64s() []float64 }:
		return x.Float64s()
	case nil:
		panic(fmt.Errorf("plot: no data (nil)"))
	}
	// Tensors of packages plot does not import: follow Detach() and Numpy() by name
	// until something has Float64s.
	rv := reflect.ValueOf(v)
	if d, ok := call0(rv, "Detach"); ok {
		rv = d // Detach returns the same type, so go on to its Numpy, not Detach again
	}
	if a, ok := call0(rv, "Numpy"); ok {
		return Floats(a.Interface())
	}
	if rv.Kind() == reflect.Slice {
		// []any of numbers, e.g. values collected one by one in a loop.
		out := make([]float64, rv.Len())
		for i := range out {
			f := Floats(rv.Index(i).Interface())
			if len(f) != 1 {
				panic(fmt.Errorf("plot: element %d of %T is not a number", i, v))
			}
			out[i] = f[0]
		}
		return out
	}
	panic(fmt.Errorf("plot: cannot plot a %T: want []float64, []float32, []int or a tensor", v))
}

// call0 calls v's method name if it takes no argument and returns one value.
func call0(v reflect.Value, name string) (reflect.Value, bool) {
	if !v.IsValid() {
		return reflect.Value{}, false
	}
	m := v.MethodByName(name)
	if !m.IsValid() || m.Type().NumIn() != 0 || m.Type().NumOut() != 1 {
		return reflect.Value{}, false
	}
	return m.Call(nil)[0], true
}
