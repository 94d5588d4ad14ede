package asm

import (
	"math"
	"testing"
)

// castBits32 and castBits64 are the float32 and float64 values a conversion could get
// wrong, as bits: signalling and quiet NaNs of both signs with payloads (some of which
// survive the cut to float32's width, some not), infinities, zeros, subnormals, the
// largest finite values and values around int64's range.
var (
	castBits32 = []uint32{
		0x7f800001, 0x7fa00000, 0xffbfffff, 0x7f812345, // signalling NaNs
		0x7fc00000, 0x7fc12345, 0xffc00001, 0xffffffff, // quiet NaNs
		0x7f800000, 0xff800000, 0x00000000, 0x80000000, // ±Inf, ±0
		0x00000001, 0x807fffff, 0x00400000, // subnormals
		0x7f7fffff, 0xff7fffff, 0x00800000, // largest, smallest normal
		0x5f000000, 0xdf000000, 0x5effffff, 0xdeffffff, 0x5f000001, 0xdf000001, // ±2^63 and neighbours
		0x3fc00000, 0xbfc00000, 0xbf7fffff, 0x4b800001, // ±1.5, -0.99999994, 2^24+2
	}
	castBits64 = []uint64{
		0x7ff0000000000001, 0x7ff4000000000000, 0xfff0000020000000, 0x7ff7ffffffffffff, // signalling NaNs
		0x7ff8000000000000, 0x7ff8000123456789, 0xfff8000000000001, 0xffffffffffffffff, // quiet NaNs
		0x7ff0000000000000, 0xfff0000000000000, 0, 1 << 63, // ±Inf, ±0
		1, 0x800fffffffffffff, // float64 subnormals: ±0 in float32
		0x36a0000000000000, 0x36a0000000000001, 0x3690000000000000, 0xb6a8000000000000, // around float32's smallest subnormal
		0x7fefffffffffffff, 0x47efffffe0000000, 0x47efffffefffffff, 0xc7efffffe0000000, // overflow to ±Inf or not
		0x43e0000000000000, 0xc3e0000000000000, 0x43dfffffffffffff, 0xc3e0000000000001, // ±2^63 and neighbours
		0x3ff8000000000000, 0xbff8000000000000, 0x4340000000000001, // ±1.5, 2^53+2
	}
	castInts = []int64{0, 1, -1, math.MaxInt64, math.MinInt64, math.MinInt64 + 1,
		1<<24 + 1, 1<<24 + 3, -(1<<24 + 1), 1<<53 + 1, -(1<<53 + 3), 1<<62 + 1<<38, 1<<62 + 1<<38 + 1}
)

// castSrc returns n source values: the specials above mixed with pseudo-random ones,
// float64s among them halfway between neighbouring float32s (ties to even) and just
// off halfway.
func castSrc[S float32 | float64 | int64](n int, seed uint64) []S {
	out := make([]S, n)
	h := seed*0x9E3779B97F4A7C15 + 1
	for i := range out {
		h ^= h >> 29
		h *= 0xBF58476D1CE4E5B9
		h ^= h >> 32
		var v any
		switch any(out).(type) {
		case []float32:
			switch h % 4 {
			case 0:
				v = math.Float32frombits(castBits32[int(h>>8)%len(castBits32)])
			case 1:
				v = math.Float32frombits(uint32(h >> 16)) // any bits
			default:
				v = float32((float64(h>>11)/(1<<53) - 0.5) * 2e6)
			}
		case []float64:
			a := math.Float32frombits(uint32(h>>20) & 0x7f7fffff) // finite
			lo, hi := float64(a), float64(math.Nextafter32(a, float32(math.Inf(1))))
			switch h % 6 {
			case 0:
				v = math.Float64frombits(castBits64[int(h>>8)%len(castBits64)])
			case 1:
				v = math.Float64frombits(h) // any bits
			case 2:
				v = lo + (hi-lo)/2 // a tie: to the even neighbour
			case 3:
				v = math.Nextafter(lo+(hi-lo)/2, lo) // just below a tie
			case 4:
				v = -math.Nextafter(lo+(hi-lo)/2, hi)
			default:
				v = (float64(h>>11)/(1<<53) - 0.5) * 2e6
			}
		case []int64:
			switch h % 3 {
			case 0:
				v = castInts[int(h>>8)%len(castInts)]
			case 1:
				v = int64(h) >> (h >> 58) // any magnitude
			default:
				v = int64(h>>40) - 1<<23
			}
		}
		out[i] = v.(S)
	}
	return out
}

// sameBits reports whether a and b are the same bits (NaN payloads included).
func sameBits[T float32 | float64 | int64](a, b T) bool {
	switch x := any(a).(type) {
	case float32:
		return math.Float32bits(x) == math.Float32bits(any(b).(float32))
	case float64:
		return math.Float64bits(x) == math.Float64bits(any(b).(float64))
	}
	return a == b
}

// castLanes is the vector length Cast rounds down to on p, 0 where p has no kernel
// for the pair.
func castLanes[D, S float32 | float64 | int64](p Path) int {
	var d D
	var s S
	_, di := any(d).(int64)
	_, si := any(s).(int64)
	switch {
	case p == None:
		return 0
	case p == AVX2 && (di || si):
		return 0
	case p == AVX2:
		return 4
	}
	return 8
}

// testCast compares Cast with Go's conversion of every element, bit for bit, on
// lengths 0 to 67 and a few large ones, from unaligned starts, and checks that it
// does exactly the elements it reports and writes nothing past them.
func testCast[D, S float32 | float64 | int64](t *testing.T) {
	lanes := castLanes[D, S](Current())
	for _, n := range append(seq(68), 1000, 4099, 40000) {
		for _, off := range []int{0, 1, 3} {
			src := castSrc[S](n+off, uint64(n*7+off))[off:]
			var sentinel D
			switch any(sentinel).(type) {
			case float32:
				sentinel = any(float32(12345.5)).(D)
			case float64:
				sentinel = any(12345.5).(D)
			case int64:
				sentinel = any(int64(12345)).(D)
			}
			buf := make([]D, n+off+1)
			for i := range buf {
				buf[i] = sentinel
			}
			dst := buf[off : off+n]
			done := Cast(dst, src)
			want := 0
			if n >= minLen {
				want = n &^ (lanes - 1)
			}
			if lanes == 0 {
				want = 0
			}
			if done != want {
				t.Fatalf("n=%d off=%d: did %d elements, want %d", n, off, done, want)
			}
			for i := range done {
				if w := D(src[i]); !sameBits(dst[i], w) {
					t.Fatalf("n=%d off=%d: dst[%d] = %v from %v (bits %s), want %v", n, off, i, dst[i], src[i], bitsOf(dst[i]), w)
				}
			}
			for i := done; i < len(buf)-off; i++ {
				if buf[off+i] != sentinel {
					t.Fatalf("n=%d off=%d: wrote element %d past the %d done", n, off, i, done)
				}
			}
		}
	}
}

func bitsOf[T float32 | float64 | int64](v T) string {
	switch x := any(v).(type) {
	case float32:
		return "0x" + hex(uint64(math.Float32bits(x)))
	case float64:
		return "0x" + hex(math.Float64bits(x))
	}
	return "int"
}

func hex(u uint64) string {
	const digits = "0123456789abcdef"
	s := ""
	for ; u > 0 || s == ""; u >>= 4 {
		s = string(digits[u&15]) + s
	}
	return s
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func TestCast(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("F64F32", testCast[float64, float32])
		t.Run("F32F64", testCast[float32, float64])
		t.Run("I64F32", testCast[int64, float32])
		t.Run("F32I64", testCast[float32, int64])
		t.Run("I64F64", testCast[int64, float64])
		t.Run("F64I64", testCast[float64, int64])
	})
}

// TestCastSpecials converts every special value on its own in each lane of a vector,
// the other lanes ordinary, so that no special escapes the test by luck of the draw.
func TestCastSpecials(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for lane := range 8 {
			f32 := make([]float32, 64)
			for i := range f32 {
				f32[i] = float32(i) + 0.25
			}
			f64 := make([]float64, 64)
			for i := range f64 {
				f64[i] = float64(i) + 0.25
			}
			i64 := make([]int64, 64)
			for i := range i64 {
				i64[i] = int64(i)
			}
			for k, b := range castBits32 {
				f32[(8*k+lane)%64] = math.Float32frombits(b)
			}
			for k, b := range castBits64 {
				f64[(8*k+lane)%64] = math.Float64frombits(b)
			}
			for k, v := range castInts {
				i64[(8*k+lane)%64] = v
			}
			checkCast(t, make([]float64, 64), f32)
			checkCast(t, make([]float32, 64), f64)
			checkCast(t, make([]int64, 64), f32)
			checkCast(t, make([]float32, 64), i64)
			checkCast(t, make([]int64, 64), f64)
			checkCast(t, make([]float64, 64), i64)
		}
	})
}

func checkCast[D, S float32 | float64 | int64](t *testing.T, dst []D, src []S) {
	t.Helper()
	done := Cast(dst, src)
	if want := castLanes[D, S](Current()); want > 0 && done != len(dst) {
		t.Fatalf("%T from %T: did %d of %d", dst, src, done, len(dst))
	}
	for i := range done {
		if w := D(src[i]); !sameBits(dst[i], w) {
			t.Errorf("%T from %T: %v (%s) became %v (%s), want %v (%s)", dst, src, src[i], bitsOf(src[i]), dst[i], bitsOf(dst[i]), w, bitsOf(w))
		}
	}
}
