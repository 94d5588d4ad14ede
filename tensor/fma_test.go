package tensor

import (
	"math"
	"math/rand"
	"testing"
)

// TestFmafMatchesFma32 checks the fast fused multiply-add against the exact one (round
// to odd, then to float32) on random operands of every scale, exact cancellations
// (zero results, either sign), float32 subnormal and overflowing results, and
// products that land halfway between two float32 values.
func TestFmafMatchesFma32(t *testing.T) {
	r := rand.New(rand.NewSource(3))
	f := func() float32 {
		return float32((r.Float64()*2 - 1) * math.Pow(2, float64(r.Intn(300)-150)))
	}
	check := func(x, y, z float32) {
		if got, want := fmaf(x, y, z), fma32(x, y, z); math.Float32bits(got) != math.Float32bits(want) && !(got != got && want != want) {
			t.Fatalf("fmaf(%g, %g, %g) = %g, fma32 %g", x, y, z, got, want)
		}
	}
	for range 1000000 {
		x, y := f(), f()
		check(x, y, f())
		p := float32(float64(x) * float64(y))
		check(x, y, -p)                                            // cancels up to the product's rounding error
		check(x, y, math.Nextafter32(-p, 0))                       // near cancellation
		check(1+float32(r.Intn(1<<12))/(1<<12), 1+1.0/(1<<12), -1) // halfway cases
	}
	for _, c := range [][3]float32{{0, 0, 0}, {-1, 0, 0}, {-0.0, 1, float32(math.Copysign(0, -1))},
		{1e-30, 1e-30, 0}, {3e38, 2, 0}, {3e38, 2, -3e38}, {float32(math.Inf(1)), 0, 1}, {float32(math.NaN()), 1, 1}} {
		check(c[0], c[1], c[2])
	}
}
