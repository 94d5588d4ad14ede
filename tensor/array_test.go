package tensor

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"testing"
)

// mustPanic runs f and returns the *Error it panics with (failing if it does not).
func mustPanic(t *testing.T, f func()) (err *Error) {
	t.Helper()
	defer func() {
		r := recover()
		e, ok := r.(*Error)
		if !ok {
			t.Fatalf("panic value %v (%T), want *Error", r, r)
		}
		err = e
	}()
	f()
	return nil
}

func TestNew(t *testing.T) {
	cases := []struct {
		data  any
		dt    DType
		shape []int
		want  []float64
	}{
		{3.5, Float64, []int{}, []float64{3.5}},
		{float32(2), Float32, []int{}, []float64{2}},
		{7, Int64, []int{}, []float64{7}},
		{true, Bool, []int{}, []float64{1}},
		{[]float32{1, 2}, Float32, []int{2}, []float64{1, 2}},
		{[][]float64{{1, 2}, {3, 4}, {5, 6}}, Float64, []int{3, 2}, []float64{1, 2, 3, 4, 5, 6}},
		{[][]int{{1}, {2}}, Int64, []int{2, 1}, []float64{1, 2}},
		{[]int64{-1, 5}, Int64, []int{2}, []float64{-1, 5}},
		{[]bool{true, false}, Bool, []int{2}, []float64{1, 0}},
		{[]any{1, 2.5}, Float64, []int{2}, []float64{1, 2.5}},
		{[]any{true, 2}, Int64, []int{2}, []float64{1, 2}},
		{[]float32{}, Float32, []int{0}, []float64{}},
		{[][]float32{{}, {}}, Float32, []int{2, 0}, []float64{}},
	}
	for _, c := range cases {
		a := New(c.data)
		if a.DType() != c.dt || !slices.Equal(a.Shape(), c.shape) || !slices.Equal(a.Float64s(), c.want) {
			t.Errorf("New(%v) = %v %v %v, want %v %v %v", c.data, a.DType(), a.Shape(), a.Float64s(), c.dt, c.shape, c.want)
		}
	}
	if a := New([]float64{1.5, 2}, Float32); a.DType() != Float32 || a.Float64s()[0] != 1.5 {
		t.Errorf("New with dtype: %v %v", a.DType(), a.Float64s())
	}
	if a := New([]float64{1.7, -1.7}, Int64); !slices.Equal(a.Int64s(), []int64{1, -1}) {
		t.Errorf("New float->int64 truncates toward zero: %v", a.Int64s())
	}
	src := New([]float32{1, 2})
	cp := New(src)
	cp.Fill_(0)
	if src.At(0) != 1 {
		t.Error("New(*Array) must copy")
	}
	e := mustPanic(t, func() { New([][]float32{{1, 2}, {3}}) })
	if e.Kind != "ValueError" || e.Msg != "expected sequence of length 2 at dim 1 (got 1)" {
		t.Errorf("ragged: %s %q", e.Kind, e.Msg)
	}
	if e := mustPanic(t, func() { New("x") }); e.Kind != "TypeError" {
		t.Errorf("string: %s %q", e.Kind, e.Msg)
	}
}

func TestFromFloatSharesMemory(t *testing.T) {
	d := []float32{1, 2, 3, 4, 5, 6}
	a := FromFloat32(d, 2, -1)
	if !slices.Equal(a.Shape(), []int{2, 3}) {
		t.Fatalf("shape %v", a.Shape())
	}
	a.Select(1, 2).Fill_(9)
	if d[2] != 9 || d[5] != 9 {
		t.Errorf("writes through a view must reach the wrapped slice: %v", d)
	}
	d[0] = -1
	if a.At(0, 0) != -1 {
		t.Error("FromFloat32 must not copy")
	}
	e := mustPanic(t, func() { FromFloat64([]float64{1, 2, 3}, 2, 2) })
	if e.Msg != "shape '[2, 2]' is invalid for input of size 3" {
		t.Errorf("msg %q", e.Msg)
	}
}

func TestViewsShareStorage(t *testing.T) {
	x := Arange(12).Reshape(3, 4)
	views := map[string]*Array{
		"reshape":   x.Reshape(4, 3),
		"view":      x.View(-1),
		"T":         x.T(),
		"transpose": x.Transpose(0, 1),
		"permute":   x.Permute(1, 0),
		"select":    x.Select(0, 1),
		"slice":     x.Slice(1, 1, 4, 2),
		"diagonal":  x.Diagonal(0, 0, 1),
		"unsqueeze": x.Unsqueeze(0),
		"squeeze":   x.Unsqueeze(1).Squeeze(),
		"expand":    x.Unsqueeze(0).Expand(2, 3, 4),
	}
	for name, v := range views {
		if !v.SameStorage(x) {
			t.Errorf("%s: does not share storage", name)
		}
	}
	if x.T().Contiguous().SameStorage(x) || x.Clone().SameStorage(x) {
		t.Error("Contiguous of a transposed view and Clone must copy")
	}
	if x.Contiguous() != x {
		t.Error("Contiguous of a contiguous array must return it")
	}
	if x.T().Reshape(-1).SameStorage(x) {
		t.Error("Reshape of a transposed view cannot be a view")
	}
	// z[:] = 0 and y[1] = v through views
	z := Arange(6).Reshape(2, 3)
	z.Select(0, 1).Copy_(New([]int{7, 8, 9}))
	z.Slice(1, 0, 3, 2).Fill_(0)
	if got := fmt.Sprint(z.Int64s()); got != "[0 1 0 0 8 0]" {
		t.Errorf("writes through views: %s", got)
	}
	if e := mustPanic(t, func() { New([]float32{1}).Expand(3).Fill_(1) }); e.Kind != "RuntimeError" {
		t.Errorf("write to broadcast view: %v", e)
	}
}

func TestItemAt(t *testing.T) {
	a := New([][]float32{{1, 2}, {3, 4}})
	if a.At(-1, 0) != 3 || a.At(0, 1) != 2 {
		t.Error("At")
	}
	e := mustPanic(t, func() { a.At(2, 0) })
	if e.Kind != "IndexError" || e.Msg != "index 2 is out of bounds for dimension 0 with size 2" {
		t.Errorf("At out of range: %s %q", e.Kind, e.Msg)
	}
	if New(5).Item() != 5 || a.Select(0, 1).Select(0, 0).Item() != 3 {
		t.Error("Item")
	}
	e = mustPanic(t, func() { a.Item() })
	if e.Kind != "ValueError" || e.Msg != "only one element tensors can be converted to Python scalars" {
		t.Errorf("Item: %s %q", e.Kind, e.Msg)
	}
}

func TestConstructors(t *testing.T) {
	cases := []struct {
		name  string
		a     *Array
		dt    DType
		shape []int
		want  []float64
	}{
		{"Zeros", Zeros(2, 2), Float32, []int{2, 2}, []float64{0, 0, 0, 0}},
		{"Ones", Ones(3), Float32, []int{3}, []float64{1, 1, 1}},
		{"Full", Full(0.5, 1, 2), Float32, []int{1, 2}, []float64{0.5, 0.5}},
		{"Empty", Empty(0, 2), Float32, []int{0, 2}, []float64{}},
		{"Eye", Eye(2), Float32, []int{2, 2}, []float64{1, 0, 0, 1}},
		{"OnesLike", OnesLike(New([]int{1, 2})), Int64, []int{2}, []float64{1, 1}},
		{"ZerosLike", ZerosLike(New([][]float64{{1, 2}})), Float64, []int{1, 2}, []float64{0, 0}},
		{"FullLike", FullLike(New([]bool{true}), 0), Bool, []int{1}, []float64{0}},
		{"EmptyLike", EmptyLike(New([]float32{1, 2, 3})), Float32, []int{3}, []float64{0, 0, 0}},
		{"0-d Zeros", Zeros(), Float32, []int{}, []float64{0}},
	}
	for _, c := range cases {
		if c.a.DType() != c.dt || !slices.Equal(c.a.Shape(), c.shape) || !slices.Equal(c.a.Float64s(), c.want) {
			t.Errorf("%s = %v %v %v", c.name, c.a.DType(), c.a.Shape(), c.a.Float64s())
		}
	}
	e := mustPanic(t, func() { Zeros(2, -1) })
	if e.Msg != "Trying to create tensor with negative dimension -1: [2, -1]" {
		t.Errorf("negative dim: %q", e.Msg)
	}
	a := New([]float32{1})
	if a.To(Float32) != a {
		t.Error("To(same dtype) must return the array itself")
	}
}

func TestConversions(t *testing.T) {
	a := New([]float64{-1.5, 0, 2.7, math.NaN()})
	if got := fmt.Sprint(a.Bools()); got != "[true false true true]" {
		t.Errorf("Bools %s", got)
	}
	if got := fmt.Sprint(a.Slice(0, 0, 3, 1).Int64s()); got != "[-1 0 2]" {
		t.Errorf("Int64s %s", got)
	}
	b := New([]bool{true, false}).T()
	if got := fmt.Sprint(b.Float32s()); got != "[1 0]" {
		t.Errorf("Float32s %s", got)
	}
	// copies, not views
	x := New([]float32{1, 2})
	x.Float32s()[0] = 9
	if x.At(0) != 1 {
		t.Error("Float32s must copy")
	}
}

func TestResultType(t *testing.T) {
	i64, f32, f64, b := New([]int{1}), New([]float32{1}), New([]float64{1}), New([]bool{true})
	cases := []struct {
		x, y any
		want DType
	}{
		{i64, 2.5, Float32},
		{i64, 2, Int64},
		{f32, f64, Float64},
		{f32, New(2.0), Float32},          // 0-d float64 does not widen a float32 array
		{i64, New(float32(2)), Float32},   // 0-d of a higher category wins
		{New(2), New(2.5), Float64},       // both 0-d: plain promotion
		{b, 1, Int64},                     // bool array and int scalar
		{b, true, Bool},                   //
		{f64, 1.5, Float64},               //
		{New(float32(1)), 1.5, Float32},   // 0-d float32 and a Go float
		{New(int64(3)), 1.5, Float32},     // 0-d int and a Go float: default float dtype
		{b, New([]float64{1}), Float64},   //
		{New(true), New(int64(1)), Int64}, //
	}
	for i, c := range cases {
		if got := ResultType(c.x, c.y); got != c.want {
			t.Errorf("case %d: ResultType = %v, want %v", i, got, c.want)
		}
	}
}

func TestInterrupt(t *testing.T) {
	defer SetInterrupt(false)
	big := Ones(1 << 20)
	ops := map[string]func(){
		"sin":  func() { big.Sin() },
		"add":  func() { big.Add(big.T()) },
		"sum":  func() { big.Sum() },
		"max":  func() { big.Max() },
		"mm":   func() { Ones(512, 512).Mm(Ones(512, 512)) },
		"copy": func() { Zeros(1 << 20).Copy_(big.Slice(0, 0, 1<<20, 1)) },
		"fill": func() { big.Reshape(1024, 1024).T().Fill_(1) },
		"conv2d": func() {
			Conv2d(Ones(16, 1, 64, 64), Ones(4, 1, 5, 5), nil, Conv2dGeom{KH: 5, KW: 5, SH: 1, SW: 1, DH: 1, DW: 1}, 1)
		},
		"conv2d backward": func() {
			g := Conv2dGeom{KH: 5, KW: 5, SH: 1, SW: 1, DH: 1, DW: 1}
			Conv2dBackward(Ones(16, 4, 60, 60), Ones(16, 1, 64, 64), Ones(4, 1, 5, 5), g, 1, [3]bool{false, true, false})
		},
	}
	SetInterrupt(true)
	if !Interrupted() {
		t.Fatal("flag not raised")
	}
	for name, f := range ops {
		e := mustPanic(t, f)
		if e.Kind != "KeyboardInterrupt" {
			t.Errorf("%s: %v", name, e)
		}
	}
	// small ops never check: the kernel can still format values while the flag is up
	small := Ones(3, 3)
	if small.Sin().Numel() != 9 || small.Mm(small).Sum().Item() != 27 || small.Add(1).Max().Item() != 2 {
		t.Error("small ops while the flag is raised")
	}
	SetInterrupt(false)
	if s := big.Sum().Item(); s != 1<<20 {
		t.Errorf("sum after clearing the flag: %v", s)
	}
}

func TestZeroDim(t *testing.T) {
	s := New(float32(2))
	r := s.Add(New([]float32{1, 2})).Mul(s)
	if got := fmt.Sprint(r.Float32s()); got != "[6 8]" {
		t.Errorf("0-d broadcast: %s", got)
	}
	if s.Sum().Dim() != 0 || s.Transpose(0, -1).Dim() != 0 || s.Unsqueeze(0).Dim() != 1 {
		t.Error("0-d dims")
	}
	if v := s.SumDims([]int{0}, true); v.Dim() != 0 || v.Item() != 2 {
		t.Errorf("sum over dim 0 of a 0-d array: %v %v", v.Shape(), v.Item())
	}
}

// TestMatmulPromotes: like numpy's @, Matmul accepts mixed dtypes (np.array([[1.]]) @
// np.array([[2.]], dtype=np.float32) is float64 [[2.]]) with PyTorch's promotion
// (int64 and float32 give float32), while Mm keeps PyTorch's same-dtype error
// (torch.mm(float64, float32) raises "expected scalar type Double but found Float").
func TestMatmulPromotes(t *testing.T) {
	v := New([][]float64{{1}})
	j := New([][]float32{{2}})
	r := v.Matmul(j)
	if r.DType() != Float64 || r.Item() != 2 {
		t.Errorf("Matmul float64 @ float32 = %v %v", r.DType(), r.Float64s())
	}
	if r := New([]int{1, 2}).Matmul(New([]float32{0.5, 0.25})); r.DType() != Float32 || r.Item() != 1 {
		t.Errorf("Matmul int64 @ float32 = %v %v", r.DType(), r.Float64s())
	}
	if e := mustPanic(t, func() { v.Mm(j) }); e.Msg != "expected scalar type Double but found Float" {
		t.Errorf("Mm: %q", e.Msg)
	}
}

func TestNewFromArrays(t *testing.T) {
	a := New([]any{New(float32(1.5)), New([]float32{2})})
	if a.DType() != Float32 || fmt.Sprint(a.Float32s()) != "[1.5 2]" {
		t.Errorf("New of one-element arrays: %v %v", a.DType(), a.Float32s())
	}
	e := mustPanic(t, func() { New([]*Array{New([]float32{1, 2})}) })
	if e.Kind != "ValueError" || e.Msg != "only one element tensors can be converted to Python scalars" {
		t.Errorf("New of a 2-element array: %s %q", e.Kind, e.Msg)
	}
}

// TestNewRagged: torch.tensor's errors for ragged nested lists (checked with PyTorch
// 1.13: [[1,2],3], [1,[2,3]], [[1],[]]).
func TestNewRagged(t *testing.T) {
	cases := []struct {
		data       any
		kind, want string
	}{
		{[]any{[]int{1, 2}, 3}, "TypeError", "not a sequence"},
		{[]any{1, []int{2, 3}}, "TypeError", "'list' object cannot be interpreted as an integer"},
		{[][]int{{1}, {}}, "ValueError", "expected sequence of length 1 at dim 1 (got 0)"},
	}
	for _, c := range cases {
		e := mustPanic(t, func() { New(c.data) })
		if e.Kind != c.kind || e.Msg != c.want {
			t.Errorf("New(%v): %s %q, want %s %q", c.data, e.Kind, e.Msg, c.kind, c.want)
		}
	}
}

// TestInlineStorage covers arrays whose data lives inside their own allocation (up to
// smallData elements): views share it (writes show through), SameStorage compares
// storage starts whatever the view's offset, and a view keeps the storage alive after
// the array it came from is dropped (its storage pointer points into that block).
func TestInlineStorage(t *testing.T) {
	x := New([]float32{1, 2, 3, 4}).Reshape(2, 2)
	row := x.Select(0, 1)
	if !row.SameStorage(x) || !x.Slice(1, 1, 2, 1).SameStorage(row) || New([]float32{1, 2, 3, 4}).SameStorage(x) {
		t.Error("SameStorage of inline-storage views")
	}
	row.Fill_(9)
	if got := x.Float32s(); !slices.Equal(got, []float32{1, 2, 9, 9}) {
		t.Errorf("write through a view: %v", got)
	}
	var views []*Array
	for i := 0; i < 1000; i++ {
		views = append(views, New([]float64{float64(i), -1}).Select(0, 0))
	}
	runtime.GC()
	for i := 0; i < 1000; i++ {
		New([]float64{-7, -7}) // reuse freed memory, were the blocks freed
	}
	for i, v := range views {
		if v.Item() != float64(i) {
			t.Fatalf("view %d reads %v after GC", i, v.Item())
		}
	}
	if e := New([]float32{}); e.Numel() != 0 || len(e.Float32s()) != 0 || FromFloat32(nil).SameStorage(FromFloat32(nil)) {
		t.Error("empty storage")
	}
}

// Copy_ between contiguous arrays of separate storage, large enough to run in pieces
// over the cores, views with offsets included, copies every element of every dtype.
func TestCopyContiguousLarge(t *testing.T) {
	n := 3*grainSize + 5
	for _, dt := range []DType{Float32, Float64, Int64, Bool} {
		src := FromFloat32(hashFloats(n+7, 4)).Mul(100).To(dt).Slice(0, 7, n+7, 1) // offset 7
		dst := Zeros(n+3).To(dt).Slice(0, 3, n+3, 1)
		dst.Copy_(src)
		d, s := dst.To(Float64), src.To(Float64)
		for i := 0; i < n; i++ {
			if got, want := d.At(i), s.At(i); got != want {
				t.Fatalf("%v: element %d is %v, want %v", dt, i, got, want)
			}
		}
	}
}

// Clone of a large contiguous view, its result fresh (cold) memory and so streamed
// straight from the source, and at an offset that is no multiple of a cache line, copies
// every element.
func TestCloneLargeStreamed(t *testing.T) {
	for _, tc := range []struct {
		dt DType
		n  int
	}{{Float32, 300007}, {Float64, 150011}} {
		src := FromFloat32(hashFloats(tc.n+5, 6)).To(tc.dt).Slice(0, 5, tc.n+5, 1)
		got := src.Clone()
		if got.SameStorage(src) {
			t.Fatalf("%v: the clone shares the source's storage", tc.dt)
		}
		g, s := got.To(Float64), src.To(Float64)
		for i := 0; i < tc.n; i++ {
			if g.At(i) != s.At(i) {
				t.Fatalf("%v: element %d is %v, want %v", tc.dt, i, g.At(i), s.At(i))
			}
		}
	}
}
