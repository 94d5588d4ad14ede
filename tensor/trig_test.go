package tensor

import (
	"math"
	"math/rand"
	"testing"
)

// TestTrig32 checks the fast float32 sin and cos against the correctly rounded
// float32(math.Sin(float64(x))) over random inputs of every scale and special values.
func TestTrig32(t *testing.T) {
	r := rand.New(rand.NewSource(5))
	xs := []float32{0, float32(math.Copysign(0, -1)), 1e-30, -1e-30, 1e-8, 0.5, 1, math.Pi / 4,
		math.Pi / 2, math.Pi, 3 * math.Pi / 2, 2 * math.Pi, 100, -100, 1e5, 1 << 20, -(1 << 20), 1e7, 3e38,
		float32(math.Inf(1)), float32(math.Inf(-1)), float32(math.NaN())}
	for i := 0; i < 2000000; i++ {
		scale := math.Pow(10, float64(r.Intn(12)-6))
		xs = append(xs, float32((r.Float64()*2-1)*scale))
	}
	bad := 0
	for _, x := range xs {
		for _, c := range []struct {
			name      string
			got, want float32
		}{
			{"sin", sin32(x), float32(math.Sin(float64(x)))},
			{"cos", cos32(x), float32(math.Cos(float64(x)))},
		} {
			if math.Float32bits(c.got) != math.Float32bits(c.want) && !(c.got != c.got && c.want != c.want) {
				if bad < 5 {
					t.Errorf("%s(%v) = %v, want %v", c.name, x, c.got, c.want)
				}
				bad++
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d mismatches", bad)
	}
}

// TestSigmoidBackward checks the fused gradient against its three-op formula in
// PyTorch's order, (g·(1-y))·y, on both dtypes and with a broadcast grad.
func TestSigmoidBackward(t *testing.T) {
	forEachSIMD(t, testSigmoidBackward)
}

func testSigmoidBackward(t *testing.T) {
	for _, n := range append(rangeInts(68), 1000, 70001) {
		for _, dt := range []DType{Float32, Float64} {
			g, y := FromFloat32(expInputs(n, 5)).To(dt), FromFloat32(hashFloats(n, 6)).To(dt)
			got := SigmoidBackward(g, y).Float64s()
			want := g.Mul(y.Neg().Add(1)).Mul(y).Float64s()
			for i := range want {
				if got[i] != want[i] && !(got[i] != got[i] && want[i] != want[i]) {
					t.Fatalf("%v n=%d: [%d] = %v, want %v", dt, n, i, got[i], want[i])
				}
			}
		}
	}
	for _, dt := range []DType{Float32, Float64} {
		y := FromFloat32(hashFloats(100, 3), 10, 10).To(dt).Sigmoid()
		for _, g := range []*Array{FromFloat32(hashFloats(100, 4), 10, 10).To(dt), FromFloat32(hashFloats(10, 5), 10).To(dt)} {
			got := SigmoidBackward(g, y).Float64s()
			want := g.Mul(y.Neg().Add(1)).Mul(y).Float64s()
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("%v: [%d] = %v, want %v", dt, i, got[i], want[i])
				}
			}
		}
	}
	if e := mustPanic(t, func() { SigmoidBackward(Ones(2).To(Int64), Ones(2).To(Int64)) }); e.Msg != "\"sigmoid_backward_cpu\" not implemented for 'Long'" {
		t.Errorf("int64: %q", e.Msg)
	}
}

// TestSinCosMatchTorch compares Sin and Cos of float32 with torch's (testdata/
// trig_golden.json, from testdata/gen_trig.py), on each SIMD path: bit for bit in the
// groups of 8 on SLEEF's fast path (every element below 125 in magnitude), within one
// ulp in the others, which SLEEF reduces another way and this package rounds correctly.
func TestSinCosMatchTorch(t *testing.T) {
	var g struct{ X, Sin, Cos []uint32 }
	readGolden(t, "trig_golden.json", &g)
	if len(g.X) < 1000 || len(g.Sin) != len(g.X) || len(g.Cos) != len(g.X) {
		t.Fatalf("golden: %d inputs, %d sin, %d cos", len(g.X), len(g.Sin), len(g.Cos))
	}
	in := make([]float32, len(g.X))
	for i, b := range g.X {
		in[i] = math.Float32frombits(b)
	}
	forEachSIMD(t, func(t *testing.T) {
		x := FromFloat32(in)
		for _, c := range []struct {
			name      string
			got, want []uint32
		}{{"sin", bitsOf(x.Sin().Float32s()), g.Sin}, {"cos", bitsOf(x.Cos().Float32s()), g.Cos}} {
			exact, near := 0, 0
			for i, w := range c.want {
				lo := i / sleefGroup * sleefGroup
				gv, wv := math.Float32frombits(c.got[i]), math.Float32frombits(w)
				if sleefGroupOK(in[lo:min(lo+sleefGroup, len(in))]) {
					exact++
					if c.got[i] != w {
						t.Errorf("%s(%v) = %v, torch %v", c.name, in[i], gv, wv)
					}
				} else {
					near++
					if !withinULP(float64(gv), float64(wv), Float32) {
						t.Errorf("%s(%v) = %v, torch %v (group off the fast path)", c.name, in[i], gv, wv)
					}
				}
			}
			if exact < len(in)/2 || near == 0 {
				t.Errorf("%s: %d exact, %d within an ulp: the golden should hold both kinds", c.name, exact, near)
			}
		}
	})
}

func bitsOf(v []float32) []uint32 {
	out := make([]uint32, len(v))
	for i, f := range v {
		out[i] = math.Float32bits(f)
	}
	return out
}
