package tensor

import (
	"math"
	"runtime"
	"slices"
	"testing"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// TestFastPathsMatchGeneral checks that the fast paths are taken for the cases they
// claim and give the general path's results bit for bit (dtype, shape and values,
// NaN, infinities and signed zeros included).
func TestFastPathsMatchGeneral(t *testing.T) {
	negZero := math.Copysign(0, -1) // a literal -0.0 is +0 in Go
	vals := []float64{1.5, negZero, 0, math.NaN(), math.Inf(1), -2.25, 3e38, 1e-40}
	ops := []*binaryOp{opAdd, opSub, opMul, opDiv, opMaximum, opMinimum, opEq, opNe, opLt, opGt, opGe, opLe, opClampMin, opClampMax}
	for _, dt := range []DType{Float32, Float64} {
		a := New(vals).To(dt).Reshape(2, 4)
		cases := []struct {
			name string
			x    *Array
			y    any
		}{
			{"same_shape", a, New([]float64{2, negZero, math.NaN(), 0, -1, 7, 3e38, -1e-40}).To(dt).Reshape(2, 4)},
			{"one_element", a, New([]float64{-0.5}).To(dt).Reshape(1, 1)},
			{"zero_d", a, New(0.1).To(dt)},
			{"go_float", a, 0.1},
			{"go_float32", a, float32(0.1)},
			{"go_int", a, 3},
			{"one_element_first", New([]float64{0.1}).To(dt), a},
			{"zero_d_first", New(negZero).To(dt), a},
			{"expanded_first", New(-3.5).To(dt).Expand(2, 4), a},
			{"expanded_second", a, New(0.5).To(dt).Reshape(1, 1).Expand(2, 4)},
			{"expanded_both", New(-3.5).To(dt).Expand(2, 4), New(0.5).To(dt).Expand(2, 4)},
			{"expanded_go_int", New(7.0).To(dt).Expand(3), 3},
		}
		for _, op := range ops {
			for _, c := range cases {
				fast := fastBinary(op, c.x, c.y)
				if fast == nil {
					t.Errorf("%s %s/%s: fast path not taken", dt, op.name, c.name)
					continue
				}
				y := c.y
				if ya, ok := y.(*Array); ok {
					y = operand{Array: ya} // not an *Array: binary takes the general path
				}
				general := binary(op, operand{Array: c.x}, y)
				if fast.DType() != general.DType() || !slices.Equal(fast.shape(), general.shape()) {
					t.Errorf("%s %s/%s: %v %v, general path %v %v", dt, op.name, c.name, fast.DType(), fast.shape(), general.DType(), general.shape())
					continue
				}
				f, g := fast.Float64s(), general.Float64s()
				for i := range f {
					if math.Float64bits(f[i]) != math.Float64bits(g[i]) && !(math.IsNaN(f[i]) && math.IsNaN(g[i])) {
						t.Errorf("%s %s/%s [%d]: %v, general path %v", dt, op.name, c.name, i, f[i], g[i])
					}
				}
			}
		}
		// in place: written into a's storage, as the general path's copy would be
		for _, op := range []*binaryOp{opAdd, opSub, opMul, opDiv} {
			for _, c := range cases {
				if c.x != a {
					continue
				}
				got, want := a.Clone(), a.Clone()
				if !fastInplace(op, got, c.y) {
					t.Errorf("%s %s_/%s: fast path not taken", dt, op.name, c.name)
					continue
				}
				y := c.y
				if ya, ok := y.(*Array); ok {
					y = operand{Array: ya}
				}
				want.copyFrom(binary(op, operand{Array: want}, y))
				f, g := got.Float64s(), want.Float64s()
				for i := range f {
					if math.Float64bits(f[i]) != math.Float64bits(g[i]) && !(math.IsNaN(f[i]) && math.IsNaN(g[i])) {
						t.Errorf("%s %s_/%s [%d]: %v, general path %v", dt, op.name, c.name, i, f[i], g[i])
					}
				}
			}
		}
		// where: fast path vs the general one (a broadcast cond forces it)
		cond := a.Gt(0)
		fw := whereFast(cond, a, negZero)
		gw := Where(cond.Unsqueeze(0), a, negZero).Squeeze(0)
		if fw == nil || !Equal(fw, gw) || fw.DType() != gw.DType() {
			t.Errorf("%s where: %v, general path %v", dt, fw, gw)
		}
	}
	// not taken: mixed dtypes, strided operands, broadcasting beyond one element
	f32 := Ones(2, 3)
	for name, y := range map[string]any{"float64": Ones(2, 3).To(Float64), "strided": Ones(3, 2).T(), "row": Ones(3)} {
		if fastBinary(opAdd, f32, y) != nil {
			t.Errorf("fast path taken for %s", name)
		}
	}
	if fastBinary(opAdd, Ones(1).Expand(2, 3), Ones(3)) != nil {
		t.Error("fast path taken for a broadcast value and a row")
	}
}

// TestSmallAllocs pins the allocation counts the small path promises (fast.go): a
// small result is one allocation (Array, geometry and data in one block; the storage
// reference needs no interface box), for an op on two one-element arrays, an op with a
// Go number, and ThresholdBackward's fast path.
func TestSmallAllocs(t *testing.T) {
	for _, dt := range []DType{Float32, Float64} {
		x, y := New([]float64{2}).To(dt), New([]float64{-3}).To(dt)
		cases := []struct {
			name string
			f    func()
		}{
			{"mul", func() { x.Mul(y) }},
			{"add_go_number", func() { x.Add(1.5) }},
			{"threshold_backward", func() { ThresholdBackward(x, y, 0) }},
			{"zeros_like", func() { alloc(dt, x.shape()) }},
		}
		for _, c := range cases {
			if n := testing.AllocsPerRun(100, c.f); n != 1 {
				t.Errorf("%s %s: %v allocations, want 1", dt, c.name, n)
			}
		}
	}
}

// Large in-place arithmetic runs in place, on the cores, and gives the bits of the
// out-of-place op: for a Go number, an array of a's shape, a's own view and a broadcast
// row, in both float dtypes.
func TestLargeInplaceMatchesOutOfPlace(t *testing.T) {
	n := 3*grainSize + 17 // several workers' ranges and a tail
	for _, dt := range []DType{Float32, Float64} {
		x := FromFloat32(hashFloats(n, 1)).To(dt)
		y := FromFloat32(hashFloats(n, 2)).Add(0.5).To(dt)
		m := FromFloat32(hashFloats(n-17, 3), (n-17)/64, 64).To(dt)
		row := FromFloat32(hashFloats(64, 4)).To(dt)
		m3 := m.Reshape(-1, 4, 64)
		spaced := FromFloat32(hashFloats(128, 5)).To(dt).Slice(0, 0, 128, 2) // a row with stride 2
		for _, op := range []struct {
			name    string
			inplace func(a *Array, b any) *Array
			out     func(a *Array, b any) *Array
		}{
			{"add", (*Array).Add_, (*Array).Add},
			{"sub", (*Array).Sub_, (*Array).Sub},
			{"mul", (*Array).Mul_, (*Array).Mul},
			{"div", (*Array).Div_, (*Array).Div},
		} {
			for _, c := range []struct {
				name string
				a    *Array
				b    func(a *Array) any
			}{
				{"number", x, func(*Array) any { return 0.3 }},
				{"array", x, func(*Array) any { return y }},
				{"itself", x, func(a *Array) any { return a }},
				{"row", m, func(*Array) any { return row }},
				{"row 1x64", m, func(*Array) any { return row.Reshape(1, 64) }},
				{"row over two dims", m3, func(*Array) any { return row }},
				{"rows 4x64 over one dim", m3, func(*Array) any { return m3.Select(0, 1).Clone() }},
				{"strided row", m, func(*Array) any { return spaced }},
				{"column", m, func(a *Array) any { return FromFloat32(hashFloats(a.Shape()[0], 6), a.Shape()[0], 1).To(dt) }},
				{"column over two dims", m3, func(a *Array) any { return FromFloat32(hashFloats(a.Numel()/256, 7), a.Numel()/256, 1, 1).To(dt) }},
			} {
				a := c.a.Clone()
				want := op.out(a, c.b(a))
				before := a.ptr
				got := op.inplace(a, c.b(a))
				if got != a || a.ptr != before {
					t.Fatalf("%s %s %s: did not write into a", dt, op.name, c.name)
				}
				if !bitsEqual(a, want) {
					t.Errorf("%s %s %s: in-place result differs from the out-of-place one", dt, op.name, c.name)
				}
			}
		}
	}
}

// Column broadcasts (one value per run of trailing elements: x - x.mean(1, keepdim))
// take applyCols's loop, with the bits of the same op computed element by element in
// float64 and rounded once (exact for + - * /), in both operand orders, both dtypes,
// with NaN, infinities and zeros among the values.
func TestColumnBroadcast(t *testing.T) {
	for _, dt := range []DType{Float32, Float64} {
		for _, c := range []struct {
			x, col []int
		}{
			{[]int{300, 40}, []int{300, 1}},
			{[]int{4, 5, 30}, []int{4, 5, 1}},
			{[]int{2, 3, 16, 16}, []int{1, 3, 1, 1}},
			{[]int{2, 3, 16, 16}, []int{2, 3, 1, 1}},
			{[]int{7, 16}, []int{7, 1}},
			// values repeated over leading dims: per channel
			{[]int{4, 16, 32}, []int{1, 16, 1}},
			{[]int{3, 2, 5, 40}, []int{1, 1, 5, 1}},
			{[]int{3, 2, 5, 40}, []int{1, 2, 5, 1}},
			{[]int{64, 16, 256}, []int{16, 1}},
		} {
			x := FromFloat32(hashFloats(numelOf(c.x), 1), c.x...).To(dt)
			cv := hashFloats(numelOf(c.col), 2)
			cv[0], cv[len(cv)-1] = float32(math.NaN()), float32(math.Inf(-1))
			if len(cv) > 2 {
				cv[1] = 0
			}
			col := FromFloat32(cv, c.col...).To(dt)
			for k, name := range []string{"add", "sub", "mul", "div"} {
				f := goOps64[k]
				for _, colFirst := range []bool{false, true} {
					var got *Array
					if colFirst {
						got = binary([]*binaryOp{opAdd, opSub, opMul, opDiv}[k], col, x)
					} else {
						got = binary([]*binaryOp{opAdd, opSub, opMul, opDiv}[k], x, col)
					}
					xs, cs, gs := x.Float64s(), col.Expand(c.x...).Contiguous().Float64s(), got.Float64s()
					for i := range xs {
						want := f(xs[i], cs[i])
						if colFirst {
							want = f(cs[i], xs[i])
						}
						if dt == Float32 {
							want = float64(float32(want))
						}
						if math.Float64bits(want) != math.Float64bits(gs[i]) && !(want != want && gs[i] != gs[i]) {
							t.Fatalf("%s %v %s %v (col first %v), element %d: %v, want %v", dt, c.x, name, c.col, colFirst, i, gs[i], want)
						}
					}
				}
			}
		}
	}
}

var goOps64 = [4]func(x, y float64) float64{
	func(x, y float64) float64 { return x + y },
	func(x, y float64) float64 { return x - y },
	func(x, y float64) float64 { return x * y },
	func(x, y float64) float64 { return x / y },
}

// A row added in place to a large array takes the row loop into a's storage: no
// allocation of the result's size (the general path computes a result and copies it).
func TestInplaceRowAllocatesNoResult(t *testing.T) {
	m := FromFloat32(hashFloats(1000*1000, 1), 1000, 1000)
	row := FromFloat32(hashFloats(1000, 2))
	m.Add_(row) // warm up
	var ms0, ms1 runtime.MemStats
	runtime.ReadMemStats(&ms0)
	m.Add_(row)
	m.Mul_(row.Reshape(1, 1000))
	runtime.ReadMemStats(&ms1)
	if got := ms1.TotalAlloc - ms0.TotalAlloc; got > 64<<10 {
		t.Errorf("two in-place row ops on a 4 MB array allocated %d bytes", got)
	}
}

// bitsEqual reports whether two float arrays of one shape hold the same bits.
func bitsEqual(a, b *Array) bool {
	if !slices.Equal(a.shape(), b.shape()) || a.dtype != b.dtype {
		return false
	}
	x, y := a.Float64s(), b.Float64s()
	for i := range x {
		if math.Float64bits(x[i]) != math.Float64bits(y[i]) && !(x[i] != x[i] && y[i] != y[i]) {
			return false
		}
	}
	return true
}

// Fill_ writes v into every element, whatever the length: zero (a clear), -0 (which
// must keep its sign), NaN and ordinary values, in every dtype.
func TestFillRun(t *testing.T) {
	for n := 0; n <= 300; n += 7 {
		for _, v := range []float64{0, math.Copysign(0, -1), math.NaN(), 1.5, -3} {
			for _, dt := range []DType{Float32, Float64, Int64, Bool} {
				if dt == Int64 && v != v {
					continue // no int64 for NaN
				}
				want := v // what Fill_ stores, cast as Go casts
				switch dt {
				case Float32:
					want = float64(float32(v))
				case Int64:
					want = float64(int64(v))
				case Bool:
					want = 0
					if v != 0 {
						want = 1
					}
				}
				a := FromFloat32(hashFloats(n, 5)).Add(1).To(dt)
				a.Fill_(v)
				for i, g := range a.Float64s() {
					if math.Float64bits(g) != math.Float64bits(want) && !(g != g && want != want) {
						t.Fatalf("n=%d %s Fill_(%v): element %d is %v, want %v", n, dt, v, i, g, want)
					}
				}
			}
		}
	}
}

// Operands in other layouts give the op's bits element by element: a column with a row
// (applyOuter, both orders), and large transposed, stepped and middle-broadcast views
// (applyGathered), for + - * / and maximum, both float dtypes.
func TestOuterAndGathered(t *testing.T) {
	onCores(t, testOuterAndGathered)
}

func testOuterAndGathered(t *testing.T) {
	big := 3 * grainSize / 256 // rows of 256: several grains
	for _, dt := range []DType{Float32, Float64} {
		// gathered by bands of rows (applyBands): bands that do not divide the rows,
		// rows longer than a band, a broadcast first dim
		odd := FromFloat32(hashFloats(67*1001, 7), 67, 1001).To(dt)
		oddC := FromFloat32(hashFloats(1001*67, 8), 1001, 67).To(dt)
		q := FromFloat32(hashFloats(300*7*50, 9), 300, 7, 50).To(dt)
		qC := FromFloat32(hashFloats(7*300*50, 10), 7, 300, 50).To(dt)
		lead := FromFloat32(hashFloats(130*300, 11), 1, 130, 300).To(dt)
		leadC := FromFloat32(hashFloats(5*300*130, 12), 5, 300, 130).To(dt)
		col := FromFloat32(hashFloats(300, 1), 300, 1).To(dt)
		row := FromFloat32(hashFloats(40, 2), 1, 40).To(dt)
		m := FromFloat32(hashFloats(256*big, 3), 256, big).To(dt)
		sq := FromFloat32(hashFloats(big*256, 4), big, 256).To(dt)
		p := FromFloat32(hashFloats(big*256*2, 5), big, 2, 256).To(dt)
		mid := FromFloat32(hashFloats(big*256, 6), big, 1, 256).To(dt)
		for _, c := range []struct {
			name string
			a, b *Array
		}{
			{"column with row", col, row},
			{"row with column", row, col},
			{"transposed", m.T(), sq},
			{"transposed second", sq, m.T()},
			{"stepped", p.Select(1, 1), p.Slice(1, 0, 2, 2).Squeeze(1)},
			{"middle broadcast", mid, p},
			{"transposed, odd bands", odd.T(), oddC},
			{"permuted 3-d, long rows", qC, q.Permute(1, 0, 2)},
			{"broadcast first dim, transposed", lead.Transpose(1, 2), leadC},
		} {
			shape := BroadcastShapes(c.a.Shape(), c.b.Shape())
			xa := c.a.Expand(shape...).Contiguous().Float64s()
			xb := c.b.Expand(shape...).Contiguous().Float64s()
			for k, op := range []*binaryOp{opAdd, opSub, opMul, opDiv, opMaximum} {
				got := binary(op, c.a, c.b).Float64s()
				for i := range xa {
					var want float64
					if k < 4 {
						want = roundTo(goOps64[k](xa[i], xb[i]), dt)
					} else {
						want = maximum(xa[i], xb[i])
					}
					if math.Float64bits(got[i]) != math.Float64bits(want) && !(got[i] != got[i] && want != want) {
						t.Fatalf("%s %s %s: element %d = %v, want %v", dt, c.name, op.name, i, got[i], want)
					}
				}
			}
		}
	}
}

// TestCmpKindsFollowAsm: compareRun hands comparison k to asm.Cmp(k-cmpEq), so the two
// enumerations must list the comparisons in one order.
func TestCmpKindsFollowAsm(t *testing.T) {
	for k, want := range map[cmpKind]asm.Cmp{cmpEq: asm.Eq, cmpNe: asm.Ne, cmpLt: asm.Lt, cmpLe: asm.Le, cmpGt: asm.Gt, cmpGe: asm.Ge} {
		if got := asm.Cmp(k - cmpEq); got != want {
			t.Errorf("cmpKind %d maps to asm.Cmp %d, want %d", k, got, want)
		}
	}
}
