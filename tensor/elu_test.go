package tensor

import (
	"fmt"
	"testing"
)

// Elu and EluBackward give PyTorch's float32 bits (testdata/activations_golden.json,
// gen_activations.py) on every SIMD path, over every remainder of its 16-element
// blocks.
func TestEluGolden(t *testing.T) {
	var golden struct {
		Elu []struct {
			Alpha       float64
			X, Y, G, Gx []string
		}
	}
	readGolden(t, "activations_golden.json", &golden)
	forEachSIMD(t, func(t *testing.T) {
		for _, c := range golden.Elu {
			t.Run(fmt.Sprint(c.Alpha, len(c.X)), func(t *testing.T) {
				n := []int{len(c.X)}
				x := fromHex32(t, c.X, n)
				sameHex32(t, "elu", x.Elu(c.Alpha), c.Y)
				sameHex32(t, "backward", EluBackward(fromHex32(t, c.G, n), x, c.Alpha), c.Gx)
			})
		}
	})
}
