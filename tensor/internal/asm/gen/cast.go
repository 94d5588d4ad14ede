package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// castKind is an element type as a cast kernel sees it: the name in kernel names, the
// Go type and the size.
type castKind struct {
	name, goType string
	size         int
}

var (
	kF32 = castKind{"F32", "float32", 4}
	kF64 = castKind{"F64", "float64", 8}
	kI64 = castKind{"I64", "int64", 8}
)

// castPair is one conversion: destination and source kinds and the instruction that
// converts a vector of the source to a vector of the destination (Go operand order:
// source register, then destination register).
type castPair struct {
	dst, src castKind
	cvt      func(...Op)
}

// castKernels writes the conversion kernels, cast{D}{S}{ISA}(dst []D, src []S), each
// D(src[i]) as Go converts one element on amd64 (CVTSS2SD, CVTSD2SS, CVTTSS2SQ,
// CVTSQ2SS, ...), which are the same operations as their packed forms lane by lane:
// rounding to nearest-even by the default MXCSR that Go never changes, NaN quieted
// with its payload kept (cut to float32's width by float64 to float32), and float to
// int64 truncating, with NaN and out-of-range values giving the integer indefinite,
// math.MinInt64.
//
// AVX2 has packed conversions between float32 and float64 only; the int64 ones are
// AVX-512 DQ's, which the AVX-512 path requires.
func castKernels() {
	both := []castPair{
		{kF64, kF32, VCVTPS2PD},
		{kF32, kF64, nil}, // VCVTPD2PS: its YMM-to-XMM form has its own name
	}
	for _, p := range both {
		castKernel(isas[0], p)
		castKernel(isas[1], p)
	}
	for _, p := range []castPair{
		{kI64, kF32, VCVTTPS2QQ},
		{kF32, kI64, VCVTQQ2PS},
		{kI64, kF64, VCVTTPD2QQ},
		{kF64, kI64, VCVTQQ2PD},
	} {
		castKernel(isas[1], p)
	}
}

// castLanes is the elements one conversion of a cast kernel does on s: a full
// register of the wider of the two types.
func castLanes(s isa, p castPair) int { return s.bytes / max(p.dst.size, p.src.size) }

// castKernel writes one conversion kernel for whole vectors of dst (src at least as
// long): four vectors per step while there are four, then one at a time. The wider
// side of a conversion takes a full register, the narrower half of one.
func castKernel(s isa, p castPair) {
	name := fmt.Sprintf("cast%s%s%s", p.dst.name, p.src.name, s.name)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(dst []%s, src []%s)", p.dst.goType, p.src.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[i] = %s(src[i]) over the whole %d-element vectors of dst.", name, p.dst.goType, castLanes(s, p)))
	d := Load(Param("dst").Base(), GP64())
	src := Load(Param("src").Base(), GP64())
	n := Load(Param("dst").Len(), GP64())
	lanes := castLanes(s, p)
	// reg returns a register holding lanes elements of k.
	reg := func(k castKind) VecVirtual {
		if lanes*k.size == s.bytes {
			return s.vec()
		}
		if s.bytes == 64 {
			return YMM()
		}
		return XMM()
	}
	cvt := p.cvt
	if cvt == nil {
		cvt = VCVTPD2PS // ZMM to YMM
		if s.bytes == 32 {
			cvt = VCVTPD2PSY // YMM to XMM
		}
	}
	one := func(i Register, k int) {
		a, b := reg(p.src), reg(p.dst)
		VMOVUPS(Mem{Base: src, Index: i, Scale: byte(p.src.size), Disp: k * lanes * p.src.size}, a)
		cvt(a, b)
		VMOVUPS(b, Mem{Base: d, Index: i, Scale: byte(p.dst.size), Disp: k * lanes * p.dst.size})
	}
	L := newLabels()
	i := GP64()
	XORQ(i, i)
	end := GP64()
	MOVQ(n, end)
	ANDQ(I32(-4*lanes), end)
	Label(L("four"))
	CMPQ(i, end)
	JAE(LabelRef(L("ones")))
	for k := range 4 {
		one(i, k)
	}
	ADDQ(I32(4*lanes), i)
	JMP(LabelRef(L("four")))
	Label(L("ones"))
	MOVQ(n, end)
	ANDQ(I32(-lanes), end)
	Label(L("one"))
	CMPQ(i, end)
	JAE(LabelRef(L("done")))
	one(i, 0)
	ADDQ(I32(lanes), i)
	JMP(LabelRef(L("one")))
	Label(L("done"))
	VZEROUPPER()
	RET()
}
