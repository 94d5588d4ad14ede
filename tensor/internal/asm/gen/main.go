// Command gen writes the SIMD kernels of package asm with avo: go generate in
// tensor/internal/asm runs it, writing kernels_amd64.s and its Go declarations,
// kernels_amd64.go.
//
// Every kernel exists twice, for AVX2 (+FMA, 256-bit YMM registers) and for AVX-512
// (512-bit ZMM registers), from one description parameterised by the vector width.
// Kernels handle whole vectors only: the Go callers run the tail with the scalar
// reference code, which computes the same bits.
package main

import (
	"fmt"
	"math"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"

	"github.com/gograd/gograd/tensor/internal/sleefexp"
)

// isa is one vector instruction set: its name suffix, register width and allocator.
type isa struct {
	name  string
	bytes int
	vec   func() VecVirtual
}

var isas = []isa{{"AVX2", 32, YMM}, {"AVX512", 64, ZMM}}

// elt is one element type: Go name, size and the packed instructions on it.
type elt struct {
	name, goType string
	size         int
	add, sub     func(...Op)
	mul, div     func(...Op)
	load, store  func(...Op)
}

var elts = []elt{
	{"F32", "float32", 4, VADDPS, VSUBPS, VMULPS, VDIVPS, VMOVUPS, VMOVUPS},
	{"F64", "float64", 8, VADDPD, VSUBPD, VMULPD, VDIVPD, VMOVUPD, VMOVUPD},
}

func main() {
	ConstraintExpr("amd64,!noasm")
	for _, s := range isas {
		for _, e := range elts {
			for _, op := range []struct {
				name string
				f    func(...Op)
			}{{"add", e.add}, {"sub", e.sub}, {"mul", e.mul}, {"div", e.div}} {
				binary(s, e, op.name, op.f)
				binaryScalar(s, e, op.name, op.f)
			}
			subMulScalar(s, e)
			sumRows(s, e)
			cascade(s, e)
			unitSums(s, e)
			activationGrad(s, e, "sigmoid")
			activationGrad(s, e, "tanh")
			for _, u := range unaries {
				unary(s, e, u)
			}
			clamp(s, e)
		}
		adamF32(s)
		axpbyF32(s)
		expF32(s, false)
		expF32(s, true)
		sleefTrigF32(s, false)
		sleefTrigF32(s, true)
		logF32(s)
		tanhF32(s)
		expF64(s)
	}
	reduceDimKernels() // gen/reducedims.go
	laneSum8F32(false)
	laneSum8F32(true)
	maxF32()
	for _, e := range elts {
		extremum(e, true)
		extremum(e, false)
		signKernel(e)
	}
	copyRows()
	streamCopy()
	compareKernels()   // gen/compare.go
	castKernels()      // gen/cast.go
	transposeKernels() // gen/transpose.go
	Generate()
}

// binary writes NAME(dst, x, y []T): dst[i] = x[i] op y[i] for the whole vectors of dst.
func binary(s isa, e elt, name string, op func(...Op)) {
	TEXT(fmt.Sprintf("%s%s%s", name, e.name, s.name), NOSPLIT, fmt.Sprintf("func(dst, x, y []%s)", e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s%s%s sets dst[i] = x[i] %s y[i] over the whole %d-byte vectors of dst.", name, e.name, s.name, symbol[name], s.bytes))
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	y := Load(Param("y").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	lanes := s.bytes / e.size
	loop(n, lanes, func(i Register) {
		a, b := s.vec(), s.vec()
		e.load(Mem{Base: x, Index: i, Scale: byte(e.size)}, a)
		e.load(Mem{Base: y, Index: i, Scale: byte(e.size)}, b)
		op(b, a, a) // a = a op b (Go order: src2, src1, dst)
		e.store(a, Mem{Base: d, Index: i, Scale: byte(e.size)})
	})
	VZEROUPPER()
	RET()
}

// binaryScalar writes NAMEs(dst, x []T, y T): dst[i] = x[i] op y.
func binaryScalar(s isa, e elt, name string, op func(...Op)) {
	TEXT(fmt.Sprintf("%s%sScalar%s", name, e.name, s.name), NOSPLIT, fmt.Sprintf("func(dst, x []%s, y %s)", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s%sScalar%s sets dst[i] = x[i] %s y over the whole %d-byte vectors of dst.", name, e.name, s.name, symbol[name], s.bytes))
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	b := broadcastParam(s, e, "y")
	lanes := s.bytes / e.size
	loop(n, lanes, func(i Register) {
		a := s.vec()
		e.load(Mem{Base: x, Index: i, Scale: byte(e.size)}, a)
		op(b, a, a)
		e.store(a, Mem{Base: d, Index: i, Scale: byte(e.size)})
	})
	VZEROUPPER()
	RET()
}

// subMulScalar writes subMul{T}Scalar(dst, z, x []T, y T): dst[i] = z[i] - x[i]·y with
// one rounding (a fused negated multiply-add), as compilers contract PyTorch's
// z - x*y (log_softmax's backward).
func subMulScalar(s isa, e elt) {
	TEXT(fmt.Sprintf("subMul%sScalar%s", e.name, s.name), NOSPLIT, fmt.Sprintf("func(dst, z, x []%s, y %s)", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("subMul%sScalar%s sets dst[i] = z[i] - x[i]*y, rounded once, over the whole %d-byte vectors of dst.", e.name, s.name, s.bytes))
	d := Load(Param("dst").Base(), GP64())
	z := Load(Param("z").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	b := broadcastParam(s, e, "y")
	lanes := s.bytes / e.size
	loop(n, lanes, func(i Register) {
		a, c := s.vec(), s.vec()
		e.load(Mem{Base: x, Index: i, Scale: byte(e.size)}, a)
		e.load(Mem{Base: z, Index: i, Scale: byte(e.size)}, c)
		if e.size == 4 {
			VFNMADD231PS(b, a, c) // c = -(a·b) + c
		} else {
			VFNMADD231PD(b, a, c)
		}
		e.store(c, Mem{Base: d, Index: i, Scale: byte(e.size)})
	})
	VZEROUPPER()
	RET()
}

// broadcastParam loads the scalar parameter name into every lane of a new vector.
func broadcastParam(s isa, e elt, name string) VecVirtual {
	b := s.vec()
	y, err := Param(name).Resolve()
	if err != nil {
		panic(err)
	}
	if e.size == 4 {
		VBROADCASTSS(y.Addr, b)
	} else {
		VBROADCASTSD(y.Addr, b)
	}
	return b
}

var symbol = map[string]string{"add": "+", "sub": "-", "mul": "*", "div": "/"}

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

// copyRows writes copyRows(dst, src []byte, rows, n, dstStride, srcStride int): row r's
// n bytes at src[r·srcStride:] copied to dst[r·dstStride:], for n of at least 32, in
// 32-byte moves, the last one ending at the row's end (overlapping the one before
// when n is not a multiple of 32; src and dst do not overlap, so the bytes written
// twice are the same). It is a short pass over memory whatever the register width, so
// the YMM kernel serves both paths. Convolutions unfold with it (tensor's unfoldInto):
// a window's rows are short, where memmove's call costs as much as its copy.
func copyRows() {
	TEXT("copyRows", NOSPLIT, "func(dst, src []byte, rows, n, dstStride, srcStride int)")
	Pragma("noescape")
	Doc("copyRows copies rows rows of n bytes (n at least 32), srcStride bytes apart in src, to dstStride bytes apart in dst.")
	d := Load(Param("dst").Base(), GP64())
	s := Load(Param("src").Base(), GP64())
	rows := Load(Param("rows"), GP64())
	last := Load(Param("n"), GP64())
	SUBQ(I32(32), last) // the last move's offset
	ds := Load(Param("dstStride"), GP64())
	ss := Load(Param("srcStride"), GP64())
	L := newLabels()
	Label(L("rows"))
	TESTQ(rows, rows)
	JZ(LabelRef(L("done")))
	i := GP64()
	XORQ(i, i)
	Label(L("moves"))
	CMPQ(i, last)
	JAE(LabelRef(L("last")))
	v := YMM()
	VMOVDQU(Mem{Base: s, Index: i, Scale: 1}, v)
	VMOVDQU(v, Mem{Base: d, Index: i, Scale: 1})
	ADDQ(I32(32), i)
	JMP(LabelRef(L("moves")))
	Label(L("last"))
	t := YMM()
	VMOVDQU(Mem{Base: s, Index: last, Scale: 1}, t)
	VMOVDQU(t, Mem{Base: d, Index: last, Scale: 1})
	ADDQ(ds, d)
	ADDQ(ss, s)
	DECQ(rows)
	JMP(LabelRef(L("rows")))
	Label(L("done"))
	VZEROUPPER()
	RET()
}

// streamCopy writes streamBytes(dst, src []byte): src copied to dst, whose start is
// 64-byte aligned and whose length is a multiple of 64, with non-temporal stores; and
// storeFence(), an SFENCE, which orders them before the stores that follow (a fence
// after each short copy would wait for every line to reach memory before the next
// copy starts). A cold result's cache lines are written whole, so the stores need not
// read them from memory first (as an ordinary store misses and fetches the line),
// and they do not evict the operands from the caches. Bound by memory, so the YMM
// kernel serves both paths.
func streamCopy() {
	TEXT("streamBytes", NOSPLIT, "func(dst, src []byte)")
	Pragma("noescape")
	Doc("streamBytes copies src to dst (64-byte aligned, a multiple of 64 bytes long) with non-temporal stores.")
	d := Load(Param("dst").Base(), GP64())
	s := Load(Param("src").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	L := newLabels()
	Label(L("lines"))
	CMPQ(n, U8(64))
	JB(LabelRef(L("done")))
	a, b := YMM(), YMM()
	VMOVDQU(Mem{Base: s}, a)
	VMOVDQU(Mem{Base: s, Disp: 32}, b)
	VMOVNTDQ(a, Mem{Base: d})
	VMOVNTDQ(b, Mem{Base: d, Disp: 32})
	ADDQ(U8(64), s)
	ADDQ(U8(64), d)
	SUBQ(U8(64), n)
	JMP(LabelRef(L("lines")))
	Label(L("done"))
	VZEROUPPER()
	RET()

	TEXT("storeFence", NOSPLIT, "func()")
	Doc("storeFence orders the non-temporal stores before it before the stores after it.")
	SFENCE()
	RET()
}

// newLabels returns a namer of labels unique to one kernel body: L("loop") is
// "loop" followed by the body's number.
func newLabels() func(string) string {
	id := labels
	labels++
	return func(name string) string { return fmt.Sprintf("%s%d", name, id) }
}

// sumRows writes sumRowsT(acc *T, d []T, rows, stride int): for each of rows rows
// starting at d[0], d[stride], ..., adds the row's first 128 bytes (32 float32 or 16
// float64) into acc[0:...] lane by lane. This is the level-0 loop of PyTorch's cascade
// sum with four AVX2 vectors side by side (tensor/sum.go): each lane adds its column
// in row order, whatever the register width.
func sumRows(s isa, e elt) {
	TEXT(fmt.Sprintf("sumRows%s%s", e.name, s.name), NOSPLIT, fmt.Sprintf("func(acc *%s, d []%s, rows, stride int)", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("sumRows%s%s adds rows rows of 128 bytes, stride elements apart in d, into the 128 bytes at acc, lane by lane.", e.name, s.name))
	acc := Load(Param("acc"), GP64())
	d := Load(Param("d").Base(), GP64())
	rows := Load(Param("rows"), GP64())
	stride := Load(Param("stride"), GP64())
	SHLQ(U8(map[int]uint8{4: 2, 8: 3}[e.size]), stride) // in bytes
	a := accRegs(s, e, acc)
	top, done := fmt.Sprintf("rows%d", labels), fmt.Sprintf("rowsdone%d", labels)
	labels++
	Label(top)
	TESTQ(rows, rows)
	JZ(LabelRef(done))
	addRow(s, e, a, d)
	ADDQ(stride, d)
	DECQ(rows)
	JMP(LabelRef(top))
	Label(done)
	for k := range a {
		e.store(a[k], Mem{Base: acc, Disp: k * s.bytes})
	}
	VZEROUPPER()
	RET()
}

// accRegs loads the 128 bytes of accumulators at acc into vector registers.
func accRegs(s isa, e elt, acc Register) []VecVirtual {
	a := make([]VecVirtual, 128/s.bytes)
	for k := range a {
		a[k] = s.vec()
		e.load(Mem{Base: acc, Disp: k * s.bytes}, a[k])
	}
	return a
}

// addRow adds the 128-byte row at d into the accumulators a, lane by lane.
func addRow(s isa, e elt, a []VecVirtual, d Register) {
	for k := range a {
		e.add(Mem{Base: d, Disp: k * s.bytes}, a[k], a[k])
	}
}

// unaryOp is one elementwise kernel of one operand: body turns the vector x into the
// result in place, given the sign mask (every lane -0) in sign.
type unaryOp struct {
	name, doc string
	body      func(e elt, x, sign VecVirtual)
}

// The IEEE operations these kernels use give the bits of tensor's scalar code: the
// sign bit flipped or cleared (neg, abs; abs clears a NaN's sign bit where the scalar
// code keeps it, and any NaN is NaN to the tests), a correctly rounded square root
// (float32's equals the float64 root rounded to float32, as tensor computes it).
var unaries = []unaryOp{
	{"neg", "-x[i]", func(e elt, x, sign VecVirtual) {
		if e.size == 4 {
			VXORPS(sign, x, x)
		} else {
			VXORPD(sign, x, x)
		}
	}},
	{"abs", "|x[i]|", func(e elt, x, sign VecVirtual) {
		if e.size == 4 {
			VANDNPS(x, sign, x) // x &^ sign (Go order: src2, src1, dst; dst = ^src1 & src2)
		} else {
			VANDNPD(x, sign, x)
		}
	}},
	{"sqrt", "sqrt(x[i])", func(e elt, x, _ VecVirtual) {
		if e.size == 4 {
			VSQRTPS(x, x)
		} else {
			VSQRTPD(x, x)
		}
	}},
}

// unary writes NAME{T}{isa}(dst, x []T): dst[i] = op(x[i]) over the whole vectors of
// dst.
func unary(s isa, e elt, u unaryOp) {
	name := fmt.Sprintf("%s%s%s", u.name, e.name, s.name)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, x []%s)", e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[i] = %s over the whole %d-byte vectors of dst.", name, u.doc, s.bytes))
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	sign := s.vec()
	if e.size == 4 {
		VBROADCASTSS(constant(s, "signbit", F32(math.Copysign(0, -1))), sign)
	} else {
		VBROADCASTSD(constant(s, "signbit64", F64(math.Copysign(0, -1))), sign)
	}
	loop(n, s.bytes/e.size, func(i Register) {
		a := s.vec()
		e.load(Mem{Base: x, Index: i, Scale: byte(e.size)}, a)
		u.body(e, a, sign)
		e.store(a, Mem{Base: d, Index: i, Scale: byte(e.size)})
	})
	VZEROUPPER()
	RET()
}

// clamp writes clamp{T}{isa}(dst, x []T, lo, hi T): dst[i] = x[i] below lo raised to lo,
// then above hi lowered to hi, as tensor's clampLo and clampHi: VMAXPS and VMINPS
// return their second source when the comparison fails (a NaN x, or a tie), and that
// source is the element, so NaN and a zero tied with a zero bound pass through as in
// the scalar code. relu is clamp(x, 0, +Inf); a one-sided clamp takes an infinite
// other bound.
func clamp(s isa, e elt) {
	name := fmt.Sprintf("clamp%s%s", e.name, s.name)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, x []%s, lo, hi %s)", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[i] = min(max(x[i], lo), hi), x[i] winning ties and NaN, over the whole %d-byte vectors of dst.", name, s.bytes))
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	lo, hi := broadcastParam(s, e, "lo"), broadcastParam(s, e, "hi")
	loop(n, s.bytes/e.size, func(i Register) {
		a := s.vec()
		e.load(Mem{Base: x, Index: i, Scale: byte(e.size)}, a)
		if e.size == 4 {
			VMAXPS(a, lo, a) // max(lo, a): a on NaN or tie
			VMINPS(a, hi, a) // min(hi, a): a on NaN or tie
		} else {
			VMAXPD(a, lo, a)
			VMINPD(a, hi, a)
		}
		e.store(a, Mem{Base: d, Index: i, Scale: byte(e.size)})
	})
	VZEROUPPER()
	RET()
}

// extremum writes maximum{T} (max set) or minimum{T}(dst, x, y []T): torch.maximum and
// torch.minimum as tensor defines them, NaN when either operand is NaN (Go's
// math.NaN() bits, as tensor returns) and otherwise x unless y is strictly larger
// (smaller), so a tie of zeros keeps x's sign. VMAXPS(src1, src2) returns src1 only
// when src1 > src2, so y goes first and x wins ties; a blend then puts the NaN where
// the operands are unordered. AVX-512 has no vector blend on a vector mask, and the
// op is a pass over memory, so the YMM kernel serves both paths.
func extremum(e elt, max bool) {
	name := fmt.Sprintf("minimum%s", e.name)
	if max {
		name = fmt.Sprintf("maximum%s", e.name)
	}
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, x, y []%s)", e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[i] to torch.%s(x[i], y[i]) over the whole 32-byte vectors of dst.", name, name[:7]))
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	y := Load(Param("y").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	nan := YMM()
	if e.size == 4 {
		VBROADCASTSS(constant(isa{"AVX2", 32, YMM}, "nan32", U32(math.Float32bits(float32(math.NaN())))), nan)
	} else {
		VBROADCASTSD(constant(isa{"AVX2", 32, YMM}, "nan64", U64(math.Float64bits(math.NaN()))), nan)
	}
	loop(n, 32/e.size, func(i Register) {
		a, b, u := YMM(), YMM(), YMM()
		e.load(Mem{Base: x, Index: i, Scale: byte(e.size)}, a)
		e.load(Mem{Base: y, Index: i, Scale: byte(e.size)}, b)
		switch {
		case e.size == 4 && max:
			VCMPPS(U8(3), b, a, u) // unordered
			VMAXPS(a, b, a)        // MAX(src1 = y, src2 = x): y if y > x, else x
			VBLENDVPS(u, nan, a, a)
		case e.size == 4:
			VCMPPS(U8(3), b, a, u)
			VMINPS(a, b, a)
			VBLENDVPS(u, nan, a, a)
		case max:
			VCMPPD(U8(3), b, a, u)
			VMAXPD(a, b, a)
			VBLENDVPD(u, nan, a, a)
		default:
			VCMPPD(U8(3), b, a, u)
			VMINPD(a, b, a)
			VBLENDVPD(u, nan, a, a)
		}
		e.store(a, Mem{Base: d, Index: i, Scale: byte(e.size)})
	})
	VZEROUPPER()
	RET()
}

// adamF32 writes adamF32<ISA>(p, g, m, v []float32, b1, c1, b2, c2, bc2Sqrt, eps,
// stepSize float32), the element-wise part of one Adam step over the whole vectors of p
// (autograd/optim's adam loop), each lane computing PyTorch's op sequence with
// PyTorch's roundings:
//
//	m = fma(c1, g, b1*m)         mul_(beta1), add_(grad, alpha=1-beta1)
//	v = fma(c2*g, g, b2*v)       mul_(beta2), addcmul_(grad, grad, value=1-beta2)
//	d = sqrt(v)/bc2Sqrt + eps    sqrt, div, add_(eps)
//	p = p + (stepSize*m)/d       addcdiv_(exp_avg, denom, value=-step_size)
//
// The scalars are passed by value: a pointer to them would escape through the Go
// side's table of kernels, an allocation per call.
func adamF32(s isa) {
	e := elts[0]
	TEXT("adamF32"+s.name, NOSPLIT, "func(p, g, m, v []float32, b1, c1, b2, c2, bc2Sqrt, eps, stepSize float32)")
	Pragma("noescape")
	Doc(fmt.Sprintf("adamF32%s does one Adam step over the whole %d-byte vectors of p (see gen).", s.name, s.bytes))
	p := Load(Param("p").Base(), GP64())
	g := Load(Param("g").Base(), GP64())
	m := Load(Param("m").Base(), GP64())
	v := Load(Param("v").Base(), GP64())
	n := Load(Param("p").Len(), GP64())
	var k []VecVirtual
	for _, name := range []string{"b1", "c1", "b2", "c2", "bc2Sqrt", "eps", "stepSize"} {
		k = append(k, broadcastParam(s, e, name))
	}
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

// axpbyF32 writes axpbyF32<ISA>(y, x []float32, a, b float32): y = fma(a, x, b*y) over
// the whole vectors of y, b*y rounded first: PyTorch's y.mul_(b).add_(x, alpha=a), and
// with b = 1 (an exact product) its y.add_(x, alpha=a).
func axpbyF32(s isa) {
	e := elts[0]
	TEXT("axpbyF32"+s.name, NOSPLIT, "func(y, x []float32, a, b float32)")
	Pragma("noescape")
	Doc(fmt.Sprintf("axpbyF32%s sets y[i] = fma(a, x[i], b*y[i]) over the whole %d-byte vectors of y.", s.name, s.bytes))
	y := Load(Param("y").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("y").Len(), GP64())
	va, vb := broadcastParam(s, e, "a"), broadcastParam(s, e, "b")
	loop(n, s.bytes/4, func(i Register) {
		t := s.vec()
		VMULPS(Mem{Base: y, Index: i, Scale: 4}, vb, t)      // t = b*y
		VFMADD231PS(Mem{Base: x, Index: i, Scale: 4}, va, t) // t = a*x + t, one rounding
		VMOVUPS(t, Mem{Base: y, Index: i, Scale: 4})
	})
	VZEROUPPER()
	RET()
}

// signKernel writes sign{T}(dst, x []T): dst[i] = (0 < x[i]) - (x[i] < 0), tensor's
// sign (so 0 for NaN and for either zero, +0). The comparisons give all-ones masks,
// which AND with 1 turns into 1 and 0. AVX-512 compares into mask registers, and the
// op is a pass over memory, so the YMM kernel serves both paths.
func signKernel(e elt) {
	name := "sign" + e.name
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst, x []%s)", e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[i] to the sign of x[i] (1, -1, or +0 for zeros and NaN) over the whole 32-byte vectors of dst.", name))
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	one, zero := YMM(), YMM()
	s := isa{"AVX2", 32, YMM}
	if e.size == 4 {
		VBROADCASTSS(constant(s, "one", F32(1)), one)
		VXORPS(zero, zero, zero)
	} else {
		VBROADCASTSD(constant(s, "one64", F64(1)), one)
		VXORPD(zero, zero, zero)
	}
	loop(n, 32/e.size, func(i Register) {
		a, pos, neg := YMM(), YMM(), YMM()
		e.load(Mem{Base: x, Index: i, Scale: byte(e.size)}, a)
		if e.size == 4 {
			VCMPPS(U8(0x11), a, zero, pos) // 0 < x (_CMP_LT_OQ: false for NaN)
			VCMPPS(U8(0x11), zero, a, neg) // x < 0
			VANDPS(one, pos, pos)
			VANDPS(one, neg, neg)
			VSUBPS(neg, pos, a) // pos - neg
		} else {
			VCMPPD(U8(0x11), a, zero, pos)
			VCMPPD(U8(0x11), zero, a, neg)
			VANDPD(one, pos, pos)
			VANDPD(one, neg, neg)
			VSUBPD(neg, pos, a)
		}
		e.store(a, Mem{Base: d, Index: i, Scale: byte(e.size)})
	})
	VZEROUPPER()
	RET()
}

// laneSum8F32 writes laneSum8F32(acc *float32, d []float32): acc[j] += d[8k+j] for
// every whole block of eight in d, block after block, or with squares set
// squareSum8F32: acc[j] = fma(d[8k+j], d[8k+j], acc[j]), one rounding per step. This
// is how PyTorch's AVX2 reductions take a row (tensor's laneSum8, and the float32
// 2-norm's lanes): eight lanes, each adding its elements in order, so the kernel uses
// eight-lane YMM registers on both paths; one kernel serves both.
func laneSum8F32(squares bool) {
	name, doc := "laneSum8F32", "adds each whole block of eight elements of d into the eight float32 at acc, lane by lane, in order."
	if squares {
		name, doc = "squareSum8F32", "adds the square of each element of d's whole blocks of eight into the eight float32 at acc, lane by lane, in order, each a fused multiply-add."
	}
	TEXT(name, NOSPLIT, "func(acc *float32, d []float32)")
	Pragma("noescape")
	Doc(name + " " + doc)
	acc := Load(Param("acc"), GP64())
	d := Load(Param("d").Base(), GP64())
	n := Load(Param("d").Len(), GP64())
	a := YMM()
	VMOVUPS(Mem{Base: acc}, a)
	loop(n, 8, func(i Register) {
		if squares {
			x := YMM()
			VMOVUPS(Mem{Base: d, Index: i, Scale: 4}, x)
			VFMADD231PS(x, x, a) // a = x*x + a, one rounding
			return
		}
		VADDPS(Mem{Base: d, Index: i, Scale: 4}, a, a) // a = a + d[i:i+8], a first as in a[j] += v
	})
	VMOVUPS(a, Mem{Base: acc})
	VZEROUPPER()
	RET()
}

// maxF32 writes maxF32(d []float32) (m float32, nan bool): the largest of the first
// len(d) &^ 31 elements of d (at least 32) and whether any of them is NaN, in which
// case m means nothing. VMAXPS neither propagates NaN (it returns its second operand
// when one is NaN) nor orders -0 and +0 (it returns the second when both are zero),
// so the caller takes m only when nan is false and m is not zero: then m is the one
// value that is the maximum, whatever the order of the comparisons, and four
// accumulators side by side can take the row in any order. The maximum is short
// work beside what follows it (log_softmax's pass over the row), so YMM registers
// serve both paths.
func maxF32() {
	TEXT("maxF32", NOSPLIT, "func(d []float32) (m float32, nan bool)")
	Pragma("noescape")
	Doc("maxF32 returns the largest of the first len(d)&^31 elements of d (len(d) >= 32) and whether one of them is NaN.")
	d := Load(Param("d").Base(), GP64())
	n := Load(Param("d").Len(), GP64())
	acc := [4]VecVirtual{YMM(), YMM(), YMM(), YMM()}
	for k := range acc {
		VMOVUPS(Mem{Base: d}, acc[k]) // the maximum is idempotent: start from d[0:8]
	}
	unord := YMM()
	VXORPS(unord, unord, unord)
	loop(n, 32, func(i Register) {
		for k := range acc {
			x, u := YMM(), YMM()
			VMOVUPS(Mem{Base: d, Index: i, Scale: 4, Disp: 32 * k}, x)
			VCMPPS(U8(3), x, x, u) // _CMP_UNORD_Q: all ones where x is NaN
			VORPS(u, unord, unord)
			VMAXPS(x, acc[k], acc[k])
		}
	})
	VMAXPS(acc[1], acc[0], acc[0])
	VMAXPS(acc[3], acc[2], acc[2])
	VMAXPS(acc[2], acc[0], acc[0])
	lo, hi := acc[0].AsX(), XMM()
	VEXTRACTF128(U8(1), acc[0], hi)
	VMAXPS(hi, lo, lo)
	VMOVHLPS(lo, lo, hi)
	VMAXPS(hi, lo, lo)
	VMOVSHDUP(lo, hi)
	VMAXSS(hi, lo, lo)
	Store(lo, ReturnIndex(0))
	mask := GP32()
	VMOVMSKPS(unord, mask)
	TESTL(mask, mask)
	flag := GP8()
	SETNE(flag)
	Store(flag, ReturnIndex(1))
	VZEROUPPER()
	RET()
}

// SLEEF's expf constants, shared with tensor's scalar replay.
var (
	f32InvLn2 = F32(sleefexp.InvLn2)
	f32Ln2Hi  = F32(-sleefexp.Ln2Hi)
	f32Ln2Lo  = F32(-sleefexp.Ln2Lo)
	expPoly   = sleefexp.Poly
)

var consts = map[string]Mem{}

// constant returns a constant (4 or 8 bytes, v.Bytes()) in read-only data, as a memory
// operand, kept out of registers since AVX2 has only 16 and the exp kernel's
// temporaries need most of them: on AVX2 a vector of copies, on AVX-512 one element,
// used through the instructions' embedded broadcast (s.bc) or a broadcast load
// (s.loadConst). A 64-byte vector would straddle two cache lines wherever the linker
// places it 32 bytes off a line (it aligns data to 32 bytes at most), and every use
// would then be a split load.
func constant(s isa, name string, v Constant) Mem {
	name = fmt.Sprintf("%s%d", name, s.bytes)
	m, ok := consts[name]
	if !ok {
		m = GLOBL(name, RODATA|NOPTR)
		n := s.bytes / v.Bytes()
		if s.bytes == 64 {
			n = 1
		}
		for i := 0; i < n; i++ {
			DATA(v.Bytes()*i, v)
		}
		consts[name] = m
	}
	return m
}

// bc picks the form of an instruction whose first operand is a constant: the plain
// one on AVX2, the embedded-broadcast one (_BCST) on AVX-512 (see constant).
func (s isa) bc(f, fb func(...Op)) func(...Op) {
	if s.bytes == 64 {
		return fb
	}
	return f
}

// loadConst loads the float32 constant m into every lane of r.
func (s isa) loadConst(m Mem, r Op) {
	if s.bytes == 64 {
		VBROADCASTSS(m, r)
	} else {
		VMOVUPS(m, r)
	}
}

// expF32 writes expF32X(dst, src []float32), dst[i] = SLEEF's expf(src[i]) step by
// step as tensor/sleef.go's expf32 (each fused multiply-add one vfmadd, rounding once),
// or with sigmoid set sigmoidF32X, 1/(1 + expf(0 - src[i])) as PyTorch's vectorised
// sigmoid.
func expF32(s isa, sigmoid bool) {
	name := "exp"
	if sigmoid {
		name = "sigmoid"
	}
	TEXT(fmt.Sprintf("%sF32%s", name, s.name), NOSPLIT, "func(dst, src []float32)")
	Pragma("noescape")
	Doc(fmt.Sprintf("%sF32%s computes %s over the whole %d-byte vectors of dst with SLEEF's expf.", name, s.name, name, s.bytes))
	d := Load(Param("dst").Base(), GP64())
	src := Load(Param("src").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	inv, hi, lo := constant(s, "invln2", f32InvLn2), constant(s, "ln2hi", f32Ln2Hi), constant(s, "ln2lo", f32Ln2Lo)
	poly := make([]Mem, len(expPoly))
	for k, c := range expPoly {
		poly[k] = constant(s, fmt.Sprintf("exppoly%d", k), F32(c))
	}
	one := constant(s, "one", F32(1))
	bias := constant(s, "bias", U32(0x7f))
	lim0, limInf := constant(s, "m104", F32(-104)), constant(s, "p100", F32(100))
	inf := constant(s, "inf", U32(0x7f800000))
	var zero VecVirtual
	if sigmoid {
		zero = s.vec()
		VXORPS(zero, zero, zero)
	}
	loop(n, s.bytes/4, func(i Register) {
		x, q, qf, t, u, ss, e1, e2 := s.vec(), s.vec(), s.vec(), s.vec(), s.vec(), s.vec(), s.vec(), s.vec()
		VMOVUPS(Mem{Base: src, Index: i, Scale: 4}, x)
		if sigmoid {
			VSUBPS(x, zero, x) // 0 - x
		}
		s.bc(VMULPS, VMULPS_BCST)(inv, x, q)
		VCVTPS2DQ(q, q) // round to nearest even (MXCSR's default mode)
		VCVTDQ2PS(q, qf)
		VMOVAPS(x, t)
		s.bc(VFMADD231PS, VFMADD231PS_BCST)(hi, qf, t) // t = qf·(-ln2hi) + x
		s.bc(VFMADD231PS, VFMADD231PS_BCST)(lo, qf, t)
		s.loadConst(poly[0], u)
		for _, c := range poly[1:] {
			s.bc(VFMADD213PS, VFMADD213PS_BCST)(c, t, u) // u = u·t + c
		}
		VMULPS(t, t, ss)
		VFMADD213PS(t, ss, u) // u = u·ss + t
		s.bc(VADDPS, VADDPS_BCST)(one, u, u)
		// u·2^(q>>1)·2^(q-(q>>1))
		VPSRAD(U8(1), q, e1)
		VPSUBD(e1, q, e2)
		s.bc(VPADDD, VPADDD_BCST)(bias, e1, e1)
		VPSLLD(U8(23), e1, e1)
		s.bc(VPADDD, VPADDD_BCST)(bias, e2, e2)
		VPSLLD(U8(23), e2, e2)
		VMULPS(e1, u, u)
		VMULPS(e2, u, u)
		if s.bytes == 32 {
			m := s.vec()
			VCMPPS(U8(1), lim0, x, m)    // x < -104
			VANDNPS(u, m, u)             // u = ^m & u
			VCMPPS(U8(14), limInf, x, m) // x > 100
			VBLENDVPS(m, inf, u, u)      // +Inf there
		} else {
			k0, k1 := K(), K()
			VCMPPS_BCST(U8(5), lim0, x, k0) // !(x < -104), NaN included
			VMOVAPS_Z(u, k0, u)
			VCMPPS_BCST(U8(14), limInf, x, k1) // x > 100
			VBROADCASTSS(inf, k1, u)
		}
		if sigmoid {
			s.bc(VADDPS, VADDPS_BCST)(one, u, u)
			r := s.vec()
			s.loadConst(one, r)
			VDIVPS(u, r, u) // 1 / u
		}
		VMOVUPS(u, Mem{Base: d, Index: i, Scale: 4})
	})
	VZEROUPPER()
	RET()
}

// activationGrad writes NAMEBackward{T}{isa}(dst, g, y []T), the gradient of an
// activation from its result y, in PyTorch's order:
//
//	sigmoid: dst = (g·(1-y))·y              sigmoid_backward: a * (1 - b) * b
//	tanh:    dst = g·fma(-y, y, 1)          tanh_backward: a * (1 - b * b), the
//	                                        compiler fusing 1 - b*b (checked against
//	                                        torch: every element's bits)
func activationGrad(s isa, e elt, name string) {
	TEXT(fmt.Sprintf("%sBackward%s%s", name, e.name, s.name), NOSPLIT, fmt.Sprintf("func(dst, g, y []%s)", e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%sBackward%s%s sets dst[i] to %s's gradient from g[i] and its result y[i] over the whole %d-byte vectors of dst.", name, e.name, s.name, name, s.bytes))
	d := Load(Param("dst").Base(), GP64())
	g := Load(Param("g").Base(), GP64())
	y := Load(Param("y").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	one := s.vec()
	if e.size == 4 {
		VBROADCASTSS(constant(s, "one", F32(1)), one)
	} else {
		VBROADCASTSD(constant(s, "one64", F64(1)), one)
	}
	loop(n, s.bytes/e.size, func(i Register) {
		a, b, t := s.vec(), s.vec(), s.vec()
		e.load(Mem{Base: g, Index: i, Scale: byte(e.size)}, a)
		e.load(Mem{Base: y, Index: i, Scale: byte(e.size)}, b)
		switch name {
		case "sigmoid":
			e.sub(b, one, t) // 1 - y
			e.mul(t, a, a)   // g·(1-y)
			e.mul(b, a, a)   // ·y
		case "tanh":
			if e.size == 4 {
				VMOVAPS(one, t)
				VFNMADD231PS(b, b, t) // t = -(y·y) + 1, one rounding
			} else {
				VMOVAPD(one, t)
				VFNMADD231PD(b, b, t)
			}
			e.mul(t, a, a) // g·t
		}
		e.store(a, Mem{Base: d, Index: i, Scale: byte(e.size)})
	})
	VZEROUPPER()
	RET()
}

// cascade writes cascadeT(acc *T, d []T, size, stride, step, mask1, mask2 int) int: the
// main loop of tensor/sum.go's multiRowSum for 128-byte rows: blocks of step rows
// (stride elements apart) summed into level 0 (acc[0:128 bytes], in registers), each
// block then moved up the levels (acc's next 128-byte slots), level j+1 += level j and
// level j = 0, stopping after level 1 when i&mask1 != 0 and after level 2 when
// i&mask2 != 0, i being the rows done. It returns the rows done; the caller adds the
// rest.
func cascade(s isa, e elt) {
	TEXT(fmt.Sprintf("cascade%s%s", e.name, s.name), NOSPLIT, fmt.Sprintf("func(acc *%s, d []%s, size, stride, step, mask1, mask2 int) int", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("cascade%s%s runs the level loop of the cascade sum over whole blocks of rows (see the generator).", e.name, s.name))
	acc := Load(Param("acc"), GP64())
	d := Load(Param("d").Base(), GP64())
	size := Load(Param("size"), GP64())
	stride := Load(Param("stride"), GP64())
	step := Load(Param("step"), GP64())
	m1 := Load(Param("mask1"), GP64())
	m2 := Load(Param("mask2"), GP64())
	SHLQ(U8(map[int]uint8{4: 2, 8: 3}[e.size]), stride) // in bytes
	a := accRegs(s, e, acc)
	i, end, r, t := GP64(), GP64(), GP64(), s.vec()
	XORQ(i, i)
	L := newLabels()
	Label(L("block"))
	MOVQ(i, end)
	ADDQ(step, end)
	CMPQ(end, size)
	JA(LabelRef(L("done")))
	MOVQ(step, r)
	Label(L("row"))
	addRow(s, e, a, d)
	ADDQ(stride, d)
	DECQ(r)
	JNZ(LabelRef(L("row")))
	MOVQ(end, i)
	// level 1 += level 0; level 0 = 0
	for k := range a {
		m := Mem{Base: acc, Disp: 128 + k*s.bytes}
		e.add(m, a[k], t)
		e.store(t, m)
		VXORPS(a[k], a[k], a[k])
	}
	// levels 2 and 3 from memory, unless the row count stops the climb
	for j, mask := range []Register{m1, m2} {
		TESTQ(mask, i)
		JNZ(LabelRef(L("block")))
		for k := range a {
			lo := Mem{Base: acc, Disp: 128*(j+1) + k*s.bytes}
			hi := Mem{Base: acc, Disp: 128*(j+2) + k*s.bytes}
			e.load(lo, t)
			e.add(hi, t, t)
			e.store(t, hi)
			VXORPS(t, t, t)
			e.store(t, lo)
		}
	}
	JMP(LabelRef(L("block")))
	Label(L("done"))
	for k := range a {
		e.store(a[k], Mem{Base: acc, Disp: k * s.bytes})
	}
	Store(i, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// unitSums writes unitSumsT(out *T, d []T, units, stride, step int) int: the level-1
// sums of the cascade (tensor/sum.go) over units of step·step rows of 128 bytes, rows
// stride elements apart, unit u starting at row u·step·step of d. A unit's level-1 sum
// is what level 1 holds when it climbs: step blocks, each of step rows added lane by
// lane into a level 0 that starts from zero, each block then added into level 1 (from
// zero), in order. Each unit's sum goes to out, 128 bytes each. It returns units.
//
// The rows are read in memory order, one stream. Reading two units side by side, to
// overlap their add chains, gained nothing from the last level cache, and two blocks
// of one unit side by side read slower: zeroing level 0 at each block breaks the
// dependence on the block before, so the core overlaps one block's chain with the
// next block's loads by itself.
func unitSums(s isa, e elt) {
	TEXT(fmt.Sprintf("unitSums%s%s", e.name, s.name), NOSPLIT, fmt.Sprintf("func(out *%s, d []%s, units, stride, step int) int", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("unitSums%s%s writes the cascade's level-1 sums of units of step·step rows (see the generator).", e.name, s.name))
	out := Load(Param("out"), GP64())
	d := Load(Param("d").Base(), GP64())
	units := Load(Param("units"), GP64())
	stride := Load(Param("stride"), GP64())
	step := Load(Param("step"), GP64())
	done := GP64()
	MOVQ(units, done)
	SHLQ(U8(map[int]uint8{4: 2, 8: 3}[e.size]), stride) // in bytes
	n := 128 / s.bytes
	regs := func() []VecVirtual {
		r := make([]VecVirtual, n)
		for k := range r {
			r[k] = s.vec()
		}
		return r
	}
	a, l1 := regs(), regs()
	zero := func(r []VecVirtual) {
		for _, v := range r {
			VXORPS(v, v, v)
		}
	}
	blk, r := GP64(), GP64()
	L := newLabels()
	Label(L("unit"))
	TESTQ(units, units)
	JZ(LabelRef(L("done")))
	zero(l1)
	MOVQ(step, blk)
	Label(L("block"))
	zero(a)
	MOVQ(step, r)
	Label(L("row"))
	addRow(s, e, a, d)
	ADDQ(stride, d)
	DECQ(r)
	JNZ(LabelRef(L("row")))
	for k := range a { // level 1 += level 0
		e.add(a[k], l1[k], l1[k])
	}
	DECQ(blk)
	JNZ(LabelRef(L("block")))
	for k := range l1 {
		e.store(l1[k], Mem{Base: out, Disp: k * s.bytes})
	}
	ADDQ(U32(128), out)
	DECQ(units)
	JMP(LabelRef(L("unit")))
	Label(L("done"))
	Store(done, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// sleefTrigF32 writes sleefSinF32X or sleefCosF32X(dst, src []float32) int: SLEEF's
// sinf_u1 or cosf_u1 on its Cody-Waite path (tensor/sleeftrig.go's sinfU1 and cosfU1,
// step by step: each fused multiply-add one vfmadd, every other step rounded to
// float32) for the whole vectors of dst. It returns non-zero when an element of some
// vector is not below SLEEF's TRIGRANGEMAX2f (125) in magnitude, or is NaN: SLEEF
// reduces such vectors otherwise, and the caller redoes their groups of 8.
func sleefTrigF32(s isa, cos bool) {
	name := "Sin"
	if cos {
		name = "Cos"
	}
	TEXT(fmt.Sprintf("sleef%sF32%s", name, s.name), NOSPLIT, "func(dst, src []float32) int")
	Pragma("noescape")
	Doc(fmt.Sprintf("sleef%sF32%s computes SLEEF's %sf_u1 for the whole vectors of dst, reporting inputs off its fast path (see the generator).", name, s.name, map[bool]string{false: "sin", true: "cos"}[cos]))
	d := Load(Param("dst").Base(), GP64())
	src := Load(Param("src").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	c := func(nm string, v float32) Mem { return constant(s, nm, F32(v)) }
	const (
		piA2f = float32(3.1414794921875)
		piB2f = float32(0.00011315941810607910156)
		piC2f = float32(1.9841872589410058936e-09)
	)
	flag, bits := GP64(), GP64()
	XORQ(flag, flag)
	lanes := s.bytes / 4
	loop(n, lanes, func(i Register) {
		x, ax := s.vec(), s.vec()
		VMOVUPS(Mem{Base: src, Index: i, Scale: 4}, x)
		// off the fast path: !(|x| < 125), NaN included
		s.bc(VANDPS, VANDPS_BCST)(constant(s, "absmask", U32(0x7fffffff)), x, ax)
		if s.bytes == 32 {
			VCMPPS(U8(5), c("f125", 125), ax, ax)
			VMOVMSKPS(ax, bits.As32())
		} else {
			k := K()
			VCMPPS_BCST(U8(5), c("f125", 125), ax, k)
			KMOVW(k, bits.As32())
		}
		ORQ(bits, flag)
		q, tx, ty, y, v, t := s.vec(), s.vec(), s.vec(), s.vec(), s.vec(), s.vec()
		round := func(a, b VecVirtual) {
			if s.bytes == 32 {
				VROUNDPS(U8(0), a, b)
			} else {
				VRNDSCALEPS(U8(0), a, b)
			}
		}
		// twoSum adds y into (sx, sy) as SLEEF's dfadd2 (of a float when sy is nil):
		// sx' = sx + y, sy' = (sx - (sx' - v)) + (y - v) [+ sy], v = sx' - sx
		twoSum := func(sx, sy, y VecVirtual) (VecVirtual, VecVirtual) {
			s2, v, e, f := s.vec(), s.vec(), s.vec(), s.vec()
			VADDPS(y, sx, s2)
			VSUBPS(sx, s2, v) // v = s2 - sx
			VSUBPS(v, s2, e)  // s2 - v
			VSUBPS(e, sx, e)  // sx - (s2 - v)
			VSUBPS(v, y, f)   // y - v
			VADDPS(f, e, e)
			if sy != nil {
				VADDPS(sy, e, e)
			}
			return s2, e
		}
		var u VecVirtual
		if !cos {
			u = s.vec()
			s.bc(VMULPS, VMULPS_BCST)(c("invpi", float32(1/math.Pi)), x, u)
			round(u, u)
			VCVTPS2DQ(u, q)
			VMOVAPS(x, v)
			s.bc(VFMADD231PS, VFMADD231PS_BCST)(c("mpia2", -piA2f), u, v) // v = u·-A + x
			s.bc(VMULPS, VMULPS_BCST)(c("mpib2", -piB2f), u, y)
			sx, sy := twoSum(v, nil, y)
			// dfadd: tx = sx + y, ty = ((sx - tx) + y) + sy
			s.bc(VMULPS, VMULPS_BCST)(c("mpic2", -piC2f), u, y)
			VADDPS(y, sx, tx)
			VSUBPS(tx, sx, ty)
			VADDPS(y, ty, ty)
			VADDPS(sy, ty, ty)
		} else {
			dq := s.vec()
			s.loadConst(c("mhalf", -0.5), t)
			s.bc(VFMADD231PS, VFMADD231PS_BCST)(c("invpi", float32(1/math.Pi)), x, t) // t = x/π - 0.5, one rounding
			round(t, t)
			s.loadConst(c("one", 1), dq)
			s.bc(VFMADD231PS, VFMADD231PS_BCST)(c("two", 2), t, dq) // dq = 2t + 1
			VCVTPS2DQ(dq, q)
			s.bc(VMULPS, VMULPS_BCST)(c("mpia2h", -piA2f*0.5), dq, y)
			sx, sy := twoSum(x, nil, y)
			s.bc(VMULPS, VMULPS_BCST)(c("mpib2h", -piB2f*0.5), dq, y)
			sx, sy = twoSum(sx, sy, y)
			s.bc(VMULPS, VMULPS_BCST)(c("mpic2h", -piC2f*0.5), dq, y)
			sx, sy = twoSum(sx, sy, y)
			tx, ty = sx, sy
		}
		// dfsqu: (sx, sy) = t²
		sx, sy := s.vec(), s.vec()
		VMULPS(tx, tx, sx)
		VMOVAPS(sx, sy)
		VFMSUB231PS(tx, tx, sy) // tx·tx - sx
		VADDPS(tx, tx, t)
		VFMADD231PS(ty, t, sy) // 2tx·ty + (tx·tx - sx)
		// the polynomial
		p := s.vec()
		s.loadConst(c("sinc0", 2.6083159809786593541503e-06), p)
		s.bc(VFMADD213PS, VFMADD213PS_BCST)(c("sinc1", -0.0001981069071916863322258), sx, p)
		s.bc(VFMADD213PS, VFMADD213PS_BCST)(c("sinc2", 0.00833307858556509017944336), sx, p)
		// dfadd(c3, p·sx): ax = c3 + w, ay = (c3 - ax) + w
		w, ax2, ay := s.vec(), s.vec(), s.vec()
		VMULPS(sx, p, w)
		s.bc(VADDPS, VADDPS_BCST)(c("sinc3", -0.166666597127914428710938), w, ax2)
		s.loadConst(c("sinc3", -0.166666597127914428710938), ay)
		VSUBPS(ax2, ay, ay)
		VADDPS(w, ay, ay)
		// dfmul(a, s): mx = ax·sx, my = ax·sy + (ay·sx + (ax·sx - mx))
		mx, my := s.vec(), s.vec()
		VMULPS(sx, ax2, mx)
		VMOVAPS(mx, my)
		VFMSUB231PS(sx, ax2, my)
		VFMADD231PS(sx, ay, my)
		VFMADD231PS(sy, ax2, my)
		// dfadd(1, m): xx = 1 + mx, xy = ((1 - xx) + mx) + my
		xx, xy := s.vec(), s.vec()
		s.bc(VADDPS, VADDPS_BCST)(c("one", 1), mx, xx)
		s.loadConst(c("one", 1), xy)
		VSUBPS(xx, xy, xy)
		VADDPS(mx, xy, xy)
		VADDPS(my, xy, xy)
		// r = tx·xx + (ty·xx + tx·xy)
		r := s.vec()
		VMULPS(xy, tx, r)
		VFMADD231PS(xx, ty, r)
		VFMADD231PS(xx, tx, r)
		// the sign from the quadrant: sin negates odd q, cos q with bit 1 clear
		if !cos {
			VPSLLD(U8(31), q, q)
		} else {
			if s.bytes == 32 { // ^q & 2
				VPANDN(constant(s, "int2", U32(2)), q, q)
			} else {
				VPANDND_BCST(constant(s, "int2", U32(2)), q, q)
			}
			VPSLLD(U8(30), q, q)
		}
		VXORPS(q, r, r)
		if !cos { // sin(-0) = -0
			if s.bytes == 32 {
				VPCMPEQD(constant(s, "negzero", U32(0x80000000)), x, t)
				VBLENDVPS(t, x, r, r)
			} else {
				k := K()
				VPCMPEQD_BCST(constant(s, "negzero", U32(0x80000000)), x, k)
				VBLENDMPS(x, r, k, r)
			}
		}
		VMOVUPS(r, Mem{Base: d, Index: i, Scale: 4})
	})
	Store(flag, ReturnIndex(0))
	VZEROUPPER()
	RET()
}

// logF32 writes logF32X(dst, src []float32), dst[i] = SLEEF's logf_u1(src[i]) in the
// form of its AVX2 build (PyTorch's vectorised log), step by step as tensor/sleeflog.go's
// logf32: d = m·2^e with m in [0.75, 1.5) (inputs below the normal range scaled by 2^64
// first), log d = e·log 2 + 2·atanh((m-1)/(m+1)) in float32 pairs. The AVX-512 kernel
// computes the same steps (SLEEF's own AVX-512 build takes another route).
func logF32(s isa) {
	TEXT(fmt.Sprintf("logF32%s", s.name), NOSPLIT, "func(dst, src []float32)")
	Pragma("noescape")
	Doc(fmt.Sprintf("logF32%s computes SLEEF's logf_u1 over the whole %d-byte vectors of dst.", s.name, s.bytes))
	d := Load(Param("dst").Base(), GP64())
	src := Load(Param("src").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	c := func(nm string, v float32) Mem { return constant(s, nm, F32(v)) }
	ci := func(nm string, v uint32) Mem { return constant(s, nm, U32(v)) }
	avx512 := s.bytes == 64
	loop(n, s.bytes/4, func(i Register) {
		x := s.vec()
		VMOVUPS(Mem{Base: src, Index: i, Scale: 4}, x)
		e, m, t := s.vec(), s.vec(), s.vec()
		// below the normal range: x·2^64, and e less 64 below
		var tiny VecVirtual
		var k Op
		if !avx512 {
			tiny = s.vec()
			VCMPPS(U8(1), c("fltmin", 0x1p-126), x, tiny) // x < 2^-126
			VMULPS(c("two64", 0x1p64), x, t)
			VBLENDVPS(tiny, t, x, x)
		} else {
			k = K()
			VCMPPS_BCST(U8(1), c("fltmin", 0x1p-126), x, k)
			VMULPS_BCST(c("two64", 0x1p64), x, k, x) // merged under k
		}
		// e = the exponent of x·(1/0.75); m = x·2^-e
		s.bc(VMULPS, VMULPS_BCST)(c("inv075", 1.0/0.75), x, e)
		VPSRLD(U8(23), e, e)
		if !avx512 {
			VPAND(ci("int255", 0xff), e, e)
		} else {
			VPANDD_BCST(ci("int255", 0xff), e, e)
		}
		s.bc(VPSUBD, VPSUBD_BCST)(ci("int127", 0x7f), e, e)
		VPSLLD(U8(23), e, m)
		VPSUBD(m, x, m)
		if !avx512 {
			VPAND(ci("int64", 64), tiny, t)
			VPSUBD(t, e, e)
		} else {
			VPSUBD_BCST(ci("int64", 64), e, k, e)
		}
		VCVTDQ2PS(e, e)
		// s = (log 2 as a pair)·e: sh = l2u·e, sl = l2l·e + (l2u·e - sh)
		sh, sl := s.vec(), s.vec()
		s.bc(VMULPS, VMULPS_BCST)(c("l2u", 0.69314718246459960938), e, sh)
		VMOVAPS(sh, sl)
		s.bc(VFMSUB231PS, VFMSUB231PS_BCST)(c("l2u", 0.69314718246459960938), e, sl)
		s.bc(VFMADD231PS, VFMADD231PS_BCST)(c("l2l", -1.904654323148236017e-09), e, sl)
		// twoSum(k, m) for the constant k: hi = k + m, lo = (k - (hi - v)) + (m - v),
		// v = hi - k
		twoSum := func(kc Mem) (VecVirtual, VecVirtual) {
			kr, hi, v, lo, w := s.vec(), s.vec(), s.vec(), s.vec(), s.vec()
			s.loadConst(kc, kr)
			VADDPS(m, kr, hi)
			VSUBPS(kr, hi, v)
			VSUBPS(v, hi, lo)
			VSUBPS(lo, kr, lo)
			VSUBPS(v, m, w)
			VADDPS(w, lo, lo)
			return hi, lo
		}
		ah, al := twoSum(c("mone", -1))
		bh, bl := twoSum(c("one", 1))
		// x = a/b as a pair: q = ah·r (r = 1/bh), u = r·ah - q, v = 1 - bh·r - bl·r,
		// lo = q·v + (al·r + u)
		r, q, u, v := s.vec(), s.vec(), s.vec(), s.vec()
		s.loadConst(c("one", 1), r)
		VDIVPS(bh, r, r)
		VMULPS(r, ah, q)
		VMOVAPS(q, u)
		VFMSUB231PS(r, ah, u)
		s.loadConst(c("one", 1), v)
		VFNMADD231PS(bh, r, v)
		VFNMADD231PS(bl, r, v)
		VFMADD231PS(al, r, u)
		VFMADD231PS(q, v, u) // x = (q, u)
		// the series: x2 = q², p = (c0·x2 + c1)·x2 + c2
		x2, p := s.vec(), s.vec()
		VMULPS(q, q, x2)
		s.loadConst(c("logc0", 0.3027294874), p)
		s.bc(VFMADD213PS, VFMADD213PS_BCST)(c("logc1", 0.3996108174), x2, p)
		s.bc(VFMADD213PS, VFMADD213PS_BCST)(c("logc2", 0.6666694880), x2, p)
		// s += 2x: h = sh + 2q, w = (((sh - h) + 2q) + sl) + 2u
		yh, yl, h, w := s.vec(), s.vec(), s.vec(), s.vec()
		VADDPS(q, q, yh)
		VADDPS(u, u, yl)
		VADDPS(yh, sh, h)
		VSUBPS(h, sh, w)
		VADDPS(yh, w, w)
		VADDPS(sl, w, w)
		VADDPS(yl, w, w)
		// s += (x2·q)·p: h2 = h + z, w2 = ((h - h2) + z) + w; the result h2 + w2
		z, h2, w2 := s.vec(), s.vec(), s.vec()
		VMULPS(q, x2, z)
		VMULPS(p, z, z)
		VADDPS(z, h, h2)
		VSUBPS(h2, h, w2)
		VADDPS(z, w2, w2)
		VADDPS(w, w2, w2)
		VADDPS(w2, h2, h2)
		// +Inf for +Inf, NaN for x < 0 and NaN, -Inf for ±0 (x as scaled)
		if !avx512 {
			mk := s.vec()
			VCMPPS(U8(0), ci("inf", 0x7f800000), x, mk)
			VBLENDVPS(mk, ci("inf", 0x7f800000), h2, h2)
			VXORPS(t, t, t)
			VCMPPS(U8(9), t, x, mk) // !(x >= 0)
			VBLENDVPS(mk, ci("nan", 0x7fc00000), h2, h2)
			VCMPPS(U8(0), t, x, mk) // x == 0
			VBLENDVPS(mk, ci("minf", 0xff800000), h2, h2)
		} else {
			k1, k2, k3 := K(), K(), K()
			VXORPS(t, t, t)
			VCMPPS_BCST(U8(0), ci("inf", 0x7f800000), x, k1)
			VBROADCASTSS(ci("inf", 0x7f800000), k1, h2)
			VCMPPS(U8(9), t, x, k2)
			VBROADCASTSS(ci("nan", 0x7fc00000), k2, h2)
			VCMPPS(U8(0), t, x, k3)
			VBROADCASTSS(ci("minf", 0xff800000), k3, h2)
		}
		VMOVUPS(h2, Mem{Base: d, Index: i, Scale: 4})
	})
	VZEROUPPER()
	RET()
}

// tanhF32 writes tanhF32X(dst, src []float32), dst[i] = SLEEF's tanhf_u10(src[i]) step
// by step as tensor/sleeftanh.go's tanhf32: e^|x| as a float32 pair (expk2f), then
// (e - 1/e)/(e + 1/e) in pairs; 1 beyond 8.664339742 or where that overflowed, x's
// sign, and all ones where x is NaN.
func tanhF32(s isa) {
	TEXT(fmt.Sprintf("tanhF32%s", s.name), NOSPLIT, "func(dst, src []float32)")
	Pragma("noescape")
	Doc(fmt.Sprintf("tanhF32%s computes SLEEF's tanhf_u10 over the whole %d-byte vectors of dst.", s.name, s.bytes))
	d := Load(Param("dst").Base(), GP64())
	src := Load(Param("src").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	c := func(nm string, v float32) Mem { return constant(s, nm, F32(v)) }
	ci := func(nm string, v uint32) Mem { return constant(s, nm, U32(v)) }
	avx512 := s.bytes == 64
	mul := s.bc(VMULPS, VMULPS_BCST)
	fma213 := s.bc(VFMADD213PS, VFMADD213PS_BCST)
	zero := s.vec()
	VXORPS(zero, zero, zero)
	loop(n, s.bytes/4, func(i Register) {
		x, y := s.vec(), s.vec()
		VMOVUPS(Mem{Base: src, Index: i, Scale: 4}, x)
		if !avx512 {
			VPAND(ci("absmask", 0x7fffffff), x, y)
		} else {
			VPANDD_BCST(ci("absmask", 0x7fffffff), x, y)
		}
		// twoSumPF(h, l, b): h' = h + b, v = h' - h, l' = ((h - (h' - v)) + (b - v)) + l
		twoSumPF := func(h, l, b VecVirtual) (VecVirtual, VecVirtual) {
			h2, v, w := s.vec(), s.vec(), s.vec()
			VADDPS(b, h, h2)
			VSUBPS(h, h2, v)
			VSUBPS(v, h2, w)
			VSUBPS(w, h, w)
			VSUBPS(v, b, v)
			VADDPS(v, w, w)
			VADDPS(l, w, w)
			return h2, w
		}
		// twoSumPF with a constant b
		twoSumPC := func(h, l VecVirtual, b Mem) (VecVirtual, VecVirtual) {
			br := s.vec()
			s.loadConst(b, br)
			return twoSumPF(h, l, br)
		}
		// mulPP(a, b): hi = ah·bh, lo = fma(ah, bl, fma(al, bh, ah·bh - hi))
		mulPP := func(ah, al, bh, bl VecVirtual) (VecVirtual, VecVirtual) {
			h, l := s.vec(), s.vec()
			VMULPS(bh, ah, h)
			VMOVAPS(h, l)
			VFMSUB231PS(bh, ah, l)
			VFMADD231PS(bh, al, l)
			VFMADD231PS(bl, ah, l)
			return h, l
		}
		// expk2f((y, 0)): q = rint(y·(1/ln 2))
		q, qf, a := s.vec(), s.vec(), s.vec()
		VADDPS(zero, y, q)
		mul(c("rln2", float32(1/math.Ln2)), q, q)
		VCVTPS2DQ(q, q) // round to nearest even (MXCSR's default mode)
		VCVTDQ2PS(q, qf)
		// s = (y, 0) + q·(-L2U) + q·(-L2L), pairs
		mul(c("ml2u", -0.693145751953125), qf, a)
		sh, sl := twoSumPF(y, zero, a)
		mul(c("ml2l", -1.428606765330187045e-06), qf, a)
		sh, sl = twoSumPF(sh, sl, a)
		// u = polynomial in sh
		u := s.vec()
		s.loadConst(c("tanhp0", 0.1980960224e-3), u)
		fma213(c("tanhp1", 0.1394256484e-2), sh, u)
		fma213(c("tanhp2", 0.8333456703e-2), sh, u)
		fma213(c("tanhp3", 0.4166637361e-1), sh, u)
		// t = twoSumPF(mulPF(s, u), 1/6-ish)
		th, tl := s.vec(), s.vec()
		VMULPS(u, sh, th)
		VMOVAPS(th, tl)
		VFMSUB231PS(u, sh, tl)
		VFMADD231PS(u, sl, tl)
		th, tl = twoSumPC(th, tl, c("tanhp4", 0.166666659414234244790680580464))
		// t = twoSumPF(mulPP(s, t), 0.5)
		th, tl = mulPP(sh, sl, th, tl)
		th, tl = twoSumPC(th, tl, c("half", 0.5))
		// t = twoSumPP(s, mulPP(sqrP(s), t))
		qh, ql := s.vec(), s.vec()
		VMULPS(sh, sh, qh)
		VMOVAPS(qh, ql)
		VFMSUB231PS(sh, sh, ql)
		VADDPS(sh, sh, a)
		VFMADD231PS(sl, a, ql)
		ph, pl := mulPP(qh, ql, th, tl)
		h, v, w := s.vec(), s.vec(), s.vec()
		VADDPS(ph, sh, h)
		VSUBPS(sh, h, v)
		VSUBPS(v, h, w)
		VSUBPS(w, sh, w)
		VSUBPS(v, ph, v)
		VADDPS(v, w, w)
		VADDPS(pl, sl, v)
		VADDPS(v, w, w) // (h, w)
		// t = addFP(1, t): h2 = 1 + h, w2 = ((1 - h2) + h) + w
		one := s.vec()
		s.loadConst(c("one", 1), one)
		dh, dl := s.vec(), s.vec()
		VADDPS(h, one, dh)
		VSUBPS(dh, one, dl)
		VADDPS(h, dl, dl)
		VADDPS(w, dl, dl)
		// times 2^(q>>1)·2^(q-(q>>1)), both parts
		e1, e2 := s.vec(), s.vec()
		VPSRAD(U8(1), q, e1)
		VPSUBD(e1, q, e2)
		s.bc(VPADDD, VPADDD_BCST)(ci("bias", 0x7f), e1, e1)
		VPSLLD(U8(23), e1, e1)
		s.bc(VPADDD, VPADDD_BCST)(ci("bias", 0x7f), e2, e2)
		VPSLLD(U8(23), e2, e2)
		VMULPS(e1, dh, dh)
		VMULPS(e2, dh, dh)
		VMULPS(e1, dl, dl)
		VMULPS(e2, dl, dl) // e^y = (dh, dl)
		// 1/e: rh = 1/dh, rl = rh·(1 - dh·rh - dl·rh)
		rh, rl := s.vec(), s.vec()
		VDIVPS(dh, one, rh)
		VMOVAPS(one, rl)
		VFNMADD231PS(dh, rh, rl)
		VFNMADD231PS(dl, rh, rl)
		VMULPS(rl, rh, rl)
		// addPP(x, ±y): hi = xh ± yh, lo = (((xh - hi) ± yh) + xl) ± yl
		addPP := func(sub bool) (VecVirtual, VecVirtual) {
			op := VADDPS
			if sub {
				op = VSUBPS
			}
			hi, lo := s.vec(), s.vec()
			op(rh, dh, hi)
			VSUBPS(hi, dh, lo)
			op(rh, lo, lo)
			VADDPS(dl, lo, lo)
			op(rl, lo, lo)
			return hi, lo
		}
		nh, nl := addPP(true)
		bh, bl := addPP(false)
		// (nh, nl)/(bh, bl): t = 1/bh, s = nh·t, u = t·nh - s, v = 1 - bh·t - bl·t,
		// lo = s·v + (nl·t + u); the result s + lo
		t, r, uu, vv := s.vec(), s.vec(), s.vec(), s.vec()
		VDIVPS(bh, one, t)
		VMULPS(t, nh, r)
		VMOVAPS(r, uu)
		VFMSUB231PS(t, nh, uu)
		VMOVAPS(one, vv)
		VFNMADD231PS(bh, t, vv)
		VFNMADD231PS(bl, t, vv)
		VFMADD231PS(nl, t, uu)
		VFMADD231PS(r, vv, uu)
		VADDPS(uu, r, r)
		// 1 beyond the limit or for NaN, x's sign, all ones for NaN x
		lim := c("tanhlim", 8.664339742)
		if !avx512 {
			m1, m2 := s.vec(), s.vec()
			VCMPPS(U8(14), lim, y, m1) // y > lim
			VCMPPS(U8(3), r, r, m2)    // r is NaN
			VORPS(m2, m1, m1)
			VBLENDVPS(m1, one, r, r)
			VANDPS(ci("signmask", 0x80000000), x, m1)
			VXORPS(m1, r, r)
			VCMPPS(U8(3), x, x, m2)
			VORPS(m2, r, r)
		} else {
			k1, k2, k3 := K(), K(), K()
			VCMPPS_BCST(U8(14), lim, y, k1)
			VCMPPS(U8(3), r, r, k2)
			KORW(k2, k1, k1)
			VMOVAPS(one, k1, r)
			m := s.vec()
			VPANDD_BCST(ci("signmask", 0x80000000), x, m)
			VPXORD(m, r, r)
			VCMPPS(U8(3), x, x, k3)
			VBROADCASTSS(ci("allones", 0xffffffff), k3, r)
		}
		VMOVUPS(r, Mem{Base: d, Index: i, Scale: 4})
	})
	VZEROUPPER()
	RET()
}

// expF64 writes expF64X(dst, src []float64), dst[i] = SLEEF's exp_u10 in double step by
// step as tensor/sleefexpd.go's expf64: u = rint(x/ln 2), s = x - u·ln 2 in two fused
// multiply-adds, the degree-10 polynomial by Estrin's scheme, three Horner steps, times
// 2^(q>>1)·2^(q-(q>>1)); +Inf above 709.78..., 0 below -1000. The powers of two come
// from u in doubles (floor(u/2) and the rest, each plus 2^52 + 1023 and shifted left
// 52 bits: the exponent field), which is q>>1 and q-(q>>1) wherever the result is kept.
func expF64(s isa) {
	TEXT(fmt.Sprintf("expF64%s", s.name), NOSPLIT, "func(dst, src []float64)")
	Pragma("noescape")
	Doc(fmt.Sprintf("expF64%s computes SLEEF's exp_u10 over the whole %d-byte vectors of dst.", s.name, s.bytes))
	d := Load(Param("dst").Base(), GP64())
	src := Load(Param("src").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	c := func(nm string, v float64) Mem { return constant(s, nm, F64(v)) }
	avx512 := s.bytes == 64
	load := func(m Mem, r Op) {
		if avx512 {
			VBROADCASTSD(m, r)
		} else {
			VMOVUPD(m, r)
		}
	}
	// round writes r = v rounded by mode (0: to nearest even, 1: down)
	round := func(mode uint8, v, r Op) {
		if avx512 {
			VRNDSCALEPD(U8(mode), v, r)
		} else {
			VROUNDPD(U8(mode), v, r)
		}
	}
	mul, add := s.bc(VMULPD, VMULPD_BCST), s.bc(VADDPD, VADDPD_BCST)
	fma213, fma231 := s.bc(VFMADD213PD, VFMADD213PD_BCST), s.bc(VFMADD231PD, VFMADD231PD_BCST)
	poly := make([]Mem, len(sleefexp.DPoly))
	for k, v := range sleefexp.DPoly {
		poly[k] = c(fmt.Sprintf("expdpoly%d", k), v)
	}
	loop(n, s.bytes/8, func(i Register) {
		x, u, t := s.vec(), s.vec(), s.vec()
		VMOVUPD(Mem{Base: src, Index: i, Scale: 8}, x)
		mul(c("expdinvln2", sleefexp.DInvLn2), x, u)
		round(0, u, u)
		VMOVAPD(x, t)
		fma231(c("expdml2hi", -sleefexp.DLn2Hi), u, t) // t = u·(-ln2hi) + x
		fma231(c("expdml2lo", -sleefexp.DLn2Lo), u, t)
		s2, s4, s8 := s.vec(), s.vec(), s.vec()
		VMULPD(t, t, s2)
		VMULPD(s2, s2, s4)
		VMULPD(s4, s4, s8)
		// poly2(a, b) = a·t + b; poly4(a, b, c, e) = poly2(a, b)·s2 + poly2(c, e)
		poly2 := func(a, b Mem) VecVirtual {
			r := s.vec()
			load(a, r)
			fma213(b, t, r)
			return r
		}
		poly4 := func(k int) VecVirtual {
			hi, lo := poly2(poly[k], poly[k+1]), poly2(poly[k+2], poly[k+3])
			VFMADD213PD(lo, s2, hi)
			return hi
		}
		p8 := poly4(2)
		VFMADD213PD(poly4(6), s4, p8)
		p := poly2(poly[0], poly[1])
		VFMADD213PD(p8, s8, p)
		fma213(c("half64", 0.5), t, p)
		fma213(c("one64", 1), t, p)
		fma213(c("one64", 1), t, p)
		// times 2^(q>>1), then 2^(q-(q>>1))
		h, k := s.vec(), s.vec()
		mul(c("half64", 0.5), u, h)
		round(1, h, h)
		VSUBPD(h, u, k)
		add(c("expdmagic", 0x1p52+1023), h, h)
		VPSLLQ(U8(52), h, h)
		add(c("expdmagic", 0x1p52+1023), k, k)
		VPSLLQ(U8(52), k, k)
		VMULPD(h, p, p)
		VMULPD(k, p, p)
		if !avx512 {
			m := s.vec()
			VCMPPD(U8(14), c("expdmax", sleefexp.DMax), x, m) // x > max
			VBLENDVPD(m, constant(s, "inf64", U64(0x7ff0000000000000)), p, p)
			VCMPPD(U8(1), c("expdmin", sleefexp.DMin), x, m) // x < -1000
			VANDNPD(p, m, p)
		} else {
			k0, k1 := K(), K()
			VCMPPD_BCST(U8(5), c("expdmin", sleefexp.DMin), x, k0) // !(x < -1000), NaN included
			VMOVAPD_Z(p, k0, p)
			VCMPPD_BCST(U8(14), c("expdmax", sleefexp.DMax), x, k1) // x > max
			VBROADCASTSD(constant(s, "inf64", U64(0x7ff0000000000000)), k1, p)
		}
		VMOVUPD(p, Mem{Base: d, Index: i, Scale: 8})
	})
	VZEROUPPER()
	RET()
}
