package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// Binary elementwise ops: broadcasting (BroadcastShapes) plus PyTorch's type promotion.
// Each op is declared once in the table below with a kernel per compute dtype.

// operand is an argument of a binary op: an array, or a Go scalar wrapped in a 0-d
// array. Wrapped scalars take part in promotion as Python numbers do in PyTorch: they
// only decide the category (bool < int < float), never the width.
type operand struct {
	*Array
	wrapped bool
	val     float64 // the scalar, when wrapped
}

// as returns the operand converted to dtype dt; a wrapped scalar is built directly in
// dt rather than converted from its 0-d array.
func (o operand) as(dt DType) *Array {
	if o.wrapped && o.dtype != dt {
		return scalarArray(o.val, dt)
	}
	return o.To(dt)
}

func asOperand(x any) operand {
	switch v := x.(type) {
	case *Array:
		if v == nil {
			typeErr("expected a tensor or a number, got nil")
		}
		return operand{Array: v}
	case operand:
		return v
	}
	val, dt, ok := scalarValue(x)
	if !ok {
		typeErr("expected a tensor or a number, got %T", x)
	}
	if dt == Float32 {
		dt = Float64 // hold the scalar exactly; it is cast to the compute dtype later
	}
	return operand{Array: scalarArray(val, dt), wrapped: true, val: val}
}

// resultType is at::result_type over operands: dimensioned arrays outrank 0-d arrays,
// which outrank wrapped scalars, unless a lower-priority operand is of a higher
// category (an int array plus 2.5 is float32).
func resultType(ops ...operand) DType {
	dimRes, zeroRes, wrapRes := noType, noType, noType
	for _, o := range ops {
		switch {
		case o.wrapped:
			cur := o.dtype
			if cur.IsFloat() {
				cur = defaultFloat
			}
			wrapRes = promote(wrapRes, cur)
		case o.Dim() == 0:
			zeroRes = promote(zeroRes, o.dtype)
		default:
			dimRes = promote(dimRes, o.dtype)
		}
	}
	return combineCategories(dimRes, combineCategories(zeroRes, wrapRes))
}

func combineCategories(higher, lower DType) DType {
	if higher != noType && higher.IsFloat() {
		return higher
	}
	if higher == Bool || (lower != noType && lower.IsFloat()) {
		return promote(higher, lower)
	}
	if higher != noType {
		return higher
	}
	return lower
}

// ResultType returns the dtype PyTorch gives a binary op between x and y (arrays or Go
// scalars), e.g. int64 array and 2.5 -> Float32.
func ResultType(x, y any) DType { return resultType(asOperand(x), asOperand(y)) }

// binKind says how an op's output dtype follows from the common dtype.
type binKind uint8

const (
	arith   binKind = iota // output is the common dtype
	toFloat                // an int/bool common dtype computes in the default float dtype (as unaryOp.toFloat)
	compare                // output is bool, computed in the common dtype
)

type binaryOp struct {
	name    string
	kind    binKind
	fast    fastKind // add/sub/mul/div: contiguous loops without a call per element
	f32     func(a, b float32) float32
	f64     func(a, b float64) float64
	i64     func(a, b int64) int64
	b       func(a, b bool) bool
	cmp     cmpKind                 // compare ops: loops without a call per element
	c32     func(a, b float32) bool // compare ops
	c64     func(a, b float64) bool
	ci64    func(a, b int64) bool
	boolErr string // message when bool operands are rejected
	// The rows' own special cases, read by binary:
	mixedBoolErr string                           // message when exactly one operand is bool (sub)
	scalar       func(a *Array, e float64) *Array // a float array with a Go number operand, computed directly (pow's x**2, x**0.5 ...): the general path's values
	negIntErr    string                           // message for an int64 computation with a negative Go number operand (pow)
}

func add[T number](a, b T) T { return a + b }
func sub[T number](a, b T) T { return a - b }
func mul[T number](a, b T) T { return a * b }
func div[T number](a, b T) T { return a / b }
func or(a, b bool) bool      { return a || b }
func and(a, b bool) bool     { return a && b }

// maximum and minimum propagate NaN, as torch.maximum does, and otherwise behave as
// std::max/std::min: on ties (0 and -0) the first operand wins.
func maximum[T float](a, b T) T {
	if a != a || b != b {
		return T(math.NaN())
	}
	if a < b {
		return b
	}
	return a
}

func minimum[T float](a, b T) T {
	if a != a || b != b {
		return T(math.NaN())
	}
	if b < a {
		return b
	}
	return a
}

func maxInt(a, b int64) int64 { return max(a, b) }
func minInt(a, b int64) int64 { return min(a, b) }

func pow32(a, b float32) float32 { return float32(math.Pow(float64(a), float64(b))) }

// powInt is integer exponentiation by squaring. A negative exponent (possible only
// with a tensor exponent; scalar ones are rejected) gives 0 unless the base is 1 or -1,
// as in PyTorch.
func powInt(a, b int64) int64 {
	if b < 0 {
		switch a {
		case 1:
			return 1
		case -1:
			if b%2 == 0 {
				return 1
			}
			return -1
		}
		return 0
	}
	r := int64(1)
	for b > 0 {
		if b&1 == 1 {
			r *= a
		}
		a *= a
		b >>= 1
	}
	return r
}

func eq[T number](a, b T) bool { return a == b }
func ne[T number](a, b T) bool { return a != b }
func lt[T number](a, b T) bool { return a < b }
func le[T number](a, b T) bool { return a <= b }
func gt[T number](a, b T) bool { return a > b }
func ge[T number](a, b T) bool { return a >= b }

var (
	opAdd = &binaryOp{name: "add", fast: fastAdd, f32: add[float32], f64: add[float64], i64: add[int64], b: or}
	opSub = &binaryOp{name: "sub", fast: fastSub, f32: sub[float32], f64: sub[float64], i64: sub[int64],
		boolErr:      "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.",
		mixedBoolErr: "Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."}
	opMul = &binaryOp{name: "mul", fast: fastMul, f32: mul[float32], f64: mul[float64], i64: mul[int64], b: and}
	opDiv = &binaryOp{name: "div", kind: toFloat, fast: fastDiv, f32: div[float32], f64: div[float64]}
	opPow = &binaryOp{name: "pow", f32: pow32, f64: math.Pow, i64: powInt, boolErr: "\"pow\" not implemented for 'Bool'",
		negIntErr: "Integers to negative integer powers are not allowed."}
	opMaximum = &binaryOp{name: "maximum", fast: fastMaximum, f32: maximum[float32], f64: maximum[float64], i64: maxInt, b: or}
	opMinimum = &binaryOp{name: "minimum", fast: fastMinimum, f32: minimum[float32], f64: minimum[float64], i64: minInt, b: and}
	opEq      = &binaryOp{name: "eq", kind: compare, cmp: cmpEq, c32: eq[float32], c64: eq[float64], ci64: eq[int64]}
	opNe      = &binaryOp{name: "ne", kind: compare, cmp: cmpNe, c32: ne[float32], c64: ne[float64], ci64: ne[int64]}
	opLt      = &binaryOp{name: "lt", kind: compare, cmp: cmpLt, c32: lt[float32], c64: lt[float64], ci64: lt[int64]}
	opLe      = &binaryOp{name: "le", kind: compare, cmp: cmpLe, c32: le[float32], c64: le[float64], ci64: le[int64]}
	opGt      = &binaryOp{name: "gt", kind: compare, cmp: cmpGt, c32: gt[float32], c64: gt[float64], ci64: gt[int64]}
	opGe      = &binaryOp{name: "ge", kind: compare, cmp: cmpGe, c32: ge[float32], c64: ge[float64], ci64: ge[int64]}
)

// Add returns a + b (b an array or a Go scalar), broadcast and promoted.
func (a *Array) Add(b any) *Array { return binary(opAdd, a, b) }

// Sub returns a - b.
func (a *Array) Sub(b any) *Array { return binary(opSub, a, b) }

// Mul returns a * b.
func (a *Array) Mul(b any) *Array { return binary(opMul, a, b) }

// Div returns a / b, true division: int operands give float32.
func (a *Array) Div(b any) *Array { return binary(opDiv, a, b) }

// Pow returns a ** b. With a Go scalar exponent it takes PyTorch's shortcuts (x*x for
// 2, x*x*x for 3, sqrt for 0.5 ...), which decide the last bit of float32 results.
func (a *Array) Pow(b any) *Array { return binary(opPow, a, b) }

// opPow's scalar row is set here: powScalar reaches binary, so a composite
// literal naming it would be an initialization cycle.
func init() { opPow.scalar = powScalar }

// Maximum returns the elementwise maximum, propagating NaN.
func (a *Array) Maximum(b any) *Array { return binary(opMaximum, a, b) }

// Minimum returns the elementwise minimum, propagating NaN.
func (a *Array) Minimum(b any) *Array { return binary(opMinimum, a, b) }

// Eq returns a == b as a bool array.
func (a *Array) Eq(b any) *Array { return binary(opEq, a, b) }

// Ne returns a != b.
func (a *Array) Ne(b any) *Array { return binary(opNe, a, b) }

// Lt returns a < b.
func (a *Array) Lt(b any) *Array { return binary(opLt, a, b) }

// Le returns a <= b.
func (a *Array) Le(b any) *Array { return binary(opLe, a, b) }

// Gt returns a > b.
func (a *Array) Gt(b any) *Array { return binary(opGt, a, b) }

// Ge returns a >= b.
func (a *Array) Ge(b any) *Array { return binary(opGe, a, b) }

// binary applies op to x and y with broadcasting and promotion.
func binary(op *binaryOp, x, y any) *Array {
	if xa, ok := x.(*Array); ok && xa != nil {
		if op.scalar == nil {
			if r := fastBinary(op, xa, y); r != nil {
				return r
			}
		} else if e, ok := goNumber[float64](y); ok && xa.dtype.IsFloat() {
			return op.scalar(xa, e) // what the general path below computes
		}
	}
	a, b := asOperand(x), asOperand(y)
	if op.mixedBoolErr != "" && (a.dtype == Bool) != (b.dtype == Bool) {
		runtimeErr("%s", op.mixedBoolErr)
	}
	common := resultType(a, b)
	compute := common
	if op.kind == toFloat && !common.IsFloat() {
		compute = defaultFloat
	}
	if op.kind == compare && compute == Bool {
		compute = Int64 // false < true, as torch orders bools
	}
	if op.scalar != nil && b.wrapped && compute.IsFloat() {
		return op.scalar(a.To(compute), b.Item())
	}
	if op.negIntErr != "" && compute == Int64 && b.wrapped && b.Item() < 0 {
		runtimeErr("%s", op.negIntErr)
	}
	shape := broadcastShapes(a.shape(), b.shape())
	ac := a.as(compute).expandTo(shape)
	bc := b.as(compute).expandTo(shape)
	switch op.kind {
	case compare:
		switch compute {
		case Float32:
			return apply2(ac, bc, shape, op.c32)
		case Float64:
			return apply2(ac, bc, shape, op.c64)
		default:
			return apply2(ac, bc, shape, op.ci64)
		}
	}
	if op.fast != noFast {
		switch compute {
		case Float32:
			if r := applyFast[float32](op.fast, ac, bc, shape); r != nil {
				return r
			}
			if r := applyRows[float32](op.fast, ac, bc, shape); r != nil {
				return r
			}
			if r := applyCols[float32](op.fast, ac, bc, shape); r != nil {
				return r
			}
			if r := applyOuter[float32](op.fast, ac, bc, shape); r != nil {
				return r
			}
			if r := applyGathered[float32](op.fast, ac, bc, shape); r != nil {
				return r
			}
		case Float64:
			if r := applyFast[float64](op.fast, ac, bc, shape); r != nil {
				return r
			}
			if r := applyRows[float64](op.fast, ac, bc, shape); r != nil {
				return r
			}
			if r := applyCols[float64](op.fast, ac, bc, shape); r != nil {
				return r
			}
			if r := applyOuter[float64](op.fast, ac, bc, shape); r != nil {
				return r
			}
			if r := applyGathered[float64](op.fast, ac, bc, shape); r != nil {
				return r
			}
		}
	}
	switch compute {
	case Float32:
		return apply2(ac, bc, shape, op.f32)
	case Float64:
		return apply2(ac, bc, shape, op.f64)
	case Int64:
		if op.i64 == nil {
			runtimeErr("\"%s\" not implemented for 'Long'", op.name)
		}
		return apply2(ac, bc, shape, op.i64)
	default:
		if op.b == nil {
			runtimeErr("%s", op.boolErr)
		}
		return apply2(ac, bc, shape, op.b)
	}
}

// powScalar is torch's pow(Tensor, Scalar) for float tensors: exponents 2, 3, -2,
// 0.5, -0.5 and -1 are computed as products, sqrt and reciprocals in the dtype. Other
// float32 powers follow PyTorch's loop: whole blocks of 16 contiguous elements use the
// SIMD pow (SLEEF's powf: powf32) with the exponent rounded to float32, the remaining
// tail (and strided input) std::pow(float, double) with the exact exponent.
func powScalar(ac *Array, e float64) *Array {
	switch ac.dtype {
	case Float32:
		if i := powShortcut(e); i >= 0 {
			if p := powShortcuts[i]; p.k32 != nil {
				return runNew(ac, p.k32, p.f32, true)
			}
			return mapNew(ac, powShortcuts[i].f32)
		}
		ef := float32(e)
		out, dst := allocRaw[float32](ac.shape())
		src := contig[float32](ac)
		vec := 0
		if ac.IsContiguous() {
			vec = len(src) / 16 * 16
		}
		mapSlice(dst[:vec], src[:vec], func(x float32) float32 { return powf32(x, ef) })
		mapSlice(dst[vec:], src[vec:], func(x float32) float32 { return float32(math.Pow(float64(x), e)) })
		return out
	default:
		if i := powShortcut(e); i >= 0 {
			if p := powShortcuts[i]; p.k64 != nil {
				return runNew(ac, p.k64, p.f64, true)
			}
			return mapNew(ac, powShortcuts[i].f64)
		}
		return mapNew(ac, func(x float64) float64 { return math.Pow(x, e) })
	}
}

// powShortcuts are the exponents powScalar computes as products, sqrt and reciprocals,
// with their functions for float32 and float64. They are concrete instantiations in
// package variables: returned from a generic function, each was a closure allocated
// at every call (x**2 in every loss).
// The SIMD run kernels (k32, k64: the same operations in the same order) serve the
// exponents that are products and square roots.
var powShortcuts = []struct {
	e   float64
	f32 func(float32) float32
	f64 func(float64) float64
	k32 func(dst, src []float32) int
	k64 func(dst, src []float64) int
}{
	{2, square[float32], square[float64], squareRun[float32], squareRun[float64]},
	{3, cube[float32], cube[float64], cubeRun[float32], cubeRun[float64]},
	{-2, invSquare[float32], invSquare[float64], nil, nil},
	{0.5, sqrtOf[float32], sqrtOf[float64], sqrtRun[float32], sqrtRun[float64]},
	{-0.5, invSqrt[float32], invSqrt[float64], nil, nil},
	{-1, reciprocal[float32], reciprocal[float64], nil, nil},
}

func squareRun[T float](d, x []T) int { return asm.Binary(asm.Mul, d, x, x) }
func sqrtRun[T float](d, x []T) int   { return asm.UnaryRun(asm.Sqrt, d, x) }

// cubeRun is (x·x)·x, cube's order.
func cubeRun[T float](d, x []T) int {
	n := asm.Binary(asm.Mul, d, x, x)
	return asm.Binary(asm.Mul, d[:n], d[:n], x[:n])
}

// powShortcut is the index of e in powShortcuts, or -1.
func powShortcut(e float64) int {
	for i, p := range powShortcuts {
		if p.e == e {
			return i
		}
	}
	return -1
}

func square[T float](x T) T     { return x * x }
func cube[T float](x T) T       { return x * x * x }
func invSquare[T float](x T) T  { return 1 / (x * x) }
func sqrtOf[T float](x T) T     { return T(math.Sqrt(float64(x))) }
func invSqrt[T float](x T) T    { return 1 / T(math.Sqrt(float64(x))) }
func reciprocal[T float](x T) T { return 1 / x }

// apply2 returns f(a, b) over shape; a and b are already broadcast to shape.
func apply2[T, D elem](a, b *Array, shape []int, f func(T, T) D) *Array {
	out, dst := allocRaw[D](shape)
	ad, bd := storage[T](a), storage[T](b)
	n := len(dst)
	switch {
	case a.IsContiguous() && b.IsContiguous():
		as, bs := ad[a.offset:a.offset+n], bd[b.offset:b.offset+n]
		chunks(n, func(lo, hi int) {
			d, x, y := dst[lo:hi], as[lo:hi], bs[lo:hi]
			for i := range d {
				d[i] = f(x[i], y[i])
			}
		})
	case a.IsContiguous() && allZero(b.strides()):
		as, y := ad[a.offset:a.offset+n], bd[b.offset]
		chunks(n, func(lo, hi int) {
			d, x := dst[lo:hi], as[lo:hi]
			for i := range d {
				d[i] = f(x[i], y)
			}
		})
	case allZero(a.strides()) && b.IsContiguous():
		x, bs := ad[a.offset], bd[b.offset:b.offset+n]
		chunks(n, func(lo, hi int) {
			d, y := dst[lo:hi], bs[lo:hi]
			for i := range d {
				d[i] = f(x, y[i])
			}
		})
	default:
		walk(shape, [][]int{out.strides(), a.strides(), b.strides()}, []int{0, a.offset, b.offset},
			func(o []int, n int, in []int) {
				od, oa, ob, sa, sb := o[0], o[1], o[2], in[1], in[2]
				for i := 0; i < n; i++ {
					dst[od+i] = f(ad[oa], bd[ob])
					oa += sa
					ob += sb
				}
			})
	}
	return out
}

func allZero(s []int) bool {
	for _, v := range s {
		if v != 0 {
			return false
		}
	}
	return true
}

// Where returns x where cond is true and y elsewhere, broadcasting all three; x and y
// may be arrays or Go scalars and are promoted together.
func Where(cond *Array, x, y any) *Array {
	if cond.dtype != Bool {
		runtimeErr("where expected condition to be a boolean tensor, but got a tensor with dtype %s", cond.dtype.torchName())
	}
	if r := whereFast(cond, x, y); r != nil {
		return r
	}
	a, b := asOperand(x), asOperand(y)
	dt := resultType(a, b)
	shape := broadcastShapes(cond.shape(), broadcastShapes(a.shape(), b.shape()))
	c := contig[bool](cond.expandTo(shape))
	ac := a.as(dt).expandTo(shape)
	bc := b.as(dt).expandTo(shape)
	switch dt {
	case Float32:
		return where3[float32](c, ac, bc, shape)
	case Float64:
		return where3[float64](c, ac, bc, shape)
	case Int64:
		return where3[int64](c, ac, bc, shape)
	}
	return where3[bool](c, ac, bc, shape)
}

func where3[T elem](c []bool, a, b *Array, shape []int) *Array {
	out, dst := allocRaw[T](shape)
	x, y := contig[T](a), contig[T](b)
	chunks(len(dst), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if c[i] {
				dst[i] = x[i]
			} else {
				dst[i] = y[i]
			}
		}
	})
	return out
}

// Clamp limits a to [min, max]; nil leaves a side unbounded. Bounds may be Go scalars
// or arrays (broadcast); the result dtype is promoted over a and the bounds, and NaN in
// a stays NaN.
func (a *Array) Clamp(min, max any) *Array {
	if min == nil && max == nil {
		runtimeErr("torch.clamp: At least one of 'min' or 'max' must not be None")
	}
	ops := []operand{{Array: a}}
	if min != nil {
		ops = append(ops, asOperand(min))
	}
	if max != nil {
		ops = append(ops, asOperand(max))
	}
	dt := resultType(ops...)
	if dt == Bool {
		runtimeErr("\"clamp_cpu\" not implemented for 'Bool'")
	}
	switch {
	case dt == Float32 && a.dtype == Float32:
		if r := clampNumbers[float32](a, min, max); r != nil {
			return r
		}
	case dt == Float64 && a.dtype == Float64:
		if r := clampNumbers[float64](a, min, max); r != nil {
			return r
		}
	}
	r := a.To(dt)
	if min != nil {
		r = binary(opClampMin, r, ops[1].To(dt))
	}
	if max != nil {
		r = binary(opClampMax, r, ops[len(ops)-1].To(dt))
	}
	if r == a {
		r = a.Clone()
	}
	return r
}

// clampNumbers is Clamp for a float array and Go number bounds (nil: none), in one
// pass, the SIMD kernel taking whole vectors: nil when a bound is not a Go number. A
// missing bound is an infinite one, which clampLo and clampHi never apply.
func clampNumbers[T float](a *Array, min, max any) *Array {
	lo, hi := T(math.Inf(-1)), T(math.Inf(1))
	var ok bool
	if min != nil {
		if lo, ok = goNumber[T](min); !ok {
			return nil
		}
	}
	if max != nil {
		if hi, ok = goNumber[T](max); !ok {
			return nil
		}
	}
	return runNew(a, func(d, x []T) int { return asm.Clamp(d, x, lo, hi) },
		func(x T) T { return clampHi(clampLo(x, lo), hi) }, true)
}

// clamp keeps NaN in x (unlike maximum, a NaN bound does not matter here).
func clampLo[T number](x, lo T) T {
	if x < lo {
		return lo
	}
	return x
}

func clampHi[T number](x, hi T) T {
	if x > hi {
		return hi
	}
	return x
}

var (
	opClampMin = &binaryOp{name: "clamp_min", f32: clampLo[float32], f64: clampLo[float64], i64: clampLo[int64]}
	opClampMax = &binaryOp{name: "clamp_max", f32: clampHi[float32], f64: clampHi[float64], i64: clampHi[int64]}
)
