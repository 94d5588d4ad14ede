package lrscheduler

import (
	"math"
	"testing"
)

// TestCos: cos (correctly rounded) stays within Go's math.Cos's error of it over the
// arguments schedules use, negative and large ones included; near the zeros of the
// cosine, where math.Cos loses relative accuracy, it gives what glibc's cos (Python's
// math.cos) gives.
func TestCos(t *testing.T) {
	for k := -400; k <= 400; k++ {
		for _, tmax := range []float64{1, 3, 7, 10, 100} {
			x := float64(k) * math.Pi / tmax
			if got, ref := cos(x), math.Cos(x); math.Abs(got-ref) > 0x1p-52 {
				t.Fatalf("cos(%v) = %v, math.Cos %v", x, got, ref)
			}
		}
	}
	for _, c := range []struct{ x, want float64 }{ // from /usr/bin/python3's math.cos
		{math.Pi / 2, 6.123233995736766e-17},
		{-124.09290981679683, 4.917156615687063e-16},
		{0, 1},
		{math.Pi, -1},
	} {
		if got := cos(c.x); got != c.want {
			t.Errorf("cos(%v) = %v, glibc %v", c.x, got, c.want)
		}
	}
}
