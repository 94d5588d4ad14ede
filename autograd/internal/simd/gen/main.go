// Command gen writes the SIMD kernels of package simd with avo: go generate in
// autograd/internal/simd runs it, writing kernels_amd64.s and its Go declarations,
// kernels_amd64.go.
//
// Each kernel exists for AVX2 (+FMA, 256-bit YMM registers) and for AVX-512 (512-bit
// ZMM registers), from one description parameterised by the vector width. Kernels do
// whole vectors only: the Go callers finish with their scalar code, the reference.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// isa is one vector instruction set: its name suffix, register width and allocator.
type isa struct {
	name  string
	bytes int
	vec   func() VecVirtual
}

var isas = []isa{{"AVX2", 32, YMM}, {"AVX512", 64, ZMM}}

func main() {
	ConstraintExpr("amd64,!noasm")
	for _, s := range isas {
		adam(s)
		axpby(s)
	}
	Generate()
}

// adam writes adamF32<ISA>(p, g, m, v []float32, b1, c1, b2, c2, bc2Sqrt, eps, stepSize
// float32), the element-wise part of one Adam step over the whole vectors of p, each
// lane computing PyTorch's op sequence with PyTorch's roundings:
//
//	m = fma(c1, g, b1*m)         mul_(beta1), add_(grad, alpha=1-beta1)
//	v = fma(c2*g, g, b2*v)       mul_(beta2), addcmul_(grad, grad, value=1-beta2)
//	d = sqrt(v)/bc2Sqrt + eps    sqrt, div, add_(eps)
//	p = p + (stepSize*m)/d       addcdiv_(exp_avg, denom, value=-step_size)
//
// The scalars are passed by value: a pointer to them would escape through the Go
// side's table of kernels, an allocation per call.
func adam(s isa) {
	names := []string{"b1", "c1", "b2", "c2", "bc2Sqrt", "eps", "stepSize"}
	TEXT("adamF32"+s.name, NOSPLIT, "func(p, g, m, v []float32, b1, c1, b2, c2, bc2Sqrt, eps, stepSize float32)")
	Pragma("noescape")
	Doc(fmt.Sprintf("adamF32%s does one Adam step over the whole %d-byte vectors of p (see gen).", s.name, s.bytes))
	p := Load(Param("p").Base(), GP64())
	g := Load(Param("g").Base(), GP64())
	m := Load(Param("m").Base(), GP64())
	v := Load(Param("v").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	k := broadcast(s, names...)
	b1, c1, b2, c2, bc2, eps, step := k[0], k[1], k[2], k[3], k[4], k[5], k[6]
	loop(n, s.bytes/4, func(i Register) {
		at := func(base Register) Mem { return Mem{Base: base, Index: i, Scale: 4} }
		gi, mi, vi, t, d, u := s.vec(), s.vec(), s.vec(), s.vec(), s.vec(), s.vec()
		VMOVUPS(at(g), gi)
		VMULPS(at(m), b1, mi)   // mi = b1*m
		VFMADD231PS(gi, c1, mi) // mi = c1*g + mi, one rounding
		VMOVUPS(mi, at(m))
		VMULPS(gi, c2, t)      // t = c2*g
		VMULPS(at(v), b2, vi)  // vi = b2*v
		VFMADD231PS(gi, t, vi) // vi = t*g + vi, one rounding
		VMOVUPS(vi, at(v))
		VSQRTPS(vi, d)      // d = sqrt(vi)
		VDIVPS(bc2, d, d)   // d = d / bc2Sqrt
		VADDPS(eps, d, d)   // d = d + eps
		VMULPS(mi, step, u) // u = stepSize*m
		VDIVPS(d, u, u)     // u = u / d
		VADDPS(at(p), u, u) // u = p + u
		VMOVUPS(u, at(p))
	})
	VZEROUPPER()
	RET()
}

// axpby writes axpbyF32<ISA>(y, x []float32, a, b float32): y = fma(a, x, b*y) over the
// whole vectors of y, b*y rounded first: PyTorch's y.mul_(b).add_(x, alpha=a), and with
// b = 1 (an exact product) its y.add_(x, alpha=a).
func axpby(s isa) {
	TEXT("axpbyF32"+s.name, NOSPLIT, "func(y, x []float32, a, b float32)")
	Pragma("noescape")
	Doc(fmt.Sprintf("axpbyF32%s sets y[i] = fma(a, x[i], b*y[i]) over the whole %d-byte vectors of y.", s.name, s.bytes))
	y := Load(Param("y").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("y").Len(), GP64())
	k := broadcast(s, "a", "b")
	va, vb := k[0], k[1]
	loop(n, s.bytes/4, func(i Register) {
		t := s.vec()
		VMULPS(Mem{Base: y, Index: i, Scale: 4}, vb, t)      // t = b*y
		VFMADD231PS(Mem{Base: x, Index: i, Scale: 4}, va, t) // t = a*x + t, one rounding
		VMOVUPS(t, Mem{Base: y, Index: i, Scale: 4})
	})
	VZEROUPPER()
	RET()
}

// broadcast loads the float32 parameters named into vectors of copies, one each.
func broadcast(s isa, names ...string) []VecVirtual {
	vs := make([]VecVirtual, len(names))
	for j, name := range names {
		a, err := Param(name).Resolve()
		if err != nil {
			panic(err)
		}
		vs[j] = s.vec()
		VBROADCASTSS(a.Addr, vs[j])
	}
	return vs
}

// loop emits a loop over i = 0, lanes, 2·lanes, ... while i+lanes <= n, calling body
// with the element index i.
func loop(n Register, lanes int, body func(i Register)) {
	i := GP64()
	XORQ(i, i)
	end := GP64()
	MOVQ(n, end)
	ANDQ(I32(-lanes), end)
	top, done := fmt.Sprintf("loop%d", labels), fmt.Sprintf("done%d", labels)
	labels++
	Label(top)
	CMPQ(i, end)
	JAE(LabelRef(done))
	body(i)
	ADDQ(I32(lanes), i)
	JMP(LabelRef(top))
	Label(done)
}

var labels int
