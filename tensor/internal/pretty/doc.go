// Package pretty renders arrays as text exactly as PyTorch 1.13 and numpy 1.24
// do, as pure functions over a shape, the values in row-major order and a
// dtype name ("float32", "float64", "int64" or "bool").
//
// Values always travel as float64. A float32 array passes its values widened
// to float64, and the dtype name tells the formatters to judge them as
// float32: numpy prints the shortest digits that identify the float32, and
// PyTorch's format choices compare the widened values, so float32 1e-4
// (9.99999974e-05) already selects scientific notation. int64 values above
// 2^53 cannot travel exactly and are out of scope. Bool values are 0 or 1.
//
// Torch follows torch/_tensor_str.py: one format for the whole tensor (int
// mode, fixed with 4 decimals, or scientific), chosen from the finite
// non-zero values; wrapping at 80 columns; summarization above 1000 elements
// with 3 edge items; and suffixes (dtype, grad_fn, requires_grad) appended
// with their own wrapping rule.
//
// NumpyStr and NumpyRepr follow numpy's arrayprint: every float printed with
// the fewest digits that identify it (at most 8 after the point), padded to
// common integer and fraction widths; scientific when the largest magnitude
// is at least 1e8, the smallest below 1e-4, or their ratio above 1000;
// wrapping at 75 columns.
package pretty
