package asm

import (
	"fmt"
	"math"
	"math/big"
	"testing"
)

// forEachPath runs f as a subtest on every path this machine supports.
func forEachPath(t *testing.T, f func(t *testing.T)) {
	for _, p := range Supported() {
		t.Run(p.String(), func(t *testing.T) {
			defer SetPath(SetPath(p))
			f(t)
		})
	}
}

// specials are the values whose handling a kernel could get wrong.
var specials = []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), 0, 1, -1,
	math.SmallestNonzeroFloat32, math.MaxFloat32, 1e-40, -3.5}

// values returns n test values: pseudo-random, with the specials mixed in.
func values[T float32 | float64](n int, seed uint64) []T {
	out := make([]T, n)
	h := seed*0x9E3779B97F4A7C15 + 1
	for i := range out {
		h ^= h >> 29
		h *= 0xBF58476D1CE4E5B9
		h ^= h >> 32
		if h%5 == 0 {
			out[i] = T(specials[int(h>>8)%len(specials)])
		} else {
			out[i] = T((float64(h>>11)/(1<<53) - 0.5) * 200)
		}
	}
	return out
}

func same[T float32 | float64](a, b T) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	return a == b && math.Signbit(float64(a)) == math.Signbit(float64(b))
}

var goOps = [6]func(x, y float64) float64{
	func(x, y float64) float64 { return x + y },
	func(x, y float64) float64 { return x - y },
	func(x, y float64) float64 { return x * y },
	func(x, y float64) float64 { return x / y },
	func(x, y float64) float64 { // tensor's maximum: NaN, else x unless y is larger
		if x != x || y != y {
			return math.NaN()
		}
		if x < y {
			return y
		}
		return x
	},
	func(x, y float64) float64 { // tensor's minimum
		if x != x || y != y {
			return math.NaN()
		}
		if y < x {
			return y
		}
		return x
	},
}

// goOp is the reference: op computed in T (float32 ops on float32 operands round to
// float32 exactly as the float64 result rounded once, since float64 is wide enough).
func goOp[T float32 | float64](op Op, x, y T) T { return T(goOps[op](float64(x), float64(y))) }

func testBinary[T float32 | float64](t *testing.T) {
	for n := 0; n <= 67; n++ {
		for _, off := range []int{0, 1, 3} { // misaligned starts
			x, y := values[T](n+off, uint64(n)), values[T](n+off, uint64(n)+100)
			x, y = x[off:], y[off:]
			for op := Add; op <= Minimum; op++ {
				dst := make([]T, n)
				done := Binary(op, dst, x, y)
				if (Current() == None || n < minLen) && done != 0 || done > n {
					t.Fatalf("n=%d: did %d", n, done)
				}
				for i := 0; i < done; i++ {
					if want := goOp(op, x[i], y[i]); !same(dst[i], want) {
						t.Fatalf("op %d n=%d off=%d [%d]: %v %v -> %v, want %v", op, n, off, i, x[i], y[i], dst[i], want)
					}
				}
				for i := done; i < n; i++ {
					if dst[i] != 0 {
						t.Fatalf("op %d n=%d: wrote [%d] past the %d it reported", op, n, i, done)
					}
				}
				ys := T(-2.5)
				if n > 0 {
					ys = y[0]
				}
				dst = make([]T, n)
				done = BinaryScalar(op, dst, x, ys)
				for i := 0; i < done; i++ {
					if want := goOp(op, x[i], ys); !same(dst[i], want) {
						t.Fatalf("scalar op %d n=%d [%d]: %v %v -> %v, want %v", op, n, i, x[i], ys, dst[i], want)
					}
				}
			}
		}
	}
}

// TestBinary checks the arithmetic kernels against Go's arithmetic, element by element
// and bit for bit (NaNs as NaNs), on lengths 0 to 67 and misaligned starts.
func TestBinary(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testBinary[float32])
		t.Run("float64", testBinary[float64])
	})
}

func testSumRows[T float32 | float64](t *testing.T) {
	w := 128 / int(unsafeSize[T]())
	for rows := 0; rows <= 67; rows++ {
		for _, stride := range []int{w, w + 1, 3*w + 5} { // dense and odd strides
			d := values[T](max(0, (rows-1)*stride+w)+1, uint64(rows*stride))
			acc := values[T](w, 7)
			want := append([]T(nil), acc...)
			for r := 0; r < rows; r++ {
				for l := range want {
					want[l] += d[r*stride+l]
				}
			}
			if !SumRows(acc, d, rows, stride) {
				if Current() != None && rows > 0 {
					t.Fatal("not done")
				}
				continue
			}
			for l := range want {
				if !same(acc[l], want[l]) {
					t.Fatalf("rows=%d stride=%d lane %d: %v, want %v", rows, stride, l, acc[l], want[l])
				}
			}
		}
	}
}

func unsafeSize[T float32 | float64]() uintptr {
	var z T
	if _, ok := any(z).(float32); ok {
		return 4
	}
	return 8
}

// TestSumRows checks the cascade sum's level-0 loop against the same additions in Go.
func TestSumRows(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testSumRows[float32])
		t.Run("float64", testSumRows[float64])
	})
}

// TestChoose checks GOGRAD_SIMD's names and the cap at the best supported path.
func TestChoose(t *testing.T) {
	for _, c := range []struct {
		name string
		want Path
	}{{"", best}, {"bogus", best}, {"none", None}, {"avx2", min(AVX2, best)}, {"avx512", best}} {
		if got := Choose(c.name); got != c.want {
			t.Errorf("Choose(%q) = %v, want %v", c.name, got, c.want)
		}
	}
	t.Log("paths on this machine:", fmt.Sprint(Supported()))
}

// goCascade is Cascade's loop in Go: the reference.
func goCascade[T float32 | float64](acc, d []T, size, stride, step, mask1, mask2 int) int {
	w := len(acc) / 4
	i := 0
	for i+step <= size {
		for r := 0; r < step; r++ {
			for l := 0; l < w; l++ {
				acc[l] += d[(i+r)*stride+l]
			}
		}
		i += step
		for j, mask := range []int{0, mask1, mask2} {
			if j > 0 && i&mask != 0 {
				break
			}
			for l := 0; l < w; l++ {
				acc[(j+1)*w+l] += acc[j*w+l]
				acc[j*w+l] = 0
			}
		}
	}
	return i
}

func testCascade[T float32 | float64](t *testing.T) {
	w := 128 / int(unsafeSize[T]())
	for size := 0; size <= 67; size++ {
		for _, stride := range []int{w, w + 3} {
			for _, step := range []int{1, 2, 4} {
				d := values[T](max(1, size*stride+w), uint64(size))
				m1, m2 := (step-1)*2*step, (step-1)*4*step*step // levels climb now and then
				got, want := make([]T, 4*w), make([]T, 4*w)
				n := Cascade(got, d, size, stride, step, m1, m2)
				if n == 0 && Current() != None && size >= step {
					t.Fatal("not done")
				}
				if n == 0 {
					continue
				}
				if wn := goCascade(want, d, size, stride, step, m1, m2); n != wn {
					t.Fatalf("size=%d: %d rows done, want %d", size, n, wn)
				}
				for l := range want {
					if !same(got[l], want[l]) {
						t.Fatalf("size=%d stride=%d step=%d acc[%d] = %v, want %v", size, stride, step, l, got[l], want[l])
					}
				}
			}
		}
	}
}

// TestCascade checks the cascade sum's level loop against the same loop in Go.
func TestCascade(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testCascade[float32])
		t.Run("float64", testCascade[float64])
	})
}

// goUnitSums is UnitSums in Go: the reference (all units, not only pairs).
func goUnitSums[T float32 | float64](out, d []T, units, stride, step int) {
	w := 128 / int(unsafeSize[T]())
	a0 := make([]T, w)
	for u := range units {
		a1 := out[u*w : (u+1)*w]
		for b := range step {
			clear(a0)
			for r := range step {
				row := (u*step*step + b*step + r) * stride
				for l := range w {
					a0[l] += d[row+l]
				}
			}
			for l := range w {
				a1[l] += a0[l]
			}
		}
	}
}

func testUnitSums[T float32 | float64](t *testing.T) {
	w := 128 / int(unsafeSize[T]())
	for units := 0; units <= 7; units++ {
		for _, stride := range []int{w, w + 3, 2*w + 1} {
			for _, step := range []int{1, 2, 3, 4, 16} {
				rows := units * step * step
				d := values[T](max(1, rows*stride+w), uint64(units*100+step))
				got, want := make([]T, units*w), make([]T, units*w)
				n := UnitSums(got, d, units, stride, step)
				if wn := units; Current() != None && n != wn {
					t.Fatalf("units=%d step=%d: %d done, want %d", units, step, n, wn)
				}
				goUnitSums(want, d, units, stride, step)
				for l := range got[:n*w] {
					if !same(got[l], want[l]) {
						t.Fatalf("units=%d stride=%d step=%d out[%d] = %v, want %v", units, stride, step, l, got[l], want[l])
					}
				}
			}
		}
	}
}

// TestUnitSums checks the cascade's level-1 unit sums against the same loops in Go.
func TestUnitSums(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testUnitSums[float32])
		t.Run("float64", testUnitSums[float64])
	})
}

// TestLaneSum8 checks the eight-lane sum against the same sum in Go, lane by lane, on
// lengths around the vector and minimum lengths, with the specials mixed in.
func TestLaneSum8(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for n := 0; n <= 200; n++ {
			for _, off := range []int{0, 1, 3} {
				d := values[float32](n+off, uint64(n*7+off))[off:]
				init := values[float32](8, uint64(n+100))
				var want, got [8]float32
				copy(want[:], init)
				copy(got[:], init)
				done := LaneSum8(&got, d)
				if done%8 != 0 || done > len(d) || (Current() != None && len(d) >= minLen && done != len(d)&^7) {
					t.Fatalf("n=%d: did %d elements", n, done)
				}
				for i := 0; i < done; i++ {
					want[i%8] += d[i]
				}
				for j := range want {
					if !same(want[j], got[j]) {
						t.Fatalf("n=%d off=%d lane %d: %v, want %v", n, off, j, got[j], want[j])
					}
				}
			}
		}
	})
}

// TestMax32 checks the kernel's maximum against Go's max over the same elements: equal
// whenever the kernel reports no NaN and a non-zero maximum, and a NaN reported exactly
// when there is one.
func TestMax32(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for n := 0; n <= 200; n++ {
			for _, off := range []int{0, 1, 3} {
				for _, mix := range []string{"specials", "plain", "negative", "zeros"} {
					d := values[float32](n+off, uint64(n*13+off))[off:]
					for i := range d {
						switch v := d[i]; mix {
						case "plain":
							if v != v || math.IsInf(float64(v), 0) {
								d[i] = float32(i) - 50
							}
						case "negative":
							d[i] = -float32(math.Abs(float64(v))) - 1
						case "zeros":
							d[i] = float32(math.Copysign(0, float64(i%2)-0.5))
						}
					}
					m, done, nan := Max32(d)
					if Current() == None || len(d) < minLen {
						if done != 0 {
							t.Fatalf("n=%d: did %d elements on %s", n, done, Current())
						}
						continue
					}
					if done != len(d)&^31 {
						t.Fatalf("n=%d: did %d elements", n, done)
					}
					want, hasNaN := d[0], false
					for _, v := range d[:done] {
						want = max(want, v)
						hasNaN = hasNaN || v != v
					}
					if nan != hasNaN {
						t.Fatalf("n=%d off=%d %s: nan=%v, want %v", n, off, mix, nan, hasNaN)
					}
					if !nan && m != 0 && !same(m, want) {
						t.Fatalf("n=%d off=%d %s: max %v, want %v", n, off, mix, m, want)
					}
					if !nan && m == 0 && want != 0 {
						t.Fatalf("n=%d off=%d %s: max %v, want %v", n, off, mix, m, want)
					}
				}
			}
		}
	})
}

// goUnary are the references: tensor's scalar definitions (neg, abs, the float64
// square root rounded to T).
var goUnary = map[Unary]func(float64) float64{
	Neg:  func(x float64) float64 { return -x },
	Abs:  math.Abs,
	Sqrt: math.Sqrt,
	Sign: func(x float64) float64 { // tensor's sign: (0 < x) - (x < 0)
		switch {
		case x > 0:
			return 1
		case x < 0:
			return -1
		}
		return 0
	},
}

func testUnaryRun[T float32 | float64](t *testing.T) {
	for u, f := range goUnary {
		for n := 0; n <= 67; n++ {
			for _, off := range []int{0, 1, 3} {
				x := values[T](n+off, uint64(n*5+off))[off:]
				dst := make([]T, n)
				done := UnaryRun(u, dst, x)
				if done%8 != 0 && done%4 != 0 || done > n || (Current() != None && n >= minLen && done < n-15) {
					t.Fatalf("op %d n=%d: did %d elements", u, n, done)
				}
				for i := 0; i < done; i++ {
					if want := T(f(float64(x[i]))); !same(dst[i], want) {
						t.Fatalf("op %d n=%d off=%d [%d]: f(%v) = %v, want %v", u, n, off, i, x[i], dst[i], want)
					}
				}
			}
		}
	}
}

func TestUnaryRun(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testUnaryRun[float32])
		t.Run("float64", testUnaryRun[float64])
	})
}

// goClamp is tensor's clampLo then clampHi: x below lo becomes lo, above hi becomes
// hi; NaN and ties keep x.
func goClamp[T float32 | float64](x, lo, hi T) T {
	if x < lo {
		x = lo
	}
	if x > hi {
		x = hi
	}
	return x
}

func testClamp[T float32 | float64](t *testing.T) {
	inf := T(math.Inf(1))
	for _, b := range [][2]T{{-1, 1}, {0, inf}, {-inf, 0.5}, {T(math.Copysign(0, -1)), 0}, {3, 2}, {-50, 50}} {
		for n := 0; n <= 67; n++ {
			x := values[T](n, uint64(n*3+1))
			dst := make([]T, n)
			done := Clamp(dst, x, b[0], b[1])
			if done > n || (Current() != None && n >= minLen && done < n-15) {
				t.Fatalf("n=%d: did %d elements", n, done)
			}
			for i := 0; i < done; i++ {
				if want := goClamp(x[i], b[0], b[1]); !same(dst[i], want) {
					t.Fatalf("clamp(%v, %v, %v) = %v, want %v", x[i], b[0], b[1], dst[i], want)
				}
			}
		}
	}
}

func TestClamp(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testClamp[float32])
		t.Run("float64", testClamp[float64])
	})
}

// fma32 is x*y+z rounded once to float32 (exactly, through math/big).
func fma32(x, y, z float32) float32 {
	if x != x || y != y || z != z || math.IsInf(float64(x), 0) || math.IsInf(float64(y), 0) || math.IsInf(float64(z), 0) {
		return float32(float64(x)*float64(y) + float64(z))
	}
	p := new(big.Float).SetPrec(400).SetFloat64(float64(x))
	p.Mul(p, new(big.Float).SetPrec(400).SetFloat64(float64(y)))
	p.Add(p, new(big.Float).SetPrec(400).SetFloat64(float64(z)))
	if p.Sign() == 0 {
		return float32(float64(x)*float64(y) + float64(z)) // the sign of an exact zero
	}
	f, _ := p.Float32()
	return f
}

// TestSquareSum8 checks the eight-lane sum of squares against fused multiply-adds in
// Go, lane by lane, with the specials mixed in.
func TestSquareSum8(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		for n := 0; n <= 200; n++ {
			for _, off := range []int{0, 1, 3} {
				d := values[float32](n+off, uint64(n*11+off))[off:]
				init := values[float32](8, uint64(n+300))
				var want, got [8]float32
				copy(want[:], init)
				copy(got[:], init)
				done := SquareSum8(&got, d)
				if done%8 != 0 || done > len(d) || (Current() != None && len(d) >= minLen && done != len(d)&^7) {
					t.Fatalf("n=%d: did %d elements", n, done)
				}
				for i := 0; i < done; i++ {
					want[i%8] = fma32(d[i], d[i], want[i%8])
				}
				for j := range want {
					if !same(want[j], got[j]) {
						t.Fatalf("n=%d off=%d lane %d: %v, want %v", n, off, j, got[j], want[j])
					}
				}
			}
		}
	})
}

func testCopyRows[T float32 | float64](t *testing.T) {
	for n := 0; n <= 67; n++ {
		for _, rows := range []int{0, 1, 2, 5} {
			for _, strides := range [][2]int{{n, n}, {n + 3, n + 1}, {n, 2*n + 7}} { // dense, odd, wide
				ds, ss := strides[0], strides[1]
				src := values[T](max(0, (rows-1)*ss+n)+1, uint64(n*rows+ss))
				dst := values[T](max(0, (rows-1)*ds+n)+3, 99)
				want := append([]T(nil), dst...)
				did := CopyRows(dst[1:], src[1:], rows, n, ds, ss) // misaligned starts
				if !did {
					if Current() != None && rows > 0 && n*int(unsafeSize[T]()) >= 32 {
						t.Fatalf("n=%d rows=%d: not done", n, rows)
					}
					continue
				}
				for r := 0; r < rows; r++ {
					copy(want[1+r*ds:1+r*ds+n], src[1+r*ss:1+r*ss+n])
				}
				for i := range want {
					if !same(dst[i], want[i]) { // the gaps between rows untouched too
						t.Fatalf("n=%d rows=%d strides %v: [%d] = %v, want %v", n, rows, strides, i, dst[i], want[i])
					}
				}
			}
		}
	}
}

// TestCopyRows checks the row copies against copy, on every row length from 0 to 67,
// dense, odd and wide strides and misaligned starts, and that nothing outside the rows
// is written.
func TestCopyRows(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testCopyRows[float32])
		t.Run("float64", testCopyRows[float64])
	})
}

func testStream[T float32 | float64](t *testing.T) {
	for _, n := range []int{0, 1, 7, 15, 16, 17, 31, 32, 33, 63, 64, 67, 100, 257, 1000, 4099} {
		for off := 0; off < 16; off++ { // every start within a line
			src := values[T](n+1, uint64(n*16+off))
			buf := values[T](n+off+4, 7)
			want := append([]T(nil), buf...)
			copy(want[off:off+n], src[1:])
			Stream(buf[off:off+n], src[1:]) // a misaligned source too
			for i := range want {
				if !same(buf[i], want[i]) { // nothing written outside dst
					t.Fatalf("n=%d off=%d: [%d] = %v, want %v", n, off, i, buf[i], want[i])
				}
			}
		}
	}
}

// TestStream checks the streamed copy against copy on lengths around the 64-byte
// lines, every start within a line, a misaligned source, and that nothing outside dst
// is written.
func TestStream(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testStream[float32])
		t.Run("float64", testStream[float64])
	})
}

// goCmps are Go's comparisons of floats, by Cmp: the reference for Compare.
var goCmps = [6]func(x, y float64) bool{
	func(x, y float64) bool { return x == y },
	func(x, y float64) bool { return x != y },
	func(x, y float64) bool { return x < y },
	func(x, y float64) bool { return x <= y },
	func(x, y float64) bool { return x > y },
	func(x, y float64) bool { return x >= y },
}

func testCompare[T float32 | float64](t *testing.T) {
	for op := Eq; op <= Ge; op++ {
		for n := 0; n <= 67; n++ {
			for _, off := range []int{0, 1, 3} {
				x := values[T](n+off, uint64(n*13+off))[off:]
				y := values[T](n+off, uint64(n*17+off+1))[off:]
				for i := range y {
					if i%3 == 0 {
						y[i] = x[i] // equal pairs, NaN with NaN and -0 with -0 among them
					} else if i%7 == 1 {
						y[i] = -x[i] // -0 against +0
					}
				}
				for _, scalar := range []bool{false, true} {
					var s T // the scalar: one of y's values, equal to some of x's
					if n > 0 {
						s = y[n/2]
					}
					got := make([]bool, n+1)
					got[n] = true // past the end: must stay
					var done int
					if scalar {
						done = CompareScalar(op, got[:n], x, s)
					} else {
						done = Compare(op, got[:n], x, y)
					}
					lanes := 32 / int(unsafeSize[T]())
					if done%lanes != 0 || done > n || (Current() != None && n >= minLen && done != n&^(lanes-1)) {
						t.Fatalf("op %d n=%d: did %d elements", op, n, done)
					}
					for i := 0; i < done; i++ {
						yi := s
						if !scalar {
							yi = y[i]
						}
						if want := goCmps[op](float64(x[i]), float64(yi)); got[i] != want {
							t.Fatalf("op %d n=%d off=%d scalar=%v [%d]: %v op %v = %v, want %v", op, n, off, scalar, i, x[i], yi, got[i], want)
						}
					}
					for i := done; i < n; i++ {
						if got[i] {
							t.Fatalf("op %d n=%d: wrote element %d beyond the %d it did", op, n, i, done)
						}
					}
					if !got[n] {
						t.Fatalf("op %d n=%d: wrote past the end", op, n)
					}
				}
			}
		}
	}
}

// TestCompare checks the comparisons against Go's operators, lane by lane, on lengths
// 0 to 67 at several offsets, NaN, ±Inf, ±0 and equal pairs among the values, with a
// vector and with a scalar on the right.
func TestCompare(t *testing.T) {
	forEachPath(t, func(t *testing.T) {
		t.Run("float32", testCompare[float32])
		t.Run("float64", testCompare[float64])
	})
}
