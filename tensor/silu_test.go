package tensor

import (
	"fmt"
	"testing"
)

// Silu and SiluBackward give PyTorch's float32 bits (testdata/activations_golden.json,
// gen_activations.py) on every SIMD path, over every remainder of its 16-element
// blocks.
func TestSiluGolden(t *testing.T) {
	var golden struct {
		Silu []struct{ X, Y, G, Gx []string }
	}
	readGolden(t, "activations_golden.json", &golden)
	forEachSIMD(t, func(t *testing.T) {
		for _, c := range golden.Silu {
			t.Run(fmt.Sprint(len(c.X)), func(t *testing.T) {
				n := []int{len(c.X)}
				x := fromHex32(t, c.X, n)
				sameHex32(t, "silu", x.Silu(), c.Y)
				sameHex32(t, "backward", SiluBackward(fromHex32(t, c.G, n), x), c.Gx)
			})
		}
	})
}
