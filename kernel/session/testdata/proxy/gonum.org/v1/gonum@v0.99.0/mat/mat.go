// Package mat stands for a gonum release newer than the kernel links.
package mat

// Dense is a matrix.
type Dense struct{ data []float64 }

// NewDense makes a matrix.
func NewDense(r, c int, data []float64) *Dense { return &Dense{data} }
