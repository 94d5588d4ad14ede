package autograd

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/gograd/gograd/tensor"
)

func vals(t *Tensor) []float64 {
	if t == nil {
		return nil
	}
	return t.Float64s()
}

func eqVals(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestEngine(t *testing.T) {
	cases := []struct {
		name string
		run  func() []float64 // the values under test
		want []float64
	}{
		// torch's relu backward is threshold_backward(g, result, 0): g unless result <= 0,
		// so a NaN result passes the gradient (torch 1.13: relu(nan).backward() gives
		// x.grad tensor([1.]); checked in tensor/testdata's threshold_backward goldens).
		{"relu passes the gradient at NaN", func() []float64 {
			x := New([]float32{float32(math.NaN()), -1, 0, 2}, RequiresGrad)
			x.Relu().Sum().Backward()
			return vals(x.Grad())
		}, []float64{1, 0, 0, 1}},
		{"relu's double backward masks as its backward does", func() []float64 {
			x := New([]float64{-1, 0, 2}, RequiresGrad)
			g := Grad(x.Relu().Mul(x).Sum(), x, CreateGraph)[0] // relu(x) + x*[x>0]
			return vals(Grad(g.Sum(), x)[0])                    // 2*[x>0]
		}, []float64{0, 0, 2}},
		{"accumulates across backward calls", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			x.Mul(3).Sum().Backward()
			x.Mul(x).Sum().Backward()
			return vals(x.Grad()) // 3 + 2x
		}, []float64{5, 7}},
		{"a graph that saved nothing runs twice", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			s := x.Add(x).Sum()
			s.Backward()
			s.Backward()
			return vals(x.Grad())
		}, []float64{4, 4}},
		{"retain_graph allows a second pass", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			s := x.Sin().Sum()
			s.Backward(RetainGraph)
			s.Backward()
			c := x.Detach().Cos().Mul(2)
			return append(vals(x.Grad()), vals(c)...)
		}, nil},
		{"hook replaces the gradient", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			y := x.Mul(2)
			y.RegisterHook(func(g *Tensor) *Tensor { return g.Mul(10) })
			x.RegisterHook(func(g *Tensor) *Tensor { return g.Add(1) })
			y.Sum().Backward()
			return vals(x.Grad()) // (1*10)*2 + 1
		}, []float64{21, 21}},
		{"hook returning nil keeps the gradient", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			var seen *Tensor
			x.RegisterHook(func(g *Tensor) *Tensor { seen = g; return nil })
			x.Mul(3).Sum().Backward()
			return append(vals(x.Grad()), vals(seen)...)
		}, []float64{3, 3, 3, 3}},
		{"retain_grad keeps a non-leaf gradient", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			y := x.Mul(x)
			y.RetainGrad()
			y.Mul(3).Sum().Backward()
			return vals(y.Grad())
		}, []float64{3, 3}},
		{"grad does not touch .grad", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			g := Grad(x.Mul(x).Sum(), x)
			if x.Grad() != nil {
				return nil
			}
			return vals(g[0])
		}, []float64{2, 4}},
		{"no_grad records nothing", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			var y *Tensor
			NoGrad(func() { y = x.Mul(2) })
			if y.RequiresGrad() || y.GradFn() != nil || !IsGradEnabled() {
				return nil
			}
			return vals(y)
		}, []float64{2, 4}},
		{"broadcast gradients sum back", func() []float64 {
			a := New([][]float64{{1, 2, 3}, {4, 5, 6}}, RequiresGrad)
			b := New([]float64{1, 1, 1}, RequiresGrad)
			a.Mul(b).Sum().Backward()
			return vals(b.Grad())
		}, []float64{5, 7, 9}},
		{"item assignment flows through CopySlices", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			y := Zeros(3)
			y.Set(x.Index(0).Mul(3), 0)
			y.Set(x.Index(1).Pow(2), 2)
			y.Backward(Gradient(New([]float64{1, 10, 100})))
			return vals(x.Grad()) // 3, 100*2*2
		}, []float64{3, 400}},
		{"overwritten value gets no gradient", func() []float64 {
			x := New([]float64{1, 2}, RequiresGrad)
			y := x.Mul(1)
			y.Set(5.0, 0)
			y.Sum().Backward()
			return vals(x.Grad())
		}, []float64{0, 1}},
		{"views share the version counter, .data does not", func() []float64 {
			x := New([]float64{1, 2})
			v := x.Index(0)
			d := x.Detach()
			v.Add_(1)
			x.Data().Add_(1)
			return []float64{float64(x.Version()), float64(d.Version()), float64(v.Version())}
		}, []float64{1, 1, 1}},
		{"in-place under no_grad updates a leaf", func() []float64 {
			w := New([]float64{1, 2}, RequiresGrad)
			w.Mul(w).Sum().Backward()
			NoGrad(func() { w.Sub_(w.Grad().Mul(0.5)) })
			w.Grad().Zero_()
			return append(vals(w), vals(w.Grad())...)
		}, []float64{0, 0, 0, 0}},
		{"create_graph gradient has history", func() []float64 {
			x := New([]float64{2}, RequiresGrad)
			g := Grad(x.Pow(3), x, CreateGraph)[0]
			if g.GradFn() == nil || g.GradFn().Name() != "MulBackward0" {
				return nil
			}
			return vals(Grad(g, x)[0]) // 6x
		}, []float64{12}},
		{"backward with create_graph accumulates a differentiable grad", func() []float64 {
			x := New([]float64{3}, RequiresGrad)
			x.Pow(2).Sum().Backward(CreateGraph)
			g := x.Grad()
			x.SetGrad(nil)
			g.Sum().Backward()
			return vals(x.Grad())
		}, []float64{2}},
	}
	for _, c := range cases {
		got := c.run()
		want := c.want
		if c.name == "retain_graph allows a second pass" {
			want = got[2:]
			got = got[:2]
		}
		if !eqVals(got, want) {
			t.Errorf("%s: got %v, want %v", c.name, got, want)
		}
	}
}

// A failing backward leaves leaves' gradients as they were.
func TestFailedBackwardChangesNothing(t *testing.T) {
	x := New([]float64{1, 2}, RequiresGrad)
	k := New([]float64{1, 2})
	s := x.Mul(3).Add(x.Mul(k)).Sum()
	k.Add_(1) // x*k saved k: the pass must fail
	if msg := panicText(func() { s.Backward() }); msg == "no error" {
		t.Fatal("expected the saved-tensor version error")
	}
	if x.Grad() != nil {
		t.Fatalf("x.grad = %v after a failed backward", x.Grad())
	}
}

// The engine stops between nodes when the kernel raises the interrupt flag.
func TestBackwardInterrupt(t *testing.T) {
	x := New([]float64{1, 2}, RequiresGrad)
	y := x
	for i := 0; i < 10; i++ {
		y = y.Mul(1.5)
	}
	tensor.SetInterrupt(true)
	defer tensor.SetInterrupt(false)
	defer func() {
		e, _ := recover().(*tensor.Error)
		if e == nil || e.Kind != "KeyboardInterrupt" {
			t.Fatalf("got %v, want a KeyboardInterrupt", e)
		}
		if x.Grad() != nil {
			t.Fatal("interrupted backward changed x.grad")
		}
	}()
	y.Sum().Backward()
}

func TestFormatting(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{PyFloat(0.25), "0.25"},
		{PyFloat(-1), "-1.0"},
		{PyFloat(192), "192.0"},
		{PyFloat(1e-5), "1e-05"},
		{PyFloat(1e16), "1e+16"},
		{PyFloat(123456789.5), "123456789.5"},
		{Size{2, 3}.String(), "torch.Size([2, 3])"},
		{Size{}.String(), "torch.Size([])"},
		{Float32.String(), "torch.float32"},
		{FormatValue([]int{100}), "(100,)"},
		{FormatValue([]int{100, 5}), "(100, 5)"},
		{FormatValue(false), "False"},
		{FormatValue(nil), "None"},
		{FormatValue(2.5), "2.5"},
		{FormatValue(2), "2"},
		{Str((*Tensor)(nil)), "None"},
		{Tuple{nil}.String(), "(None,)"},
		{fmt.Sprint((*Tensor)(nil)), "None"},
		{fmt.Sprintf("%.3f|%g|%g|%g", New(0.25), New(-1.0), New(3), New([]int{3})), "0.250|-1.0|3|tensor([3])"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

// A hook may run a backward pass of its own (torch's reentrant backward) over nodes the
// outer pass is still using.
func TestReentrantBackward(t *testing.T) {
	x := New([]float64{1, 2}, RequiresGrad)
	z := New([]float64{3}, RequiresGrad)
	y := x.Mul(x)
	var inner []float64
	depth := 0
	y.RegisterHook(func(g *Tensor) *Tensor {
		depth++
		defer func() { depth-- }()
		if depth > 1 { // the inner pass reaches this hook too
			return nil
		}
		EnableGrad(func() { // hooks run with grad mode off, as in torch
			inner = vals(Grad(y.Sum(), x, RetainGraph)[0])
			z.Mul(z).Sum().Backward()
		})
		return nil
	})
	y.Sum().Backward(RetainGraph)
	if !eqVals(inner, []float64{2, 4}) || !eqVals(vals(x.Grad()), []float64{2, 4}) || !eqVals(vals(z.Grad()), []float64{6}) {
		t.Fatalf("inner %v, x.grad %v, z.grad %v", inner, vals(x.Grad()), vals(z.Grad()))
	}
}

// Hooks run in the order torch's engine takes the nodes: the newest ready node first,
// and a leaf's AccumulateGrad as soon as it is ready (its sequence number is the
// largest). The expected orders are what testdata/hook_order.py prints with torch 1.13.
func TestHookOrder(t *testing.T) {
	cases := []struct {
		name  string
		build func() (out *Tensor, named map[string]*Tensor)
		want  string
	}{
		{"chain beside a leaf", func() (*Tensor, map[string]*Tensor) {
			a, b := New(float32(1), RequiresGrad), New(float32(2), RequiresGrad)
			w := a.Mul(1)
			u := b.Mul(3)
			v := u.Mul(4)
			return a.Mul(v).Add(w), map[string]*Tensor{"a": a, "b": b, "u": u, "v": v, "w": w}
		}, "v u b w a"},
		{"leaf used early and late", func() (*Tensor, map[string]*Tensor) {
			a, b := New(float32(1), RequiresGrad), New(float32(2), RequiresGrad)
			z := b.Mul(1)
			w := a.Mul(1)
			u := b.Mul(3)
			v := u.Mul(4)
			return a.Mul(v).Add(w).Add(z), map[string]*Tensor{"a": a, "b": b, "u": u, "v": v, "w": w, "z": z}
		}, "v u w a z b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, named := c.build()
			var order []string
			for name, x := range named {
				x.RegisterHook(func(*Tensor) *Tensor { order = append(order, name); return nil })
			}
			out.Backward()
			if got := strings.Join(order, " "); got != c.want {
				t.Errorf("hooks ran in the order %q, torch's is %q", got, c.want)
			}
		})
	}
}

// While a pass runs, small results share chunks of rooms; a big result gets its own
// tensor and leaves its slot to the next small one, so no chunk keeps a big array alive.
func TestPassRoomChunks(t *testing.T) {
	restore := passRooms()
	small := func(v float32) *Tensor { return New([]float32{v}).Mul(2) }
	a := small(1)
	first := rooms.chunk
	if a != &first[0].t {
		t.Fatal("the first small result is not in the chunk's first slot")
	}
	big := Ones(100).Mul(2)
	if rooms.next != 1 {
		t.Fatalf("a big result took a slot: next is %d, want 1", rooms.next)
	}
	b := small(2)
	if b != &first[1].t {
		t.Fatal("the slot the big result left free was not reused")
	}
	for i := 3; i <= roomChunk+1; i++ {
		_ = small(float32(i))
	}
	if rooms.chunk == first || rooms.next != 1 {
		t.Fatalf("a full chunk was not replaced (next %d)", rooms.next)
	}
	if a.Item() != 2 || b.Item() != 4 || big.Sum().Item() != 200 {
		t.Fatalf("results %v %v %v", a.Item(), b.Item(), big.Sum().Item())
	}
	restore()
	if rooms.on || rooms.chunk != nil {
		t.Fatal("restore left the chunks on")
	}
	// Outside a pass every result has its own allocation.
	x, y := New([]float32{1}), New([]float32{2})
	if allocs := testing.AllocsPerRun(50, func() { _ = x.Mul(y) }); allocs != 1 {
		t.Fatalf("%v allocations for a Mul outside a pass, want 1", allocs)
	}
}

// A pass started by a hook may reach nodes the outer pass has yet to run (and
// overwrite the hints by which a pass finds their states): the outer pass must still
// run each of them once, with the right gradient. The chain is long enough that the
// pass's tables grow past their first size.
func TestNestedPassOverSharedNodes(t *testing.T) {
	x := New([]float64{1}, RequiresGrad, Float64)
	const n = 100
	y := x
	var mid *Tensor
	for i := range n {
		y = y.Mul(1.01)
		if i == n/2 {
			mid = y
		}
	}
	var inner float64
	depth := 0
	mid.RegisterHook(func(g *Tensor) *Tensor {
		depth++
		defer func() { depth-- }()
		if depth > 1 { // the inner pass reaches this hook too
			return nil
		}
		// an inner grad() through the lower half of the chain, which the outer
		// pass runs after this hook returns
		EnableGrad(func() { inner = Grad(mid.Sum(), x, RetainGraph)[0].Item() })
		return nil
	})
	y.Sum().Backward()
	want := math.Pow(1.01, n)
	if got := x.Grad().Item(); math.Abs(got-want) > 1e-12*want {
		t.Errorf("x.grad %v, want %v", got, want)
	}
	if want := math.Pow(1.01, n/2+1); math.Abs(inner-want) > 1e-12*want {
		t.Errorf("inner grad %v, want %v", inner, want)
	}
	// The tasks went back to the free list and a later pass starts clean.
	z := x.Mul(3)
	x.SetGrad(nil)
	z.Backward()
	if x.Grad().Item() != 3 {
		t.Errorf("a later pass gave %v, want 3", x.Grad().Item())
	}
}
