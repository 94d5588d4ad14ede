package tensor

import (
	"sort"
)

// The arithmetic of sgemmOB (gemm.go): packing, and running the tiles with the SIMD
// kernels (gemm_amd64.s) or portable Go.

// obChain sums a[i]·b[i] in order with fused multiply-adds.
func obChain(a, b []float32) float32 {
	var acc float32
	b = b[:len(a)]
	for i, av := range a {
		acc = fmaf(av, b[i], acc)
	}
	return acc
}

// obSplit sums as the 8×4 and 8×6 tiles do: even and odd steps of each group of eight
// in two chains, the tail in the even one, then the two added.
func obSplit(a, b []float32) float32 {
	var even, odd float32
	g := len(a) &^ 7
	b = b[:len(a)]
	for i := 0; i < g; i += 2 {
		even = fmaf(a[i], b[i], even)
		odd = fmaf(a[i+1], b[i+1], odd)
	}
	for i := g; i < len(a); i++ {
		even = fmaf(a[i], b[i], even)
	}
	return even + odd
}

// obRunTiles runs one K block's tiles, two goroutines at a time (tiles never overlap),
// in pieces of about a million multiply-adds, checking the interrupt flag between
// pieces (and before the first when check is set): small products never check.
func obRunTiles(tiles []obTile, l int, base []int, ap, bp, C []float32, ci, cj int, check bool) {
	run := func(ts []obTile) {
		if obSIMD {
			obSIMDTiles(ts, l, base, ap, bp, C, ci, cj)
			return
		}
		for _, t := range ts {
			for j := t.n0; j < t.n0+t.nc; j++ {
				bj := bp[j*l : (j+1)*l]
				for i := t.m0; i < t.m0+t.mc; i++ {
					ai := ap[i*l : (i+1)*l]
					var acc float32
					if t.split {
						acc = obSplit(ai, bj)
					} else {
						acc = obChain(ai, bj)
					}
					C[i*ci+j*cj] += acc
				}
			}
		}
	}
	for len(tiles) > 0 {
		if check {
			checkInterrupt()
		}
		check = true
		n, work := 0, 0
		for n < len(tiles) && work < 1<<20 {
			work += tiles[n].mc * tiles[n].nc * l
			n++
		}
		piece := tiles[:n]
		tiles = tiles[n:]
		if n < 2 || NumThreads() < 2 {
			run(piece)
			continue
		}
		parallel(2, func(k int) {
			if k == 0 {
				run(piece[n/2:])
			} else {
				run(piece[:n/2])
			}
		})
	}
}

// obPieces returns the driver's M pieces, {first row, rows}, in row order: every
// kernel call covers one of them whole.
func obPieces(calls []obCall) [][2]int {
	seen := map[int]int{}
	var ps [][2]int
	for _, c := range calls {
		if mc, ok := seen[c.m0]; !ok {
			seen[c.m0] = c.mc
			ps = append(ps, [2]int{c.m0, c.mc})
		} else if mc != c.mc {
			panic("tensor: gemm plan with overlapping M pieces")
		}
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i][0] < ps[j][0] })
	return ps
}

// obPackPanels packs rows of a for K steps [ls, ls+l) into panels of eight rows,
// ap[base[m0]+t*8*l+k*8+r] = A(m0+8t+r, ls+k), one run of panels per M piece.
func obPackPanels(ap []float32, base []int, pieces [][2]int, a f32Mat, ls, l int) {
	off := 0
	for _, pc := range pieces {
		base[pc[0]] = off
		end := pc[0] + pc[1]
		for r0 := pc[0]; r0 < end; r0 += 8 {
			panel := ap[off : off+8*l]
			rows := min(8, end-r0)
			src := a.off + r0*a.rs + ls*a.cs
			switch {
			case rows == 8 && a.rs == 1: // the panel's rows are adjacent in memory
				for k := 0; k < l; k++ {
					copy(panel[k*8:k*8+8], a.d[src+k*a.cs:])
				}
			default:
				for k := 0; k < l; k++ {
					dst := panel[k*8 : k*8+8]
					for r := range dst {
						if r < rows {
							dst[r] = a.d[src+k*a.cs+r*a.rs]
						} else {
							dst[r] = 0
						}
					}
				}
			}
			off += 8 * l
		}
	}
}

// obSIMDTiles runs tiles with the SIMD kernels on A's panels: 16×6 chain tiles whole,
// the others eight rows (one panel) by four columns at a time; rows and columns of a
// kernel call outside the tile are computed and dropped (each element's sum involves
// only its own row and column).
func obSIMDTiles(ts []obTile, l int, base []int, ap, bp, C []float32, ci, cj int) {
	var out [32]float32
	var out16 [96]float32
	for _, t := range ts {
		rel := t.m0 - t.pm0
		pa := base[t.pm0] + rel/8*8*l // the panel holding the tile's first row
		if t.mc == 16 && t.nc == 6 && !t.split {
			obKern16x6(&ap[pa], &ap[pa+8*l], &bp[t.n0*l], l, l, &out16[0])
			for c := 0; c < 6; c++ {
				for r := 0; r < 16; r++ {
					C[(t.m0+r)*ci+(t.n0+c)*cj] += out16[c*16+r]
				}
			}
			continue
		}
		pairs, rem := 0, l
		if t.split {
			pairs = l / 8 * 4
			rem = l - 2*pairs
		}
		// tiles of 8 rows start a panel; those of 4, 2 and 1 rows sit inside one
		skip := rel % 8
		for r0 := t.m0; r0 < t.m0+t.mc; r0 += 8 {
			rows := min(8, t.m0+t.mc-r0)
			if t.nc%6 == 0 { // the 8×6 tiles and the tails of 12-column panels
				for c0 := t.n0; c0 < t.n0+t.nc; c0 += 6 {
					obKern8x6(&ap[pa], &bp[c0*l], l, pairs, rem, t.split, &out16[0])
					for c := 0; c < 6; c++ {
						for r := 0; r < rows; r++ {
							C[(r0+r)*ci+(c0+c)*cj] += out16[c*8+skip+r]
						}
					}
				}
				pa += 8 * l
				continue
			}
			for c0 := t.n0; c0 < t.n0+t.nc; c0 += 4 {
				cols := min(4, t.n0+t.nc-c0)
				var bc [4]*float32
				for c := range bc {
					bc[c] = &bp[(c0+min(c, cols-1))*l]
				}
				obKern8x4(&ap[pa], 8, bc[0], bc[1], bc[2], bc[3], pairs, rem, t.split, &out[0])
				for c := 0; c < cols; c++ {
					for r := 0; r < rows; r++ {
						C[(r0+r)*ci+(c0+c)*cj] += out[c*8+skip+r]
					}
				}
			}
			pa += 8 * l
		}
	}
}
