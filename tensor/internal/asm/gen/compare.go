package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// A comparison's predicate, as VCMPPS/VCMPPD's immediate: the quiet forms, ordered
// (false when either side is NaN) for ==, <, <=, >, >=, and unordered (true when
// either is NaN) for !=, which are Go's comparisons of floats.
var comparisons = []struct {
	name string
	pred uint8
}{{"Eq", 0x00}, {"Ne", 0x04}, {"Lt", 0x11}, {"Le", 0x12}, {"Gt", 0x1e}, {"Ge", 0x1d}}

// compareKernels writes cmp{Op}{T}(dst []bool, x, y []T) and cmp{Op}{T}Scalar(dst
// []bool, x []T, y T): dst[i] = x[i] op y[i] (or y), as bytes 0 or 1, over the whole
// 32-byte vectors of x. The comparison gives a lane mask, VMOVMSKPS (VMOVMSKPD) packs it
// into one bit a lane, and a table turns the bits into the lanes' bytes, one load and
// one store for 8 (4) results. A comparison is a short pass over memory whatever the
// register width, so the YMM kernels serve both paths.
func compareKernels() {
	bytes8, bytes4 := bitBytes("cmpBytes8", 8), bitBytes("cmpBytes4", 4)
	s := isa{"AVX2", 32, YMM}
	for _, e := range elts {
		for _, c := range comparisons {
			for _, scalar := range []bool{false, true} {
				compare(s, e, c.name, c.pred, scalar, bytes8, bytes4)
			}
		}
	}
}

// bitBytes writes the table of lanes-bit masks (lanes 8 or 4) whose entry m holds, in
// byte j, bit j of m: one word an entry.
func bitBytes(name string, lanes int) Mem {
	t := GLOBL(name, RODATA|NOPTR)
	for m := 0; m < 1<<lanes; m++ {
		var v uint64
		for j := 0; j < lanes; j++ {
			v |= uint64(m>>j&1) << (8 * j)
		}
		if lanes == 8 {
			DATA(8*m, U64(v))
		} else {
			DATA(4*m, U32(uint32(v)))
		}
	}
	return t
}

func compare(s isa, e elt, name string, pred uint8, scalar bool, bytes8, bytes4 Mem) {
	fn, sig := fmt.Sprintf("cmp%s%s", name, e.name), fmt.Sprintf("func(dst []bool, x, y []%s)", e.goType)
	if scalar {
		fn, sig = fn+"Scalar", fmt.Sprintf("func(dst []bool, x []%s, y %s)", e.goType, e.goType)
	}
	TEXT(fn, NOSPLIT, sig)
	Pragma("noescape")
	Doc(fmt.Sprintf("%s sets dst[i] to the comparison (predicate %#x) of x[i] with y over the whole 32-byte vectors of x.", fn, pred))
	d := Load(Param("dst").Base(), GP64())
	x := Load(Param("x").Base(), GP64())
	n := Load(Param("x").Len(), GP64())
	var y Register
	var b VecVirtual
	if scalar {
		b = broadcastParam(s, e, "y")
	} else {
		y = Load(Param("y").Base(), GP64())
	}
	table := GP64()
	cmp, movmsk, tbl := VCMPPS, VMOVMSKPS, bytes8
	if e.size == 8 {
		cmp, movmsk, tbl = VCMPPD, VMOVMSKPD, bytes4
	}
	LEAQ(tbl, table)
	loop(n, s.bytes/e.size, func(i Register) {
		a, m := s.vec(), GP64()
		e.load(Mem{Base: x, Index: i, Scale: byte(e.size)}, a)
		if scalar {
			cmp(U8(pred), b, a, a) // a = x pred y
		} else {
			cmp(U8(pred), Mem{Base: y, Index: i, Scale: byte(e.size)}, a, a)
		}
		movmsk(a, m.As32())
		if e.size == 4 {
			v := GP64()
			MOVQ(Mem{Base: table, Index: m, Scale: 8}, v)
			MOVQ(v, Mem{Base: d, Index: i, Scale: 1})
		} else {
			v := GP32()
			MOVL(Mem{Base: table, Index: m, Scale: 4}, v)
			MOVL(v, Mem{Base: d, Index: i, Scale: 1})
		}
	})
	VZEROUPPER()
	RET()
}
