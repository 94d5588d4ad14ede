package tensor

import (
	"fmt"
	"testing"
)

// TestDotOpenBLAS checks float32 Dot against torch.dot on OpenBLAS (testdata/gen_dot.py):
// contiguous vectors below, at and above the micro-kernel's 32-element blocks, and
// strided views.
func TestDotOpenBLAS(t *testing.T) {
	var golden struct {
		Cases []struct {
			N, Seed int
			StepX   int `json:"step_x"`
			StepY   int `json:"step_y"`
			Want    float64
		}
	}
	readGolden(t, "dot_golden.json", &golden)
	operand := func(n, seed, step int) *Array {
		v := FromFloat32(hashFloats(n*step, uint64(seed))).Mul(2).Sub(1)
		return v.Slice(0, 0, n*step, step)
	}
	for _, c := range golden.Cases {
		x, y := operand(c.N, c.Seed, c.StepX), operand(c.N, c.Seed+1, c.StepY)
		got := x.Dot(y)
		if got.DType() != Float32 || got.Dim() != 0 {
			t.Fatalf("n=%d: dtype %v dim %d", c.N, got.DType(), got.Dim())
		}
		if g := got.Item(); g != c.Want {
			t.Errorf("n=%d seed=%d steps %d,%d: got %.9g, want %.9g", c.N, c.Seed, c.StepX, c.StepY, g, c.Want)
		}
	}
}

// TestDotSeed001 is seed 001's numpy gradient descent (reference cell 30), whose
// gradient np.dot(2*x, y_pred-y) is OpenBLAS's sdot: the printed losses are the
// reference's.
func TestDotSeed001(t *testing.T) {
	want := []string{"30.00000000", "4.79999924", "0.76800019", "0.12288000", "0.01966083",
		"0.00314574", "0.00050331", "0.00008053", "0.00001288", "0.00000206"}
	X := New([]float32{1, 2, 3, 4})
	Y := New([]float32{2, 4, 6, 8})
	W := 0.0
	for epoch, w := range want {
		yPred := X.Mul(W)
		l := Y.Sub(yPred).Pow(2).Mean()
		dw := X.Mul(2).Dot(yPred.Sub(Y)).Mean()
		W -= 0.01 * dw.Item()
		if got := fmt.Sprintf("%.8f", l.Item()); got != w {
			t.Errorf("epoch %d: loss=%s, want %s", epoch+1, got, w)
		}
	}
}
