package tensor

// Strided iteration. Every op that cannot take a contiguous fast path walks its operands
// here: dims are first coalesced (merged where the strides of all operands allow), then
// the walker hands out innermost runs, so the per-element work is a strided loop with no
// index arithmetic beyond an add.

// coalesce merges adjacent dims i, i+1 when every operand has stride[i] ==
// stride[i+1]*shape[i+1], and drops size-1 dims. It returns new slices.
func coalesce(shape []int, strides [][]int) ([]int, [][]int) {
	ns := make([]int, 0, len(shape))
	nst := make([][]int, len(strides))
	for k := range strides {
		nst[k] = make([]int, 0, len(shape))
	}
	for i := range shape {
		if shape[i] == 1 {
			continue
		}
		if len(ns) > 0 {
			last := len(ns) - 1
			ok := true
			for k := range strides {
				if nst[k][last] != strides[k][i]*shape[i] {
					ok = false
					break
				}
			}
			if ok {
				ns[last] *= shape[i]
				for k := range strides {
					nst[k][last] = strides[k][i]
				}
				continue
			}
		}
		ns = append(ns, shape[i])
		for k := range strides {
			nst[k] = append(nst[k], strides[k][i])
		}
	}
	return ns, nst
}

// walk calls run(offs, n, inner) for each innermost run of the iteration space shape:
// offs[k] is operand k's storage offset at the start of the run, n its length and
// inner[k] operand k's stride along it. It checks the interrupt flag between runs once
// every interruptEvery elements.
func walk(shape []int, strides [][]int, offsets []int, run func(offs []int, n int, inner []int)) {
	if numelOf(shape) == 0 {
		return
	}
	shape, strides = coalesce(shape, strides)
	nop := len(offsets)
	offs := append([]int{}, offsets...)
	if len(shape) == 0 {
		inner := make([]int, nop)
		run(offs, 1, inner)
		return
	}
	nd := len(shape)
	inner := make([]int, nop)
	for k := range strides {
		inner[k] = strides[k][nd-1]
	}
	n := shape[nd-1]
	idx := make([]int, nd-1)
	cur := append([]int{}, offsets...)
	sinceCheck := 0
	for {
		copy(offs, cur)
		run(offs, n, inner)
		sinceCheck += n
		if sinceCheck >= interruptEvery {
			sinceCheck = 0
			checkInterrupt()
		}
		// odometer over the outer dims
		d := nd - 2
		for ; d >= 0; d-- {
			idx[d]++
			for k := range cur {
				cur[k] += strides[k][d]
			}
			if idx[d] < shape[d] {
				break
			}
			for k := range cur {
				cur[k] -= strides[k][d] * shape[d]
			}
			idx[d] = 0
		}
		if d < 0 {
			return
		}
	}
}

// forEach2 walks a destination and a source view of the same shape.
func forEach2[D, S elem](dst *Array, src *Array, f func(d []D, s []S, od, os, n, sd, ss int)) {
	dd, sd := storage[D](dst), storage[S](src)
	walk(dst.shape(), [][]int{dst.strides(), src.strides()}, []int{dst.offset, src.offset}, func(o []int, n int, in []int) {
		f(dd, sd, o[0], o[1], n, in[0], in[1])
	})
}
