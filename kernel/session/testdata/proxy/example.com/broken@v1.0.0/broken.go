// Package broken does not compile.
package broken

// Half is meant to return n/2.
func Half(n int) int {
	return n / "2"
}
