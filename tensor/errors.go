package tensor

import "fmt"

// Error is the panic value of every failing op. Kind is the Python exception class
// PyTorch raises ("RuntimeError", "IndexError", "ValueError", "TypeError", or
// "KeyboardInterrupt" for an interrupted op); Msg is PyTorch's message.
type Error struct{ Kind, Msg string }

func (e *Error) Error() string { return e.Msg }

func runtimeErr(format string, args ...any) {
	panic(&Error{Kind: "RuntimeError", Msg: fmt.Sprintf(format, args...)})
}

func indexErr(format string, args ...any) {
	panic(&Error{Kind: "IndexError", Msg: fmt.Sprintf(format, args...)})
}

func valueErr(format string, args ...any) {
	panic(&Error{Kind: "ValueError", Msg: fmt.Sprintf(format, args...)})
}

func typeErr(format string, args ...any) {
	panic(&Error{Kind: "TypeError", Msg: fmt.Sprintf(format, args...)})
}

// shapeStr formats a shape as PyTorch's C++ messages do: [2, 3].
func shapeStr(s []int) string {
	b := []byte{'['}
	for i, v := range s {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = fmt.Append(b, v)
	}
	return string(append(b, ']'))
}

// wrapDim turns a possibly negative dim into an index into ndim dims, panicking with
// PyTorch's IndexError text. A 0-d array accepts dims -1 and 0, as in PyTorch.
func wrapDim(dim, ndim int) int {
	n := ndim
	if n == 0 {
		n = 1
	}
	if dim < -n || dim >= n {
		indexErr("Dimension out of range (expected to be in range of [%d, %d], but got %d)", -n, n-1, dim)
	}
	if dim < 0 {
		dim += n
	}
	return dim
}
