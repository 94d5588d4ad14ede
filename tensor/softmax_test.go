package tensor

import (
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"testing"
)

// Softmax, LogSoftmax and their backward give PyTorch's float32 bits over the last
// dim and over other dims (testdata/softmax_golden.json, gen_softmax.py), on every SIMD
// path.
func TestSoftmaxGolden(t *testing.T) {
	var golden struct {
		Cases []struct {
			Shape       []int
			Dim         int
			X, Y, G, Gx []string
			Ly, Lgx     []string
		}
	}
	readGolden(t, "softmax_golden.json", &golden)
	forEachSIMD(t, func(t *testing.T) {
		for _, c := range golden.Cases {
			t.Run(fmt.Sprint(c.Shape, c.Dim), func(t *testing.T) {
				x, g := fromHex32(t, c.X, c.Shape), fromHex32(t, c.G, c.Shape)
				y := x.Softmax(c.Dim)
				sameHex32(t, "softmax", y, c.Y)
				sameHex32(t, "backward", SoftmaxBackward(g, fromHex32(t, c.Y, c.Shape), c.Dim), c.Gx)
				sameHex32(t, "log_softmax", x.LogSoftmax(c.Dim), c.Ly)
				sameHex32(t, "log_softmax backward", LogSoftmaxBackward(g, fromHex32(t, c.Ly, c.Shape), c.Dim), c.Lgx)
			})
		}
	})
}

// fromHex32 is a float32 array of the given shape from a golden's bit patterns.
func fromHex32(t *testing.T, hex []string, shape []int) *Array {
	return FromFloat32(decodeBits32(t, hex), shape...)
}

func sameHex32(t *testing.T, what string, a *Array, want []string) {
	t.Helper()
	got := contig[float32](a)
	bad := 0
	for i, v := range got {
		if strconv.FormatUint(uint64(math.Float32bits(v)), 16) != want[i] {
			if bad == 0 {
				b, _ := strconv.ParseUint(want[i], 16, 32)
				t.Errorf("%s[%d] = %v, torch %v", what, i, v, math.Float32frombits(uint32(b)))
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d elements differ from torch's bits", what, bad, len(got))
	}
}

// softmaxRef is softmax and log_softmax over the middle dim of [outer][n][inner] float32
// values as the kernels' steps define them, element by element: the builtin max down
// the dim, x - max, the exponentials (Exp's kernel, or libmExp past the column
// kernel's vector loop), their sum (eight lanes in the last-dim kernel, in order down
// the dim in the column kernel), and the quotient (a product with the reciprocal in
// the last-dim kernel), or x - max - log(sum).
func softmaxRef(x []float32, outer, n, inner int, last, logOut bool) []float32 {
	out := make([]float32, len(x))
	for b := 0; b < outer; b++ {
		for i := 0; i < inner; i++ {
			at := func(d int) int { return (b*n+d)*inner + i }
			m := x[at(0)]
			for d := 1; d < n; d++ {
				m = max(m, x[at(d)])
			}
			sh, e := make([]float32, n), make([]float32, n)
			for d := range sh {
				sh[d] = x[at(d)] - m
			}
			opExp.f32s(e, sh)
			var s float32
			if last {
				s = laneSum8(e)
			} else {
				if i >= inner-inner%vecLanes[float32]() && !logOut {
					for d := range e {
						e[d] = libmExp(sh[d])
					}
				}
				for _, v := range e {
					s += v
				}
			}
			for d := range sh {
				switch {
				case logOut:
					out[at(d)] = sh[d] - logf32(s)
				case last:
					out[at(d)] = e[d] * (1 / s)
				default:
					out[at(d)] = e[d] / s
				}
			}
		}
	}
	return out
}

// TestSoftmaxSpecials: softmax and log_softmax over a middle dim (the column kernels)
// and over the last dim, on rows holding NaN, ±Inf and zeros of both signs beside
// ordinary values, equal their definitions bit for bit (NaN as NaN) on every SIMD path.
func TestSoftmaxSpecials(t *testing.T) {
	nan, inf := float32(math.NaN()), float32(math.Inf(1))
	negz := float32(math.Copysign(0, -1))
	specials := []float32{nan, inf, -inf, 0, negz, 1e-30, -88, 88, 3}
	r := rand.New(rand.NewSource(9))
	for _, shape := range [][3]int{{3, 37, 1}, {2, 9, 21}, {4, 40, 1}, {2, 5, 19}} {
		outer, n, inner := shape[0], shape[1], shape[2]
		x := make([]float32, outer*n*inner)
		for i := range x {
			x[i] = float32(r.NormFloat64() * 3)
			if b := i / (n * inner); b%2 == 1 && r.Intn(8) == 0 { // specials in every other slab
				x[i] = specials[r.Intn(len(specials))]
			}
		}
		// a column of zeros only, of both signs: the max's zero sign is the kernels' to pick
		for d := 0; d < n; d++ {
			x[d*inner] = []float32{0, negz}[d%2]
		}
		views := []struct {
			a    *Array
			last bool
		}{{FromFloat32(x, outer, n, inner), false}}
		if inner == 1 {
			views = append(views, struct {
				a    *Array
				last bool
			}{FromFloat32(x, outer, n), true})
		}
		for _, v := range views {
			for _, logOut := range []bool{false, true} {
				var got *Array
				if logOut {
					got = v.a.LogSoftmax(1)
				} else {
					got = v.a.Softmax(1)
				}
				want := softmaxRef(x, outer, n, inner, v.last, logOut)
				for i, g := range got.Float32s() {
					if w := want[i]; math.Float32bits(g) != math.Float32bits(w) && !(g != g && w != w) {
						t.Fatalf("%v last=%v log=%v [%d]: %v, want %v", shape, v.last, logOut, i, g, w)
					}
				}
			}
		}
	}
}

// TestSoftmax64Golden checks float64 softmax and log_softmax over the last dim, rows
// holding a NaN in both float dtypes, and logf64 (log_softmax's log of each row's
// sum) against PyTorch 1.13 bit for bit (softmax64_golden.json, gen_softmax64.py), on
// every SIMD path.
func TestSoftmax64Golden(t *testing.T) {
	type golden struct {
		Dtype    string
		Shape    []int
		X, Y, Ly []string
	}
	var g struct {
		Cases, Nanrows []golden
		Dims           []struct {
			Shape    []int
			Dim      int
			X, Y, Ly []string
		}
		Back []struct {
			Shape             []int
			Dim               int
			Y, G, Gx, Ly, Lgx []string
		}
		Logx, Logy []string
	}
	readGolden(t, "softmax64_golden.json", &g)
	// anyNaN lets a NaN stand for torch's NaN whatever its bits: softmax's last product
	// takes the NaN of either operand, and which one PyTorch's compiled multiply takes
	// (the row sum's) is not a rule of the kernel's source; log_softmax's NaNs are its
	// subtraction's, matched bit for bit
	same := func(t *testing.T, what string, c golden, a *Array, want []string, anyNaN bool) {
		t.Helper()
		var got []string
		if a.DType() == Float32 {
			for _, v := range a.Float32s() {
				got = append(got, strconv.FormatUint(uint64(math.Float32bits(v)), 16))
			}
		} else {
			for _, v := range a.Float64s() {
				got = append(got, strconv.FormatUint(math.Float64bits(v), 16))
			}
		}
		isNaN := func(h string) bool {
			if a.DType() == Float32 {
				b, _ := strconv.ParseUint(h, 16, 32)
				return b&0x7fffffff > 0x7f800000
			}
			b, _ := strconv.ParseUint(h, 16, 64)
			return b&(1<<63-1) > 0x7ff0000000000000
		}
		for i := range want {
			if got[i] != want[i] && !(anyNaN && isNaN(got[i]) && isNaN(want[i])) {
				t.Fatalf("%s %s %v: [%d] = %s, torch %s", c.Dtype, what, c.Shape, i, got[i], want[i])
			}
		}
	}
	forEachSIMD(t, func(t *testing.T) {
		for _, c := range append(g.Cases, g.Nanrows...) {
			var x *Array
			if c.Dtype == "float32" {
				x = fromHex32(t, c.X, c.Shape)
			} else {
				x = FromFloat64(decodeBits64(t, c.X), c.Shape...)
			}
			same(t, "softmax", c, x.Softmax(-1), c.Y, true)
			same(t, "log_softmax", c, x.LogSoftmax(-1), c.Ly, false)
		}
		for _, c := range g.Dims {
			x := FromFloat64(decodeBits64(t, c.X), c.Shape...)
			c64 := golden{Dtype: "float64", Shape: c.Shape}
			same(t, fmt.Sprint("softmax dim ", c.Dim), c64, x.Softmax(c.Dim), c.Y, false)
			same(t, fmt.Sprint("log_softmax dim ", c.Dim), c64, x.LogSoftmax(c.Dim), c.Ly, false)
		}
		for _, c := range g.Back {
			c64 := golden{Dtype: "float64", Shape: c.Shape}
			at := func(hex []string) *Array { return FromFloat64(decodeBits64(t, hex), c.Shape...) }
			same(t, fmt.Sprint("softmax backward dim ", c.Dim), c64, SoftmaxBackward(at(c.G), at(c.Y), c.Dim), c.Gx, false)
			same(t, fmt.Sprint("log_softmax backward dim ", c.Dim), c64, LogSoftmaxBackward(at(c.G), at(c.Ly), c.Dim), c.Lgx, false)
		}
		ys := decodeBits64(t, g.Logy)
		for i, x := range decodeBits64(t, g.Logx) {
			if got := logf64(x); math.Float64bits(got) != math.Float64bits(ys[i]) {
				t.Fatalf("log(%v) = %v, torch %v", x, got, ys[i])
			}
		}
	})
}

// TestLogSoftmaxLast64Rows: float64 log_softmax over the last dim runs its rows over
// the cores; each row must come out as it does alone, whatever range it falls in, on
// 1 and 2 cores (rows of 3, 257 and 1000: partial vectors and tails).
func TestLogSoftmaxLast64Rows(t *testing.T) {
	onCores(t, func(t *testing.T) {
		for _, shape := range [][]int{{300, 257}, {7, 3, 1000}, {5000, 3}} {
			n := shape[len(shape)-1]
			xs := FromFloat32(hashFloats(numelOf(shape), 21), shape...).Mul(20).Sub(10).To(Float64).Float64s()
			xs[n+1] = math.NaN() // the second row
			got := FromFloat64(xs, shape...).LogSoftmaxLast().Float64s()
			for r := 0; r < len(xs); r += n {
				alone := FromFloat64(xs[r:r+n], 1, n).LogSoftmaxLast().Float64s()
				for i, want := range alone {
					if g := got[r+i]; math.Float64bits(g) != math.Float64bits(want) {
						t.Fatalf("%v: [%d] = %v, alone %v", shape, r+i, g, want)
					}
				}
			}
		}
	})
}

// TestRowMaxOf64: the four-lane float64 row maximum gives the builtin max's value over
// the row, signed zeros and NaN included, for rows of every length up to 70 with NaN,
// infinities of either sign and zeros of both signs placed anywhere.
func TestRowMaxOf64(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), -1, 1e308, -1e308}
	for n := 1; n <= 70; n++ {
		for trial := 0; trial < 40; trial++ {
			row := make([]float64, n)
			for i := range row {
				row[i] = r.NormFloat64() * 100
				if trial%2 == 0 {
					row[i] = -math.Abs(row[i]) // rows whose largest element may be a zero
				}
			}
			for k := 0; k < trial%4; k++ {
				row[r.Intn(n)] = specials[r.Intn(len(specials))]
			}
			want := row[0]
			for _, v := range row[1:] {
				want = max(want, v)
			}
			got := rowMaxOf(row)
			if math.Float64bits(got) != math.Float64bits(want) && !(got != got && want != want) {
				t.Fatalf("row %v: max %v, want %v", row, got, want)
			}
		}
	}
}
