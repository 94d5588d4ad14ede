package tensor

import (
	"fmt"
	"math"
	"testing"
)

// convCase is one convolution's sizes and geometry.
type convCase struct {
	n, c, h, w, o, groups int
	g                     Conv2dGeom
	bias                  bool
}

func (c convCase) String() string {
	return fmt.Sprintf("n%d c%d %dx%d o%d groups%d %+v bias=%v", c.n, c.c, c.h, c.w, c.o, c.groups, c.g, c.bias)
}

var convCases = []convCase{
	{n: 3, c: 1, h: 8, w: 8, o: 2, groups: 1, g: Conv2dGeom{KH: 3, KW: 3, SH: 1, SW: 1, DH: 1, DW: 1}, bias: true},
	{n: 2, c: 4, h: 9, w: 7, o: 6, groups: 2, g: Conv2dGeom{KH: 3, KW: 2, SH: 2, SW: 1, PH: 1, PW: 2, DH: 1, DW: 2}, bias: true},
	{n: 4, c: 3, h: 11, w: 11, o: 4, groups: 1, g: Conv2dGeom{KH: 3, KW: 3, SH: 1, SW: 3, PH: 2, PW: 2, DH: 2, DW: 2}},
	{n: 1, c: 2, h: 5, w: 6, o: 3, groups: 1, g: Conv2dGeom{KH: 1, KW: 6, SH: 1, SW: 1, DH: 1, DW: 1}, bias: true},
	{n: 0, c: 2, h: 5, w: 5, o: 2, groups: 1, g: Conv2dGeom{KH: 3, KW: 3, SH: 1, SW: 1, DH: 1, DW: 1}, bias: true},
	{n: 20, c: 6, h: 14, w: 14, o: 16, groups: 1, g: Conv2dGeom{KH: 5, KW: 5, SH: 1, SW: 1, DH: 1, DW: 1}, bias: true},
	{n: 17, c: 1, h: 32, w: 32, o: 6, groups: 1, g: Conv2dGeom{KH: 5, KW: 5, SH: 1, SW: 1, DH: 1, DW: 1}, bias: true},
	// pointwise (1×1, stride 1, no padding): the planes are the columns, nothing unfolded
	{n: 5, c: 6, h: 9, w: 7, o: 4, groups: 2, g: Conv2dGeom{KH: 1, KW: 1, SH: 1, SW: 1, DH: 1, DW: 1}, bias: true},
	{n: 3, c: 3, h: 6, w: 6, o: 2, groups: 1, g: Conv2dGeom{KH: 1, KW: 1, SH: 2, SW: 2, PH: 1, PW: 1, DH: 1, DW: 1}},
	// 500 unfolded rows: more than one of OpenBLAS's K blocks, where the bias being the
	// first term of the sums (not added after them) shows in the bits
	{n: 3, c: 20, h: 7, w: 7, o: 5, groups: 1, g: Conv2dGeom{KH: 5, KW: 5, SH: 1, SW: 1, DH: 1, DW: 1}, bias: true},
}

// convOperands builds x, w, b (b nil without bias) and an output gradient for c.
func convOperands(c convCase, dt DType) (x, w, b, gr *Array) {
	ho, wo := c.g.Out(c.h, c.w)
	mk := func(seed uint64, shape ...int) *Array {
		return FromFloat32(hashFloats(numelOf(shape), seed), shape...).To(dt)
	}
	x = mk(1, c.n, c.c, c.h, c.w)
	w = mk(2, c.o, c.c/c.groups, c.g.KH, c.g.KW)
	if c.bias {
		b = mk(3, c.o)
	}
	return x, w, b, mk(4, c.n, c.o, ho, wo)
}

// directConv is the convolution and its three gradients by their definitions, in
// float64 sums: the reference the unfolding and products are checked against.
func directConv(c convCase, x, w, b, gr *Array) (out, dx, dw, db []float64) {
	ho, wo := c.g.Out(c.h, c.w)
	xs, ws, gs := x.Float64s(), w.Float64s(), gr.Float64s()
	cg, og := c.c/c.groups, c.o/c.groups
	out = make([]float64, c.n*c.o*ho*wo)
	dx, dw, db = make([]float64, len(xs)), make([]float64, len(ws)), make([]float64, c.o)
	for i := 0; i < c.n; i++ {
		for oc := 0; oc < c.o; oc++ {
			k := oc / og
			for oy := 0; oy < ho; oy++ {
				for ox := 0; ox < wo; ox++ {
					oi := ((i*c.o+oc)*ho+oy)*wo + ox
					sum, g := 0.0, gs[oi]
					if b != nil {
						sum = b.Float64s()[oc]
					}
					db[oc] += g
					for ch := 0; ch < cg; ch++ {
						for ky := 0; ky < c.g.KH; ky++ {
							for kx := 0; kx < c.g.KW; kx++ {
								y, xx := oy*c.g.SH-c.g.PH+ky*c.g.DH, ox*c.g.SW-c.g.PW+kx*c.g.DW
								if y < 0 || y >= c.h || xx < 0 || xx >= c.w {
									continue
								}
								xi := ((i*c.c+k*cg+ch)*c.h+y)*c.w + xx
								wi := ((oc*cg+ch)*c.g.KH+ky)*c.g.KW + kx
								sum += ws[wi] * xs[xi]
								dx[xi] += ws[wi] * g
								dw[wi] += xs[xi] * g
							}
						}
					}
					out[oi] = sum
				}
			}
		}
	}
	return out, dx, dw, db
}

func closeAll(t *testing.T, what string, got *Array, want []float64, tol float64) {
	t.Helper()
	g := got.Float64s()
	if len(g) != len(want) {
		t.Fatalf("%s: %d values, want %d", what, len(g), len(want))
	}
	for i := range g {
		if math.Abs(g[i]-want[i]) > tol*(1+math.Abs(want[i])) {
			t.Fatalf("%s[%d] = %.10g, want %.10g", what, i, g[i], want[i])
		}
	}
}

// TestConv2dAgainstDirect: the unfolded convolution and its gradients equal the
// definitions' sums, over strides, padding, dilation, groups, no bias and no samples.
func TestConv2dAgainstDirect(t *testing.T) {
	for _, c := range convCases {
		for _, dt := range []DType{Float32, Float64} {
			t.Run(c.String()+dt.String(), func(t *testing.T) {
				x, w, b, gr := convOperands(c, dt)
				out, dx, dw, db := directConv(c, x, w, b, gr)
				tol := 1e-12
				if dt == Float32 {
					tol = 1e-5
				}
				got := Conv2d(x, w, b, c.g, c.groups)
				ho, wo := c.g.Out(c.h, c.w)
				if fmt.Sprint(got.Shape()) != fmt.Sprint([]int{c.n, c.o, ho, wo}) || got.DType() != dt {
					t.Fatalf("out %v %v", got.Shape(), got.DType())
				}
				closeAll(t, "out", got, out, tol)
				gx, gw, gb := Conv2dBackward(gr, x, w, c.g, c.groups, [3]bool{true, true, true})
				closeAll(t, "dx", gx, dx, tol)
				closeAll(t, "dw", gw, dw, tol)
				closeAll(t, "db", gb, db, tol)
				if gx, gw, gb := Conv2dBackward(gr, x, w, c.g, c.groups, [3]bool{false, true, false}); gx != nil || gb != nil || gw == nil {
					t.Error("needs: gradients not asked for were computed")
				}
			})
		}
	}
}

// TestConv2dLoopBits: the forward pass and the input gradient have the bits of
// slow_conv2d's loop over samples and groups (Addmm of the bias, the weights and the
// sample's columns; Col2im of Wᵀ·g), and the float64 weight gradient those of the
// products summed in sample order, whatever the thread count.
func TestConv2dLoopBits(t *testing.T) {
	defer numThreads.Store(0)
	for _, c := range convCases {
		for _, dt := range []DType{Float32, Float64} {
			x, w, b, gr := convOperands(c, dt)
			cg, og := c.c/c.groups, c.o/c.groups
			ho, wo := c.g.Out(c.h, c.w)
			var outs, dxs []*Array
			var dwSum []*Array
			for i := 0; i < c.n; i++ {
				cols := Im2col(x.Slice(0, i, i+1, 1), c.g).Reshape(c.c*c.g.KH*c.g.KW, ho*wo)
				gi := gr.Slice(0, i, i+1, 1).Reshape(c.o, ho*wo)
				for k := 0; k < c.groups; k++ {
					wk := w.Slice(0, k*og, (k+1)*og, 1).Reshape(og, -1)
					ck := cols.Slice(0, k*cg*c.g.KH*c.g.KW, (k+1)*cg*c.g.KH*c.g.KW, 1)
					gk := gi.Slice(0, k*og, (k+1)*og, 1)
					if b != nil {
						outs = append(outs, Addmm(b.Slice(0, k*og, (k+1)*og, 1).Reshape(og, 1), wk, ck))
					} else {
						outs = append(outs, wk.Mm(ck))
					}
					dxs = append(dxs, Col2im(wk.T().Mm(gk).Unsqueeze(0), cg, c.h, c.w, c.g))
					p := gk.Mm(ck.T())
					if i == 0 {
						dwSum = append(dwSum, p)
					} else {
						dwSum[k] = dwSum[k].Add(p)
					}
				}
			}
			for _, threads := range []int{1, 2} {
				SetNumThreads(threads)
				name := fmt.Sprintf("%v %v, %d threads", c, dt, threads)
				out := Conv2d(x, w, b, c.g, c.groups)
				dx, dw, _ := Conv2dBackward(gr, x, w, c.g, c.groups, [3]bool{true, true, false})
				if c.n == 0 {
					continue
				}
				if !bitsEqual(out, Cat(outs, 0).Reshape(c.n, c.o, ho, wo)) {
					t.Errorf("%s: forward differs from the loop's bits", name)
				}
				if !bitsEqual(dx, Cat(dxs, 1).Reshape(x.Shape()...)) {
					t.Errorf("%s: input gradient differs from the loop's bits", name)
				}
				if dt == Float64 && !bitsEqual(dw, Cat(dwSum, 0).Reshape(w.Shape()...)) {
					t.Errorf("%s: weight gradient differs from the products summed in order", name)
				}
			}
		}
	}
}

// TestConv2dThreadsKeepBits: one thread and two give the same bits for every output.
func TestConv2dThreadsKeepBits(t *testing.T) {
	defer numThreads.Store(0)
	c := convCase{n: 64, c: 1, h: 32, w: 32, o: 6, groups: 1, g: Conv2dGeom{KH: 5, KW: 5, SH: 1, SW: 1, DH: 1, DW: 1}, bias: true}
	for _, dt := range []DType{Float32, Float64} {
		x, w, b, gr := convOperands(c, dt)
		var res [2][4]*Array
		for k, threads := range []int{1, 2} {
			SetNumThreads(threads)
			res[k][0] = Conv2d(x, w, b, c.g, 1)
			res[k][1], res[k][2], res[k][3] = Conv2dBackward(gr, x, w, c.g, 1, [3]bool{true, true, true})
		}
		for i, name := range []string{"out", "dx", "dw", "db"} {
			if !bitsEqual(res[0][i], res[1][i]) {
				t.Errorf("%v %s: bits differ between 1 and 2 threads", dt, name)
			}
		}
	}
}

func TestConv2dErrors(t *testing.T) {
	g := Conv2dGeom{KH: 3, KW: 3, SH: 1, SW: 1, DH: 1, DW: 1}
	x, w := Ones(2, 4, 8, 8), Ones(6, 2, 3, 3)
	for _, tc := range []struct {
		name string
		f    func()
		msg  string
	}{
		{"3-D input", func() { Conv2d(Ones(4, 8, 8), w, nil, g, 2) }, "conv2d: expected 4-D input and weight, got [4, 8, 8] and [6, 2, 3, 3]"},
		{"dtypes", func() { Conv2d(x.To(Float64), w, nil, g, 2) }, "expected scalar type Double but found Float"},
		{"ints", func() { Conv2d(x.To(Int64), w.To(Int64), nil, g, 2) }, "\"slow_conv2d_cpu\" not implemented for 'Long'"},
		{"groups", func() { Conv2d(x, w, nil, g, 1) }, "Given groups=1, weight of size [6, 2, 3, 3], expected input[2, 4, 8, 8] to have 2 channels, but got 4 channels instead"},
		{"bias", func() { Conv2d(x, w, Ones(5), g, 2) }, "Given weight of size [6, 2, 3, 3], expected bias to be 1-dimensional with 6 elements, but got bias of size [5] instead"},
		{"gradient", func() { Conv2dBackward(Ones(2, 6, 5, 5), x, w, g, 2, [3]bool{true, true, true}) }, "conv2d backward: expected a gradient of size [2, 6, 6, 6] and dtype float32, got [2, 6, 5, 5] and float32"},
	} {
		if e := mustPanic(t, tc.f); e.Kind != "RuntimeError" || e.Msg != tc.msg {
			t.Errorf("%s: %s: %q", tc.name, e.Kind, e.Msg)
		}
	}
	if got := Conv2d(x, w, nil, g, 2).Shape(); fmt.Sprint(got) != "[2 6 6 6]" {
		t.Errorf("after the errors: %v", got)
	}
}
