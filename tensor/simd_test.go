package tensor

import (
	"math"
	"runtime"
	"testing"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// forEachSIMD runs f as a subtest on each SIMD path this machine supports (internal/asm),
// the pure-Go one included.
func forEachSIMD(t *testing.T, f func(t *testing.T)) {
	for _, p := range asm.Supported() {
		t.Run("simd="+p.String(), func(t *testing.T) {
			defer asm.SetPath(asm.SetPath(p))
			f(t)
		})
	}
}

// expInputs are n float32 values over exp's whole range, its limits (-104, 100, where
// the result flushes to 0 or +Inf), rounding ties of x/ln 2, and NaN, ±Inf, ±0.
func expInputs(n int, seed uint64) []float32 {
	special := []float32{float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1)),
		float32(math.Copysign(0, -1)), 0, -104, -103.99, 100, 100.01, 88.72, -87.3, 1e-30,
		0.5 * float32(math.Ln2), 1.5 * float32(math.Ln2), 3e38, -3e38,
		float32(math.Pi / 4), float32(3 * math.Pi / 4), -float32(math.Pi / 2), 1 << 20, -(1 << 20), 1048575.9}
	out := make([]float32, n)
	for i, h := range hashFloats(n, seed) {
		if i%7 == 3 {
			out[i] = special[(i/7)%len(special)]
		} else {
			out[i] = (h - 0.5) * 230
		}
	}
	return out
}

// trigInputs are n float32 values for sin and cos, almost all on SLEEF's fast path
// (below 125 in magnitude): every scale from 1e-30 up, ±0, multiples of π/2 and
// values just off them, and one in 97 at or beyond 125, NaN or ±Inf (its group of 8
// then leaves the fast path).
func trigInputs(n int, seed uint64) []float32 {
	special := []float32{125, -125, 124.99999, 1e6, float32(math.NaN()), float32(math.Inf(1)), float32(math.Inf(-1))}
	out := make([]float32, n)
	for i, h := range hashFloats(n, seed) {
		switch {
		case i%97 == 50:
			out[i] = special[(i/97)%len(special)]
		case i%5 == 1:
			out[i] = float32(float64(int(h*160)-80)*math.Pi/2) * (1 + float32(i%3-1)*1e-7)
		case i%13 == 2:
			out[i] = float32(math.Copysign(0, float64(h-0.5)))
		default:
			out[i] = (h*2 - 1) * float32(math.Pow(10, float64(i%31)-30)) * 124.9
		}
	}
	return out
}

func sameBits32(a, b float32) bool {
	if a != a || b != b {
		return a != a && b != b
	}
	return math.Float32bits(a) == math.Float32bits(b)
}

// TestSIMDExpSigmoid checks exp, sigmoid, sin and cos on every SIMD path against the
// scalar references (expf32, SLEEF's algorithm in Go; sinfU1 and cosfU1, or sin32 and
// cos32 in groups of 8 off SLEEF's fast path) bit for bit, on lengths 0 to 67 with
// misaligned starts, and on a run long enough to be split among goroutines. Inputs
// come with and without specials, so that most groups of the second kind are fast.
func TestSIMDExpSigmoid(t *testing.T) {
	forEachSIMD(t, func(t *testing.T) {
		for _, n := range append(rangeInts(68), 1000, 100003) {
			for _, off := range []int{0, 1, 5} {
				in := expInputs(n+off, uint64(n))[off:]
				x := FromFloat32(in)
				e, s := x.Exp().Float32s(), x.Sigmoid().Float32s()
				for k, in := range [][]float32{in, trigInputs(n+off, uint64(n))[off:]} {
					x := FromFloat32(in)
					sn, cs := x.Sin().Float32s(), x.Cos().Float32s()
					for i, v := range in {
						g := in[i/sleefGroup*sleefGroup : min(len(in), i/sleefGroup*sleefGroup+sleefGroup)]
						wantSin, wantCos := sin32(v), cos32(v)
						if sleefGroupOK(g) {
							wantSin, wantCos = sinfU1(v), cosfU1(v)
						}
						if !sameBits32(sn[i], wantSin) {
							t.Fatalf("inputs %d n=%d off=%d: sin(%v) = %v, want %v", k, n, off, v, sn[i], wantSin)
						}
						if !sameBits32(cs[i], wantCos) {
							t.Fatalf("inputs %d n=%d off=%d: cos(%v) = %v, want %v", k, n, off, v, cs[i], wantCos)
						}
					}
				}
				vec := n / 16 * 16 // sigmoid's SIMD blocks; the tail is the scalar sigmoid32
				for i, v := range in {
					if want := expf32(v); !sameBits32(e[i], want) {
						t.Fatalf("n=%d off=%d: exp(%v) = %v, want %v", n, off, v, e[i], want)
					}
					want := sigmoid32(v)
					if i < vec {
						want = 1 / (1 + expf32(-v))
					}
					if !sameBits32(s[i], want) {
						t.Fatalf("n=%d off=%d: sigmoid(%v) [%d] = %v, want %v", n, off, v, i, s[i], want)
					}
				}
			}
		}
	})
}

func rangeInts(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// TestSIMDArithSum checks add, sub, mul, div (same shape, scalar on either side, a
// broadcast row) and sums (whole, over each dim, transposed) on every SIMD path
// against the pure-Go path, bit for bit, in both float dtypes.
func TestSIMDArithSum(t *testing.T) {
	compute := func(dt DType, n int) [][]float64 {
		x := FromFloat32(expInputs(n, 1)).To(dt)
		y := FromFloat32(expInputs(n, 2)).To(dt)
		var out [][]float64
		for _, f := range []func(a, b any) *Array{
			func(a, b any) *Array { return a.(*Array).Add(b) },
			func(a, b any) *Array { return a.(*Array).Sub(b) },
			func(a, b any) *Array { return a.(*Array).Mul(b) },
			func(a, b any) *Array { return a.(*Array).Div(b) },
		} {
			out = append(out, f(x, y).Float64s(), f(x, 1.5).Float64s(), f(x, x.Slice(0, 0, 1, 1)).Float64s())
			out = append(out, f(FromFloat64([]float64{-2.5}).To(dt).Expand(n), x).Float64s())
			if n >= 6 && n%3 == 0 {
				m := x.Reshape(-1, 3)
				out = append(out, f(m, y.Slice(0, 0, 3, 1)).Float64s(), f(y.Slice(0, 0, 3, 1), m).Float64s())
			}
		}
		finite := Where(x.Abs().Lt(1e30), x, 0)
		out = append(out, finite.Sum().Float64s())
		if n >= 64 && n%16 == 0 {
			m := finite.Reshape(16, -1)
			out = append(out, m.SumDims([]int{0}, false).Float64s(), m.SumDims([]int{1}, false).Float64s(), m.T().SumDims([]int{1}, false).Float64s())
		}
		return out
	}
	for _, dt := range []DType{Float32, Float64} {
		for _, n := range append(rangeInts(68), 96, 4096, 40000, 100000) {
			old := asm.SetPath(asm.None)
			want := compute(dt, n)
			asm.SetPath(old)
			for _, p := range asm.Supported()[1:] {
				old := asm.SetPath(p)
				got := compute(dt, n)
				asm.SetPath(old)
				for k := range want {
					for i := range want[k] {
						a, b := got[k][i], want[k][i]
						if !(a == b && math.Signbit(a) == math.Signbit(b)) && !(a != a && b != b) {
							t.Fatalf("%v %v n=%d result %d [%d]: %v, pure Go %v", p, dt, n, k, i, a, b)
						}
					}
				}
			}
		}
	}
}

// TestSIMDGolden runs the PyTorch goldens on each SIMD path.
func TestSIMDGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	cases := loadGolden(t)
	forEachSIMD(t, func(t *testing.T) {
		for _, c := range cases {
			t.Run(c.Name, func(t *testing.T) { testGoldenCase(t, c) })
		}
	})
}

// TestBroadcastRow checks arithmetic with a broadcast row (run row by row, applyRows)
// against the same op on the row expanded into a contiguous copy, on each side, for
// rows a goroutine split cuts in the middle.
func TestBroadcastRow(t *testing.T) {
	forEachSIMD(t, testBroadcastRow)
}

func testBroadcastRow(t *testing.T) {
	for _, dt := range []DType{Float32, Float64} {
		for _, shape := range [][]int{{4, 16}, {3, 1, 37}, {1000, 70}, {2, 40000}} {
			n := numelOf(shape)
			x := FromFloat32(expInputs(n, 3), shape...).To(dt)
			row := FromFloat32(expInputs(shape[len(shape)-1], 4)).To(dt)
			full := row.Expand(shape...).Contiguous()
			for i, f := range []func(a, b any) *Array{
				func(a, b any) *Array { return a.(*Array).Add(b) },
				func(a, b any) *Array { return a.(*Array).Sub(b) },
				func(a, b any) *Array { return a.(*Array).Mul(b) },
				func(a, b any) *Array { return a.(*Array).Div(b) },
			} {
				for side, pair := range [][2][2]*Array{{{x, row}, {x, full}}, {{row, x}, {full, x}}} {
					got, want := f(pair[0][0], pair[0][1]).Float64s(), f(pair[1][0], pair[1][1]).Float64s()
					for j := range want {
						if !(got[j] == want[j] || got[j] != got[j] && want[j] != want[j]) {
							t.Fatalf("%v %v op %d side %d [%d]: %v, want %v", dt, shape, i, side, j, got[j], want[j])
						}
					}
				}
			}
		}
	}
}

// TestSumParallel checks that long sums, whose units of levelStep² rows run on all cores, give
// the bits of the same sum on one core.
func TestSumParallel(t *testing.T) {
	for _, dt := range []DType{Float32, Float64} {
		for _, n := range []int{70000, 1000000, 1000013} {
			x := FromFloat32(hashFloats(n, 9)).To(dt)
			m := x.Slice(0, 0, n/1000*1000, 1).Reshape(1000, -1)
			run := func() []float64 {
				return append(x.Sum().Float64s(), m.SumDims([]int{1}, false).Float64s()...)
			}
			old := runtime.GOMAXPROCS(1)
			want := run()
			runtime.GOMAXPROCS(max(2, old))
			got := run()
			runtime.GOMAXPROCS(old)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%v n=%d [%d]: %v on all cores, %v on one", dt, n, i, got[i], want[i])
				}
			}
		}
	}
}

// refMultiRowSum is multiRowSum's cascade for dense rows (colStride == lanes), as
// PyTorch's multi_row_sum runs it: one row at a time into level 0, levels climbing
// after each block, no unit sums, no SIMD, one goroutine. The reference for
// TestMultiRowSumUnits.
func refMultiRowSum[T float](d []T, base, rowStride, size, w int) []T {
	levelPower := max(4, ceilLog2(size)/numLevels)
	levelStep := 1 << levelPower
	levelMask := levelStep - 1
	acc := make([]T, numLevels*w)
	i := 0
	for ; i+levelStep <= size; i += 0 {
		for r := 0; r < levelStep; r++ {
			for q := range w {
				acc[q] += d[base+(i+r)*rowStride+q]
			}
		}
		i += levelStep
		for j := 1; j < numLevels; j++ {
			for q := range w {
				acc[j*w+q] += acc[(j-1)*w+q]
				acc[(j-1)*w+q] = 0
			}
			if i&(levelMask<<(j*levelPower)) != 0 {
				break
			}
		}
	}
	for ; i < size; i++ {
		for q := range w {
			acc[q] += d[base+i*rowStride+q]
		}
	}
	for j := 1; j < numLevels; j++ {
		for q := range w {
			acc[q] += acc[j*w+q]
		}
	}
	return acc[:w]
}

// TestMultiRowSumUnits checks multiRowSum, whose whole units of levelStep² rows are
// summed ahead on all cores, and which on one core runs the SIMD level loop in runs of
// levelStep³ rows, against the plain cascade, bit for bit: row counts around the unit
// and run boundaries, row strides wider than the rows, NaN, ±Inf and -0 among the
// values, on each SIMD path, on one and two cores.
func TestMultiRowSumUnits(t *testing.T) {
	check := func(t *testing.T, dt DType) {
		for _, w := range []int{4, 16, 32} {
			for _, size := range []int{0, 1, 255, 256, 257, 512, 767, 4096, 4097, 9000, 70000} {
				for _, extra := range []int{0, 3} {
					stride := w + extra
					vals := expInputs(size*stride+w+5, uint64(size+w))
					for i := range vals {
						if i%11 != 3 { // keep the sum finite mostly
							vals[i] = float32(math.Mod(float64(vals[i]), 4))
						}
					}
					x := FromFloat32(vals).To(dt)
					for _, procs := range []int{1, 2} {
						old := runtime.GOMAXPROCS(procs)
						var got, want []float64
						if dt == Float32 {
							d := storage[float32](x)
							got = FromFloat32(multiRowSum(d, 5, stride, w/4, size, 4, w/4)).Float64s()
							want = FromFloat32(refMultiRowSum(d, 5, stride, size, w)).Float64s()
						} else {
							d := storage[float64](x)
							got = FromFloat64(multiRowSum(d, 5, stride, w/4, size, 4, w/4)).Float64s()
							want = FromFloat64(refMultiRowSum(d, 5, stride, size, w)).Float64s()
						}
						runtime.GOMAXPROCS(old)
						for q := range want {
							a, b := got[q], want[q]
							if !(a == b && math.Signbit(a) == math.Signbit(b)) && !(a != a && b != b) {
								t.Fatalf("w=%d size=%d stride=%d procs=%d lane %d: %v, plain cascade %v", w, size, stride, procs, q, a, b)
							}
						}
					}
				}
			}
		}
	}
	forEachSIMD(t, func(t *testing.T) {
		t.Run("float32", func(t *testing.T) { check(t, Float32) })
		t.Run("float64", func(t *testing.T) { check(t, Float64) })
	})
}

// logInputs are n float32 values for log: every binade from the subnormals up to the
// largest float, the edges of SLEEF's reduction (0.75, 1.5 and their neighbours), and
// ±0, negatives, NaN and ±Inf.
func logInputs(n int, seed uint64) []float32 {
	special := []float32{0, float32(math.Copysign(0, -1)), -1, -1e-30, float32(math.NaN()),
		float32(math.Inf(1)), float32(math.Inf(-1)), 1, 0.75, 1.5, math.Nextafter32(0.75, 0),
		math.Nextafter32(1.5, 0), math.Nextafter32(1, 2), 1e-45, 1e-40, 0x1p-126,
		math.Nextafter32(0x1p-126, 0), math.MaxFloat32, 2, 0.5}
	out := make([]float32, n)
	for i, h := range hashFloats(n, seed) {
		if i%7 == 3 {
			out[i] = special[(i/7)%len(special)]
		} else {
			out[i] = float32(math.Ldexp(float64(1+h), i%277-149))
		}
	}
	return out
}

// TestSIMDLog checks float32 log on every SIMD path against logf32 (SLEEF's logf_u1 in
// Go) bit for bit, on lengths 0 to 67 with misaligned starts and on a run long enough
// to be split among goroutines.
func TestSIMDLog(t *testing.T) {
	forEachSIMD(t, func(t *testing.T) {
		for _, n := range append(rangeInts(68), 1000, 100003) {
			for _, off := range []int{0, 1, 5} {
				in := logInputs(n+off, uint64(n))[off:]
				got := FromFloat32(in).Log().Float32s()
				for i, v := range in {
					if want := logf32(v); !sameBits32(got[i], want) {
						t.Fatalf("n=%d off=%d: log(%v) = %v, want %v", n, off, v, got[i], want)
					}
				}
			}
		}
	})
}

// tanhInputs are n float32 values for tanh: every binade from the subnormals up to the
// largest float, both signs, SLEEF's limit 8.664339742 and its neighbours, the rounding
// ties of |x|/ln 2 near the limit, and ±0, NaN (two payloads) and ±Inf.
func tanhInputs(n int, seed uint64) []float32 {
	lim := tanhLimit
	special := []float32{0, float32(math.Copysign(0, -1)), float32(math.NaN()),
		math.Float32frombits(0xffc00001), float32(math.Inf(1)), float32(math.Inf(-1)), lim, -lim,
		math.Nextafter32(lim, 0), math.Nextafter32(lim, 10), 1e-45, -1e-40, 0x1p-126, 1, -1,
		0.5 * float32(math.Ln2), 8.5 * float32(math.Ln2), 9, -9, math.MaxFloat32, 0.3, -4.2}
	out := make([]float32, n)
	for i, h := range hashFloats(n, seed) {
		switch {
		case i%7 == 3:
			out[i] = special[(i/7)%len(special)]
		case i%3 == 0: // the computed range
			out[i] = 9 * (2*h - 1)
		default:
			v := float32(math.Ldexp(float64(1+h), i%160-149))
			if i%2 == 1 {
				v = -v
			}
			out[i] = v
		}
	}
	return out
}

// TestSIMDTanh checks float32 tanh on every SIMD path against tanhf32 (SLEEF's
// tanhf_u10 in Go) bit for bit, NaN's payload included, on lengths 0 to 67 with
// misaligned starts, on a run long enough to be split among goroutines, and strided.
func TestSIMDTanh(t *testing.T) {
	forEachSIMD(t, func(t *testing.T) {
		for _, n := range append(rangeInts(68), 1000, 100003) {
			for _, off := range []int{0, 1, 5} {
				in := tanhInputs(n+off, uint64(n))[off:]
				got := FromFloat32(in).Tanh().Float32s()
				for i, v := range in {
					if want := tanhf32(v); math.Float32bits(got[i]) != math.Float32bits(want) {
						t.Fatalf("n=%d off=%d: tanh(%v) = %08x, want %08x", n, off, v, math.Float32bits(got[i]), math.Float32bits(want))
					}
				}
			}
		}
		in := tanhInputs(3001, 9)
		a := FromFloat32(in).Slice(0, 1, 3001, 3)
		got := a.Tanh().Float32s()
		for i, v := range a.Float32s() {
			if want := tanhf32(v); math.Float32bits(got[i]) != math.Float32bits(want) {
				t.Fatalf("strided: tanh(%v) = %08x, want %08x", v, math.Float32bits(got[i]), math.Float32bits(want))
			}
		}
	})
}

// exp64Inputs are n float64 values for exp: every scale, exp's whole range with the
// subnormal results and SLEEF's limits (709.78..., -1000) and their neighbours, and
// ±0, NaN (two payloads) and ±Inf.
func exp64Inputs(n int, seed uint64) []float64 {
	special := []float64{0, math.Copysign(0, -1), math.NaN(), math.Float64frombits(0xfff8000000000123),
		math.Inf(1), math.Inf(-1), expdMax, math.Nextafter(expdMax, 0), math.Nextafter(expdMax, 800),
		expdMin, math.Nextafter(expdMin, 0), math.Nextafter(expdMin, -2000), -745.1332191019412,
		-708.3964185322641, 5e-324, -1e-300, 1, -1, 0.5 * math.Ln2, 1e300, -1e300}
	out := make([]float64, n)
	for i, h := range hashFloats(n, seed) {
		switch {
		case i%7 == 3:
			out[i] = special[(i/7)%len(special)]
		case i%3 == 0: // the whole range
			out[i] = 1720*float64(h) - 1005
		default:
			v := math.Ldexp(1+float64(h), i%1085-1075)
			if i%2 == 1 {
				v = -v
			}
			out[i] = v
		}
	}
	return out
}

// TestSIMDExp64 checks float64 exp on every SIMD path against expf64 (SLEEF's exp_u10
// in Go) bit for bit, NaN's payload included, on lengths 0 to 67 with misaligned
// starts, on a run long enough to be split among goroutines, and strided.
func TestSIMDExp64(t *testing.T) {
	forEachSIMD(t, func(t *testing.T) {
		for _, n := range append(rangeInts(68), 1000, 100003) {
			for _, off := range []int{0, 1, 5} {
				in := exp64Inputs(n+off, uint64(n))[off:]
				got := FromFloat64(in).Exp().Float64s()
				for i, v := range in {
					if want := expf64(v); math.Float64bits(got[i]) != math.Float64bits(want) {
						t.Fatalf("n=%d off=%d: exp(%v) = %016x, want %016x", n, off, v, math.Float64bits(got[i]), math.Float64bits(want))
					}
				}
			}
		}
		in := exp64Inputs(3001, 9)
		a := FromFloat64(in).Slice(0, 1, 3001, 3)
		got := a.Exp().Float64s()
		for i, v := range a.Float64s() {
			if want := expf64(v); math.Float64bits(got[i]) != math.Float64bits(want) {
				t.Fatalf("strided: exp(%v) = %016x, want %016x", v, math.Float64bits(got[i]), math.Float64bits(want))
			}
		}
	})
}
