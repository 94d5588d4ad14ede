// Package generic is a small pure-Go module with a generic API, served by the
// tests' module proxy.
package generic

// Version is the module version this source belongs to.
const Version = "v1.1.0"

// Map returns f applied to each element of s.
func Map[T, U any](s []T, f func(T) U) []U {
	out := make([]U, 0, len(s))
	for _, v := range s {
		out = append(out, f(v))
	}
	return out
}

// Number is the constraint of Sum.
type Number interface {
	~int | ~int64 | ~float64
}

// Sum adds up s.
func Sum[T Number](s []T) T {
	var t T
	for _, v := range s {
		t += v
	}
	return t
}

// Pair holds a key and a value.
type Pair[K comparable, V any] struct {
	Key K
	Val V
}

// Twice doubles n.
func Twice(n int) int { return 2 * n }
