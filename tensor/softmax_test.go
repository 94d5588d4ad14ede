package tensor

import (
	"fmt"
	"math"
	"strconv"
	"testing"
)

// Softmax, LogSoftmax and their backward give PyTorch's float32 bits over the last
// dim and over other dims (testdata/softmax_golden.json, gen_softmax.py), on every SIMD
// path.
func TestSoftmaxGolden(t *testing.T) {
	var golden struct {
		Cases []struct {
			Shape       []int
			Dim         int
			X, Y, G, Gx []string
			Ly, Lgx     []string
		}
	}
	readGolden(t, "softmax_golden.json", &golden)
	forEachSIMD(t, func(t *testing.T) {
		for _, c := range golden.Cases {
			t.Run(fmt.Sprint(c.Shape, c.Dim), func(t *testing.T) {
				x, g := fromHex32(t, c.X, c.Shape), fromHex32(t, c.G, c.Shape)
				y := x.Softmax(c.Dim)
				sameHex32(t, "softmax", y, c.Y)
				sameHex32(t, "backward", SoftmaxBackward(g, fromHex32(t, c.Y, c.Shape), c.Dim), c.Gx)
				sameHex32(t, "log_softmax", x.LogSoftmax(c.Dim), c.Ly)
				sameHex32(t, "log_softmax backward", LogSoftmaxBackward(g, fromHex32(t, c.Ly, c.Shape), c.Dim), c.Lgx)
			})
		}
	})
}

// fromHex32 is a float32 array of the given shape from a golden's bit patterns.
func fromHex32(t *testing.T, hex []string, shape []int) *Array {
	return FromFloat32(decodeBits32(t, hex), shape...)
}

func sameHex32(t *testing.T, what string, a *Array, want []string) {
	t.Helper()
	got := contig[float32](a)
	bad := 0
	for i, v := range got {
		if strconv.FormatUint(uint64(math.Float32bits(v)), 16) != want[i] {
			if bad == 0 {
				b, _ := strconv.ParseUint(want[i], 16, 32)
				t.Errorf("%s[%d] = %v, torch %v", what, i, v, math.Float32frombits(uint32(b)))
			}
			bad++
		}
	}
	if bad > 0 {
		t.Errorf("%s: %d of %d elements differ from torch's bits", what, bad, len(got))
	}
}
