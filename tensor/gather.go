package tensor

import "github.com/gograd/gograd/tensor/internal/asm"

// Gathering: copying a strided view into contiguous memory (Clone, Contiguous, the
// operands of ops that want them dense). After coalescing, the destination's dims are
// row-major and the source's strides decide the loop:
//
//   - a short contiguous innermost run (a permutation that keeps the last dim, such as
//     (0, 2, 1, 3)): rows copied many to a call, as the innermost two dims' block of
//     rows, where a call per row would cost as much as its copy;
//   - a source whose contiguous dim is not the innermost (a transpose, NCHW to NHWC):
//     that dim and the innermost transposed as a matrix in register tiles (transpose),
//     for each index of the other dims, so that each load and store moves a tile's
//     row instead of one element;
//   - anything else (long runs, steps, broadcasts): walk's runs.

// gather copies the strided elements of src into dst in row-major order.
func gather[T elem](dst, src []T, shape, strides []int, offset int) {
	if numelOf(shape) == 0 {
		return
	}
	sh, st := coalesce(shape, [][]int{contiguousStrides(shape), strides})
	if nd := len(sh); nd >= 2 {
		ds, ss := st[0], st[1]
		switch inner := ss[nd-1]; {
		case inner == 1 && sh[nd-1]*sizeOf[T]() <= shortRowBytes:
			gatherRows(dst, src, sh, ds, ss, offset)
			return
		case inner != 0 && inner != 1:
			if p := unitDim(ss[:nd-1]); p >= 0 {
				gatherTransposed(dst, src, sh, ds, ss, offset, p)
				return
			}
		}
	}
	walk(shape, [][]int{contiguousStrides(shape), strides}, []int{0, offset}, func(o []int, n int, in []int) {
		d, s, ss := o[0], o[1], in[1]
		switch ss {
		case 1:
			copy(dst[d:d+n], src[s:s+n])
			return
		case 0: // an expanded value (a sum's gradient, a broadcast bias)
			fillRun(dst[d:d+n], src[s])
			return
		}
		for i := 0; i < n; i++ {
			dst[d+i] = src[s]
			s += ss
		}
	})
}

// shortRowBytes is the longest contiguous run, in bytes, that gather copies in blocks
// of rows: above it a run is long enough for a call of its own.
const shortRowBytes = 1024

// unitDim is the last dim of strides with stride 1, or -1.
func unitDim(strides []int) int {
	for d := len(strides) - 1; d >= 0; d-- {
		if strides[d] == 1 {
			return d
		}
	}
	return -1
}

// gatherPar is gather on the cores for large arrays: the outermost dim's slabs are
// rows for byRows, each range of them gathered on its own. When the outermost dim is
// the source's contiguous one (a transpose's), each core takes one range of it whole,
// cut at cache lines of the source: transpose goes through its range band by band
// across every column and checks the interrupt flag between bands, where byRows's
// pieces of interruptEvery elements would make it narrow blocks, which are slow.
func gatherPar[T elem](dst, src []T, shape, strides []int, offset int) {
	n := numelOf(shape)
	if len(shape) == 0 || small(n) {
		gather(dst, src, shape, strides, offset)
		return
	}
	slab := n / max(1, shape[0])
	part := func(lo, hi int) {
		sub := append([]int{hi - lo}, shape[1:]...)
		gather(dst[lo*slab:hi*slab], src, sub, strides, offset+lo*strides[0])
	}
	if strides[0] != 1 || len(shape) == 1 {
		byRows(shape[0], slab, elementGrain(slab), part)
		return
	}
	u := 64 / sizeOf[T]()
	workers := min(NumThreads(), shape[0]/max(u, elementGrain(slab)))
	if workers <= 1 {
		gather(dst, src, shape, strides, offset)
		return
	}
	each := ((shape[0]+workers-1)/workers + u - 1) / u * u
	parallel((shape[0]+each-1)/each, func(k int) {
		part(k*each, min((k+1)*each, shape[0]))
	})
}

// gatherRows is gather for a coalesced shape whose innermost dim is contiguous in the
// source (stride 1) and short: for each index of the dims before the last two, the
// block of sh[nd-2] rows of sh[nd-1] elements.
func gatherRows[T elem](dst, src []T, sh, ds, ss []int, offset int) {
	nd := len(sh)
	rows, n, rs := sh[nd-2], sh[nd-1], ss[nd-2]
	per := max(1, interruptEvery/n) // rows between checks
	var p pace
	eachIndex(sh[:nd-2], ds[:nd-2], ss[:nd-2], offset, func(d, s int) {
		for r := 0; r < rows; r += per {
			k := min(per, rows-r)
			copyRows(dst[d+r*n:], src[s+r*rs:], k, n, n, rs)
			p.done(k * n)
		}
	})
}

// gatherTransposed is gather for a coalesced shape whose source is contiguous along
// dim p, before the innermost: for each index of the other dims, the matrix of dims p
// and nd-1 is transposed.
func gatherTransposed[T elem](dst, src []T, sh, ds, ss []int, offset, p int) {
	nd := len(sh)
	cols, rows := sh[p], sh[nd-1] // the source's rows run along the innermost dim
	osh := append(append([]int{}, sh[:p]...), sh[p+1:nd-1]...)
	ods := append(append([]int{}, ds[:p]...), ds[p+1:nd-1]...)
	oss := append(append([]int{}, ss[:p]...), ss[p+1:nd-1]...)
	var pc pace
	eachIndex(osh, ods, oss, offset, func(d, s int) {
		transpose(dst[d:], src[s:], rows, cols, ds[p], ss[nd-1], &pc)
	})
}

// eachIndex calls f(d, s) with the destination and source offsets of every index of
// shape, in row-major order (once, with 0 and offset, for no dims).
func eachIndex(shape, ds, ss []int, offset int, f func(d, s int)) {
	nd := len(shape)
	idx := make([]int, nd)
	d, s := 0, offset
	for {
		f(d, s)
		k := nd - 1
		for ; k >= 0; k-- {
			idx[k]++
			d += ds[k]
			s += ss[k]
			if idx[k] < shape[k] {
				break
			}
			d -= ds[k] * shape[k]
			s -= ss[k] * shape[k]
			idx[k] = 0
		}
		if k < 0 {
			return
		}
	}
}

// pace counts the elements a loop has done and checks the interrupt flag each time
// another interruptEvery are done, as walk does between its runs.
type pace struct{ since int }

func (p *pace) done(n int) {
	p.since += n
	if p.since >= interruptEvery {
		p.since = 0
		checkInterrupt()
	}
}

// copyRows copies rows rows of n elements, row r from src[r·ss:] to dst[r·ds:]
// (src and dst do not overlap): many rows to one call of asm's kernel for 4- and
// 8-byte elements.
func copyRows[T elem](dst, src []T, rows, n, ds, ss int) {
	var done bool
	switch sizeOf[T]() {
	case 4:
		done = asm.CopyRows(asBitsOf[float32](dst), asBitsOf[float32](src), rows, n, ds, ss)
	case 8:
		done = asm.CopyRows(asBitsOf[float64](dst), asBitsOf[float64](src), rows, n, ds, ss)
	}
	if done {
		return
	}
	for r := 0; r < rows; r++ {
		d, s := dst[r*ds:r*ds+n], src[r*ss:r*ss+n]
		if n < 16 { // shorter than a call of copy is worth
			for i := range d {
				d[i] = s[i]
			}
			continue
		}
		copy(d, s)
	}
}
