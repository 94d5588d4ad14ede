package tensor

import (
	"fmt"
	"math"
	"math/rand"
	"runtime"
	"testing"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// The fast reductions of reduce_fast.go against the element-by-element definitions
// they replace (extremum, prodRow, the norm loop with fma32, sumBlock called once),
// bit for bit, on every length up to 67, lengths across the SIMD blocks, the
// interrupt pieces and the parallel grain, rows and columns, strided views, and
// values with NaN, infinities, signed zeros, ties and subnormals.

// reduceLengths are the row lengths tried: all short ones, then some across the
// kernels' blocks, interruptEvery and 2·grainSize.
var reduceLengths = func() []int {
	var ls []int
	for n := 0; n <= 67; n++ {
		ls = append(ls, n)
	}
	return append(ls, 127, 128, 129, 255, 1000, 2047, 2049, 4100, interruptEvery+37, 2*grainSize+11, 3*interruptEvery+5)
}()

// testValues returns n values of a kind: 0 uniform in [0, 1), 1 of many magnitudes
// and both signs, 2 quarter-integers with many ties, 3 mostly zeros of both signs;
// with special, a few NaN, infinities, zeros, subnormals and the largest float32s
// at random places.
func testValues(r *rand.Rand, n, kind int, special bool) []float64 {
	d := make([]float64, n)
	for i := range d {
		switch kind {
		case 0:
			d[i] = float64(float32(r.Float64()))
		case 1:
			d[i] = math.Ldexp(r.Float64()*2-1, r.Intn(40)-20)
		case 2:
			d[i] = float64(r.Intn(40)-20) / 4
		default:
			d[i] = math.Copysign(0, float64(r.Intn(2)*2-1))
			if r.Intn(50) == 0 {
				d[i] = r.Float64() - 0.5
			}
		}
	}
	if special && n > 0 {
		vals := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 0, math.Copysign(0, -1), 1e-40, -1e-41, math.MaxFloat32, -math.MaxFloat32}
		for k := r.Intn(4); k >= 0; k-- {
			d[r.Intn(n)] = vals[r.Intn(len(vals))]
		}
	}
	return d
}

func toT[T float](d []float64) []T {
	out := make([]T, len(d))
	for i, v := range d {
		out[i] = T(v)
	}
	return out
}

func sameBits[T float](x, y T) bool {
	if a, ok := any(x).(float32); ok {
		return math.Float32bits(a) == math.Float32bits(any(y).(float32))
	}
	return math.Float64bits(any(x).(float64)) == math.Float64bits(any(y).(float64))
}

// onCores runs f at GOMAXPROCS 1 and 2.
func onCores(t *testing.T, f func(t *testing.T)) {
	for _, p := range []int{1, 2} {
		old := runtime.GOMAXPROCS(p)
		t.Run(fmt.Sprint("procs", p), f)
		runtime.GOMAXPROCS(old)
	}
}

func TestArgExtremeMatchesExtremum(t *testing.T) {
	onCores(t, func(t *testing.T) {
		testArgExtreme[float32](t)
		testArgExtreme[float64](t)
	})
}

func testArgExtreme[T float](t *testing.T) {
	r := rand.New(rand.NewSource(1))
	scratch := make([]float32, scratchLen)
	for _, n := range reduceLengths {
		if n == 0 {
			continue
		}
		for kind := 0; kind < 4; kind++ {
			for _, special := range []bool{false, true} {
				row := toT[T](testValues(r, n, kind, special))
				for _, want := range []int{1, -1} {
					ref := extremum(row, want)
					name := fmt.Sprintf("%T n=%d kind=%d special=%v want=%d", row[0], n, kind, special, want)
					if k := argExtreme(row, want); k != ref {
						t.Fatalf("%s: argExtreme %d, want %d", name, k, ref)
					}
					if k := argRow(row, want, scratch); k != ref {
						t.Fatalf("%s: argRow %d, want %d", name, k, ref)
					}
					if b := rowExtreme(row, want, false); b.k != ref || !sameBits(b.v, row[ref]) {
						t.Fatalf("%s: rowExtreme %d %v, want %d %v", name, b.k, b.v, ref, row[ref])
					}
					if b := rowExtreme(row, want, true); !sameBits(b.v, row[ref]) {
						t.Fatalf("%s: rowExtreme value %v, want %v", name, b.v, row[ref])
					}
				}
			}
		}
	}
}

// testArrays returns arrays of a shape in several layouts: contiguous, transposed
// (non-contiguous, reduced dims strided), and every other column of a wider array.
func testArrays[T float](r *rand.Rand, rows, cols, kind int) []*Array {
	d := toT[T](testValues(r, rows*cols, kind, true))
	wide := toT[T](testValues(r, rows*2*cols, kind, true))
	tr := toT[T](testValues(r, rows*cols, kind, true))
	return []*Array{
		wrap(d, []int{rows, cols}),
		wrap(tr, []int{cols, rows}).T(),
		wrap(wide, []int{rows, 2 * cols}).Slice(1, 0, 2*cols, 2),
		wrap(wide, []int{2 * rows, cols}).Slice(0, 0, 2*rows, 2), // rows apart: no coalescing
	}
}

var testShapes = [][2]int{{1, 1}, {3, 5}, {5, 3}, {7, 33}, {33, 7}, {2, 67}, {67, 2}, {40, 64}, {64, 40}, {17, 1000}, {1000, 17}, {300, 300}, {3, 40000}, {40000, 3}}

func TestReduceArraysMatchReference(t *testing.T) {
	onCores(t, func(t *testing.T) {
		testReduceArrays[float32](t)
		testReduceArrays[float64](t)
	})
}

func sameArrays[T float](t *testing.T, name string, got, want *Array) {
	t.Helper()
	if !got.SameShape(want) {
		t.Fatalf("%s: shape %v, want %v", name, got.Shape(), want.Shape())
	}
	g, w := contig[T](got), contig[T](want)
	for i := range w {
		if !sameBits(g[i], w[i]) {
			t.Fatalf("%s: [%d] = %v, want %v", name, i, g[i], w[i])
		}
	}
}

func sameInts(t *testing.T, name string, got, want *Array) {
	t.Helper()
	g, w := got.Int64s(), want.Int64s()
	if !got.SameShape(want) {
		t.Fatalf("%s: shape %v, want %v", name, got.Shape(), want.Shape())
	}
	for i := range w {
		if g[i] != w[i] {
			t.Fatalf("%s: [%d] = %d, want %d", name, i, g[i], w[i])
		}
	}
}

func testReduceArrays[T float](t *testing.T) {
	r := rand.New(rand.NewSource(2))
	for _, sh := range testShapes {
		for kind := 0; kind < 4; kind++ {
			for li, a := range testArrays[T](r, sh[0], sh[1], kind) {
				name := fmt.Sprintf("%s %v kind=%d layout=%d", a.DType(), sh, kind, li)
				for _, dims := range [][]int{{0}, {1}, nil} {
					mask := reduceMask(dims, 2)
					for _, want := range []int{1, -1} {
						v, i := a.extreme("max", want, mask, false, true)
						rv, ri := extremeT[T](a, mask, want, false, true)
						sameArrays[T](t, fmt.Sprintf("%s dims=%v want=%d values", name, dims, want), v, rv)
						sameInts(t, fmt.Sprintf("%s dims=%v want=%d indices", name, dims, want), i, ri)
					}
					// sums: the parallel blocks against one sumBlock call
					got := a.SumDims(dims, true)
					serialSums = true
					ref := a.SumDims(dims, true)
					serialSums = false
					sameArrays[T](t, fmt.Sprintf("%s sum dims=%v", name, dims), got, ref)
					// norms and products: the fast loops against the definitions
					src, m, lastDim := innerRows(a, mask)
					refNorm := reduceRows(src, m, a.DType(), func(row []T, o []T, i int) { o[i] = normRowRef(row, lastDim) })
					gotNorm := a.NormP(2, dims, true)
					sameArrays[T](t, fmt.Sprintf("%s norm dims=%v", name, dims), gotNorm, refNorm.Reshape(gotNorm.Shape()...))
					if len(dims) == 1 {
						inner := lastDim || unitStrideReduction(a, mask) // a transposed view's rows
						refProd := reduceRows(src, m, a.DType(), func(row []T, o []T, i int) { o[i] = prodRow(row, inner) })
						gotProd := a.ProdDim(dims[0], true)
						sameArrays[T](t, fmt.Sprintf("%s prod dims=%v", name, dims), gotProd, refProd.Reshape(gotProd.Shape()...))
					}
				}
				if v := a.Max(); !sameBits(contig[T](v)[0], contig[T](a)[extremum(contig[T](a), 1)]) {
					t.Fatalf("%s: Max %v", name, v)
				}
				if v := a.Min(); !sameBits(contig[T](v)[0], contig[T](a)[extremum(contig[T](a), -1)]) {
					t.Fatalf("%s: Min %v", name, v)
				}
			}
		}
	}
}

// normRowRef is normRow's 2-norm as it was written before reduce_fast.go: eight lanes
// of fma32 over a contiguous float32 row, else fma32 or math.FMA in order.
func normRowRef[T float](r []T, lastDim bool) T {
	var acc T
	if lastDim && lanesOf[T]() == 8 {
		var buf [8]T
		d := 0
		for ; d < len(r)-len(r)%8; d += 8 {
			for l := 0; l < 8; l++ {
				buf[l] = fmaT(r[d+l], r[d+l], buf[l])
			}
		}
		acc = buf[0]
		for j := 1; j < 8; j++ {
			acc += buf[j]
		}
		for ; d < len(r); d++ {
			acc = fmaT(r[d], r[d], acc)
		}
		return T(math.Sqrt(float64(acc)))
	}
	for _, v := range r {
		acc = fmaT(v, v, acc)
	}
	return T(math.Sqrt(float64(acc)))
}

func TestNorm2Inner32MatchesFMA(t *testing.T) {
	onCores(t, func(t *testing.T) {
		r := rand.New(rand.NewSource(3))
		for _, n := range reduceLengths {
			for kind := 0; kind < 7; kind++ {
				var row []float32
				switch kind {
				case 4: // sums that reach float32's largest binades and overflow
					row = make([]float32, n)
					for i := range row {
						row[i] = float32(math.Ldexp(r.Float64(), 50+r.Intn(14)))
					}
				case 5: // subnormal squares: the sums start below the normal range
					row = make([]float32, n)
					for i := range row {
						row[i] = float32(math.Ldexp(r.Float64(), -80+r.Intn(20)))
					}
				case 6: // squares about float32's smallest step: sums that stay subnormal
					row = make([]float32, n)
					for i := range row {
						row[i] = float32(math.Ldexp(1+r.Float64(), -76+r.Intn(2)))
					}
				default:
					row = toT[float32](testValues(r, n, kind, kind == 1))
				}
				got, want := norm2Inner32(row), normRowRef(row, true)
				if !sameBits(got, want) {
					t.Fatalf("n=%d kind=%d: %v, want %v", n, kind, got, want)
				}
				if got, want := norm2Ordered(row), normRowRef(row, false); !sameBits(float32(math.Sqrt(float64(got))), want) {
					t.Fatalf("ordered n=%d kind=%d: %v, want %v", n, kind, got, want)
				}
				r64 := toT[float64](testValues(r, n, kind%4, kind == 1))
				if got, want := math.Sqrt(norm2Ordered(r64)), normRowRef(r64, false); !sameBits(got, want) {
					t.Fatalf("float64 n=%d kind=%d: %v, want %v", n, kind, got, want)
				}
			}
		}
	})
}

func TestProdInnerMatchesProdRow(t *testing.T) {
	r := rand.New(rand.NewSource(4))
	for _, n := range reduceLengths {
		for kind := 0; kind < 4; kind++ {
			d := testValues(r, n, kind, kind == 1)
			for i := range d {
				if kind == 0 {
					d[i] += 0.5 // products that stay in range over long rows
				}
			}
			r32, r64 := toT[float32](d), toT[float64](d)
			if got, want := prodInner(r32), prodRow(r32, true); !sameBits(got, want) {
				t.Fatalf("float32 n=%d kind=%d: %v, want %v", n, kind, got, want)
			}
			if got, want := prodInner(r64), prodRow(r64, true); !sameBits(got, want) {
				t.Fatalf("float64 n=%d kind=%d: %v, want %v", n, kind, got, want)
			}
		}
	}
}

func TestInnerSumMatchesSumBlock(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	lengths := append(append([]int(nil), reduceLengths...), 40000, 70000)
	for _, n := range lengths {
		for kind := 0; kind < 4; kind++ {
			d := testValues(r, n, kind, kind == 1)
			testInnerSum(t, toT[float32](d))
			testInnerSum(t, toT[float64](d))
		}
	}
}

func testInnerSum[T float](t *testing.T, row []T) {
	if len(row) < lanesOf[T]() {
		return
	}
	var o [1]T
	sumBlock(o[:], row, 0, 0, len(row), 1, 1, 0, 0, 0)
	acc := make([]T, numLevels*ilpFactor*lanesOf[T]())
	if got := 0 + innerSum(row, acc); !sameBits(got, o[0]) {
		t.Fatalf("%T n=%d: %v, want %v", row[0], len(row), got, o[0])
	}
}

// TestReduceInterrupt checks that the long loops stop at a raised flag (each op has
// more than one piece per core, so it gets past the first).
func TestReduceInterrupt(t *testing.T) {
	a := FromFloat32(hashFloats(4*interruptEvery, 1), 8, interruptEvery/2)
	b := a.T().Contiguous()
	c := FromFloat32(hashFloats(4*interruptEvery, 1), 4*interruptEvery/128, 128)
	ops := []struct {
		name string
		f    func()
	}{
		{"norm", func() { a.Norm() }},
		{"max", func() { a.Max() }},
		{"min", func() { a.Min() }},
		{"argmax", func() { a.Argmax() }},
		{"prod", func() { a.Prod() }},
		{"sumdim1", func() { a.SumDims([]int{1}, false) }},
		{"sumdim0", func() { c.SumDims([]int{0}, false) }},
		{"maxdim1", func() { b.MaxDim(1, false) }},
		{"normdim1", func() { a.NormP(2, []int{1}, false) }},
	}
	onCores(t, func(t *testing.T) {
		for _, op := range ops {
			func() {
				SetInterrupt(true)
				defer SetInterrupt(false)
				defer func() {
					if e, ok := recover().(*Error); !ok || e.Kind != "KeyboardInterrupt" {
						t.Errorf("%s: recovered %v, want a KeyboardInterrupt", op.name, e)
					}
				}()
				op.f()
			}()
		}
	})
}

// TestInnerKernels checks asm.InnerSums against innerSum row by row, and
// asm.InnerProds against prodInner, on every SIMD path: rows of every length up to 67
// and across the blocks, rows apart by more than their length, outputs strided.
func TestInnerKernels(t *testing.T) {
	forEachSIMD(t, func(t *testing.T) {
		testInnerKernels[float32](t)
		testInnerKernels[float64](t)
	})
}

func testInnerKernels[T float](t *testing.T) {
	r := rand.New(rand.NewSource(6))
	const rows, os = 5, 3
	lengths := append(append([]int(nil), reduceLengths...), 4095, 4096, 8191)
	for _, n := range lengths {
		for kind := 0; kind < 4; kind++ {
			ld := n + 3
			d := toT[T](testValues(r, rows*ld, kind, kind == 1))
			if kind == 0 {
				for i := range d {
					d[i] += 0.5 // products that stay in range
				}
			}
			name := fmt.Sprintf("%T n=%d kind=%d", d[0], n, kind)
			if n >= lanesOf[T]() && innerSumsFit[T](n) {
				got := make([]T, rows*os)
				for j := range got {
					got[j] = T(j) // InnerSums adds into out
				}
				if asm.InnerSums(got, d, rows, ld, os, n) {
					acc := make([]T, numLevels*ilpFactor*lanesOf[T]())
					for j := 0; j < rows; j++ {
						want := T(j*os) + innerSum(d[j*ld:j*ld+n], acc)
						if !sameBits(got[j*os], want) {
							t.Fatalf("%s: sum of row %d = %v, want %v", name, j, got[j*os], want)
						}
					}
				}
			}
			if n >= 128/sizeOf[T]() {
				got := make([]T, rows*os)
				if asm.InnerProds(got, d, rows, ld, os, n) {
					for j := 0; j < rows; j++ {
						if want := prodInner(d[j*ld : j*ld+n]); !sameBits(got[j*os], want) {
							t.Fatalf("%s: product of row %d = %v, want %v", name, j, got[j*os], want)
						}
					}
				}
			}
		}
	}
}

// TestOuterColsMatchesSumBlock checks outerCols (asm.CascadeCols across column groups,
// block by block) against sumBlock's vectorized outer loop, and vecCascade in pieces
// against rowSum, on every SIMD path: row
// counts across the blocks, the levels' climbs (16, 256 and 4096 rows) and the
// interrupt pieces, one group and several, rows padded apart.
func TestOuterColsMatchesSumBlock(t *testing.T) {
	forEachSIMD(t, func(t *testing.T) {
		if asm.Current() == asm.None {
			t.Skip("outerCols runs on the SIMD paths")
		}
		testOuterCols[float32](t)
		testOuterCols[float64](t)
	})
}

func testOuterCols[T float](t *testing.T) {
	r := rand.New(rand.NewSource(7))
	w := ilpFactor * lanesOf[T]()
	for _, size0 := range []int{0, 1, 2, 7, 15, 16, 17, 31, 32, 33, 255, 256, 257, 1000, 4095, 4096, 4097, 9000} {
		for _, groups := range []int{1, 2, 5} {
			for kind := 0; kind < 4; kind++ {
				ld := groups*w + 3
				in := toT[T](testValues(r, max(1, size0)*ld, kind, true))
				for _, fresh := range []bool{true, false} {
					// outputs that are not fresh hold earlier blocks' sums
					got, want := make([]T, groups*w), make([]T, groups*w)
					if !fresh {
						prior := toT[T](testValues(r, groups*w, kind, true))
						copy(got, prior)
						copy(want, prior)
					}
					outerCols(got, in, 0, 0, size0, groups, ld, 1, nil, fresh)
					sumBlock(want, in, 0, 0, size0, groups*w, ld, 1, 0, 1)
					for q := range want {
						if !sameBits(got[q], want[q]) {
							t.Fatalf("%T size0=%d groups=%d kind=%d fresh=%v: [%d] = %v, want %v", in[0], size0, groups, kind, fresh, q, got[q], want[q])
						}
					}
				}
				// a vector of columns left over, advanced in pieces as outerCols does
				c := newVecCascade(in, groups, ld, size0, lanesOf[T]())
				for i := 0; i < size0; i += 48 {
					c.advance(i / ilpFactor)
				}
				vs := rowSum(in, groups, ld, size0, lanesOf[T]())
				for q, v := range c.sum() {
					if !sameBits(v, vs[q]) {
						t.Fatalf("%T size0=%d kind=%d: vecCascade [%d] = %v, rowSum %v", in[0], size0, kind, q, v, vs[q])
					}
				}
			}
		}
	}
}

// TestSumBlocksMatchReference: sums over any dims of 3-d and 4-d arrays (contiguous,
// permuted, strided), whose blocks beyond the first two dims take sumBlock2's loops one
// after another, have the bits of the serial sumBlock loop.
func TestSumBlocksMatchReference(t *testing.T) {
	onCores(t, func(t *testing.T) {
		testSumBlocks[float32](t)
		testSumBlocks[float64](t)
	})
}

func testSumBlocks[T float](t *testing.T) {
	r := rand.New(rand.NewSource(5))
	for _, shape := range [][]int{{64, 6, 784}, {64, 16, 100}, {3, 40, 300}, {300, 40, 3}, {5, 7, 1001}, {2, 3, 40, 150}, {8, 2, 2, 2100}, {64, 16, 1000}, {16, 33, 520}, {40, 4, 30, 30}} {
		n := numelOf(shape)
		base := wrap(toT[T](testValues(r, 2*n, 0, true)), []int{2 * n})
		x := base.Slice(0, 0, n, 1).Reshape(shape...)
		views := map[string]*Array{
			"contiguous": x,
			"permuted":   base.Slice(0, 0, n, 1).Reshape(shape...).Transpose(0, len(shape)-1),
			"strided":    base.Slice(0, 0, 2*n, 2).Reshape(shape...),
		}
		for name, a := range views {
			for mask := 1; mask < 1<<len(shape); mask++ {
				var dims []int
				for d := range shape {
					if mask&(1<<d) != 0 {
						dims = append(dims, d)
					}
				}
				got := a.SumDims(dims, false)
				serialSums = true
				want := a.SumDims(dims, false)
				serialSums = false
				sameArrays[T](t, fmt.Sprintf("%s %v %s dims=%v", a.DType(), shape, name, dims), got, want)
			}
		}
	}
}
