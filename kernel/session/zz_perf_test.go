package session

import (
	"os"
	"runtime/pprof"
	"testing"
)

func TestZZPerf(t *testing.T) {
	s := New()
	run(t, s, "import \"time\"\nx := autograd.New([]float32{3}, autograd.RequiresGrad)\nw := autograd.New([]float32{2}, autograd.RequiresGrad)\nb := autograd.New([]float32{1}, autograd.RequiresGrad)")
	loop := "{\nt0 := time.Now()\nfor i := 0; i < 20000; i++ {\n\ta := x.Mul(w).Add(b).Relu()\n\ta.Backward()\n\tx.SetGrad(nil)\n\tw.SetGrad(nil)\n\tb.SetGrad(nil)\n}\nfmt.Println(time.Since(t0).Nanoseconds() / 20000)\n}"
	r, _ := run(t, s, loop)
	t.Logf("graph ns/iter %s", r.Out())
	f, _ := os.Create("/tmp/cpu.prof")
	pprof.StartCPUProfile(f)
	for range 5 {
		r, _ = run(t, s, loop)
	}
	pprof.StopCPUProfile()
	t.Logf("graph ns/iter %s", r.Out())
	r, _ = run(t, s, "{\nt0 := time.Now()\nn := 0\nfor i := 0; i < 10000000; i++ {\n\tn += i\n}\nfmt.Println(time.Since(t0).Milliseconds(), \"ms\", n)\n}")
	t.Logf("n += i: %s", r.Out())
}
