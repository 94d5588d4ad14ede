package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// Unary elementwise ops. Each op is declared once in the table below with one kernel per
// dtype it supports. Some float32 kernels compute in float64 and round: correctly
// rounded, where PyTorch's SLEEF kernels (tan here) are off by one ulp for 5-10% of
// inputs, invisible at printed precision. exp (and so sigmoid), sin, cos, log and tanh
// reproduce SLEEF's algorithms and match PyTorch bit for bit (sleef*.go), and so does
// float64 exp.

// unaryOp is one row of the table. A nil int kernel on a float-valued op means int and
// bool inputs are converted to float32 first, as torch does for sin(int tensor).
type unaryOp struct {
	name    string
	toFloat bool // int/bool inputs compute in the default float dtype
	f32     func(float32) float32
	f64     func(float64) float64
	i64     func(int64) int64
	b       func(bool) bool
	boolErr string // message when the op rejects bool input
	// f32s, when set, computes a contiguous float32 run in place of f32: for ops
	// whose PyTorch loop treats whole SIMD blocks and the tail differently.
	f32s func(dst, src []float32)
	// k32 and k64, when set, run the whole SIMD vectors of a float run (the bits of
	// f32 and f64) and return how many elements they did; f32 and f64 do the rest.
	k32 func(dst, src []float32) int
	k64 func(dst, src []float64) int
	// light: a few instructions an element, so the op is bound by memory and a cold
	// result is streamed (writeOut); a transcendental op is bound by its arithmetic,
	// and the stream's buffer would cost more than it saves
	light bool
}

// simdUnary returns an op's SIMD run kernels for both float dtypes.
func simdUnary(u asm.Unary) (func(dst, src []float32) int, func(dst, src []float64) int) {
	return func(d, s []float32) int { return asm.UnaryRun(u, d, s) },
		func(d, s []float64) int { return asm.UnaryRun(u, d, s) }
}

func via64(f func(float64) float64) func(float32) float32 {
	return func(x float32) float32 { return float32(f(float64(x))) }
}

func sigmoid64(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// sigmoid32 follows PyTorch's float32 kernel: exp rounds to float32 first, so it
// overflows to +Inf for x < -88.7 and the result is exactly 0, not a subnormal.
func sigmoid32(x float32) float32 {
	e := float32(math.Exp(-float64(x)))
	return 1 / (1 + e)
}

// relu is torch's clamp_min(x, 0): -0 and NaN pass through unchanged.
func relu[T number](x T) T {
	if x < 0 {
		return 0
	}
	return x
}

func neg[T number](x T) T { return -x }

func abs[T number](x T) T {
	if x < 0 {
		return -x
	}
	if x == 0 {
		return 0 // abs(-0.) is 0.
	}
	return x
}

// sign is (0 < x) - (x < 0), as in PyTorch, so sign(NaN) is 0.
func sign[T number](x T) T {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}

func identity[T elem](x T) T { return x }

var (
	opNeg = &unaryOp{name: "neg", f32: neg[float32], f64: neg[float64], i64: neg[int64],
		boolErr: "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use the `~` or `logical_not()` operator instead."}
	opAbs     = &unaryOp{name: "abs", f32: abs[float32], f64: abs[float64], i64: abs[int64], boolErr: "\"abs_cpu\" not implemented for 'Bool'"}
	opSign    = &unaryOp{name: "sign", f32: sign[float32], f64: sign[float64], i64: sign[int64], b: identity[bool]}
	opSin     = &unaryOp{name: "sin", toFloat: true, f32: sleefSin32, f64: math.Sin, f32s: sin32s}
	opCos     = &unaryOp{name: "cos", toFloat: true, f32: sleefCos32, f64: math.Cos, f32s: cos32s}
	opTan     = &unaryOp{name: "tan", toFloat: true, f32: via64(math.Tan), f64: math.Tan}
	opExp     = &unaryOp{name: "exp", toFloat: true, f32: expf32, f64: expf64, f32s: expf32s, k64: asm.Exp64}
	opLog     = &unaryOp{name: "log", toFloat: true, f32: logf32, f64: math.Log, f32s: logf32s}
	opSqrt    = &unaryOp{name: "sqrt", toFloat: true, f32: via64(math.Sqrt), f64: math.Sqrt}
	opSigmoid = &unaryOp{name: "sigmoid", toFloat: true, f32: sigmoid32, f64: sigmoid64, f32s: sigmoid32s}
	opTanh    = &unaryOp{name: "tanh", toFloat: true, f32: tanhf32, f64: math.Tanh, k32: asm.Tanh32}
	opRelu    = &unaryOp{name: "relu", f32: relu[float32], f64: relu[float64], i64: relu[int64], boolErr: "Boolean inputs not supported for relu",
		// relu is clamp_min(x, 0), the clamp kernel's semantics with no upper bound
		k32: func(d, s []float32) int { return asm.Clamp(d, s, 0, float32(math.Inf(1))) },
		k64: func(d, s []float64) int { return asm.Clamp(d, s, 0, math.Inf(1)) }}
)

func init() {
	for _, op := range []*unaryOp{opNeg, opAbs, opSign, opSqrt, opRelu} {
		op.light = true
	}
	opNeg.k32, opNeg.k64 = simdUnary(asm.Neg)
	opAbs.k32, opAbs.k64 = simdUnary(asm.Abs)
	opSqrt.k32, opSqrt.k64 = simdUnary(asm.Sqrt)
	opSign.k32, opSign.k64 = simdUnary(asm.Sign)
}

// Neg returns -a.
func (a *Array) Neg() *Array { return a.unary(opNeg) }

// Abs returns |a|.
func (a *Array) Abs() *Array { return a.unary(opAbs) }

// Sign returns -1, 0 or 1 by the sign of each element (NaN stays NaN).
func (a *Array) Sign() *Array { return a.unary(opSign) }

// Sin returns sin(a); int and bool arrays give float32.
func (a *Array) Sin() *Array { return a.unary(opSin) }

// Cos returns cos(a).
func (a *Array) Cos() *Array { return a.unary(opCos) }

// Tan returns tan(a).
func (a *Array) Tan() *Array { return a.unary(opTan) }

// Exp returns e**a.
func (a *Array) Exp() *Array { return a.unary(opExp) }

// Log returns the natural logarithm of a.
func (a *Array) Log() *Array { return a.unary(opLog) }

// Sqrt returns the square root of a.
func (a *Array) Sqrt() *Array { return a.unary(opSqrt) }

// Sigmoid returns 1/(1+exp(-a)).
func (a *Array) Sigmoid() *Array { return a.unary(opSigmoid) }

// Tanh returns tanh(a).
func (a *Array) Tanh() *Array { return a.unary(opTanh) }

// Relu returns max(a, 0), keeping a's dtype.
func (a *Array) Relu() *Array { return a.unary(opRelu) }

func (a *Array) unary(op *unaryOp) *Array {
	src := a
	if op.toFloat && !a.dtype.IsFloat() {
		src = a.To(defaultFloat)
	}
	switch src.dtype {
	case Float32:
		if op.f32s != nil {
			out, dst := allocRaw[float32](src.shape())
			s := contig[float32](src)
			chunks(len(s), func(lo, hi int) { op.f32s(dst[lo:hi], s[lo:hi]) })
			return out
		}
		if op.k32 != nil {
			return runNew(src, op.k32, op.f32, op.light)
		}
		return mapNew(src, op.f32)
	case Float64:
		if op.k64 != nil {
			return runNew(src, op.k64, op.f64, op.light)
		}
		return mapNew(src, op.f64)
	case Int64:
		return mapNew(src, op.i64)
	default:
		if op.b == nil {
			runtimeErr("%s", op.boolErr)
		}
		return mapNew(src, op.b)
	}
}

// runNew is mapNew for an op with a SIMD run kernel k: k does the whole vectors of each
// piece, f the rest; a light op streams a cold result (writeOut).
func runNew[T float](a *Array, k func(dst, src []T) int, f func(T) T, light bool) *Array {
	out, dst, cold := allocOut[T](a.shape())
	src := contig[T](a)
	if small(len(src)) { // no closure: a small op allocates its result alone
		for i := k(dst, src); i < len(dst); i++ {
			dst[i] = f(src[i])
		}
		return out
	}
	writeOut(dst, cold && light, func(d []T, lo int) {
		s := src[lo : lo+len(d)]
		for i := k(d, s); i < len(d); i++ {
			d[i] = f(s[i])
		}
	})
	return out
}

// mapNew returns f applied to every element of a, as a new contiguous array.
func mapNew[T elem](a *Array, f func(T) T) *Array {
	out, dst := allocRaw[T](a.shape())
	mapSlice(dst, contig[T](a), f)
	return out
}

// mapSlice sets dst[i] = f(src[i]), checking the interrupt flag between chunks.
func mapSlice[S, D elem](dst []D, src []S, f func(S) D) {
	if small(len(src)) {
		for i, v := range src {
			dst[i] = f(v)
		}
		return
	}
	chunks(len(src), func(lo, hi int) {
		d, s := dst[lo:hi], src[lo:hi]
		for i, v := range s {
			d[i] = f(v)
		}
	})
}
