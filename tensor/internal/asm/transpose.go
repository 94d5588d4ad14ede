package asm

// TransposeTiles sets dst[c·dstStride+r] = src[r·srcStride+c] over the whole tiles of
// the rows×cols block (8×8 for float32, 4×4 for float64) and returns how many rows
// and columns that covers (0, 0 on the pure-Go path): the caller transposes the rows
// and columns past them itself. src and dst must not overlap. Integers of the same
// size go through it as their bits: the kernels only move them.
func TransposeTiles[T float32 | float64](dst, src []T, rows, cols, dstStride, srcStride int) (int, int) {
	if path == None {
		return 0, 0
	}
	tile := 4
	if _, ok := any(dst).([]float32); ok {
		tile = 8
	}
	r, c := rows&^(tile-1), cols&^(tile-1)
	if r == 0 || c == 0 {
		return 0, 0
	}
	_ = dst[(c-1)*dstStride+r-1] // bounds: the kernel writes this far
	_ = src[(r-1)*srcStride+c-1] // and reads this far
	switch d := any(dst).(type) {
	case []float32:
		transpose32(d, any(src).([]float32), r, c, dstStride, srcStride)
	case []float64:
		transpose64(d, any(src).([]float64), r, c, dstStride, srcStride)
	}
	return r, c
}
