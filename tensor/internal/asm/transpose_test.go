package asm

import (
	"math"
	"testing"
)

// tileBits is x's bit pattern: the transposes move bits, NaN payloads included.
func tileBits[T float32 | float64](x T) uint64 {
	if f, ok := any(x).(float32); ok {
		return uint64(math.Float32bits(f))
	}
	return math.Float64bits(any(x).(float64))
}

func testTransposeTiles[T float32 | float64](t *testing.T) {
	tile := 4
	if unsafeSize[T]() == 4 {
		tile = 8
	}
	for rows := 0; rows <= 35; rows++ {
		for cols := 0; cols <= 35; cols++ {
			// dense, padded and wide strides; misaligned starts
			for _, strides := range [][2]int{{rows, cols}, {rows + 3, cols + 1}, {2*rows + 5, 3*cols + 7}} {
				ds, ss := strides[0], strides[1]
				src := values[T](max(0, (rows-1)*ss+cols)+1, uint64(rows*64+cols))
				dst := values[T](max(0, (cols-1)*ds+rows)+3, 99)
				want := append([]T(nil), dst...)
				r, c := TransposeTiles(dst[1:], src[1:], rows, cols, ds, ss)
				if Current() == None {
					if r != 0 || c != 0 {
						t.Fatalf("pure Go path did %dx%d", r, c)
					}
					continue
				}
				if wr, wc := rows/tile*tile, cols/tile*tile; (r != wr || c != wc) && !(r == 0 && c == 0 && (wr == 0 || wc == 0)) {
					t.Fatalf("%dx%d: did %dx%d, want %dx%d", rows, cols, r, c, wr, wc)
				}
				for i := 0; i < r; i++ {
					for j := 0; j < c; j++ {
						want[1+j*ds+i] = src[1+i*ss+j]
					}
				}
				for i := range want {
					if tileBits(dst[i]) != tileBits(want[i]) { // nothing outside the tiles written
						t.Fatalf("%dx%d strides %v: dst[%d] = %v, want %v", rows, cols, strides, i, dst[i], want[i])
					}
				}
			}
		}
	}
}

// TestTransposeTiles checks the tile transposes against an index loop on every block
// of up to 35×35, with dense, padded and wide strides and misaligned starts: the
// whole tiles are moved bit for bit and nothing else is written.
func TestTransposeTiles(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testTransposeTiles[float32])
		t.Run("float64", testTransposeTiles[float64])
	})
}
