package tensor

import (
	"math"
	"slices"
	"testing"
)

// Every Small method must give the plain op's bits, in s when the result fits and the
// fast path applies, in a fresh array otherwise.
func TestSmallMatchesPlainOps(t *testing.T) {
	f32 := func(v ...float32) *Array { return New(v) }
	f64 := func(v ...float64) *Array { return New(v) }
	nan := float32(math.NaN())
	big := Arange(0, 5, 1).To(Float32) // 5 float32s: 20 bytes, more than a Small holds
	cases := []struct {
		name   string
		small  func(s *Small) *Array
		plain  func() *Array
		placed bool
	}{
		{"add", func(s *Small) *Array { return s.Add(f32(1, 2), f32(0.1, 0.2)) }, func() *Array { return f32(1, 2).Add(f32(0.1, 0.2)) }, true},
		{"sub scalar", func(s *Small) *Array { return s.Sub(f32(1, 2), 0.3) }, func() *Array { return f32(1, 2).Sub(0.3) }, true},
		{"mul one-element", func(s *Small) *Array { return s.Mul(f32(3), f32(1, 2, 3)) }, func() *Array { return f32(3).Mul(f32(1, 2, 3)) }, true},
		{"div float64", func(s *Small) *Array { return s.Div(f64(1, 2), f64(3, 7)) }, func() *Array { return f64(1, 2).Div(f64(3, 7)) }, true},
		{"mul 4 float32", func(s *Small) *Array { return s.Mul(Ones(4), 0.1) }, func() *Array { return Ones(4).Mul(0.1) }, true},
		{"mul 4 float64", func(s *Small) *Array { return s.Mul(Ones(4).To(Float64), 0.1) }, func() *Array { return Ones(4).To(Float64).Mul(0.1) }, false},
		{"mul too big", func(s *Small) *Array { return s.Mul(big, 2) }, func() *Array { return big.Mul(2) }, false},
		{"mul broadcast", func(s *Small) *Array { return s.Mul(f32(1, 2).Reshape(2, 1), f32(3, 4)) }, func() *Array { return f32(1, 2).Reshape(2, 1).Mul(f32(3, 4)) }, false},
		{"mul one-element broadcasts", func(s *Small) *Array { return s.Mul(f32(2).Expand(3), f32(5).Expand(3)) }, func() *Array { return f32(2).Expand(3).Mul(f32(5).Expand(3)) }, true},
		{"mul empty view", func(s *Small) *Array { return s.Mul(f32(2).Slice(0, 1, 1, 1), f32(5).Slice(0, 1, 1, 1)) }, func() *Array { return f32(2).Slice(0, 1, 1, 1).Mul(f32(5).Slice(0, 1, 1, 1)) }, true},
		{"mul one-element views", func(s *Small) *Array { return s.Mul(f32(1, 2).Slice(0, 1, 2, 1), f32(3, 4).Slice(0, 0, 1, 1)) }, func() *Array { return f32(1, 2).Slice(0, 1, 2, 1).Mul(f32(3, 4).Slice(0, 0, 1, 1)) }, true},
		{"add int64", func(s *Small) *Array { return s.Add(New([]int64{1, 2}), 1) }, func() *Array { return New([]int64{1, 2}).Add(1) }, false},
		{"neg", func(s *Small) *Array { return s.Neg(f32(1, -2)) }, func() *Array { return f32(1, -2).Neg() }, true},
		{"relu", func(s *Small) *Array { return s.Relu(f32(-1, 0, 2, nan)) }, func() *Array { return f32(-1, 0, 2, nan).Relu() }, true},
		{"relu float64", func(s *Small) *Array { return s.Relu(f64(-1, 3)) }, func() *Array { return f64(-1, 3).Relu() }, true},
		{"relu view", func(s *Small) *Array { return s.Relu(f32(1, -2, 3, -4).Reshape(2, 2).Transpose(0, 1)) }, func() *Array { return f32(1, -2, 3, -4).Reshape(2, 2).Transpose(0, 1).Relu() }, false},
		{"ones", func(s *Small) *Array { return s.OnesLike(Zeros()) }, func() *Array { return OnesLike(Zeros()) }, true},
		{"ones float64", func(s *Small) *Array { return s.OnesLike(f64(5, 6)) }, func() *Array { return OnesLike(f64(5, 6)) }, true},
		{"threshold", func(s *Small) *Array { return s.ThresholdBackward(f32(1, 2, 3, 4), f32(-1, 0, nan, 5), 0) }, func() *Array { return ThresholdBackward(f32(1, 2, 3, 4), f32(-1, 0, nan, 5), 0) }, true},
		// one-element operands of one shape: the path of a scalar graph's every op
		{"mul one-element pair", func(s *Small) *Array { return s.Mul(f32(3), f32(0.1)) }, func() *Array { return f32(3).Mul(f32(0.1)) }, true},
		{"div 0-d float64", func(s *Small) *Array { return s.Div(f64(1).Reshape(), f64(3).Reshape()) }, func() *Array { return f64(1).Reshape().Div(f64(3).Reshape()) }, true},
		{"sub [1,1] views", func(s *Small) *Array { return s.Sub(f32(1).Reshape(1, 1), f32(0.3).Reshape(1, 1)) }, func() *Array { return f32(1).Reshape(1, 1).Sub(f32(0.3).Reshape(1, 1)) }, true},
		{"add one-element 0-d and [1]", func(s *Small) *Array { return s.Add(f32(2).Reshape(), f32(0.5)) }, func() *Array { return f32(2).Reshape().Add(f32(0.5)) }, true},
		{"add one-element mixed dtypes", func(s *Small) *Array { return s.Add(f32(2), f64(0.1)) }, func() *Array { return f32(2).Add(f64(0.1)) }, false},
		{"relu one-element NaN", func(s *Small) *Array { return s.Relu(f32(nan)) }, func() *Array { return f32(nan).Relu() }, true},
		{"neg one-element float64 [1,1]", func(s *Small) *Array { return s.Neg(f64(2).Reshape(1, 1)) }, func() *Array { return f64(2).Reshape(1, 1).Neg() }, true},
		{"ones one-element [1,1]", func(s *Small) *Array { return s.OnesLike(f32(7).Reshape(1, 1)) }, func() *Array { return OnesLike(f32(7).Reshape(1, 1)) }, true},
		{"threshold one-element", func(s *Small) *Array { return s.ThresholdBackward(f32(2), f32(float32(math.Copysign(0, -1))), 0) }, func() *Array { return ThresholdBackward(f32(2), f32(float32(math.Copysign(0, -1))), 0) }, true},
		{"threshold one-element NaN", func(s *Small) *Array { return s.ThresholdBackward(f64(2), f64(math.NaN()), 0) }, func() *Array { return ThresholdBackward(f64(2), f64(math.NaN()), 0) }, true},
		{"threshold mixed", func(s *Small) *Array { return s.ThresholdBackward(f32(1, 2), f64(-1, 1), 0) }, func() *Array { return ThresholdBackward(f32(1, 2), f64(-1, 1), 0) }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var s Small
			got, want := c.small(&s), c.plain()
			if placed := got == &s.arr; placed != c.placed {
				t.Errorf("placed in the Small: %v, want %v", placed, c.placed)
			}
			if got.DType() != want.DType() || !slices.Equal(got.Shape(), want.Shape()) || !slices.Equal(got.Strides(), want.Strides()) || !got.IsContiguous() {
				t.Fatalf("got %v %v %v, want %v %v %v", got.DType(), got.Shape(), got.Strides(), want.DType(), want.Shape(), want.Strides())
			}
			g, w := got.Float64s(), want.Float64s()
			for i := range w {
				if math.Float64bits(g[i]) != math.Float64bits(w[i]) {
					t.Errorf("element %d: %v, want %v", i, g[i], w[i])
				}
			}
		})
	}
}

// A placed result is an ordinary array: views of it and in-place ops work.
func TestSmallResultIsAnArray(t *testing.T) {
	var s Small
	a := s.Mul(New([]float32{1, 2, 3, 4}), 2)
	v := a.Reshape(2, 2).Transpose(0, 1)
	v.Add_(1)
	if got := a.Float64s(); got[0] != 3 || got[1] != 5 || got[2] != 7 || got[3] != 9 {
		t.Fatalf("a after an in-place add through a view: %v", got)
	}
	if !a.SameStorage(v) {
		t.Fatal("the view does not share the placed storage")
	}
	if allocs := testing.AllocsPerRun(100, func() { var s Small; _ = s.Add(a, 1) }); allocs > 1 {
		t.Errorf("Small.Add allocated %v times, want at most 1 (the Small itself)", allocs)
	}
}
