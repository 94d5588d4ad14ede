package main

import (
	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	. "github.com/mmcloughlin/avo/reg"
)

// Transposes of 32-bit and 64-bit elements, tile by tile in registers: the strided
// copies of permuted views (tensor's gather) whose innermost dim is not the source's
// contiguous one. They only move bits (integers go through them too), and a tile's
// shuffles are short beside its loads and stores, so one YMM kernel of each element
// size serves both paths, as copyRows does.
func transposeKernels() {
	transpose32()
	transpose64()
}

// transposeParams loads the parameters both transposes share, (dst, src []T, rows,
// cols, dstStride, srcStride int), the strides scaled to bytes by shift.
func transposeParams(shift uint8) (d, s, rows, cols, ds, ss Register) {
	d = Load(Param("dst").Base(), GP64())
	s = Load(Param("src").Base(), GP64())
	rows = Load(Param("rows"), GP64())
	cols = Load(Param("cols"), GP64())
	ds = Load(Param("dstStride"), GP64())
	ss = Load(Param("srcStride"), GP64())
	SHLQ(U8(shift), ds)
	SHLQ(U8(shift), ss)
	return
}

// times3 is a new register holding 3·x (the fourth row of a tile: x86 addressing
// scales an index by 1, 2, 4 or 8 only).
func times3(x Register) Register {
	r := GP64()
	LEAQ(Mem{Base: x, Index: x, Scale: 2}, r)
	return r
}

// transpose32 writes transposeF32(dst, src []float32, rows, cols, dstStride,
// srcStride int): dst[c·dstStride+r] = src[r·srcStride+c] for rows and cols multiples
// of 8, in 8×8 tiles, down each 8 columns of src (across 8 rows of dst) in turn, so
// that a call on a few rows of src writes each row of dst in one piece. A tile's rows r and r+4 share a register (one 16-byte load and
// one insert into the upper lane), so that the 8×8 transpose is two rounds of
// shuffles within 128-bit lanes, 16 in all, and no lane crossing.
func transpose32() {
	TEXT("transposeF32", NOSPLIT, "func(dst, src []float32, rows, cols, dstStride, srcStride int)")
	Pragma("noescape")
	Doc("transposeF32 sets dst[c·dstStride+r] = src[r·srcStride+c] for r < rows, c < cols, both multiples of 8.")
	d, s, _, cols, ds, ss := transposeParams(2)
	ss3, ds3 := times3(ss), times3(ds)
	L := newLabels()
	Label(L("strip")) // 8 columns of src, 8 rows of dst
	CMPQ(cols, U8(8))
	JB(LabelRef(L("done")))
	sp, dp := GP64(), GP64()
	MOVQ(s, sp)
	MOVQ(d, dp)
	r := Load(Param("rows"), GP64())
	Label(L("tile"))
	TESTQ(r, r)
	JZ(LabelRef(L("next")))
	lo4 := GP64() // row 4 of the tile in src
	LEAQ(Mem{Base: sp, Index: ss, Scale: 4}, lo4)
	row := tileRows(sp, lo4, ss, ss3)
	hi4 := GP64() // row 4 of the tile in dst
	LEAQ(Mem{Base: dp, Index: ds, Scale: 4}, hi4)
	out := tileRows(dp, hi4, ds, ds3)
	// Columns 0-3 of the tile, then 4-7, each half done before the next is loaded:
	// no more than the 16 YMM registers AVX2 has.
	for half := 0; half < 2; half++ {
		var t [4]VecVirtual
		for k := range t {
			t[k] = YMM()
			VMOVUPS(row(k).Offset(16*half), t[k].AsX())
			VINSERTF128(U8(1), row(k+4).Offset(16*half), t[k], t[k]) // rows k | k+4
		}
		u0, u1, u2, u3 := YMM(), YMM(), YMM(), YMM()
		VUNPCKLPS(t[1], t[0], u0) // r0c0 r1c0 r0c1 r1c1 (and rows 4, 5 above)
		VUNPCKHPS(t[1], t[0], u1) // r0c2 r1c2 r0c3 r1c3
		VUNPCKLPS(t[3], t[2], u2) // r2c0 r3c0 r2c1 r3c1
		VUNPCKHPS(t[3], t[2], u3) // r2c2 r3c2 r2c3 r3c3
		for k, p := range [][2]VecVirtual{{u0, u2}, {u0, u2}, {u1, u3}, {u1, u3}} {
			v := YMM()
			imm := U8(0x44) // the lower pairs of both: column 2j
			if k%2 == 1 {
				imm = U8(0xEE) // the upper pairs: column 2j+1
			}
			VSHUFPS(imm, p[1], p[0], v)
			VMOVUPS(v, out(4*half+k))
		}
	}
	LEAQ(Mem{Base: lo4, Index: ss, Scale: 4}, sp)
	ADDQ(U8(32), dp)
	SUBQ(U8(8), r)
	JMP(LabelRef(L("tile")))
	Label(L("next"))
	ADDQ(U8(32), s)
	LEAQ(Mem{Base: d, Index: ds, Scale: 8}, d)
	SUBQ(U8(8), cols)
	JMP(LabelRef(L("strip")))
	Label(L("done"))
	VZEROUPPER()
	RET()
}

// transpose64 writes transposeF64(dst, src []float64, rows, cols, dstStride,
// srcStride int): dst[c·dstStride+r] = src[r·srcStride+c] for rows and cols multiples
// of 4, in 4×4 tiles, down each 4 columns of src in turn, rows r and r+2 sharing a register as in transpose32, so that one
// round of 4 shuffles within lanes transposes a tile.
func transpose64() {
	TEXT("transposeF64", NOSPLIT, "func(dst, src []float64, rows, cols, dstStride, srcStride int)")
	Pragma("noescape")
	Doc("transposeF64 sets dst[c·dstStride+r] = src[r·srcStride+c] for r < rows, c < cols, both multiples of 4.")
	d, s, rows, cols, ds, ss := transposeParams(3)
	ss3, ds3 := times3(ss), times3(ds)
	L := newLabels()
	Label(L("strip")) // 4 columns of src, 4 rows of dst
	CMPQ(cols, U8(4))
	JB(LabelRef(L("done")))
	sp, dp, r := GP64(), GP64(), GP64()
	MOVQ(s, sp)
	MOVQ(d, dp)
	MOVQ(rows, r)
	Label(L("tile"))
	TESTQ(r, r)
	JZ(LabelRef(L("next")))
	row := []Mem{{Base: sp}, {Base: sp, Index: ss, Scale: 1}, {Base: sp, Index: ss, Scale: 2}, {Base: sp, Index: ss3, Scale: 1}}
	var t [4]VecVirtual
	for half := 0; half < 2; half++ { // columns 0-1, then 2-3
		for k := 0; k < 2; k++ {
			v := YMM()
			VMOVUPD(row[k].Offset(16*half), v.AsX())
			VINSERTF128(U8(1), row[k+2].Offset(16*half), v, v)
			t[2*half+k] = v // rows k | k+2, two columns of each
		}
	}
	out := []Mem{{Base: dp}, {Base: dp, Index: ds, Scale: 1}, {Base: dp, Index: ds, Scale: 2}, {Base: dp, Index: ds3, Scale: 1}}
	for half := 0; half < 2; half++ {
		lo, hi := YMM(), YMM()
		VUNPCKLPD(t[2*half+1], t[2*half], lo) // r0c0 r1c0 | r2c0 r3c0
		VUNPCKHPD(t[2*half+1], t[2*half], hi) // r0c1 r1c1 | r2c1 r3c1
		VMOVUPD(lo, out[2*half])
		VMOVUPD(hi, out[2*half+1])
	}
	LEAQ(Mem{Base: sp, Index: ss, Scale: 4}, sp)
	ADDQ(U8(32), dp)
	SUBQ(U8(4), r)
	JMP(LabelRef(L("tile")))
	Label(L("next"))
	ADDQ(U8(32), s)
	LEAQ(Mem{Base: d, Index: ds, Scale: 4}, d)
	SUBQ(U8(4), cols)
	JMP(LabelRef(L("strip")))
	Label(L("done"))
	VZEROUPPER()
	RET()
}

// tileRows addresses row k of a tile of up to 8 rows: from base for rows 0-3, from
// base4 (row 4) for rows 4-7, stride (and three strides, stride3) apart.
func tileRows(base, base4, stride, stride3 Register) func(k int) Mem {
	return func(k int) Mem {
		b := base
		if k >= 4 {
			b, k = base4, k-4
		}
		switch k {
		case 0:
			return Mem{Base: b}
		case 3:
			return Mem{Base: b, Index: stride3, Scale: 1}
		}
		return Mem{Base: b, Index: stride, Scale: uint8(k)}
	}
}
