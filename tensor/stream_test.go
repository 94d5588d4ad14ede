package tensor

import (
	"math"
	"testing"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// writeOut gives the same bits whether it streams a result or writes it in place, for
// the pieces of every op that writes through it (vector with vector, vector with a
// scalar either side, a broadcast row or column either side, and through the ops
// themselves the outer sums, the light unary ops, Clone and the fused activation
// gradients), float32 and float64, on every SIMD path and on 1 and 2 cores, at lengths
// around the streaming threshold and the buffer's, and nothing past the result is
// written.
func TestWriteOutStreamsSameBits(t *testing.T) {
	forEachSIMD(t, func(t *testing.T) {
		onCores(t, func(t *testing.T) {
			testWriteOut[float32](t)
			testWriteOut[float64](t)
		})
	})
}

func testWriteOut[T float](t *testing.T) {
	lo := streamMin / sizeOf[T]()
	for _, n := range []int{lo - 1, lo, lo + 1, lo + streamPiece + 37, 3*lo + 5} {
		x, y := hashVals[T](n+1, 1), hashVals[T](n+1, 2)
		x[7], y[9], x[n/2] = T(math.NaN()), T(math.Inf(-1)), T(math.Copysign(0, -1))
		row := y[:999]
		pieces := map[string]func(d []T, lo int){
			"vv":   func(d []T, lo int) { operands[T]{x: x[1:], y: y}.arith(fastMul, d, lo, lo+len(d)) },
			"vs":   func(d []T, lo int) { operands[T]{x: x, ys: 3}.arith(fastDiv, d, lo, lo+len(d)) },
			"sv":   func(d []T, lo int) { operands[T]{xs: 3, y: y}.arith(fastSub, d, lo, lo+len(d)) },
			"row":  byRow(fastAdd, x, row, len(row), false),
			"row'": byRow(fastSub, x, row, len(row), true),
			"col":  byCol(fastMul, x, row, 37, false),
			"col'": byCol(fastDiv, x, row, 1000, true),
		}
		for name, f := range pieces {
			want := make([]T, n)
			f(want, 0) // one piece, in place
			got := hashVals[T](n+3, 5)
			writeOut(got[:n], true, f)
			for i := range got[:n] {
				if !sameBits(got[i], want[i]) {
					t.Fatalf("%s n=%d: [%d] = %v streamed, %v in place", name, n, i, got[i], want[i])
				}
			}
			if tail := hashVals[T](n+3, 5)[n:]; got[n] != tail[0] || got[n+1] != tail[1] {
				t.Fatalf("%s n=%d: written past the result", name, n)
			}
		}
		xa, ra := wrap(x[:n], []int{n}), wrap(row, []int{len(row), 1})
		for name, op := range map[string]func() (*Array, []T){
			"clone": func() (*Array, []T) { return xa.Clone(), x[:n] },
			"relu":  func() (*Array, []T) { return xa.Relu(), mapped(x[:n], relu[T]) },
			"abs":   func() (*Array, []T) { return xa.Abs(), mapped(x[:n], abs[T]) },
			"clamp": func() (*Array, []T) {
				return xa.Clamp(-1, 2), mapped(x[:n], func(v T) T { return clampHi(clampLo(v, -1), 2) })
			},
			"outer": func() (*Array, []T) {
				cols := n / len(row)
				got := ra.Add(wrap(x[:cols], []int{cols}))
				want := make([]T, len(row)*cols)
				for i := range want {
					want[i] = row[i/cols] + x[i%cols]
				}
				return got, want
			},
		} {
			got, want := op() // fresh blocks: cold, streamed when large
			for i, w := range want {
				if g := contig[T](got)[i]; !sameBits(g, w) {
					t.Fatalf("%s n=%d: [%d] = %v, want %v", name, n, i, g, w)
				}
			}
		}
		for _, k := range []string{"sigmoid", "tanh"} {
			fn := activationGradOf[T](asm.SigmoidGrad)
			g, v := wrap(x[:n], []int{n}), wrap(y[:n], []int{n}).Tanh()
			f := SigmoidBackward
			if k == "tanh" {
				f, fn = TanhBackward, activationGradOf[T](asm.TanhGrad)
			}
			a := f(g, v) // a fresh block: cold, streamed when large
			want := make([]T, n)
			for i := range want {
				want[i] = fn(contig[T](g)[i], contig[T](v)[i])
			}
			for i, w := range want {
				if got := contig[T](a)[i]; !sameBits(got, w) {
					t.Fatalf("%s_backward n=%d: [%d] = %v, want %v", k, n, i, got, w)
				}
			}
		}
	}
}

// A block is cold when it is fresh or when more than coldAfter bytes of blocks have
// been handed out since it last was: a block freed and taken back at once is warm.
// (The free lists are driven by hand here, as the finalizers would drive them.)
func TestBlockTemperature(t *testing.T) {
	size := 1<<20 + 3*recycleUnit // a size class of its own
	if _, _, cold := allocOut[float32]([]int{size / 4}); !cold {
		t.Errorf("a fresh block is warm")
	}
	ReleaseIdle()
	p, cold, now := takeBlock(size)
	if p != nil || !cold {
		t.Fatalf("takeBlock on an empty list = %p, cold %v", p, cold)
	}
	block := &make([]uint64, size/8)[0]
	putBlock(block, size, now) // handed out at now, freed at once
	if q, cold, _ := takeBlock(size); q != block || cold {
		t.Errorf("a block taken back right after it was freed: %p (want %p), cold %v", q, block, cold)
	}
	putBlock(block, size, now)
	for n := 0; n <= coldAfter; n += 1 << 20 { // others handed out since
		takeBlock(1 << 20)
	}
	if q, cold, _ := takeBlock(size); q != block || !cold {
		t.Errorf("a block taken back after %d MB of others: %p (want %p), cold %v", coldAfter>>20, q, block, cold)
	}
	ReleaseIdle()
}

func hashVals[T float](n int, seed uint64) []T {
	v := make([]T, n)
	for i, f := range hashFloats(n, seed) {
		v[i] = T(f*20 - 10)
	}
	return v
}

func mapped[T float](x []T, f func(T) T) []T {
	out := make([]T, len(x))
	for i, v := range x {
		out[i] = f(v)
	}
	return out
}
