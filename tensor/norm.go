package tensor

import "math"

// Norms follow PyTorch's CPU kernel (norm_kernel_tensor_iterator_impl), whose
// rounding shows in printed float32 results:
//   - float32, p = 2 over the contiguous last dim (or all of a dense array): 8 SIMD
//     lanes accumulate x*x with fused multiply-adds, the lanes are added in order,
//     the tail is fused into the sum one by one, and the square root is taken in
//     float32;
//   - otherwise elements are accumulated in order in the dtype: acc + |x|^p (fused for
//     p = 2), then acc^(1/p) with 1/p rounded to the dtype.

// Norm returns the 2-norm of all elements as a 0-d array.
func (a *Array) Norm() *Array { return a.NormP(2, nil, false) }

// NormP returns the p-norm over dims (all when empty): p = +Inf is the max of |x|,
// -Inf the min, 0 the count of non-zeros, otherwise (sum |x|^p)^(1/p).
func (a *Array) NormP(p float64, dims []int, keepdim bool) *Array {
	if !a.dtype.IsFloat() {
		runtimeErr("norm(): input dtype should be either floating point or complex. Got %s instead.", a.dtype.torchName())
	}
	mask := reduceMask(dims, a.Dim())
	src, m, lastDim := innerRows(a, mask)
	var out *Array
	if a.dtype == Float32 {
		out = reduceRows(src, m, Float32, func(r []float32, o []float32, i int) { o[i] = normRow(r, p, lastDim) })
	} else {
		out = reduceRows(src, m, Float64, func(r []float64, o []float64, i int) { o[i] = normRow(r, p, lastDim) })
	}
	return finish(out, a, mask, keepdim)
}

// innerRows tells whether PyTorch reduces a over mask as contiguous inner rows, the
// case its SIMD reduction loops take: a dense array reduced entirely (read in memory
// order, as one run) or a contiguous array reduced over trailing dims. It returns the
// array and mask to hand reduceRows.
func innerRows(a *Array, mask []bool) (*Array, []bool, bool) {
	all := true
	for _, m := range mask {
		all = all && m
	}
	if all && a.isDense() {
		return a.memoryOrder().Reshape(-1), []bool{true}, true
	}
	if !a.IsContiguous() {
		return a, mask, false
	}
	seen := false
	for _, m := range mask {
		if seen && !m {
			return a, mask, false
		}
		seen = seen || m
	}
	return a, mask, true
}

// memoryOrder returns a view of a with dims ordered by decreasing stride, so that
// row-major order is storage order for a dense array.
func (a *Array) memoryOrder() *Array {
	perm := make([]int, a.Dim())
	for i := range perm {
		perm[i] = i
	}
	for i := 1; i < len(perm); i++ {
		for j := i; j > 0 && a.strides()[perm[j-1]] < a.strides()[perm[j]]; j-- {
			perm[j-1], perm[j] = perm[j], perm[j-1]
		}
	}
	return a.Permute(perm...)
}

func fmaT[T float](x, y, z T) T {
	if _, ok := any(x).(float32); ok {
		return T(fma32(float32(x), float32(y), float32(z)))
	}
	return T(math.FMA(float64(x), float64(y), float64(z)))
}

func normRow[T float](r []T, p float64, lastDim bool) T {
	var acc T
	switch {
	case math.IsInf(p, 1):
		for _, v := range r {
			acc = max(acc, abs(v))
		}
		return acc
	case math.IsInf(p, -1):
		acc = T(math.Inf(1))
		for _, v := range r {
			acc = min(acc, abs(v))
		}
		return acc
	case p == 0:
		for _, v := range r {
			if v != 0 {
				acc++
			}
		}
		return acc
	case p == 1:
		for _, v := range r {
			acc += abs(v)
		}
		return acc
	case p == 2 && lastDim && lanesOf[T]() == vecBytes/4:
		// the SIMD path: float32 only (float64 takes the ordered loop, checked
		// against PyTorch)
		if r32, ok := any(r).([]float32); ok && vecBytes == 32 {
			return T(norm2Inner32(r32)) // the same steps, faster (reduce_fast.go)
		}
		lanes := lanesOf[T]()
		var buf [8]T
		d := 0
		for ; d < len(r)-len(r)%lanes; d += lanes {
			for l := 0; l < lanes; l++ {
				buf[l] = fmaT(r[d+l], r[d+l], buf[l])
			}
		}
		acc = buf[0]
		for j := 1; j < lanes; j++ {
			acc += buf[j]
		}
		for ; d < len(r); d++ {
			acc = fmaT(r[d], r[d], acc)
		}
		return T(math.Sqrt(float64(acc)))
	case p == 2:
		return T(math.Sqrt(float64(norm2Ordered(r))))
	}
	pt := T(p)
	for _, v := range r {
		acc += T(math.Pow(float64(abs(v)), float64(pt)))
	}
	return T(math.Pow(float64(acc), float64(1/pt)))
}

// norm2Ordered is the sum of r's squares, each fused into the sum in order in the
// dtype, checking the interrupt flag between pieces of interruptEvery elements.
func norm2Ordered[T float](r []T) T {
	var acc T
	for lo := 0; lo < len(r); lo += interruptEvery {
		if lo > 0 {
			checkInterrupt()
		}
		switch x := any(r[lo:min(len(r), lo+interruptEvery)]).(type) {
		case []float32:
			a := float32(acc)
			for _, v := range x {
				a = fmaf(v, v, a)
			}
			acc = T(a)
		case []float64:
			a := float64(acc)
			for _, v := range x {
				a = math.FMA(v, v, a)
			}
			acc = T(a)
		}
	}
	return acc
}
