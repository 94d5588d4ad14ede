package pretty

import (
	"fmt"
	"strconv"
	"strings"
)

// Defaults shared by PyTorch and numpy.
const (
	threshold = 1000 // more elements than this are summarized
	edgeItems = 3    // items kept at each end of a summarized dimension
)

// array is a row-major view of the caller's values: the formatters walk it
// by index instead of copying sub-arrays.
type array struct {
	shape   []int
	strides []int
	values  []float64
	dtype   string
}

func newArray(shape []int, values []float64, dtype string) array {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panic(fmt.Sprintf("pretty: negative dimension in shape %v", shape))
		}
		n *= d
	}
	if n != len(values) {
		panic(fmt.Sprintf("pretty: shape %v needs %d values, got %d", shape, n, len(values)))
	}
	switch dtype {
	case "float32", "float64", "int64", "bool":
	default:
		panic(fmt.Sprintf("pretty: unknown dtype %q", dtype))
	}
	strides := make([]int, len(shape))
	s := 1
	for i := len(shape) - 1; i >= 0; i-- {
		strides[i] = s
		s *= shape[i]
	}
	return array{shape: shape, strides: strides, values: values, dtype: dtype}
}

func (a array) numel() int { return len(a.values) }

// bits is the float width whose shortest digits identify a value.
func (a array) bits() int {
	if a.dtype == "float32" {
		return 32
	}
	return 64
}

// shown returns the indices along a dimension of size n that a summarized
// print shows: all of them, or the first and last edgeItems.
func shown(n int, summarize bool) []int {
	if summarize && n > 2*edgeItems {
		idx := make([]int, 0, 2*edgeItems)
		for i := 0; i < edgeItems; i++ {
			idx = append(idx, i)
		}
		for i := n - edgeItems; i < n; i++ {
			idx = append(idx, i)
		}
		return idx
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// visible returns the values a print shows, in row-major order; both
// libraries choose their number format from these alone.
func (a array) visible(summarize bool) []float64 {
	if !summarize {
		return a.values
	}
	var out []float64
	var walk func(dim, off int)
	walk = func(dim, off int) {
		if dim == len(a.shape) {
			out = append(out, a.values[off])
			return
		}
		for _, i := range shown(a.shape[dim], true) {
			walk(dim+1, off+i*a.strides[dim])
		}
	}
	walk(0, 0)
	return out
}

// pyTuple renders a shape as Python's str(tuple): (), (3,), (2, 3).
func pyTuple(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	if len(shape) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// TorchSize renders a shape as torch.Size prints: torch.Size([2, 3]).
func TorchSize(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = strconv.Itoa(d)
	}
	return "torch.Size([" + strings.Join(parts, ", ") + "])"
}

func boolStr(v float64) string {
	if v != 0 {
		return "True"
	}
	return "False"
}

func intStr(v float64) string { return strconv.FormatInt(int64(v), 10) }
