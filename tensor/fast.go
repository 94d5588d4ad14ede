package tensor

import (
	"slices"
	"sync"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// Fast paths. Small graphs (autograd on one-element tensors, a four-element regression)
// spend their time in the bookkeeping around an op, not in its arithmetic: operands
// wrapped, dtypes promoted, shapes broadcast, views made, a goroutine split considered.
// The paths here skip that bookkeeping in the common cases where it decides nothing,
// and compute exactly what the general path computes: same dtype, same operation on the
// same values, so results are identical bit for bit.
//
//   - fastBinary: a float array op an array of the same dtype that has the same shape
//     or one element, or op a Go number, each operand contiguous or a single value
//     broadcast (binary.go's table ops); fastInplace: the same for Add_, Sub_, Mul_,
//     Div_, written straight into the receiver; whereFast: Where on small contiguous
//     float arrays of one shape.
//   - vv, vs, sv: the four arithmetic operators inlined (the table's kernels are func
//     values, and a call per element costs more than the addition itself), used by the
//     general path's contiguous cases too.
//   - small: ops on fewer than grainSize elements run inline, without chunks' closure
//     and goroutines (also in mapSlice, Clone and copyFrom).
//
// Allocation is the other cost: alloc (array.go) keeps the shape and strides of up to
// smallDims dims and the data of up to smallData elements in the Array's own block.

type fastKind uint8

const (
	noFast fastKind = iota
	fastAdd
	fastSub
	fastMul
	fastDiv
	fastMaximum // torch.maximum: NaN from either side, ties to the first operand
	fastMinimum
)

// small reports whether an op over n elements runs on the calling goroutine: chunks
// would use one worker anyway, and calling the loop directly saves its closure.
func small(n int) bool { return n < grainSize }

// fastBinary returns op(a, y) for the common cases that need neither broadcasting nor
// promotion, nil otherwise: a is a float32 or float64 array and y an array of
// the same dtype of a's shape or with one element (broadcast over a, or a broadcast
// over y when a has one element), or y is a Go int or float. Operands must be
// contiguous or a broadcast single value (elems).
func fastBinary(op *binaryOp, a *Array, y any) *Array {
	switch a.dtype {
	case Float32:
		return fastBinaryT[float32](op, a, y)
	case Float64:
		return fastBinaryT[float64](op, a, y)
	}
	return nil
}

// operands is one binary op's inputs after the fast path's checks: a vector or a single
// value on each side (x nil means the value xs, likewise y).
type operands[T float] struct {
	x, y   []T
	xs, ys T
}

func fastBinaryT[T float](op *binaryOp, a *Array, y any) *Array {
	o, shape, ok := fastOperands[T](a, y)
	if !ok {
		return nil
	}
	n := numelOf(shape)
	switch {
	case op.kind == compare:
		if op.cmp != noCmp && (o.x != nil || o.y != nil) {
			return compareNew(op.cmp, o, shape, n)
		}
		if f := kernelOf[T, bool](op.c32, op.c64); f != nil {
			return eachKernel(o, shape, n, f)
		}
	case op.fast != noFast:
		return o.arithNew(op.fast, shape, n)
	default:
		if f := kernelOf[T, T](op.f32, op.f64); f != nil {
			return eachKernel(o, shape, n, f)
		}
	}
	return nil
}

// fastOperands checks fastBinary's cases and returns the operands and the result shape.
// (It returns them rather than filling the caller's operands through a pointer: stores
// of slices through a pointer the compiler cannot place on the stack take the GC's
// write barrier, which profiles showed while a collection runs, most of the time for
// small graphs.)
func fastOperands[T float](a *Array, y any) (o operands[T], shape []int, ok bool) {
	n := a.Numel()
	if o.x, o.xs, ok = elems[T](a); !ok {
		return o, nil, false
	}
	shape = a.shape()
	switch b := y.(type) {
	case *Array:
		if b == nil || b.dtype != a.dtype {
			return o, nil, false
		}
		ok = false // no case below: broadcasting needed
		switch m := b.Numel(); {
		case slices.Equal(a.shape(), b.shape()):
			o.y, o.ys, ok = elems[T](b)
		case m == 1 && len(b.shape()) <= len(a.shape()):
			o.ys, ok = storage[T](b)[b.offset], true
		case n == 1 && len(a.shape()) <= len(b.shape()):
			o.xs, o.x = storage[T](a)[a.offset], nil
			o.y, o.ys, ok = elems[T](b)
			shape = b.shape()
		}
	default:
		o.ys, ok = goNumber[T](y)
	}
	return o, shape, ok
}

// fastInplace is a.inplace(op, y) for an arithmetic op on a contiguous float
// array a whose fast operands need no broadcasting of a: the result is written
// straight into a's storage (element i reads only element i of each operand, so an
// operand that is a itself is fine). It reports whether it did the work.
func fastInplace(op *binaryOp, a *Array, y any) bool {
	if op.fast == noFast || !a.IsContiguous() {
		return false
	}
	switch a.dtype {
	case Float32:
		return fastInplaceT[float32](op.fast, a, y)
	case Float64:
		return fastInplaceT[float64](op.fast, a, y)
	}
	return false
}

func fastInplaceT[T float](k fastKind, a *Array, y any) bool {
	o, shape, ok := fastOperands[T](a, y)
	if !ok || o.x == nil || !slices.Equal(shape, a.shape()) {
		return fastInplaceBroadcast[T](k, a, y)
	}
	// o.x is a's storage: each element is read before it is written, by the kernel
	// arithNew runs, so the bits are those of the op's result copied back
	if n := len(o.x); small(n) {
		o.arith(k, o.x, 0, n)
	} else {
		chunksWhole(n, func(lo, hi int) { o.arith(k, o.x[lo:hi], lo, hi) })
	}
	return true
}

// elems gives a binary op a non-empty operand's elements: the storage run of a
// contiguous array, or the single value of a broadcast one (every stride 0: the
// gradient of a sum or mean, expanded). ok is false for other layouts.
func elems[T float](a *Array) (v []T, one T, ok bool) {
	n := a.Numel()
	switch {
	case n == 0:
		return nil, 0, false
	case a.IsContiguous():
		return storage[T](a)[a.offset : a.offset+n], 0, true
	case allZero(a.strides()):
		return nil, storage[T](a)[a.offset], true
	}
	return nil, 0, false
}

// goNumber converts a Go int or float operand to T as asOperand and scalarArray do
// (through float64); ok is false for anything else.
func goNumber[T float](y any) (v T, ok bool) {
	switch b := y.(type) {
	case float64:
		return T(b), true
	case float32:
		return T(float64(b)), true
	case int:
		return T(float64(b)), true
	}
	return 0, false
}

// whereFast is Where for a small contiguous cond and a float array x of cond's shape,
// with y an array of x's dtype and shape or a Go number (promotion keeps x's dtype in
// both cases); nil otherwise.
func whereFast(cond *Array, x, y any) *Array {
	xa, ok := x.(*Array)
	if !ok || xa == nil || !small(xa.Numel()) || !cond.IsContiguous() || !xa.IsContiguous() || !slices.Equal(cond.shape(), xa.shape()) {
		return nil
	}
	switch xa.dtype {
	case Float32:
		return whereFastT[float32](cond, xa, y)
	case Float64:
		return whereFastT[float64](cond, xa, y)
	}
	return nil
}

func whereFastT[T float](cond, xa *Array, y any) *Array {
	n := xa.Numel()
	x := storage[T](xa)[xa.offset : xa.offset+n]
	var ys []T
	var yv T
	if b, ok := y.(*Array); ok {
		if b == nil || b.dtype != xa.dtype || !b.IsContiguous() || !slices.Equal(b.shape(), xa.shape()) {
			return nil
		}
		ys = storage[T](b)[b.offset : b.offset+n]
	} else if yv, ok = goNumber[T](y); !ok {
		return nil
	}
	c := storage[bool](cond)[cond.offset : cond.offset+n]
	out, dst := allocRaw[T](xa.shape())
	for i := range dst {
		switch {
		case c[i]:
			dst[i] = x[i]
		case ys != nil:
			dst[i] = ys[i]
		default:
			dst[i] = yv
		}
	}
	return out
}

// kernelOf picks the kernel for element type T from an op's float32 and float64
// kernels (D is bool for comparisons, else T); nil when the op has none.
func kernelOf[T float, D elem](f32, f64 any) func(T, T) D {
	var z T
	f := f64
	if _, ok := any(z).(float32); ok {
		f = f32
	}
	k, _ := f.(func(T, T) D)
	return k
}

// cmpKind is a comparison with its own loops (compareRun).
type cmpKind uint8

// The comparisons after noCmp are in asm.Cmp's order: asm.Cmp(k-cmpEq) is k's kernel
// (TestCmpKindsFollowAsm).
const (
	noCmp cmpKind = iota
	cmpEq
	cmpNe
	cmpLt
	cmpLe
	cmpGt
	cmpGe
)

// compareNew is eachKernel for a comparison of a vector with a vector or a single value,
// its loops free of a call per element.
func compareNew[T float](k cmpKind, o operands[T], shape []int, n int) *Array {
	out, dst := allocRaw[bool](shape)
	if small(n) {
		compareRun(k, o, dst, 0, n)
	} else {
		chunks(n, func(lo, hi int) { compareRun(k, o, dst[lo:hi], lo, hi) })
	}
	return out
}

// compareRun sets d[i-lo] = x[i] k y[i] for i in [lo, hi); a single value on one side is
// moved to the right of the comparison, reversing it.
func compareRun[T float](k cmpKind, o operands[T], d []bool, lo, hi int) {
	if o.x != nil && o.y != nil {
		x, y := o.x[lo:hi], o.y[lo:hi]
		y = y[:len(x)]
		d = d[:len(x)]
		if len(x) >= 32 { // shorter runs (a scalar graph's) skip the call
			done := asm.Compare(asm.Cmp(k-cmpEq), d, x, y)
			x, y, d = x[done:], y[done:], d[done:]
		}
		switch k {
		case cmpEq:
			for i, v := range x {
				d[i] = v == y[i]
			}
		case cmpNe:
			for i, v := range x {
				d[i] = v != y[i]
			}
		case cmpLt:
			for i, v := range x {
				d[i] = v < y[i]
			}
		case cmpLe:
			for i, v := range x {
				d[i] = v <= y[i]
			}
		case cmpGt:
			for i, v := range x {
				d[i] = v > y[i]
			}
		case cmpGe:
			for i, v := range x {
				d[i] = v >= y[i]
			}
		}
		return
	}
	x, y := o.x, o.ys
	if x == nil { // the value on the left: y k x[i] is x[i] k' y
		x, y = o.y, o.xs
		k = [...]cmpKind{noCmp, cmpEq, cmpNe, cmpGt, cmpGe, cmpLt, cmpLe}[k]
	}
	x = x[lo:hi]
	d = d[:len(x)]
	if len(x) >= 32 {
		done := asm.CompareScalar(asm.Cmp(k-cmpEq), d, x, y)
		x, d = x[done:], d[done:]
	}
	switch k {
	case cmpEq:
		for i, v := range x {
			d[i] = v == y
		}
	case cmpNe:
		for i, v := range x {
			d[i] = v != y
		}
	case cmpLt:
		for i, v := range x {
			d[i] = v < y
		}
	case cmpLe:
		for i, v := range x {
			d[i] = v <= y
		}
	case cmpGt:
		for i, v := range x {
			d[i] = v > y
		}
	case cmpGe:
		for i, v := range x {
			d[i] = v >= y
		}
	}
}

// eachKernel returns f over the operands as a new array of the given shape (n
// elements). o is a parameter, never reassigned, so the closure copies it and nothing
// escapes on the small path.
func eachKernel[T float, D elem](o operands[T], shape []int, n int, f func(T, T) D) *Array {
	out, dst := allocRaw[D](shape)
	if small(n) {
		kernelRun(o, dst, 0, n, f)
	} else {
		chunks(n, func(lo, hi int) { kernelRun(o, dst[lo:hi], lo, hi, f) })
	}
	return out
}

// kernelRun sets d[i-lo] = f(x[i], y[i]) for i in [lo, hi), single values broadcast.
func kernelRun[T float, D elem](o operands[T], d []D, lo, hi int, f func(T, T) D) {
	switch {
	case o.x != nil && o.y != nil:
		x, y := o.x[lo:hi], o.y[lo:hi]
		for i := range d {
			d[i] = f(x[i], y[i])
		}
	case o.x != nil:
		x := o.x[lo:hi]
		for i := range d {
			d[i] = f(x[i], o.ys)
		}
	case o.y != nil:
		y := o.y[lo:hi]
		for i := range d {
			d[i] = f(o.xs, y[i])
		}
	default:
		v := f(o.xs, o.ys)
		for i := range d {
			d[i] = v
		}
	}
}

// arithNew returns the arithmetic op k over the operands as a new array.
func (o operands[T]) arithNew(k fastKind, shape []int, n int) *Array {
	out, dst, cold := allocOut[T](shape)
	if small(n) {
		o.arith(k, dst, 0, n)
	} else {
		writeOut(dst, cold, func(d []T, lo int) { o.arith(k, d, lo, lo+len(d)) })
	}
	return out
}

// arith computes elements [lo, hi) of the arithmetic op k into d (hi-lo long).
func (o operands[T]) arith(k fastKind, d []T, lo, hi int) {
	switch {
	case o.x != nil && o.y != nil:
		vv(k, d, o.x[lo:hi], o.y[lo:hi])
	case o.x != nil:
		vs(k, d, o.x[lo:hi], o.ys)
	case o.y != nil:
		sv(k, d, o.xs, o.y[lo:hi])
	default:
		one := [1]T{o.xs}
		vs(k, one[:], one[:], o.ys)
		for i := range d {
			d[i] = one[0]
		}
	}
}

// applyFast returns op(a, b) when both operands (already broadcast to shape) are
// contiguous, or one is contiguous and the other a single broadcast element (elems);
// nil otherwise.
func applyFast[T float](k fastKind, a, b *Array, shape []int) *Array {
	var o operands[T]
	var ok bool
	if o.x, o.xs, ok = elems[T](a); !ok {
		return nil
	}
	if o.y, o.ys, ok = elems[T](b); !ok || (o.x == nil && o.y == nil) {
		return nil
	}
	return o.arithNew(k, shape, numelOf(shape))
}

// applyRows returns op(a, b) when one operand (already broadcast to shape) is
// contiguous and the other one row repeated (a bias added to every row of a batch):
// the op runs row by row on contiguous runs, SIMD kernels included. nil otherwise.
func applyRows[T float](k fastKind, a, b *Array, shape []int) *Array {
	var x, row []T
	var inner int
	rowFirst := false
	switch {
	case a.IsContiguous():
		if row, inner = broadcastRow[T](b); row == nil {
			return nil
		}
		x = storage[T](a)[a.offset:]
	case b.IsContiguous():
		if row, inner = broadcastRow[T](a); row == nil {
			return nil
		}
		x, rowFirst = storage[T](b)[b.offset:], true
	default:
		return nil
	}
	out, dst, cold := allocOut[T](shape)
	writeOut(dst, cold, byRow(k, x, row, inner, rowFirst))
	return out
}

// byRow returns the piece that sets d[j] = x[i] op row[i % inner] (row op x when
// rowFirst) for i = lo+j, row by row on contiguous runs. d may be x[lo:] itself (an
// in-place op): each element is read before it is written.
func byRow[T float](k fastKind, x, row []T, inner int, rowFirst bool) func(d []T, lo int) {
	return func(d []T, lo int) {
		for j := 0; j < len(d); {
			i := lo + j
			r := i % inner
			m := min(len(d)-j, inner-r)
			if rowFirst {
				vv(k, d[j:j+m], row[r:r+m], x[i:i+m])
			} else {
				vv(k, d[j:j+m], x[i:i+m], row[r:r+m])
			}
			j += m
		}
	}
}

// applyCols returns op(a, b) when one operand (already broadcast to shape) is
// contiguous and the other holds one value per run of its trailing dims (x - mean
// with keepdim, a column of per-row values): the op runs run by run with that value
// as a scalar, SIMD kernels included. nil otherwise.
func applyCols[T float](k fastKind, a, b *Array, shape []int) *Array {
	var x, vals []T
	var inner int
	colFirst := false
	switch {
	case a.IsContiguous():
		if vals, inner = broadcastCol[T](b); vals == nil {
			return nil
		}
		x = storage[T](a)[a.offset:]
	case b.IsContiguous():
		if vals, inner = broadcastCol[T](a); vals == nil {
			return nil
		}
		x, colFirst = storage[T](b)[b.offset:], true
	default:
		return nil
	}
	out, dst, cold := allocOut[T](shape)
	writeOut(dst, cold, byCol(k, x, vals, inner, colFirst))
	return out
}

// byCol returns the piece that sets d[j] = x[i] op vals[i / inner] (vals[i / inner] op
// x[i] when colFirst) for i = lo+j. d may be x[lo:] itself.
func byCol[T float](k fastKind, x, vals []T, inner int, colFirst bool) func(d []T, lo int) {
	return func(d []T, lo int) {
		for j := 0; j < len(d); {
			i := lo + j
			r := i / inner
			m := min(len(d)-j, (r+1)*inner-i)
			v := vals[r%len(vals)]
			if colFirst {
				sv(k, d[j:j+m], v, x[i:i+m])
			} else {
				vs(k, d[j:j+m], x[i:i+m], v)
			}
			j += m
		}
	}
}

// applyOuter returns op(a, b) when one operand (broadcast to shape) holds one value per
// row and the other one row repeated (a column plus a row: an outer sum or product),
// row by row with the row's value as a scalar. nil otherwise.
func applyOuter[T float](k fastKind, a, b *Array, shape []int) *Array {
	colFirst := true
	vals, inner := broadcastCol[T](a)
	row, rowLen := broadcastRow[T](b)
	if vals == nil || row == nil {
		colFirst = false
		vals, inner = broadcastCol[T](b)
		row, rowLen = broadcastRow[T](a)
	}
	if vals == nil || row == nil || inner != rowLen {
		return nil
	}
	out, dst, cold := allocOut[T](shape)
	writeOut(dst, cold, func(d []T, lo int) {
		for j := 0; j < len(d); {
			i := lo + j
			r, c := i/inner, i%inner
			m := min(len(d)-j, inner-c)
			v := vals[r%len(vals)]
			if colFirst {
				sv(k, d[j:j+m], v, row[c:c+m])
			} else {
				vs(k, d[j:j+m], row[c:c+m], v)
			}
			j += m
		}
	})
	return out
}

// applyGathered is the last fast path for large float operands in layouts the others
// do not take (a transposed or stepped view, a broadcast over middle dims): such an
// operand is first gathered into a contiguous copy on the cores, so that the op runs
// its SIMD kernel over contiguous runs rather than element by element. nil for small
// results, which the strided loop serves well enough.
func applyGathered[T float](k fastKind, a, b *Array, shape []int) *Array {
	n := numelOf(shape)
	if small(n) {
		return nil
	}
	if len(shape) > 0 && shape[0] > 1 && !allZero(a.strides()) && !allZero(b.strides()) {
		return applyBands[T](k, a, b, shape, n)
	}
	dense := func(x *Array) *Array {
		if x.IsContiguous() || allZero(x.strides()) {
			return x
		}
		return x.Clone()
	}
	return applyFast[T](k, dense(a), dense(b), shape)
}

// applyBands is applyGathered for operands that each hold more than one value: the
// result goes by bands of rows along its first dim, and an operand that is not
// contiguous is gathered a band at a time into a buffer that stays in the core's cache
// for the op that follows, instead of into a copy as large as the result, written out
// to memory and read back.
func applyBands[T float](k fastKind, a, b *Array, shape []int, n int) *Array {
	rows := shape[0]
	inner := n / rows
	band := max(1, bandElems/max(1, inner)) // rows a band
	out, dst := allocRaw[T](shape)
	xs, ys := storage[T](a), storage[T](b)
	byRows(rows, inner, elementGrain(inner), func(r0, r1 int) {
		bx, by := takeScratch[T](), takeScratch[T]()
		defer putScratch(bx)
		defer putScratch(by)
		for r := r0; r < r1; r += band {
			e := min(r1, r+band)
			x, y := bandOf(a, xs, r, e, inner, bx), bandOf(b, ys, r, e, inner, by)
			vv(k, dst[r*inner:e*inner], x, y)
		}
	})
	return out
}

// bandElems is the elements of a band of applyBands: 64 KB of float32, so that a
// gathered band, the other operand's and the result's stay well inside a core's
// second-level cache between the gather and the op.
const bandElems = 16 << 10

// bandOf returns rows [r0, r1) of a (rows of inner elements, a's data s): a's own
// elements when it is contiguous, else gathered into *buf.
func bandOf[T float](a *Array, s []T, r0, r1, inner int, buf *[]T) []T {
	n := (r1 - r0) * inner
	if a.IsContiguous() {
		return s[a.offset+r0*inner : a.offset+r0*inner+n]
	}
	d := sizedScratch(buf, n)
	var shape [smallDims]int
	sh := append(shape[:0], a.shape()...)
	sh[0] = r1 - r0
	gather(d, s, sh, a.strides(), a.offset+r0*a.strides()[0])
	return d
}

// scratchPools keep the buffers an op stages a piece of its work in (applyBands's
// gathered bands, log_softmax's exponentials) between calls, float32 and float64
// apart, so that a loop of ops works in buffers already in the caches rather than in
// fresh memory the collector must later find.
var scratchPools [2]sync.Pool

func scratchPool[T float]() *sync.Pool { return &scratchPools[sizeOf[T]()/8] }

func takeScratch[T float]() *[]T {
	if p, ok := scratchPool[T]().Get().(*[]T); ok {
		return p
	}
	return new([]T)
}

func putScratch[T float](p *[]T) { scratchPool[T]().Put(p) }

// sizedScratch returns *buf as n elements long, growing it when it holds fewer.
func sizedScratch[T float](buf *[]T, n int) []T {
	if cap(*buf) < n {
		*buf = zeros[T](n)
	}
	return (*buf)[:n]
}

// broadcastCol returns the values x repeats and the length of each run when x's
// strides are 0 over its trailing dims (one value per run of inner elements),
// contiguous over the dims before them, and 0 again over any leading dims, which repeat
// the whole sequence of values (a per-channel (1, C, 1) against (N, C, L)): run r takes
// value r mod len(values). Runs are at least 16 elements and there is more than one
// value; nil otherwise.
func broadcastCol[T float](x *Array) ([]T, int) {
	sh, st := x.shape(), x.strides()
	inner, d := 1, len(sh)-1
	for ; d >= 0 && (st[d] == 0 || sh[d] == 1); d-- {
		inner *= sh[d]
	}
	values := 1
	for ; d >= 0 && (st[d] == values || sh[d] == 1); d-- {
		values *= sh[d]
	}
	for ; d >= 0; d-- {
		if st[d] != 0 && sh[d] != 1 {
			return nil, 0
		}
	}
	if inner < 16 || values == 1 {
		return nil, 0
	}
	return storage[T](x)[x.offset : x.offset+values], inner
}

// fastInplaceBroadcast is fastInplace for b an array of a's dtype, in other storage, that
// broadcasts to a's shape as one row repeated (a bias added in place to every row of a
// batch) or as one value per run of trailing elements (x.Sub_(mean) with keepdim):
// applyRows's and applyCols's loops, writing into a.
func fastInplaceBroadcast[T float](k fastKind, a *Array, y any) bool {
	b, ok := y.(*Array)
	if !ok || b == nil || b.dtype != a.dtype || b.SameStorage(a) || !broadcastsTo(b.shape(), a.shape()) {
		return false
	}
	be := b.expandTo(a.shape())
	x := storage[T](a)[a.offset : a.offset+a.Numel()]
	if row, inner := broadcastRow[T](be); row != nil {
		writeInPlace(x, byRow(k, x, row, inner, false))
		return true
	}
	if vals, inner := broadcastCol[T](be); vals != nil {
		writeInPlace(x, byCol(k, x, vals, inner, false))
		return true
	}
	return false
}

// broadcastsTo reports whether an array of shape from broadcasts to shape to without
// changing it: no more dims, and each of its sizes 1 or to's.
func broadcastsTo(from, to []int) bool {
	if len(from) > len(to) {
		return false
	}
	for i, s := range from {
		if t := to[len(to)-len(from)+i]; s != t && s != 1 {
			return false
		}
	}
	return true
}

// broadcastRow returns the row x repeats and its length when x's strides are 0 over
// its leading dims and contiguous over the rest, with rows of at least 16 elements
// (shorter ones gain nothing from running row by row); nil otherwise.
func broadcastRow[T float](x *Array) ([]T, int) {
	sh, st := x.shape(), x.strides()
	inner, d := 1, len(sh)-1
	for ; d >= 0 && (st[d] == inner || sh[d] == 1); d-- {
		inner *= sh[d]
	}
	for ; d >= 0; d-- {
		if st[d] != 0 && sh[d] != 1 {
			return nil, 0
		}
	}
	if inner < 16 || inner == x.Numel() {
		return nil, 0
	}
	return storage[T](x)[x.offset : x.offset+inner], inner
}

// vv, vs and sv are the arithmetic loops. vv and vs hand the whole SIMD vectors of
// long runs to the kernels of internal/asm (the same bits) and finish the tail here.
func vv[T float](k fastKind, d, x, y []T) {
	y = y[:len(d)]
	x = x[:len(d)]
	if len(d) >= 32 { // shorter runs (a scalar graph's) skip the call
		done := asm.Binary(asm.Op(k-fastAdd), d, x, y)
		d, x, y = d[done:], x[done:], y[done:]
	}
	switch k {
	case fastAdd:
		for i := range d {
			d[i] = x[i] + y[i]
		}
	case fastSub:
		for i := range d {
			d[i] = x[i] - y[i]
		}
	case fastMul:
		for i := range d {
			d[i] = x[i] * y[i]
		}
	case fastDiv:
		for i := range d {
			d[i] = x[i] / y[i]
		}
	case fastMaximum:
		for i := range d {
			d[i] = maximum(x[i], y[i])
		}
	case fastMinimum:
		for i := range d {
			d[i] = minimum(x[i], y[i])
		}
	}
}

func vs[T float](k fastKind, d, x []T, y T) {
	x = x[:len(d)]
	if len(d) >= 32 {
		done := asm.BinaryScalar(asm.Op(k-fastAdd), d, x, y)
		d, x = d[done:], x[done:]
	}
	switch k {
	case fastAdd:
		for i := range d {
			d[i] = x[i] + y
		}
	case fastSub:
		for i := range d {
			d[i] = x[i] - y
		}
	case fastMul:
		for i := range d {
			d[i] = x[i] * y
		}
	case fastDiv:
		for i := range d {
			d[i] = x[i] / y
		}
	case fastMaximum:
		for i := range d {
			d[i] = maximum(x[i], y)
		}
	case fastMinimum:
		for i := range d {
			d[i] = minimum(x[i], y)
		}
	}
}

func sv[T float](k fastKind, d []T, x T, y []T) {
	y = y[:len(d)]
	if k == fastAdd || k == fastMul { // commutative: x op y[i] is y[i] op x, same bits
		vs(k, d, y, x)
		return
	}
	switch k {
	case fastAdd:
		for i := range d {
			d[i] = x + y[i]
		}
	case fastSub:
		for i := range d {
			d[i] = x - y[i]
		}
	case fastMul:
		for i := range d {
			d[i] = x * y[i]
		}
	case fastDiv:
		for i := range d {
			d[i] = x / y[i]
		}
	case fastMaximum:
		for i := range d {
			d[i] = maximum(x, y[i])
		}
	case fastMinimum:
		for i := range d {
			d[i] = minimum(x, y[i])
		}
	}
}
