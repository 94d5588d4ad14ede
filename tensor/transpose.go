package tensor

import "github.com/gograd/gograd/tensor/internal/asm"

// transposeBand is the height in bytes of the bands of source rows transpose works
// through: one register tile's.
const transposeBand = 32

// transpose sets dst[c·ds+r] = src[r·ss+c] for r < rows, c < cols (src and dst do not
// overlap), a band of a tile's source rows at a time, across all columns. The band's
// rows are read as a few sequential streams, which the hardware prefetchers follow.
// (Square blocks, or strips down the source's columns, read one cache line per source
// row, far apart, and were slower on 1000×1000 float32.) p paces the interrupt
// checks, between bands.
func transpose[T elem](dst, src []T, rows, cols, ds, ss int, p *pace) {
	h := transposeBand / sizeOf[T]()
	for r0 := 0; r0 < rows; r0 += h {
		r1 := min(r0+h, rows)
		transposeTiled(dst[r0:], src[r0*ss:], r1-r0, cols, ds, ss)
		p.done((r1 - r0) * cols)
	}
}

// transposeTiled is transpose of one band: asm's whole register tiles, then the
// columns and rows past them element by element.
func transposeTiled[T elem](dst, src []T, rows, cols, ds, ss int) {
	var r, c int
	switch sizeOf[T]() {
	case 4:
		r, c = asm.TransposeTiles(asBitsOf[float32](dst), asBitsOf[float32](src), rows, cols, ds, ss)
	case 8:
		r, c = asm.TransposeTiles(asBitsOf[float64](dst), asBitsOf[float64](src), rows, cols, ds, ss)
	}
	if c < cols {
		transposeLoop(dst[c*ds:], src[c:], rows, cols-c, ds, ss)
	}
	if r < rows && c > 0 {
		transposeLoop(dst[r:], src[r*ss:], rows-r, c, ds, ss)
	}
}

// transposeLoop is transpose element by element, reading src along its rows.
func transposeLoop[T elem](dst, src []T, rows, cols, ds, ss int) {
	for r := 0; r < rows; r++ {
		for c, v := range src[r*ss : r*ss+cols] {
			dst[c*ds+r] = v
		}
	}
}
