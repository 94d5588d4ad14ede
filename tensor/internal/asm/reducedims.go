package asm

// InnerSums adds into out[j·os] the sum of row j, the n elements from d[j·ld], for j
// in [0, rows), as tensor's innerSum adds a contiguous row (its cascade over 128-byte
// rows of four 8-lane vectors, for rows of fewer than 256 of them; see the generator,
// gen/reducedims.go), and reports whether it did (false on the pure-Go path). n is at
// least one 32-byte vector and below 256·128 bytes.
func InnerSums[T float32 | float64](out []T, d []T, rows, ld, os, n int) bool {
	if path == None || rows == 0 {
		return false
	}
	_ = out[(rows-1)*os]   // bounds: the kernel writes this far
	_ = d[(rows-1)*ld+n-1] // and reads this far
	switch o := any(out).(type) {
	case []float32:
		if n < 8 || n >= 256*32 {
			panic("asm: InnerSums row length out of range")
		}
		innerSums32(&o[0], any(d).([]float32), rows, ld, os, n)
	case []float64:
		if n < 4 || n >= 256*16 {
			panic("asm: InnerSums row length out of range")
		}
		innerSums64(&o[0], any(d).([]float64), rows, ld, os, n)
	}
	return true
}

// InnerProds sets out[j·os] to the product of row j, the n elements from d[j·ld], for
// j in [0, rows), as tensor's prodInner multiplies a contiguous row (four 8-lane
// vectors over its whole 128-byte blocks, combined as (v0·v1)·(v2·v3), its lanes in
// order, then the elements left over), and reports whether it did (false on the
// pure-Go path). n is at least 128 bytes' worth.
func InnerProds[T float32 | float64](out []T, d []T, rows, ld, os, n int) bool {
	if path == None || rows == 0 {
		return false
	}
	_ = out[(rows-1)*os]
	_ = d[(rows-1)*ld+n-1]
	switch o := any(out).(type) {
	case []float32:
		if n < 32 {
			panic("asm: InnerProds row shorter than 32")
		}
		innerProds32(&o[0], any(d).([]float32), rows, ld, os, n)
	case []float64:
		if n < 16 {
			panic("asm: InnerProds row shorter than 16")
		}
		innerProds64(&o[0], any(d).([]float64), rows, ld, os, n)
	}
	return true
}
