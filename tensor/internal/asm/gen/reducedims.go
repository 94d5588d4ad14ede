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
		cascadeCols(e)
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

// scalarTail folds the tail elements from p into s with op, one by one in order, then
// goes on at label next (innerSums' and innerProds' elements left over).
func scalarTail(L func(string) string, next string, tail, cnt, p Register, e elt, op func(...Op), s VecVirtual) {
	MOVQ(tail, cnt)
	Label(L("tail"))
	TESTQ(cnt, cnt)
	JZ(LabelRef(L(next)))
	op(Mem{Base: p}, s, s)
	ADDQ(U32(e.size), p)
	DECQ(cnt)
	JMP(LabelRef(L("tail")))
	Label(L(next))
}

// nextRow ends innerSums' and innerProds' row loop: on to the next row and output,
// back to label row, and the return at label done.
func nextRow(L func(string) string, d, ld, out, os, rows Register) {
	ADDQ(ld, d)
	ADDQ(os, out)
	DECQ(rows)
	JMP(LabelRef(L("row")))
	Label(L("done"))
	VZEROUPPER()
	RET()
}

// rowsParams loads the parameters innerSums and innerProds share, (out *T, d []T,
// rows, ld, os, n int), ld and os turned from elements into bytes.
func rowsParams(e elt) (out, d, rows, ld, os, n Register) {
	out = Load(Param("out"), GP64())
	d = Load(Param("d").Base(), GP64())
	rows = Load(Param("rows"), GP64())
	ld = Load(Param("ld"), GP64())
	os = Load(Param("os"), GP64())
	n = Load(Param("n"), GP64())
	SHLQ(U8(shiftOf(e)), ld)
	SHLQ(U8(shiftOf(e)), os)
	return
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
	out, d, rows, ld, os, n := rowsParams(e)
	sh := shiftOf(e)
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
	L := newLabels()
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
	scalarTail(L, "lanes", tail, cnt, p, e, sadd, s)
	for l := 0; l < lanes; l++ {
		sadd(buf.Offset(l*e.size), s, s)
	}
	sadd(Mem{Base: out}, s, s)
	smov(s, Mem{Base: out})
	nextRow(L, d, ld, out, os, rows)
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
	out, d, rows, ld, os, n := rowsParams(e)
	sh := shiftOf(e)
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
	L := newLabels()
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
	scalarTail(L, "store", tail, cnt, p, e, smul, s)
	smov(s, Mem{Base: out})
	nextRow(L, d, ld, out, os, rows)
}

// cascadeCols writes cascadeColsT(acc *T, d []T, groups, stride, step, mask1, mask2,
// i0, end int) int: the level loop of Cascade for groups column groups of 128 bytes
// side by side (group g at d[0] + 128g bytes, rows stride elements apart), block after
// block: rows [i, i+step) of groups 0 and 1 (eight accumulators), their levels, then
// the same rows of groups 2 and 3, and so on (an odd last group alone), so that the
// rows are read across their width, not one 128-byte column down
// the whole array at a time (which crosses a page at every row, where the hardware
// prefetchers stop). Each group's additions are Cascade's, in its order: level 0 (in
// registers, from zero) takes the block's rows, level 1 += level 0, and the levels
// climb while i&mask1 == 0 (to 2) and i&mask2 == 0 (to 3), i being the rows done after
// the block. Group g's levels 0..3 are the 512 bytes at acc + 512g (level 0 is left
// zero). Blocks run from row i0 while they end at or before row end; it returns the
// rows done.
func cascadeCols(e elt) {
	TEXT(fmt.Sprintf("cascadeCols%s", e.name), NOSPLIT, fmt.Sprintf("func(acc *%s, d []%s, groups, stride, step, mask1, mask2, i0, end int) int", e.goType, e.goType))
	Pragma("noescape")
	Doc(fmt.Sprintf("cascadeCols%s runs Cascade's level loop over column groups side by side, block by block (see the generator).", e.name))
	param := func(name string) Mem {
		c, err := Param(name).Resolve()
		if err != nil {
			panic(err)
		}
		return c.Addr
	}
	d := Load(Param("d").Base(), GP64())
	stride := Load(Param("stride"), GP64())
	step := Load(Param("step"), GP64())
	i := Load(Param("i0"), GP64())
	SHLQ(U8(shiftOf(e)), stride) // in bytes
	ni, g, accp, colp, p, r := GP64(), GP64(), GP64(), GP64(), GP64(), GP64()
	L := newLabels()
	Label(L("block"))
	MOVQ(i, ni)
	ADDQ(step, ni)
	CMPQ(ni, param("end"))
	JA(LabelRef(L("done")))
	MOVQ(i, colp) // row i of group 0
	IMULQ(stride, colp)
	ADDQ(d, colp)
	MOVQ(param("acc"), accp)
	MOVQ(param("groups"), g)
	// groups two at a time (eight accumulators: more adds in flight), then one
	body := func(two bool) {
		n := 1
		if two {
			n = 2
		}
		a := make([]VecVirtual, 4*n)
		for k := range a {
			a[k] = YMM()
			VXORPS(a[k], a[k], a[k])
		}
		t := YMM()
		MOVQ(colp, p)
		MOVQ(step, r)
		rowL := L(fmt.Sprintf("row%d", n))
		Label(rowL)
		for k := range a {
			e.add(Mem{Base: p, Disp: 32 * k}, a[k], a[k])
		}
		ADDQ(stride, p)
		DECQ(r)
		JNZ(LabelRef(rowL))
		for h := 0; h < n; h++ {
			base := 512 * h
			for k := 0; k < 4; k++ { // level 1 += level 0
				m := Mem{Base: accp, Disp: base + 128 + 32*k}
				e.add(m, a[4*h+k], t)
				e.store(t, m)
			}
		}
		nextL := L(fmt.Sprintf("next%d", n))
		for j, mask := range []string{"mask1", "mask2"} { // climb unless the rows stop it
			TESTQ(ni, param(mask))
			JNZ(LabelRef(nextL))
			for h := 0; h < n; h++ {
				for k := 0; k < 4; k++ {
					lo := Mem{Base: accp, Disp: 512*h + 128*(j+1) + 32*k}
					hi := Mem{Base: accp, Disp: 512*h + 128*(j+2) + 32*k}
					e.load(lo, t)
					e.add(hi, t, t)
					e.store(t, hi)
					VXORPS(t, t, t)
					e.store(t, lo)
				}
			}
		}
		Label(nextL)
		ADDQ(U32(512*n), accp)
		ADDQ(U32(128*n), colp)
		SUBQ(U8(n), g)
	}
	Label(L("pair"))
	CMPQ(g, U8(2))
	JB(LabelRef(L("single")))
	body(true)
	JMP(LabelRef(L("pair")))
	Label(L("single"))
	TESTQ(g, g)
	JZ(LabelRef(L("blockdone")))
	body(false)
	Label(L("blockdone"))
	MOVQ(ni, i)
	JMP(LabelRef(L("block")))
	Label(L("done"))
	Store(i, ReturnIndex(0))
	VZEROUPPER()
	RET()
}
