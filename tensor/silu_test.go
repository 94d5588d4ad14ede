package tensor

import (
	"fmt"
	"testing"
)

// Silu and SiluBackward give PyTorch's float32 bits (testdata/silu_golden.json,
// gen_silu.py) on every SIMD path, over every remainder of its 16-element blocks.
func TestSiluGolden(t *testing.T) {
	var golden struct {
		Cases []struct{ X, Y, G, Gx []string }
	}
	readGolden(t, "silu_golden.json", &golden)
	forEachSIMD(t, func(t *testing.T) {
		for _, c := range golden.Cases {
			t.Run(fmt.Sprint(len(c.X)), func(t *testing.T) {
				n := []int{len(c.X)}
				x := fromHex32(c.X, n)
				sameHex32(t, "silu", x.Silu(), c.Y)
				sameHex32(t, "backward", SiluBackward(fromHex32(c.G, n), x), c.Gx)
			})
		}
	})
}
