package tensor

import (
	"crypto/sha256"
	"encoding/base64"
	lebin "encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/gograd/gograd/tensor/internal/openblas"
)

// mvGolden is testdata/mv_golden.json, written by gen_mv.py from torch.mv in PyTorch
// 1.13 on OpenBLAS 0.3.21 (Haswell kernel, two threads).
type mvGolden struct {
	Core    string
	Threads int
	Cases   []struct {
		Name, DType, Layout string
		R, K                int
		Seed                uint64
		Sha256, Values      string
	}
}

// mvOperands mirrors gen_mv.py's operands: an r×k matrix in the given layout and a
// k-vector, float32 or float64 (the float32 values divided by 3).
func mvOperands(dt DType, r, k int, layout string, seed uint64) (a, v *Array) {
	h := func(n int, seed uint64, shape ...int) *Array {
		f := signedHashFloats(n, seed)
		if dt == Float32 {
			return FromFloat32(f, shape...)
		}
		d := make([]float64, n)
		for i, x := range f {
			d[i] = float64(x) / 3
		}
		return FromFloat64(d, shape...)
	}
	switch layout {
	case "cols":
		a = h(k*r, seed, k, r).T()
	case "lda":
		a = h(r*(k+3), seed, r, k+3).Slice(1, 0, k, 1)
	case "ldan":
		a = h(k*(r+5), seed, k, r+5).Slice(1, 0, r, 1).T()
	case "step2":
		a = h(r*2*k, seed, r, 2*k).Slice(1, 0, 2*k, 2)
	default:
		a = h(r*k, seed, r, k)
	}
	switch layout {
	case "vstep":
		v = h(2*k, seed+1, 2*k).Slice(0, 0, 2*k, 2)
	case "vexp":
		v = h(1, seed+1, 1).Expand(k)
	default:
		v = h(k, seed+1, k)
	}
	if layout == "specials" {
		mvSpecials(a, v)
	}
	return a, v
}

// mvSpecials puts zeros, infinities and NaNs into a contiguous matrix and a vector, as
// gen_mv.py does (later rules win).
func mvSpecials(a, v *Array) {
	nan, inf := math.Float64frombits(0x7ff8000000000000), math.Inf(1) // Python's NaN bits
	set := func(x *Array, i int, f float64) {
		if x.DType() == Float32 {
			storage[float32](x)[x.offset+i] = float32(f)
		} else {
			storage[float64](x)[x.offset+i] = f
		}
	}
	for i := 0; i < a.Numel(); i++ {
		switch {
		case i%41 == 4:
			set(a, i, nan)
		case i%37 == 3:
			set(a, i, -inf)
		case i%31 == 2:
			set(a, i, inf)
		case i%29 == 1:
			set(a, i, math.Copysign(0, -1))
		case i%13 == 0:
			set(a, i, 0)
		}
	}
	k := v.Numel()
	set(v, 1, inf)
	set(v, k/2, 0)
}

// mvBytes is a result's elements as little-endian bytes, as gen_mv.py hashes them.
func mvBytes(y *Array) []byte {
	if y.DType() == Float32 {
		f := y.Float32s()
		b := make([]byte, 4*len(f))
		for i, x := range f {
			lebin.LittleEndian.PutUint32(b[4*i:], math.Float32bits(x))
		}
		return b
	}
	f := y.Float64s()
	b := make([]byte, 8*len(f))
	for i, x := range f {
		lebin.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
	}
	return b
}

// TestMvOpenBLAS checks Mv on OpenBLAS bit for bit against torch.mv on the same
// OpenBLAS: both dtypes, each layout PyTorch hands to gemv its own way (row-major,
// column-major, padded rows or columns, copied, strided and expanded vectors), shapes
// that reach the kernels' remainders and OpenBLAS's thread split, and NaN/Inf/±0
// operands. It also checks that the goldens are not the in-order sum (the fallback's),
// so that taking the wrong path fails.
func TestMvOpenBLAS(t *testing.T) {
	if !useBLAS() {
		_, why := openblas.Open(blasKernel())
		t.Skipf("OpenBLAS not used: %s (kernel %q)", why, openblas.CoreName())
	}
	if core := openblas.CoreName(); core != "Haswell" {
		t.Skipf("OpenBLAS runs kernel %q, the goldens are Haswell's", core)
	}
	var g mvGolden
	readGolden(t, "mv_golden.json", &g)
	if g.Core != "Haswell" || g.Threads != obThreads || len(g.Cases) < 50 {
		t.Fatalf("golden file: core %q, %d threads, %d cases", g.Core, g.Threads, len(g.Cases))
	}
	defer openblas.SetThreads(openblas.Threads())
	openblas.SetThreads(obThreads)
	notInOrder := map[string]int{}
	for _, tc := range g.Cases {
		t.Run(tc.Name, func(t *testing.T) {
			dt := map[string]DType{"float32": Float32, "float64": Float64}[tc.DType]
			a, v := mvOperands(dt, tc.R, tc.K, tc.Layout, tc.Seed)
			got := a.Mv(v)
			if got.DType() != dt || got.Dim() != 1 || got.shape()[0] != tc.R {
				t.Fatalf("result %s %v", got.DType(), got.Shape())
			}
			raw := mvBytes(got)
			sum := sha256.Sum256(raw)
			ok := hex.EncodeToString(sum[:]) == tc.Sha256
			if !ok {
				if tc.Values == "" {
					t.Fatalf("%dx%d %s: SHA-256 differs from torch.mv's", tc.R, tc.K, tc.Layout)
				}
				want, err := base64.StdEncoding.DecodeString(tc.Values)
				if err != nil {
					t.Fatal(err)
				}
				w := FromFloat64(nil, 0)
				if dt == Float32 {
					f := make([]float32, tc.R)
					for i := range f {
						f[i] = math.Float32frombits(lebin.LittleEndian.Uint32(want[4*i:]))
					}
					w = FromFloat32(f, tc.R)
				} else {
					f := make([]float64, tc.R)
					for i := range f {
						f[i] = math.Float64frombits(lebin.LittleEndian.Uint64(want[8*i:]))
					}
					w = FromFloat64(f, tc.R)
				}
				gf, wf := got.Float64s(), w.Float64s()
				for i := range gf {
					if math.Float64bits(gf[i]) != math.Float64bits(wf[i]) {
						t.Fatalf("%dx%d %s: [%d] = %v, torch %v", tc.R, tc.K, tc.Layout, i, gf[i], wf[i])
					}
				}
				t.Fatalf("%dx%d %s: bytes differ from torch.mv's", tc.R, tc.K, tc.Layout)
			}
			// the in-order sum (gemv's own loop for expanded vectors, else the fallback)
			ref := mvOrder[float64](a.To(Float64), v.To(Float64), false).To(dt)
			if dt == Float32 {
				ref = mvOrder[float32](a, v, false)
			} else {
				ref = mvOrder[float64](a, v, false)
			}
			same := true
			gf, rf := got.Float64s(), ref.Float64s()
			for i := range gf {
				if math.Float64bits(gf[i]) != math.Float64bits(rf[i]) && !(math.IsNaN(gf[i]) && math.IsNaN(rf[i])) {
					same = false
				}
			}
			if tc.Layout == "vexp" && !same {
				t.Errorf("expanded vector: not PyTorch's in-order loop")
			}
			if !same {
				notInOrder[tc.Layout]++
			}
		})
	}
	for _, layout := range []string{"rows", "cols", "lda", "ldan", "step2", "vstep"} {
		if notInOrder[layout] < 2 {
			t.Errorf("layout %s: only %d goldens differ from the in-order sum", layout, notInOrder[layout])
		}
	}
}

// mvByGemm is Mv as it was computed before mv.go: an r×k by k×1 product through gonum's
// gemm (float32, float64) or the int64 triple loop, each element its products added in
// K order. mvOrder must give its bits.
func mvByGemm(a, v *Array) *Array { return a.mmOrder(v.Unsqueeze(1), false).Squeeze(1) }

// TestMvFallback checks the Go Mv (no OpenBLAS) against the gonum product it replaced,
// bit for bit (NaNs as NaNs), on every layout mvOrder distinguishes, with ±0, ±Inf and
// NaN in either operand, on one core and on all of them (the larger shapes are cut
// over the cores).
func TestMvFallback(t *testing.T) {
	defer func(g bool) { goGEMM = g }(goGEMM)
	goGEMM = true
	special := []float64{0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.NaN(), 1e30, -1e-30}
	build := func(dt DType, n int, seed uint64, specials bool) *Array {
		f := signedHashFloats(n, seed)
		d := make([]float64, n)
		for i, x := range f {
			d[i] = float64(x) / 3
			if specials && hash24(i, seed+7)%11 == 0 {
				d[i] = special[hash24(i, seed+8)%uint64(len(special))]
			}
		}
		switch dt {
		case Float32:
			return FromFloat64(d, n).To(Float32)
		case Int64:
			for i := range d {
				d[i] = math.Trunc(d[i] * 100)
				if math.IsNaN(d[i]) || math.IsInf(d[i], 0) || math.Abs(d[i]) > 1e6 {
					d[i] = 7
				}
			}
			return FromFloat64(d, n).To(Int64)
		}
		return FromFloat64(d, n)
	}
	type layout struct {
		name string
		mat  func(dt DType, r, k int, seed uint64, sp bool) *Array
	}
	layouts := []layout{
		{"rows", func(dt DType, r, k int, s uint64, sp bool) *Array { return build(dt, r*k, s, sp).Reshape(r, k) }},
		{"cols", func(dt DType, r, k int, s uint64, sp bool) *Array { return build(dt, r*k, s, sp).Reshape(k, r).T() }},
		{"lda", func(dt DType, r, k int, s uint64, sp bool) *Array {
			return build(dt, r*(k+3), s, sp).Reshape(r, k+3).Slice(1, 1, k+1, 1)
		}},
		{"step2", func(dt DType, r, k int, s uint64, sp bool) *Array {
			return build(dt, r*2*k, s, sp).Reshape(r, 2*k).Slice(1, 0, 2*k, 2)
		}},
		{"rows3", func(dt DType, r, k int, s uint64, sp bool) *Array {
			return build(dt, 3*r*k, s, sp).Reshape(3*r, k).Slice(0, 0, 3*r, 3)
		}},
		{"colsT_step", func(dt DType, r, k int, s uint64, sp bool) *Array {
			return build(dt, 2*r*k, s, sp).Reshape(k, 2*r).T().Slice(0, 0, 2*r, 2)
		}},
		{"expanded_rows", func(dt DType, r, k int, s uint64, sp bool) *Array {
			return build(dt, k, s, sp).Unsqueeze(0).Expand(r, k)
		}},
		{"expanded_cols", func(dt DType, r, k int, s uint64, sp bool) *Array {
			return build(dt, r, s, sp).Unsqueeze(1).Expand(r, k)
		}},
	}
	vecs := map[string]func(dt DType, k int, s uint64, sp bool) *Array{
		"contig":   func(dt DType, k int, s uint64, sp bool) *Array { return build(dt, k, s, sp) },
		"step3":    func(dt DType, k int, s uint64, sp bool) *Array { return build(dt, 3*k, s, sp).Slice(0, 0, 3*k, 3) },
		"expanded": func(dt DType, k int, s uint64, sp bool) *Array { return build(dt, 1, s, sp).Expand(k) },
	}
	shapes := [][2]int{{0, 3}, {3, 0}, {1, 1}, {1, 7}, {7, 1}, {2, 3}, {5, 4}, {4, 5}, {9, 17}, {64, 100}, {65, 33}, {300, 257}, {1000, 70}, {70, 1000}}
	seed := uint64(1)
	for _, procs := range []int{1, runtime.GOMAXPROCS(0)} {
		old := runtime.GOMAXPROCS(procs)
		for _, dt := range []DType{Float32, Float64, Int64} {
			for _, lay := range layouts {
				for vname, vec := range vecs {
					for _, sh := range shapes {
						for _, sp := range []bool{false, true} {
							seed += 2
							r, k := sh[0], sh[1]
							a, v := lay.mat(dt, r, k, seed, sp), vec(dt, k, seed+1, sp)
							got, want := a.Mv(v), mvByGemm(a, v)
							name := fmt.Sprintf("procs %d %s %s %s %dx%d specials=%v", procs, dt, lay.name, vname, r, k, sp)
							if got.DType() != dt || fmt.Sprint(got.Shape()) != fmt.Sprint(want.Shape()) {
								t.Fatalf("%s: %s %v, want %v", name, got.DType(), got.Shape(), want.Shape())
							}
							if dt == Int64 {
								if fmt.Sprint(got.Int64s()) != fmt.Sprint(want.Int64s()) {
									t.Fatalf("%s: %v, want %v", name, got.Int64s(), want.Int64s())
								}
								continue
							}
							gf, wf := got.Float64s(), want.Float64s()
							for i := range gf {
								if math.Float64bits(gf[i]) != math.Float64bits(wf[i]) && !(math.IsNaN(gf[i]) && math.IsNaN(wf[i])) {
									t.Fatalf("%s: [%d] = %v, want %v", name, i, gf[i], wf[i])
								}
							}
						}
					}
				}
			}
		}
		runtime.GOMAXPROCS(old)
	}
}

// TestMvSpecialsSkip pins the fallback's rule for a zero matrix element against an
// infinite vector element (the term is left out, as gonum's gemm did) and NaN
// propagation otherwise, so a rewrite that drops the rule fails here too.
func TestMvSpecialsSkip(t *testing.T) {
	defer func(g bool) { goGEMM = g }(goGEMM)
	goGEMM = true
	inf := float32(math.Inf(1))
	a := FromFloat32([]float32{0, 1, 2, 0, 0, 0, float32(math.NaN()), 1}, 4, 2)
	v := FromFloat32([]float32{inf, 3}, 2)
	got := a.Mv(v).Float32s()
	if got[0] != 3 || !math.IsInf(float64(got[1]), 1) || got[2] != 0 || !math.IsNaN(float64(got[3])) {
		t.Errorf("got %v, want [3 +Inf 0 NaN]", got)
	}
	// -0 products sum to +0 on every path
	z := FromFloat32([]float32{-1, -1}, 1, 2).Mv(FromFloat32([]float32{0, 0}, 2)).Float32s()[0]
	if z != 0 || math.Signbit(float64(z)) {
		t.Errorf("-0 + -0 from +0: %v", z)
	}
}

// TestMvInterrupt checks that a raised interrupt flag stops a long Mv on each path and
// leaves small ones alone.
func TestMvInterrupt(t *testing.T) {
	defer SetInterrupt(false)
	defer func(g bool) { goGEMM = g }(goGEMM)
	big, bv := Ones(1100, 1000), Ones(1000)
	small, sv := Ones(3, 3), Ones(3)
	for _, fallback := range []bool{false, true} {
		goGEMM = fallback
		SetInterrupt(true)
		if e := mustPanic(t, func() { big.Mv(bv) }); e.Kind != "KeyboardInterrupt" {
			t.Errorf("fallback=%v: %v", fallback, e)
		}
		if s := small.Mv(sv).Sum().Item(); s != 9 {
			t.Errorf("fallback=%v: small Mv while the flag is raised: %v", fallback, s)
		}
		SetInterrupt(false)
		if s := big.Mv(bv).Sum().Item(); s != 1100*1000 {
			t.Errorf("fallback=%v: sum %v", fallback, s)
		}
	}
}

// BenchmarkMv1000 is a 1000×1000 float32 matrix times a vector (torch.mv's workload in
// the comparison with PyTorch).
func BenchmarkMv1000(b *testing.B) {
	a, v := mvOperands(Float32, 1000, 1000, "rows", 1)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.Mv(v)
	}
}

// TestMvBool checks PyTorch's error for a bool product ("addmv_impl_cpu", not addmm's).
func TestMvBool(t *testing.T) {
	a := FromFloat32([]float32{1, 0, 1, 1}, 2, 2).To(Bool)
	e := mustPanic(t, func() { a.Mv(a.Select(0, 0)) })
	if e.Kind != "RuntimeError" || e.Msg != `"addmv_impl_cpu" not implemented for 'Bool'` {
		t.Errorf("%s: %s", e.Kind, e.Msg)
	}
}
