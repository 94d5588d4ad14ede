package autograd

import "testing"

// The allocation contract of small graphs. On a scalar graph the engine's own work is a
// few dozen additions; allocations are what it pays for, so their count is part of the
// design (see "Speed on small graphs" in doc.go) and a change that adds one fails here.
// Counts, not times: testing.AllocsPerRun is exact and does not depend on the machine.
func TestAllocationContract(t *testing.T) {
	x := New([]float32{3}, RequiresGrad)
	w := New([]float32{2}, RequiresGrad)
	b := New([]float32{1}, RequiresGrad)
	c, d := New([]float32{1, 2}), New([]float32{3, 4})
	X, Y := New([]float32{1, 2, 3, 4}), New([]float32{2, 4, 6, 8})
	W := New(float32(0), RequiresGrad)
	cases := []struct {
		name string
		f    func()
		want float64
	}{
		// relu(x*w+b) and its backward: one block per recorded op (node, result
		// tensor and its elements) and one chunk of rooms for the pass's results.
		{"scalar graph forward and backward", func() {
			x.Mul(w).Add(b).Relu().Backward()
			x.SetGrad(nil)
			w.SetGrad(nil)
			b.SetGrad(nil)
		}, 4},
		// An epoch of seed 001's gradient descent: forward, mean squared error,
		// backward, the step under NoGrad and the gradient zeroed.
		{"gradient descent epoch", func() {
			l := Y.Sub(W.Mul(X)).Pow(2).Mean()
			l.Backward()
			NoGrad(func() { W.Sub_(W.Grad().Mul(0.01)) })
			W.Grad().Zero_()
		}, 23}, // reductions' scratch (reduceMask, multiRowSum) is tiny and pointer-free: how the runtime packs it in 16-byte blocks moves this count by one when tensor's code changes
		{"recorded small binary op", func() { _ = x.Mul(w) }, 1},
		{"recorded small op with a number", func() { _ = x.Add(1) }, 1},
		{"recorded small unary op", func() { _ = x.Relu() }, 1},
		{"small op, nothing recorded", func() { _ = c.Mul(d) }, 1},
		{"small unary op, nothing recorded", func() { _ = c.Neg() }, 1},
		{"small op under NoGrad", func() { NoGrad(func() { _ = x.Mul(w) }) }, 1},
	}
	for _, c := range cases {
		if got := testing.AllocsPerRun(100, c.f); got != c.want {
			t.Errorf("%s: %v allocations, want %v", c.name, got, c.want)
		}
	}
}
