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

// CascadeCols runs Cascade's level loop for groups column groups of 128 bytes side by
// side, group g's rows at d[g·128 bytes], stride elements apart, reading block after
// block across the groups (see the generator, gen/reducedims.go); acc holds each
// group's four levels (512 bytes a group, level 0 zero between blocks). Blocks run
// from row i0 while they end at or before row end; it returns the rows done (i0 on
// the pure-Go path).
func CascadeCols[T float32 | float64](acc, d []T, groups, stride, step, mask1, mask2, i0, end int) int {
	if path == None || groups < 1 || step < 1 || i0+step > end {
		return i0
	}
	w := 128 / sizeOfT[T]()
	blocks := (end - i0) / step
	_ = acc[groups*4*w-1]                             // bounds: the kernel writes this far
	_ = d[(i0+blocks*step-1)*stride+(groups-1)*w+w-1] // and reads this far
	switch a := any(acc).(type) {
	case []float32:
		return cascadeCols32(&a[0], any(d).([]float32), groups, stride, step, mask1, mask2, i0, end)
	case []float64:
		return cascadeCols64(&a[0], any(d).([]float64), groups, stride, step, mask1, mask2, i0, end)
	}
	return i0
}

func sizeOfT[T float32 | float64]() int {
	var z T
	if _, ok := any(z).(float32); ok {
		return 4
	}
	return 8
}
