package tensor

import (
	"fmt"
	"math"
	"runtime"
	"testing"
)

// castValues returns n values of T: pseudo-random ones of every magnitude, with the
// values a conversion could get wrong mixed in (NaNs with payloads, signalling ones
// among them, ±Inf, ±0, subnormals, float32's overflow threshold and ties, int64's
// limits and values that round in float32 and float64).
func castValues[T number](n int, seed uint64) []T {
	f64 := []uint64{0x7ff0000000000001, 0xfff0000020000000, 0x7ff8000123456789, 0x7ff0000000000000,
		0xfff0000000000000, 0, 1 << 63, 1, 0x36a0000000000000, 0x47efffffefffffff, 0x47efffffe0000000,
		0x43e0000000000000, 0xc3e0000000000001, 0x3ff0000010000000, 0x3ff0000030000000}
	f32 := []uint32{0x7f800001, 0xffbfffff, 0x7fc12345, 0x7f800000, 0xff800000, 0, 0x80000000,
		0x00000001, 0x807fffff, 0x7f7fffff, 0x5f000000, 0xdf000001, 0xbfc00000}
	ints := []int64{math.MaxInt64, math.MinInt64, 1<<24 + 1, -(1<<53 + 1), 1<<62 + 1<<38, -1, 0}
	out := make([]T, n)
	h := seed*0x9E3779B97F4A7C15 + 1
	for i := range out {
		h ^= h >> 29
		h *= 0xBF58476D1CE4E5B9
		h ^= h >> 32
		var v any
		switch any(out).(type) {
		case []float32:
			v = math.Float32frombits(uint32(h >> 20))
			if h%3 == 0 {
				v = math.Float32frombits(f32[int(h>>8)%len(f32)])
			}
		case []float64:
			v = math.Float64frombits(h)
			switch h % 3 {
			case 0:
				v = math.Float64frombits(f64[int(h>>8)%len(f64)])
			case 1:
				v = float64(math.Float32frombits(uint32(h>>20))) * (1 + 0x1p-24) // ties in float32
			}
		case []int64:
			v = int64(h) >> (h >> 58)
			if h%3 == 0 {
				v = ints[int(h>>8)%len(ints)]
			}
		}
		out[i] = v.(T)
	}
	return out
}

// TestToConvertsEveryElement: To's result starts as recycled memory (allocRawOf) and is
// written by SIMD kernels in whole vectors, Go's conversion finishing each core's
// range, so every element is checked against Go's conversion of its source, bit for
// bit, on every SIMD path and on one and two cores, for lengths below, around and
// above the parallel grain and the streaming threshold, contiguous and transposed.
func TestToConvertsEveryElement(t *testing.T) {
	for range 4 {
		junk := Full(math.NaN(), 300, 300).To(Float64)
		_ = junk.Sum()
	}
	runtime.GC()
	runtime.Gosched()
	forEachPathAndThreads(t, func(t *testing.T) {
		// the third above two grains, the last above streamMin (a cold result streams)
		for _, n := range []int{37, 37 * 27, 37 * 1993, 37 * 7100} {
			testToFrom[float32](t, n)
			testToFrom[float64](t, n)
			testToFrom[int64](t, n)
		}
	})
}

func testToFrom[S number](t *testing.T, n int) {
	src := castValues[S](n, uint64(n))
	a := wrap(src, nil)
	at := wrap(src, []int{n / 37, 37}).T() // To copies it to contiguous first
	for _, dt := range []DType{Float32, Float64, Int64, Bool} {
		for _, c := range []struct {
			name string
			a    *Array
		}{{"contiguous", a}, {"transposed", at}} {
			name := fmt.Sprintf("%v to %v, %s, n=%d", dtypeOf[S](), dt, c.name, n)
			got := c.a.To(dt)
			if got.DType() != dt {
				t.Fatalf("%s: dtype %v", name, got.DType())
			}
			want := values[S](c.a)
			switch dt {
			case Float32:
				checkCastBits(t, name, values[float32](got), want)
			case Float64:
				checkCastBits(t, name, values[float64](got), want)
			case Int64:
				checkCastBits(t, name, values[int64](got), want)
			case Bool:
				for i, b := range values[bool](got) {
					if b != (want[i] != 0) {
						t.Fatalf("%s: [%d] = %v from %v", name, i, b, want[i])
					}
				}
			}
		}
	}
}

// checkCastBits fails unless got[i] is D(src[i]) bit for bit, NaN payloads included.
func checkCastBits[D, S number](t *testing.T, name string, got []D, src []S) {
	t.Helper()
	if len(got) != len(src) {
		t.Fatalf("%s: %d elements, want %d", name, len(got), len(src))
	}
	for i, v := range src {
		w := D(v)
		var same bool
		switch g := any(got[i]).(type) {
		case float32:
			same = math.Float32bits(g) == math.Float32bits(any(w).(float32))
		case float64:
			same = math.Float64bits(g) == math.Float64bits(any(w).(float64))
		default:
			same = got[i] == w
		}
		if !same {
			t.Fatalf("%s: [%d] = %v from %v, want %v", name, i, got[i], v, w)
		}
	}
}
