package tensor

import (
	"bytes"
	"encoding/base64"
	lebin "encoding/binary"
	"fmt"
	"math"
	"math/rand"
	"slices"
	"testing"
)

// BenchmarkExtremeDims times max and argmax over a dim that is not the innermost,
// beside BenchmarkOps/MaxMid3d: dim 0 of a matrix, float64, a transposed matrix, and
// few inner elements.
func BenchmarkExtremeDims(b *testing.B) {
	x := FromFloat32(hashFloats(1e6, 1), 1000, 1000)
	b3 := FromFloat32(hashFloats(64*16*1000, 6), 64, 16, 1000)
	b364 := b3.To(Float64)
	ops := []struct {
		name string
		f    func()
	}{
		{"MaxDim0", func() { x.MaxDim(0, false) }},
		{"ArgminDim0", func() { x.ArgminDim(0, false) }},
		{"MaxDim1T", func() { x.T().MaxDim(1, false) }},
		{"MaxMid3dF64", func() { b364.MaxDim(1, false) }},
		{"ArgmaxMid3d", func() { b3.ArgmaxDim(1, false) }},
	}
	for _, in := range []int{2, 4, 8, 16, 32} {
		a := FromFloat32(hashFloats(1<<20, 9), 1<<20/in, in)
		ops = append(ops, struct {
			name string
			f    func()
		}{fmt.Sprintf("MaxDim0Inner%d", in), func() { a.MaxDim(0, false) }})
	}
	for _, op := range ops {
		b.Run(op.name, func(b *testing.B) { timed(b, op.f) })
	}
}

// The column walk of extreme_dims.go against the row-by-row definition (each output's
// elements gathered into a row, then extremum), bit for bit in the values and exactly
// in the indices: reduced dims of 1 to 40 elements, 0 to 67 inner elements and more
// than a unit's width, 2-d to 4-d arrays reduced over every dim, contiguous,
// transposed, permuted and stepped views, values with many NaNs (of both signs and
// several payloads), infinities, zeros of both signs and ties, in float32, float64 and
// int64, on one and two cores.

// extremeRef is extreme's result by the row-by-row definition.
func extremeRef[T number](a *Array, mask []bool, want int, keepdim bool) (values []T, indices []int64) {
	src, m, shape := reducedRows[T](a, mask)
	for i := 0; i < numelOf(shape); i++ {
		row := src[i*m : (i+1)*m]
		k := extremum(row, want)
		values = append(values, row[k])
		indices = append(indices, int64(k))
	}
	return values, indices
}

// specialValues returns n values drawn mostly from a few that tie, NaNs of both signs
// and several payloads, infinities and zeros of both signs; dense picks them for
// every element, else for about one in eight.
func specialValues[T number](r *rand.Rand, n int, dense bool) []T {
	out := make([]T, n)
	var zero T
	for i := range out {
		special := dense || r.Intn(8) == 0
		switch any(zero).(type) {
		case int64:
			v := []int64{math.MinInt64, math.MaxInt64, 0, -1, 1, 7}[r.Intn(6)]
			if !special {
				v = int64(r.Intn(1000) - 500)
			}
			out[i] = T(v)
		case float32:
			bits := []uint32{0x7fc00000, 0xffc00000, 0x7fc00123, 0xff800001, 0x7f800000, 0xff800000, 0, 0x80000000, 0x3f800000, 0xbf800000, 0x00000001}
			v := math.Float32frombits(bits[r.Intn(len(bits))])
			if !special {
				v = float32(r.Intn(64)-32) / 8
			}
			*any(&out[i]).(*float32) = v
		case float64:
			bits := []uint64{0x7ff8000000000000, 0xfff8000000000000, 0x7ff8000000000123, 0xfff0000000000001, 0x7ff0000000000000, 0xfff0000000000000, 0, 1 << 63, 0x3ff0000000000000, 0xbff0000000000000, 1}
			v := math.Float64frombits(bits[r.Intn(len(bits))])
			if !special {
				v = float64(r.Intn(64)-32) / 8
			}
			*any(&out[i]).(*float64) = v
		}
	}
	return out
}

// plainValues returns n values of testValues' kind (the int64 ones rounded).
func plainValues[T number](r *rand.Rand, n, kind int) []T {
	out := make([]T, n)
	for i, v := range testValues(r, n, kind, true) {
		if _, ok := any(out[i]).(int64); ok {
			v = math.Round(v * 4)
			if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > 1e15 {
				v = 3
			}
		}
		out[i] = T(v)
	}
	return out
}

// extremeLayouts returns arrays of shape filled by fill in several layouts:
// contiguous, the last two dims transposed, all dims permuted (the first last), and
// every other element of the last dim of a wider array.
func extremeLayouts[T number](shape []int, fill func(n int) []T) []*Array {
	nd := len(shape)
	n := numelOf(shape)
	outs := []*Array{wrap(fill(n), shape)}
	if nd >= 2 {
		sw := append([]int(nil), shape...)
		sw[nd-1], sw[nd-2] = sw[nd-2], sw[nd-1]
		outs = append(outs, wrap(fill(n), sw).Transpose(nd-1, nd-2))
		rot := append(append([]int(nil), shape[1:]...), shape[0])
		perm := []int{nd - 1}
		for i := 0; i < nd-1; i++ {
			perm = append(perm, i)
		}
		outs = append(outs, wrap(fill(n), rot).Permute(perm...))
	}
	wide := append([]int(nil), shape...)
	wide[nd-1] *= 2
	outs = append(outs, wrap(fill(2*n), wide).Slice(nd-1, 0, wide[nd-1], 2))
	return outs
}

// extremeShapes are the shapes tried: (n, inner), (3, n, inner), (2, n, 3, inner)
// and (2, 3, n, inner) for reduced sizes n and inner sizes from pairs.
func extremeShapes() [][]int {
	var pairs [][2]int
	for n := 1; n <= 40; n++ {
		pairs = append(pairs, [2]int{n, 8}, [2]int{n, 67})
	}
	for inner := 0; inner <= 67; inner++ {
		pairs = append(pairs, [2]int{1, inner}, [2]int{3, inner}, [2]int{16, inner}, [2]int{37, inner})
	}
	for _, inner := range []int{colWidth - 1, colWidth, colWidth + 1, 1000, 2*colWidth + 9} {
		pairs = append(pairs, [2]int{2, inner}, [2]int{16, inner})
	}
	var shapes [][]int
	for i, p := range pairs {
		n, inner := p[0], p[1]
		shapes = append(shapes, []int{n, inner}, []int{3, n, inner})
		if i%4 == 0 && inner <= 67 {
			shapes = append(shapes, []int{2, n, 3, inner}, []int{2, 3, n, inner})
		}
	}
	return shapes
}

func TestExtremeColsMatchRows(t *testing.T) {
	onCores(t, func(t *testing.T) {
		testExtremeCols[float32](t)
		testExtremeCols[float64](t)
		testExtremeCols[int64](t)
	})
}

func testExtremeCols[T number](t *testing.T) {
	r := rand.New(rand.NewSource(3))
	cols := 0 // outputs the column walk computed
	for si, shape := range extremeShapes() {
		fills := []func(n int) []T{
			func(n int) []T { return specialValues[T](r, n, true) },
			func(n int) []T { return specialValues[T](r, n, false) },
			func(n int) []T { return plainValues[T](r, n, si%4) },
		}
		for fi, fill := range fills {
			if fi > 0 && si%3 != 0 {
				continue
			}
			for li, a := range extremeLayouts(shape, fill) {
				for d := range shape {
					if shape[d] == 0 {
						continue // an error, as in PyTorch
					}
					mask := reduceMask([]int{d}, len(shape))
					if src, _, _, _ := colLayout[T](a, mask); src != nil {
						cols++
					}
					for _, want := range []int{1, -1} {
						keep := (si+d)%2 == 0
						name := fmt.Sprintf("%s %v layout=%d fill=%d dim=%d want=%d keepdim=%v", a.DType(), shape, li, fi, d, want, keep)
						rv, ri := extremeRef[T](a, mask, want, keep)
						v, i := a.extreme("max", want, mask, keep, true)
						_, i2 := a.extreme("argmax", want, mask, keep, false)
						outShape := keptShape(nil, a.Shape(), mask, keep)
						for _, g := range []*Array{v, i, i2} {
							if !slices.Equal(g.Shape(), outShape) {
								t.Fatalf("%s: shape %v, want %v", name, g.Shape(), outShape)
							}
						}
						gv, gi, gi2 := contig[T](v), i.Int64s(), i2.Int64s()
						for k := range ri {
							if gi[k] != ri[k] || gi2[k] != ri[k] || !sameElem(gv[k], rv[k]) {
								t.Fatalf("%s: [%d] = %v at %d (argmax %d), want %v at %d", name, k, gv[k], gi[k], gi2[k], rv[k], ri[k])
							}
						}
					}
				}
			}
		}
	}
	if cols == 0 {
		t.Fatal("no case took the column walk")
	}
}

// sameElem compares floats by their bits (a NaN's sign and payload included).
func sameElem[T number](x, y T) bool {
	switch x := any(x).(type) {
	case float32:
		return math.Float32bits(x) == math.Float32bits(any(y).(float32))
	case float64:
		return math.Float64bits(x) == math.Float64bits(any(y).(float64))
	}
	return x == y
}

// TestExtremeColsLayouts checks which layouts take the column walk, so that
// TestExtremeColsMatchRows covers it: the reduced dim not innermost, with at least
// minColInner inner elements.
func TestExtremeColsLayouts(t *testing.T) {
	x := wrap(make([]float32, 6*40*9), []int{6, 40, 9})
	for _, c := range []struct {
		a     *Array
		dim   int
		inner int // 0: the row path
	}{
		{x, 0, 360},
		{x, 1, 9},
		{x, 2, 0},
		{x.Transpose(1, 2), 1, 0},                       // dim 1 (9) is innermost in memory
		{x.Transpose(1, 2), 2, 9},                       // memory order (6, 40, 9), kept dims in order
		{x.Permute(2, 0, 1), 1, 40},                     // the kept dims out of order in memory: a copy
		{x.Permute(2, 0, 1), 0, 0},                      // innermost in memory
		{x.Slice(2, 0, 9, 2), 1, 0},                     // a copy with too few inner elements
		{x.Slice(0, 0, 6, 2), 0, 360},                   // a copy
		{wrap(make([]float32, 4*7), []int{4, 7}), 0, 0}, // too few inner elements
		{x, -1, 0},
	} {
		mask := reduceMask(nil, 3)
		if c.dim >= 0 {
			mask = reduceMask([]int{c.dim}, c.a.Dim())
		}
		_, _, n, inner := colLayout[float32](c.a, mask)
		if inner != c.inner || (inner > 0 && n != c.a.Shape()[c.dim]) {
			t.Errorf("%v strides %v dim %d: n %d, inner %d, want inner %d", c.a.Shape(), c.a.strides(), c.dim, n, inner, c.inner)
		}
	}
}

// TestExtremeColsInterrupt checks that a long column walk stops at the interrupt flag
// and that a short one does not look at it.
func TestExtremeColsInterrupt(t *testing.T) {
	big := FromFloat32(hashFloats(4*interruptEvery, 1), 4*interruptEvery/colWidth, colWidth)
	tall := FromFloat32(hashFloats(4*interruptEvery, 2), 4*interruptEvery/16, 16)
	small := FromFloat32(hashFloats(3*16*100, 3), 3, 16, 100)
	onCores(t, func(t *testing.T) {
		SetInterrupt(true)
		defer SetInterrupt(false)
		small.MaxDim(1, false) // must not panic
		for _, a := range []*Array{big, tall} {
			func() {
				defer func() {
					if e, ok := recover().(*Error); !ok || e.Kind != "KeyboardInterrupt" {
						t.Errorf("%v: recovered %v, want a KeyboardInterrupt", a.Shape(), e)
					}
				}()
				a.MaxDim(0, false)
			}()
		}
	})
}

// extremeDimsGolden is testdata/extreme_dims_golden.json, written by
// gen_extreme_dims.py from torch.max, torch.min, torch.argmax and torch.argmin over a
// dim in PyTorch 1.13 (one thread).
type extremeDimsGolden struct {
	Torch  string `json:"torch"`
	Inputs []struct {
		Shape []int  `json:"shape"`
		View  string `json:"view"`
		DType string `json:"dtype"`
		Data  string `json:"data"`
	} `json:"inputs"`
	Cases []struct {
		Input    int    `json:"input"`
		Op       string `json:"op"`
		Dim      int    `json:"dim"`
		KeepDim  bool   `json:"keepdim"`
		Values   string `json:"values"`
		Indices  string `json:"indices"`
		OutShape []int  `json:"out_shape"`
	} `json:"cases"`
}

// TestExtremeDimsGolden checks values (by their bits: a NaN's sign and payload) and
// indices against PyTorch's on inputs dense with NaNs, ties and signed zeros, on one
// and two cores.
func TestExtremeDimsGolden(t *testing.T) {
	var g extremeDimsGolden
	readGolden(t, "extreme_dims_golden.json", &g)
	if len(g.Cases) == 0 {
		t.Fatal("no cases")
	}
	decode := func(s string) []byte {
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	inputs := make([]*Array, len(g.Inputs))
	for i, in := range g.Inputs {
		b := decode(in.Data)
		var a *Array
		if in.DType == "float32" {
			d := make([]float32, len(b)/4)
			for k := range d {
				d[k] = math.Float32frombits(lebin.LittleEndian.Uint32(b[4*k:]))
			}
			a = wrap(d, in.Shape)
		} else {
			d := make([]float64, len(b)/8)
			for k := range d {
				d[k] = math.Float64frombits(lebin.LittleEndian.Uint64(b[8*k:]))
			}
			a = wrap(d, in.Shape)
		}
		switch in.View {
		case "T":
			a = a.Transpose(-2, -1)
		case "cols2":
			last := len(in.Shape) - 1
			a = a.Slice(last, 0, in.Shape[last], 2)
		}
		inputs[i] = a
	}
	onCores(t, func(t *testing.T) {
		for ci, c := range g.Cases {
			a := inputs[c.Input]
			name := fmt.Sprintf("case %d: %s %v view %q %s dim %d", ci, a.DType(), a.Shape(), g.Inputs[c.Input].View, c.Op, c.Dim)
			var v, i *Array
			switch c.Op {
			case "max":
				v, i = a.MaxDim(c.Dim, c.KeepDim)
			case "min":
				v, i = a.MinDim(c.Dim, c.KeepDim)
			case "argmax":
				i = a.ArgmaxDim(c.Dim, c.KeepDim)
			case "argmin":
				i = a.ArgminDim(c.Dim, c.KeepDim)
			}
			if !slices.Equal(i.Shape(), c.OutShape) {
				t.Fatalf("%s: shape %v, want %v", name, i.Shape(), c.OutShape)
			}
			if got, want := i.Int64s(), decode(c.Indices); len(want) != 8*len(got) {
				t.Fatalf("%s: %d indices, want %d", name, len(got), len(want)/8)
			} else {
				for k, x := range got {
					if w := int64(lebin.LittleEndian.Uint64(want[8*k:])); x != w {
						t.Fatalf("%s: index [%d] = %d, want %d", name, k, x, w)
					}
				}
			}
			if v == nil {
				continue
			}
			var got []byte
			if v.DType() == Float32 {
				for _, x := range contig[float32](v) {
					got = lebin.LittleEndian.AppendUint32(got, math.Float32bits(x))
				}
			} else {
				for _, x := range contig[float64](v) {
					got = lebin.LittleEndian.AppendUint64(got, math.Float64bits(x))
				}
			}
			if want := decode(c.Values); !bytes.Equal(got, want) {
				t.Fatalf("%s: values differ from PyTorch's", name)
			}
		}
	})
}
