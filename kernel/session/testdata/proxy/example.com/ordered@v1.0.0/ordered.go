// Package ordered is constrained by the standard library's cmp.Ordered.
package ordered

import "cmp"

// Largest is the larger of a and b.
func Largest[T cmp.Ordered](a, b T) T {
	if a > b {
		return a
	}
	return b
}
