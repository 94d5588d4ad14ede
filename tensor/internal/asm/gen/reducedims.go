package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Reductions over a dim: many rows per call, each reduced as tensor's Go code reduces
// one row, so that the call's cost is spread over the rows. PyTorch's loops they
// replay are AVX2's (four 8-lane vectors side by side: 128 bytes), so they use YMM
// registers on both paths; one kernel of each serves both, as laneSum8F32 does.
func reduceDimKernels() {
	for _, e := range elts {
		innerSums(e)
		innerProds(e)
	}
}

// shiftOf is log2 of an element size.
func shiftOf(e elt) uint8 { return map[int]uint8{4: 2, 8: 3}[e.size] }

// scalarOps are the scalar add, multiply and move of an element type.
func scalarOps(e elt) (add, mul, mov func(...Op)) {
	if e.size == 4 {
		return VADDSS, VMULSS, VMOVSS
	}
	return VADDSD, VMULSD, VMOVSD
}

// innerSums writes innerSumsT(out *T, d []T, rows, ld, os, n int): for each of rows
// rows of n elements (n >= 32 bytes' worth), row j at d[j·ld], out[j·os] += the row's
// sum as tensor's innerSum adds it (sumBlock's vectorized inner loop: PyTorch's
// row_sum over 8-lane vectors four at a time), for rows of fewer than 256 whole
// 128-byte blocks, whose cascade never climbs past level 1 (step 16):
//   - the 128-byte rows in blocks of 16, each block summed from zero, the blocks added
//     in order into level 1 from zero; the rows short of a block summed from zero;
//     that sum plus level 1, plus zero (the empty levels 2 and 3);
//   - the vectors left over (up to three) added into the first vector, in order;
//   - the four vectors added in order into the first;
//   - from zero: the elements left over, in order, then the first vector's lanes.
func innerSums(e elt) {
	TEXT(fmt.Sprintf("innerSums%s", e.name), NOSPLIT, fmt.Sprintf("func(out *%s, d []%s, rows, ld, os, n int)", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("innerSums%s adds into out[j·os] the sum of row j of n elements at d[j·ld], as tensor's innerSum (see the generator).", e.name))
	sadd, _, smov := scalarOps(e)
	out := Load(Param("out"), GP64())
	d := Load(Param("d").Base(), GP64())
	rows := Load(Param("rows"), GP64())
	ld := Load(Param("ld"), GP64())
	os := Load(Param("os"), GP64())
	n := Load(Param("n"), GP64())
	sh := shiftOf(e)
	SHLQ(U8(sh), ld)
	SHLQ(U8(sh), os)
	// counts: vectors of 32 bytes, 128-byte rows, blocks of 16 of them, the rows short
	// of a block, vectors left over, elements left over
	vecs, blocks, rem, extra, tail := GP64(), GP64(), GP64(), GP64(), GP64()
	MOVQ(n, vecs)
	SHRQ(U8(5-sh), vecs)
	MOVQ(vecs, blocks)
	SHRQ(U8(6), blocks) // 4 vectors a row, 16 rows a block
	MOVQ(vecs, rem)
	SHRQ(U8(2), rem)
	ANDQ(U8(15), rem)
	MOVQ(vecs, extra)
	ANDQ(U8(3), extra)
	MOVQ(n, tail)
	ANDQ(U32(32>>sh-1), tail)
	lanes := 32 / e.size
	buf := AllocLocal(32)
	l1 := []VecVirtual{YMM(), YMM(), YMM(), YMM()}
	a := []VecVirtual{YMM(), YMM(), YMM(), YMM()}
	zero := func(rs []VecVirtual) {
		for _, r := range rs {
			VXORPS(r, r, r)
		}
	}
	p, cnt, blk := GP64(), GP64(), GP64()
	id := labels
	labels++
	L := func(s string) string { return fmt.Sprintf("%s%d", s, id) }
	Label(L("row"))
	TESTQ(rows, rows)
	JZ(LabelRef(L("done")))
	MOVQ(d, p)
	zero(l1)
	MOVQ(blocks, blk)
	Label(L("block"))
	TESTQ(blk, blk)
	JZ(LabelRef(L("rest")))
	zero(a)
	MOVQ(U32(16), cnt)
	Label(L("blockrow"))
	addRow(isa{bytes: 32}, e, a, p)
	ADDQ(U32(128), p)
	DECQ(cnt)
	JNZ(LabelRef(L("blockrow")))
	for k := range a { // level 1 += level 0
		e.add(a[k], l1[k], l1[k])
	}
	DECQ(blk)
	JMP(LabelRef(L("block")))
	Label(L("rest"))
	zero(a)
	MOVQ(rem, cnt)
	Label(L("restrow"))
	TESTQ(cnt, cnt)
	JZ(LabelRef(L("levels")))
	addRow(isa{bytes: 32}, e, a, p)
	ADDQ(U32(128), p)
	DECQ(cnt)
	JMP(LabelRef(L("restrow")))
	Label(L("levels"))
	z := YMM()
	VXORPS(z, z, z)
	for k := range a {
		e.add(l1[k], a[k], a[k]) // level 0 + level 1
		e.add(z, a[k], a[k])     // + levels 2 and 3, zero
	}
	MOVQ(extra, cnt)
	Label(L("extra"))
	TESTQ(cnt, cnt)
	JZ(LabelRef(L("partials")))
	e.add(Mem{Base: p}, a[0], a[0])
	ADDQ(U32(32), p)
	DECQ(cnt)
	JMP(LabelRef(L("extra")))
	Label(L("partials"))
	for k := 1; k < 4; k++ {
		e.add(a[k], a[0], a[0])
	}
	e.store(a[0], buf)
	s := XMM()
	VXORPS(s, s, s)
	MOVQ(tail, cnt)
	Label(L("tail"))
	TESTQ(cnt, cnt)
	JZ(LabelRef(L("lanes")))
	sadd(Mem{Base: p}, s, s)
	ADDQ(U32(e.size), p)
	DECQ(cnt)
	JMP(LabelRef(L("tail")))
	Label(L("lanes"))
	for l := 0; l < lanes; l++ {
		sadd(buf.Offset(l*e.size), s, s)
	}
	sadd(Mem{Base: out}, s, s)
	smov(s, Mem{Base: out})
	ADDQ(ld, d)
	ADDQ(os, out)
	DECQ(rows)
	JMP(LabelRef(L("row")))
	Label(L("done"))
	VZEROUPPER()
	RET()
}

// innerProds writes innerProdsT(out *T, d []T, rows, ld, os, n int): for each of rows
// rows of n elements (n >= 128 bytes' worth), row j at d[j·ld], out[j·os] = the row's
// product as tensor's prodInner multiplies it (PyTorch's binary_kernel_reduce_vec
// inner loop): four 8-lane vectors from the first 128 bytes, each following whole
// 128-byte block multiplied in lane by lane, the vectors combined as (v0·v1)·(v2·v3),
// its lanes multiplied in order, then the elements left over, in order.
func innerProds(e elt) {
	TEXT(fmt.Sprintf("innerProds%s", e.name), NOSPLIT, fmt.Sprintf("func(out *%s, d []%s, rows, ld, os, n int)", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("innerProds%s sets out[j·os] to the product of row j of n elements at d[j·ld], as tensor's prodInner (see the generator).", e.name))
	_, smul, smov := scalarOps(e)
	out := Load(Param("out"), GP64())
	d := Load(Param("d").Base(), GP64())
	rows := Load(Param("rows"), GP64())
	ld := Load(Param("ld"), GP64())
	os := Load(Param("os"), GP64())
	n := Load(Param("n"), GP64())
	sh := shiftOf(e)
	SHLQ(U8(sh), ld)
	SHLQ(U8(sh), os)
	blocks, tail := GP64(), GP64()
	MOVQ(n, blocks)
	SHRQ(U8(7-sh), blocks) // 128-byte blocks
	DECQ(blocks)           // after the first
	MOVQ(n, tail)
	ANDQ(U32(128>>sh-1), tail)
	lanes := 32 / e.size
	buf := AllocLocal(32)
	a := []VecVirtual{YMM(), YMM(), YMM(), YMM()}
	p, cnt := GP64(), GP64()
	id := labels
	labels++
	L := func(s string) string { return fmt.Sprintf("%s%d", s, id) }
	Label(L("row"))
	TESTQ(rows, rows)
	JZ(LabelRef(L("done")))
	MOVQ(d, p)
	for k := range a {
		e.load(Mem{Base: p, Disp: 32 * k}, a[k])
	}
	ADDQ(U32(128), p)
	MOVQ(blocks, cnt)
	Label(L("block"))
	TESTQ(cnt, cnt)
	JZ(LabelRef(L("combine")))
	for k := range a {
		e.mul(Mem{Base: p, Disp: 32 * k}, a[k], a[k]) // a = a·block
	}
	ADDQ(U32(128), p)
	DECQ(cnt)
	JMP(LabelRef(L("block")))
	Label(L("combine"))
	e.mul(a[1], a[0], a[0])
	e.mul(a[3], a[2], a[2])
	e.mul(a[2], a[0], a[0])
	e.store(a[0], buf)
	s := XMM()
	smov(buf, s)
	for l := 1; l < lanes; l++ {
		smul(buf.Offset(l*e.size), s, s)
	}
	MOVQ(tail, cnt)
	Label(L("tail"))
	TESTQ(cnt, cnt)
	JZ(LabelRef(L("store")))
	smul(Mem{Base: p}, s, s)
	ADDQ(U32(e.size), p)
	DECQ(cnt)
	JMP(LabelRef(L("tail")))
	Label(L("store"))
	smov(s, Mem{Base: out})
	ADDQ(ld, d)
	ADDQ(os, out)
	DECQ(rows)
	JMP(LabelRef(L("row")))
	Label(L("done"))
	VZEROUPPER()
	RET()
}
