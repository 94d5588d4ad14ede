package tensor

import (
	"math"
	"strconv"
	"testing"
)

// TestActivationGradTorch checks SigmoidBackward and TanhBackward against torch's
// sigmoid_backward and tanh_backward bit for bit (testdata/gen_activation_grad.py), from
// torch's own activation results, on every SIMD path: 1000 elements, SIMD blocks and
// tails, float32 and float64.
func TestActivationGradTorch(t *testing.T) {
	var golden struct {
		N     int
		Cases []struct {
			Op, DType string
			Y, Want   []string
		}
	}
	readGolden(t, "activation_grad_golden.json", &golden)
	forEachSIMD(t, func(t *testing.T) {
		for _, c := range golden.Cases {
			dt := Float32
			if c.DType == "float64" {
				dt = Float64
			}
			bits := func(s []string) []float64 {
				out := make([]float64, len(s))
				for i, h := range s {
					b, err := strconv.ParseUint(h, 16, 64)
					if err != nil {
						t.Fatal(err)
					}
					if dt == Float32 {
						out[i] = float64(math.Float32frombits(uint32(b)))
					} else {
						out[i] = math.Float64frombits(b)
					}
				}
				return out
			}
			y := FromFloat64(bits(c.Y)).To(dt)
			g := FromFloat32(hashFloats(golden.N, 2)).Mul(2).Sub(1).To(dt)
			f := SigmoidBackward
			if c.Op == "tanh" {
				f = TanhBackward
			}
			got, want := f(g, y).Float64s(), bits(c.Want)
			mismatch := 0
			for i := range want {
				if math.Float64bits(got[i]) != math.Float64bits(want[i]) {
					if mismatch == 0 {
						t.Errorf("%s %s: element %d (g %v, y %v) = %v, torch %v", c.Op, c.DType, i, g.At(i), y.At(i), got[i], want[i])
					}
					mismatch++
				}
			}
			if mismatch > 0 {
				t.Errorf("%s %s: %d of %d elements differ from torch", c.Op, c.DType, mismatch, len(want))
			}
		}
	})
}
