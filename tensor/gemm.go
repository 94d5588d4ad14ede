package tensor

// This file reproduces, bit for bit, the float32 matrix product of the BLAS behind the
// reference notebooks: OpenBLAS 0.3.21 (Debian's libopenblas0-pthread, DYNAMIC_ARCH),
// core "Haswell", two threads, as PyTorch 1.13 calls it for mm and addmm.
//
// Floating-point addition is not associative, so the product's last bits depend on the
// order in which each dot product is summed. That order is fixed by three layers, all
// modelled below:
//
//   - PyTorch (addmm_impl_cpu_) computes a contiguous row-major result R = P·Q as the
//     column-major product Rᵀ = Qᵀ·Pᵀ, so BLAS's M is R's column count and N its row
//     count (a one-column result keeps M = rows, N = 1). For addmm it first copies the
//     bias into R and calls sgemm with beta = 1: the bias is the first term of every sum.
//   - The level-3 driver (driver/level3/level3.c, or level3_thread.c above 4·65536
//     multiply-adds with two threads) cuts K into blocks of GEMM_Q = 320 (a remainder
//     between Q and 2Q is halved: rounded up to 8 by level3.c, not by level3_thread.c),
//     and cuts M and N into the pieces it hands to the kernel (per thread, a first M
//     piece against B packed 12 or 4 columns at a time, later pieces against whole
//     halves of each thread's N range); each K block's partial sum is added to C with
//     one rounding.
//   - The Haswell kernel (kernel/x86_64/sgemm_kernel_8x4_haswell_2.c) sums each element
//     of a K block with fused multiply-adds in K order, except in its 8×4 and 8×6 tiles
//     (when K ≥ 8), which keep two accumulators, one for the even and one for the odd
//     steps of each group of eight, then add them; the steps after the last group of
//     eight go to the even accumulator. Which tile shape an element falls in depends on
//     where the driver's pieces start and end.
//
// The arithmetic of each element is thus a short program of fused multiply-adds and
// additions. obPlan and obTiles replay the driver and the kernel's walk to find each
// element's program; the SIMD kernels (gemm_amd64.s, AVX2+FMA: vfmadd231ps rounds once
// per step) or the portable fmaf run it. Only the per-element order is OpenBLAS's; the
// work is scheduled freely (two goroutines, tiles in any order), since no two tiles
// share an element and each element's K blocks run in order.
//
// Checked element by element against PyTorch on OpenBLAS (gemm_test.go, goldens from
// testdata/gen_gemm.py), including seed 004's forward and backward products. Known
// limits: the thread count (2) is fixed, and sgemv (Mv) and dgemm (float64) are other
// kernels, not reproduced here.

// obThreads is the number of threads OpenBLAS ran with for the reference notebooks (its
// default on a two-core machine). The M and N pieces, and so the rounding, depend on it.
const obThreads = 2

// OpenBLAS Haswell sgemm parameters (param.h, setparam-ref.c).
const (
	obQ = 320 // GEMM_Q: K block
	obP = 320 // GEMM_P: M block
	// GEMM_R: N block, from setparam-ref.c's formula with BUFFER_SIZE = 32<<22:
	// ((BUFFER_SIZE - P·Q·4) / (Q·4) - 15) &^ 15.
	obR       = ((32<<22-obP*obQ*4)/(obQ*4) - 15) &^ 15
	obUnrollM = 8
	obUnrollN = 4
	// level3_thread.c's SWITCH_RATIO and GEMM_PREFERED_SIZE: a DYNAMIC_ARCH build
	// compiles the drivers once for a generic target, so they keep their defaults
	// rather than Haswell's 8 and 8 in param.h.
	obSwitch = 2
	obPref   = 1
	// interface/gemm.c: at most SMP_THRESHOLD_MIN·GEMM_MULTITHREAD_THRESHOLD
	// multiply-adds run on one thread.
	obSingleMNK = 65536 * 4
)

// obCall is one call of the kernel: rows [m0, m0+mc) and columns [n0, n0+nc) of C.
type obCall struct{ m0, mc, n0, nc int }

// obPlan returns the K blocks and the kernel calls (the same for every K block) that
// OpenBLAS makes for an M×N×K product.
func obPlan(m, n, k int) (kblocks []int, calls []obCall) {
	threaded := float64(m)*float64(n)*float64(k) > obSingleMNK && obThreads > 1
	var nm, nn int
	if threaded {
		// level3_thread.c's CNAME: the 2-D split of the threads.
		nm = obThreads
		if m < 2*obSwitch {
			nm = 1
		} else {
			for m < nm*obSwitch {
				nm /= 2
			}
		}
		nn = 1
		if n >= obSwitch*nm {
			nn = (n + obSwitch*nm - 1) / (obSwitch * nm)
			if nm*nn > obThreads {
				nn = obThreads / nm
			}
		}
		threaded = nm*nn > 1
	}
	for ls := 0; ls < k; {
		l := k - ls
		switch {
		case l >= 2*obQ:
			l = obQ
		case l > obQ && threaded:
			l = (l + 1) / 2
		case l > obQ:
			l = roundUp(l/2, obUnrollM)
		}
		kblocks = append(kblocks, l)
		ls += l
	}
	// Both drivers first cut N in steps of GEMM_R (per thread).
	if !threaded {
		for js := 0; js < n; js += obR {
			calls = obLocalCalls(0, m, js, min(n, js+obR), calls)
		}
		return kblocks, calls
	}
	for js := 0; js < n; js += obR * nm * nn {
		calls = obThreadCalls(calls, m, js, min(n, js+obR*nm*nn), nm, nn)
	}
	return kblocks, calls
}

func roundUp(x, to int) int { return (x + to - 1) / to * to }

// obFirstMI is the height of a driver's first M piece.
func obFirstMI(mi int) int {
	switch {
	case mi >= 2*obP:
		return obP
	case mi > obP:
		return roundUp(mi/2, obUnrollM)
	}
	return mi
}

// obJJ appends the kernel calls for rows [m0, m0+mi) over columns [js, je) cut as the
// drivers cut them when they pack B: 12 columns (3·UNROLL_N) while that many remain,
// then 4, then what is left.
func obJJ(calls []obCall, m0, mi, js, je int) []obCall {
	for jjs := js; jjs < je; {
		jj := je - jjs
		if jj >= 3*obUnrollN {
			jj = 3 * obUnrollN
		} else if jj > obUnrollN {
			jj = obUnrollN
		}
		calls = append(calls, obCall{m0, mi, jjs, jj})
		jjs += jj
	}
	return calls
}

// obLocalCalls is level3.c (one thread) over rows [mFrom, mTo), columns [nFrom, nTo).
func obLocalCalls(mFrom, mTo, nFrom, nTo int, calls []obCall) []obCall {
	mi := obFirstMI(mTo - mFrom)
	calls = obJJ(calls, mFrom, mi, nFrom, nTo)
	for is := mFrom + mi; is < mTo; is += mi {
		mi = obFirstMI(mTo - is)
		calls = append(calls, obCall{is, mi, nFrom, nTo - nFrom})
	}
	return calls
}

// obThreadCalls is level3_thread.c's gemm_driver and inner_thread: M split among nm
// threads, N among all of them; each thread packs its own N range in two halves
// (DIVIDE_RATE) and then also runs the kernel on the ranges of the other threads that
// share its N group, uncut.
func obThreadCalls(calls []obCall, m, nFrom, nTo, nm, nn int) []obCall {
	nt := nm * nn
	part := func(from, total, parts, minWidth int) []int {
		r := []int{from}
		for left, i := total, 0; left > 0; i++ {
			w := (left + parts - i - 1) / (parts - i)
			w = max(w, minWidth)
			if !(obPref > left || w <= obPref) {
				w = roundUp(w, obPref)
			}
			left -= w
			if left < 0 {
				w += left
			}
			r = append(r, r[len(r)-1]+w)
		}
		for len(r) < nt+1 {
			r = append(r, r[len(r)-1])
		}
		return r
	}
	rm := part(0, m, nm, 0)
	rn := part(nFrom, nTo-nFrom, nt, obSwitch)
	halves := func(cur int) int { return (rn[cur+1] - rn[cur] + 1) / 2 }
	for pos := 0; pos < nt; pos++ {
		pm, pn := pos%nm, pos/nm
		mFrom, mTo := rm[pm], rm[pm+1]
		if mFrom >= mTo {
			continue
		}
		next := func(cur int) int {
			cur++
			if cur >= (pn+1)*nm {
				cur = pn * nm
			}
			return cur
		}
		mi := obFirstMI(mTo - mFrom)
		if dn := halves(pos); dn > 0 {
			for js := rn[pos]; js < rn[pos+1]; js += dn {
				calls = obJJ(calls, mFrom, mi, js, min(rn[pos+1], js+dn))
			}
		}
		for cur := next(pos); cur != pos; cur = next(cur) {
			if dn := halves(cur); dn > 0 {
				for js := rn[cur]; js < rn[cur+1]; js += dn {
					calls = append(calls, obCall{mFrom, mi, js, min(rn[cur+1]-js, dn)})
				}
			}
		}
		for is := mFrom + mi; is < mTo; is += mi {
			mi = mTo - is
			switch {
			case mi >= 2*obP:
				mi = obP
			case mi > obP:
				mi = roundUp((mi+1)/2, obUnrollM)
			}
			cur := pos
			for {
				if dn := halves(cur); dn > 0 {
					for js := rn[cur]; js < rn[cur+1]; js += dn {
						calls = append(calls, obCall{is, mi, js, min(rn[cur+1]-js, dn)})
					}
				}
				if cur = next(cur); cur == pos {
					break
				}
			}
		}
	}
	return calls
}

// obTile is a rectangle of C whose elements the kernel sums one way: split says with
// even/odd accumulators (the 8×4 and 8×6 tiles), else in one chain.
type obTile struct {
	m0, mc, n0, nc int
	split          bool
	pm0            int // first row of the driver's M piece the tile belongs to
}

// obTiles appends the tiles of one kernel call, in the kernel's own walk: panels of 12
// columns, then 8, 4, 2, 1; within a 12-column panel of at least 16 rows, 16×6 tiles
// (one chain) staggered by 8 rows between the left and right halves, with 8×6 tiles
// (split) at the two ends; elsewhere tiles of 8, 4, 2, 1 rows.
func obTiles(t []obTile, c obCall) []obTile {
	rows := func(t []obTile, row, r, j, nd int, split8 bool) []obTile {
		for ; r >= 8; r -= 8 {
			t = append(t, obTile{row, 8, j, nd, split8, c.m0})
			row += 8
		}
		for _, h := range []int{4, 2, 1} {
			if r >= h {
				t = append(t, obTile{row, h, j, nd, false, c.m0})
				row += h
				r -= h
			}
		}
		return t
	}
	j, n := c.n0, c.nc
	for ; n >= 12; n -= 12 {
		row, r := c.m0, c.mc
		if r >= 16 {
			t = append(t, obTile{row, 8, j, 6, true, c.m0}) // left half of the first 8 rows
			for {
				t = append(t, obTile{row, 16, j + 6, 6, false, c.m0})
				row, r = row+8, r-8
				if r < 16 {
					t = append(t, obTile{row, 8, j, 6, true, c.m0})
					row, r = row+8, r-8
					break
				}
				t = append(t, obTile{row, 16, j, 6, false, c.m0})
				row, r = row+8, r-8
				if r < 16 {
					t = append(t, obTile{row, 8, j + 6, 6, true, c.m0})
					row, r = row+8, r-8
					break
				}
			}
		}
		t = rows(t, row, r, j, 12, false)
		j += 12
	}
	for _, nd := range []int{8, 4, 2, 1} {
		for ; n >= nd; n -= nd {
			t = rows(t, c.m0, c.mc, j, nd, nd == 4)
			j += nd
		}
	}
	return t
}

// f32Mat is a float32 operand read through strides: element (i, j) is d[off+i*rs+j*cs].
type f32Mat struct {
	d           []float32
	off, rs, cs int
}

// f32View returns a 2-D float32 array as an f32Mat, without copying.
func f32View(a *Array) f32Mat {
	return f32Mat{storage[float32](a), a.offset, a.strides()[0], a.strides()[1]}
}

// sgemmOB adds P·Q (r×k times k×c) to the contiguous row-major r×c matrix C, in
// OpenBLAS's order (see the top of this file). C holds the bias, or zeros for mm.
func sgemmOB(r, c, k int, P, Q f32Mat, C []float32) {
	// BLAS's view: C(i, j) = Σ A(i, l)·B(l, j) with i < M, j < N, where A(i, l) is
	// a.d[a.off+i*a.rs+l*a.cs] and B(l, j) is b.d[b.off+j*b.rs+l*b.cs].
	M, N := c, r
	a := f32Mat{Q.d, Q.off, Q.cs, Q.rs}
	b := P
	ci, cj := 1, c
	if c == 1 {
		M, N = r, 1
		a = P
		b = f32Mat{Q.d, Q.off, Q.cs, Q.rs}
		ci, cj = 1, 1
	}
	kblocks, calls := obPlan(M, N, k)
	var tiles []obTile
	for _, cl := range calls {
		tiles = obTiles(tiles, cl)
	}
	maxL := kblocks[0]
	// The SIMD kernels read A in panels of eight rows, K-major, as OpenBLAS packs it:
	// each of the driver's M pieces starts a new panel, the last one padded with zeros.
	// The scalar code reads A row by row.
	pieces := obPieces(calls)
	base := make([]int, M)
	size := M
	if obSIMD {
		size = 8 * len(pieces)
		for _, pc := range pieces {
			size += roundUp(pc[1], 8)
		}
	}
	ap := make([]float32, size*maxL)
	bp := make([]float32, N*maxL)
	ls := 0
	for _, l := range kblocks {
		// pack the K block: A, and the columns of B contiguous over l
		if obSIMD {
			obPackPanels(ap, base, pieces, a, ls, l)
		} else {
			for i := 0; i < M; i++ {
				row, src := ap[i*l:(i+1)*l], a.off+i*a.rs+ls*a.cs
				for p := range row {
					row[p] = a.d[src+p*a.cs]
				}
			}
		}
		for j := 0; j < N; j++ {
			col, src := bp[j*l:(j+1)*l], b.off+j*b.rs+ls*b.cs
			if b.cs == 1 {
				copy(col, b.d[src:src+l])
				continue
			}
			for p := range col {
				col[p] = b.d[src+p*b.cs]
			}
		}
		obRunTiles(tiles, l, base, ap, bp, C, ci, cj, ls > 0)
		ls += l
	}
}

// Addmm is torch.addmm(input, mat1, mat2) with beta = alpha = 1: input, broadcast to the
// product's shape, plus mat1·mat2. For float32 the input is the first term of every
// sum, as in PyTorch, which copies it into the result and calls sgemm with beta = 1
// (nn.Linear's forward); adding it after the product would round differently.
func Addmm(input, mat1, mat2 *Array) *Array {
	if mat1.Dim() != 2 {
		runtimeErr("mat1 must be a matrix, got %d-D tensor", mat1.Dim())
	}
	if mat2.Dim() != 2 {
		runtimeErr("mat2 must be a matrix, got %d-D tensor", mat2.Dim())
	}
	checkMm(mat1, mat2)
	sameDType(mat1, mat2)
	sameDType(input, mat1)
	r, k, c := mat1.shape()[0], mat1.shape()[1], mat2.shape()[1]
	if mat1.dtype != Float32 {
		return input.Add(mat1.mm(mat2))
	}
	out := alloc(Float32, []int{r, c})
	out.Copy_(input.BroadcastTo(r, c))
	switch {
	case r == 0 || c == 0 || k == 0:
	case useBLAS():
		blasMm(mat1, mat2, storage[float32](out), true)
	default:
		sgemmOB(r, c, k, f32View(mat1), f32View(mat2), storage[float32](out))
	}
	return out
}

// openBLASOrder makes Mm and Matmul sum float32 products in OpenBLAS's order (sgemmOB)
// rather than in K order with gonum (the reference BLAS's results).
var openBLASOrder = true
