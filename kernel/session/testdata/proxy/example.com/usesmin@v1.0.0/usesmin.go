// Package usesmin compiles, but uses a builtin yaegi lacks.
package usesmin

// Smaller is the smaller of a and b.
func Smaller(a, b int) int { return min(a, b) }
