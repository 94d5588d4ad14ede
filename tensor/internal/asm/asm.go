package asm

import (
	"os"
	"unsafe"

	"golang.org/x/sys/cpu"
)

// Path is a set of kernels: pure Go, AVX2 with FMA, or AVX-512.
type Path int

const (
	None Path = iota
	AVX2
	AVX512
)

func (p Path) String() string { return [...]string{"none", "avx2", "avx512"}[p] }

// best is the fastest path this CPU and build support.
var best = func() Path {
	switch {
	case !haveAsm:
		return None
	case cpu.X86.HasAVX512F && cpu.X86.HasAVX512DQ && cpu.X86.HasAVX512BW && cpu.X86.HasAVX512VL:
		return AVX512
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		return AVX2
	}
	return None
}()

// path is the path in use: best, or what GOGRAD_SIMD asks for when the CPU has it.
var path = Choose(os.Getenv("GOGRAD_SIMD"))

// Choose returns the path named (avx512, avx2, none) if this CPU supports it, else the
// best one it supports below it; "" or an unknown name means the best.
func Choose(name string) Path {
	want := best
	for p := None; p <= AVX512; p++ {
		if p.String() == name {
			want = p
		}
	}
	return min(want, best)
}

// Current returns the path in use.
func Current() Path { return path }

// Supported returns the paths this machine can run, None first.
func Supported() []Path {
	var ps []Path
	for p := None; p <= best; p++ {
		ps = append(ps, p)
	}
	return ps
}

// SetPath makes p (capped at the best supported) the path in use and returns the
// previous one. It is for tests and benchmarks: not safe while kernels run.
func SetPath(p Path) Path {
	old := path
	path = min(p, best)
	return old
}

// Op is an arithmetic operation of the binary kernels.
type Op int

const (
	Add Op = iota
	Sub
	Mul
	Div
	// Maximum and Minimum are torch.maximum and torch.minimum (NaN from either operand,
	// ties to the first); only Binary has them.
	Maximum
	Minimum
)

// Unary is a one-operand kernel.
type Unary int

const (
	Neg Unary = iota
	Abs
	Sqrt
	Sign // 1, -1, or +0 for zeros and NaN (a YMM kernel on both paths)
)

// minLen is the shortest run worth a kernel call.
const minLen = 32

// Binary sets dst[i] = x[i] op y[i] for the whole vectors of dst (x and y at least as
// long) and returns how many elements it did: 0 on the pure-Go path, else
// len(dst) rounded down to the vector length. The caller does the rest.
func Binary[T float32 | float64](op Op, dst, x, y []T) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	x, y = x[:len(dst)], y[:len(dst)]
	lanes := lanes32[path-1]
	if op >= Maximum {
		lanes = 8 // YMM kernels on both paths
	}
	switch d := any(dst).(type) {
	case []float32:
		bin32[path-1][op](d, any(x).([]float32), any(y).([]float32))
		return len(d) &^ (lanes - 1)
	case []float64:
		bin64[path-1][op](d, any(x).([]float64), any(y).([]float64))
		return len(d) &^ (lanes/2 - 1)
	}
	return 0
}

// BinaryScalar is Binary with a single y for every element: dst[i] = x[i] op y.
func BinaryScalar[T float32 | float64](op Op, dst, x []T, y T) int {
	if path == None || len(dst) < minLen || op >= Maximum {
		return 0
	}
	x = x[:len(dst)]
	switch d := any(dst).(type) {
	case []float32:
		scal32[path-1][op](d, any(x).([]float32), any(y).(float32))
		return len(d) &^ (lanes32[path-1] - 1)
	case []float64:
		scal64[path-1][op](d, any(x).([]float64), any(y).(float64))
		return len(d) &^ (lanes32[path-1]/2 - 1)
	}
	return 0
}

// SubMulScalar sets dst[i] = z[i] - x[i]·y, rounded once (a fused multiply-add), for
// the whole vectors of dst and returns how many elements it did (see Binary).
func SubMulScalar[T float32 | float64](dst, z, x []T, y T) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	z, x = z[:len(dst)], x[:len(dst)]
	switch d := any(dst).(type) {
	case []float32:
		subMul32[path-1](d, any(z).([]float32), any(x).([]float32), any(y).(float32))
		return len(d) &^ (lanes32[path-1] - 1)
	case []float64:
		subMul64[path-1](d, any(z).([]float64), any(x).([]float64), any(y).(float64))
		return len(d) &^ (lanes32[path-1]/2 - 1)
	}
	return 0
}

// SumRows adds rows rows of 128 bytes (32 float32 or 16 float64), stride elements apart
// from d[0], into acc lane by lane, in row order, and reports whether it did (false on
// the pure-Go path). acc is 32 float32 or 16 float64 long.
func SumRows[T float32 | float64](acc, d []T, rows, stride int) bool {
	if path == None || rows == 0 {
		return false
	}
	switch a := any(acc).(type) {
	case []float32:
		dd := any(d).([]float32)
		_ = dd[(rows-1)*stride+31] // bounds: the kernel reads this far
		_ = a[31]
		sumRows32[path-1](&a[0], dd, rows, stride)
	case []float64:
		dd := any(d).([]float64)
		_ = dd[(rows-1)*stride+15]
		_ = a[15]
		sumRows64[path-1](&a[0], dd, rows, stride)
	}
	return true
}

// Cascade runs the level loop of tensor's cascade sum (multiRowSum) for rows of 128
// bytes over whole blocks of step rows and returns the rows it did (0 on the pure-Go
// path): acc holds the four levels (4·32 float32 or 4·16 float64), d the rows, stride
// elements apart; after each block the levels climb while i&mask1 == 0 (to level 2)
// and i&mask2 == 0 (to level 3), i being the rows done.
func Cascade[T float32 | float64](acc, d []T, size, stride, step, mask1, mask2 int) int {
	if path == None || size < step || step < 1 {
		return 0
	}
	blocks := size / step
	switch a := any(acc).(type) {
	case []float32:
		dd := any(d).([]float32)
		_ = dd[(blocks*step-1)*stride+31] // bounds: the kernel reads this far
		_ = a[4*32-1]
		return cascade32[path-1](&a[0], dd, size, stride, step, mask1, mask2)
	case []float64:
		dd := any(d).([]float64)
		_ = dd[(blocks*step-1)*stride+15]
		_ = a[4*16-1]
		return cascade64[path-1](&a[0], dd, size, stride, step, mask1, mask2)
	}
	return 0
}

// UnitSums writes into out the cascade's level-1 sums of units of step·step rows of
// 128 bytes (32 float32 or 16 float64), rows stride elements apart, unit u starting at
// row u·step·step of d, 128 bytes of out per unit, and returns the units it did: all of
// them (0 on the pure-Go path). A unit's level-1 sum is level 1 of Cascade when it
// climbs: step blocks of step rows, each block summed lane by lane, in row order, from
// zero, the blocks then added in order from zero.
func UnitSums[T float32 | float64](out, d []T, units, stride, step int) int {
	if path == None || units < 1 || step < 1 {
		return 0
	}
	switch o := any(out).(type) {
	case []float32:
		dd := any(d).([]float32)
		_ = dd[(units*step*step-1)*stride+31] // bounds: the kernel reads this far
		_ = o[units*32-1]
		return units32[path-1](&o[0], dd, units, stride, step)
	case []float64:
		dd := any(d).([]float64)
		_ = dd[(units*step*step-1)*stride+15]
		_ = o[units*16-1]
		return units64[path-1](&o[0], dd, units, stride, step)
	}
	return 0
}

// Exp32 sets dst[i] to SLEEF's expf(src[i]) for the whole vectors of dst and returns
// how many elements it did (see Binary).
func Exp32(dst, src []float32) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	exp32[path-1](dst, src[:len(dst)])
	return len(dst) &^ (lanes32[path-1] - 1)
}

// Exp64 sets dst[i] to SLEEF's exp_u10(src[i]) in double as its AVX2 build computes it
// (tensor's expf64) for the whole vectors of dst and returns how many elements it did
// (see Binary).
func Exp64(dst, src []float64) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	exp64[path-1](dst, src[:len(dst)])
	return len(dst) &^ (lanes32[path-1]/2 - 1)
}

// Log32 sets dst[i] to SLEEF's logf_u1(src[i]) as its AVX2 build computes it (tensor's
// logf32) for the whole vectors of dst and returns how many elements it did (see
// Binary).
func Log32(dst, src []float32) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	log32[path-1](dst, src[:len(dst)])
	return len(dst) &^ (lanes32[path-1] - 1)
}

// Tanh32 sets dst[i] to SLEEF's tanhf_u10(src[i]) as its AVX2 build computes it
// (tensor's tanhf32) for the whole vectors of dst and returns how many elements it did
// (see Binary).
func Tanh32(dst, src []float32) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	tanh32[path-1](dst, src[:len(dst)])
	return len(dst) &^ (lanes32[path-1] - 1)
}

// Sigmoid32 sets dst[i] to 1/(1 + expf(0 - src[i])), PyTorch's vectorised sigmoid, for
// the whole vectors of dst and returns how many elements it did (see Binary).
func Sigmoid32(dst, src []float32) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	sigmoid32[path-1](dst, src[:len(dst)])
	return len(dst) &^ (lanes32[path-1] - 1)
}

// Grad is a fused gradient of an activation from its result (see ActivationGrad).
type Grad int

const (
	SigmoidGrad Grad = iota // (g·(1-y))·y, torch's sigmoid_backward
	TanhGrad                // g·fma(-y, y, 1), torch's tanh_backward
)

// ActivationGrad sets dst[i] to the gradient k from g[i] and the activation's result
// y[i] for the whole vectors of dst and returns how many elements it did (see Binary).
func ActivationGrad[T float32 | float64](k Grad, dst, g, y []T) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	g, y = g[:len(dst)], y[:len(dst)]
	switch d := any(dst).(type) {
	case []float32:
		grad32[path-1][k](d, any(g).([]float32), any(y).([]float32))
		return len(d) &^ (lanes32[path-1] - 1)
	case []float64:
		grad64[path-1][k](d, any(g).([]float64), any(y).([]float64))
		return len(d) &^ (lanes32[path-1]/2 - 1)
	}
	return 0
}

// SleefSin32 and SleefCos32 compute SLEEF's sinf_u1 and cosf_u1 on its fast path
// (tensor's sinfU1 and cosfU1) for the whole vectors of dst and return how many
// elements they did (see Binary), and whether some element in them is NaN or not below
// 125 in magnitude: SLEEF reduces the groups of 8 holding such elements otherwise, so
// the caller redoes those groups (their lanes hold the fast path's results).
func SleefSin32(dst, src []float32) (done int, slow bool) { return sleefTrig(sleefSin32, dst, src) }

// SleefCos32: see SleefSin32.
func SleefCos32(dst, src []float32) (done int, slow bool) { return sleefTrig(sleefCos32, dst, src) }

func sleefTrig(k [2]func(dst, src []float32) int, dst, src []float32) (int, bool) {
	if path == None || len(dst) < minLen {
		return 0, false
	}
	flag := k[path-1](dst, src[:len(dst)])
	return len(dst) &^ (lanes32[path-1] - 1), flag != 0
}

// lanes32 is the float32 vector length of each SIMD path.
var lanes32 = [2]int{8, 16}

// LaneSum8 adds each whole block of eight elements of d into acc, lane by lane and in
// order (acc[j] += d[8k+j], k = 0, 1, ...), and returns how many elements it took: 0 on
// the pure-Go path or for a short d, else len(d) rounded down to eight.
func LaneSum8(acc *[8]float32, d []float32) int {
	if path == None || len(d) < minLen {
		return 0
	}
	laneSum8(&acc[0], d)
	return len(d) &^ 7
}

// SquareSum8 is LaneSum8 with squares: acc[j] = fma(d[8k+j], d[8k+j], acc[j]) in
// float32, one rounding per step, k = 0, 1, ... over d's whole blocks of eight. It
// returns how many elements it took (see LaneSum8).
func SquareSum8(acc *[8]float32, d []float32) int {
	if path == None || len(d) < minLen {
		return 0
	}
	squareSum8(&acc[0], d)
	return len(d) &^ 7
}

// Max32 returns the largest of d's first done elements, done being len(d) rounded down
// to 32 (0 on the pure-Go path or for a short d, when m means nothing), and whether one
// of them is NaN (then m means nothing either). The kernel compares in no fixed order,
// so -0 and +0 may come out either way: a zero m must be found again in Go.
func Max32(d []float32) (m float32, done int, nan bool) {
	if path == None || len(d) < minLen {
		return 0, 0, false
	}
	m, nan = max32(d)
	return m, len(d) &^ 31, nan
}

// UnaryRun sets dst[i] = u(x[i]) for the whole vectors of dst (x at least as long) and
// returns how many elements it did (see Binary).
func UnaryRun[T float32 | float64](u Unary, dst, x []T) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	x = x[:len(dst)]
	lanes := lanes32[path-1]
	if u == Sign {
		lanes = 8
	}
	switch d := any(dst).(type) {
	case []float32:
		un32[path-1][u](d, any(x).([]float32))
		return len(d) &^ (lanes - 1)
	case []float64:
		un64[path-1][u](d, any(x).([]float64))
		return len(d) &^ (lanes/2 - 1)
	}
	return 0
}

// Clamp sets dst[i] = min(max(x[i], lo), hi), x[i] winning ties and NaN as in tensor's
// clampLo and clampHi, for the whole vectors of dst and returns how many elements it
// did (see Binary). An infinite bound clamps one side only.
func Clamp[T float32 | float64](dst, x []T, lo, hi T) int {
	if path == None || len(dst) < minLen {
		return 0
	}
	x = x[:len(dst)]
	switch d := any(dst).(type) {
	case []float32:
		clamp32[path-1](d, any(x).([]float32), any(lo).(float32), any(hi).(float32))
		return len(d) &^ (lanes32[path-1] - 1)
	case []float64:
		clamp64[path-1](d, any(x).([]float64), any(lo).(float64), any(hi).(float64))
		return len(d) &^ (lanes32[path-1]/2 - 1)
	}
	return 0
}

// AdamConsts are one Adam step's scalars, rounded to float32, in the kernels' order.
type AdamConsts struct {
	B1, C1, B2, C2, BC2Sqrt, Eps, StepSize float32
}

// Adam does the element-wise part of one Adam step (without AMSGrad) over the whole
// vectors of p, with g, m and v at least as long, and returns how many elements it
// did: 0 on the pure-Go path, else len(p) rounded down to the vector length. Per
// element, with PyTorch's roundings:
//
//	m = fma(C1, g, B1*m);  v = fma(C2*g, g, B2*v)
//	p = p + (StepSize*m) / (sqrt(v)/BC2Sqrt + Eps)
func Adam(p, g, m, v []float32, k AdamConsts) int {
	if path == None || len(p) < lanes32[path-1] {
		return 0
	}
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	adam32[path-1](p, g, m, v, k.B1, k.C1, k.B2, k.C2, k.BC2Sqrt, k.Eps, k.StepSize)
	return len(p) &^ (lanes32[path-1] - 1)
}

// Axpby sets y[i] = fma(a, x[i], b*y[i]) (b*y[i] rounded first) over the whole vectors
// of y, x at least as long, and returns how many elements it did, as Adam does. It is
// PyTorch's y.mul_(b).add_(x, alpha=a), and y.add_(x, alpha=a) for b = 1.
func Axpby(y, x []float32, a, b float32) int {
	if path == None || len(y) < lanes32[path-1] {
		return 0
	}
	axpby32[path-1](y, x[:len(y)], a, b)
	return len(y) &^ (lanes32[path-1] - 1)
}

// CopyRows copies rows rows of n elements, row r from src[r·srcStride:] to
// dst[r·dstStride:] (src and dst must not overlap), and reports whether it did: false
// on the pure-Go path and for rows shorter than 32 bytes, which the caller copies
// itself.
func CopyRows[T float32 | float64](dst, src []T, rows, n, dstStride, srcStride int) bool {
	size := int(unsafe.Sizeof(T(0)))
	if path == None || rows <= 0 || n*size < 32 {
		return false
	}
	_ = dst[(rows-1)*dstStride+n-1] // bounds: the kernel writes this far
	_ = src[(rows-1)*srcStride+n-1]
	copyBytes(asBytes(dst), asBytes(src), rows, n*size, dstStride*size, srcStride*size)
	return true
}

// Cmp is a comparison of Compare and CompareScalar, with Go's meaning for floats: a
// NaN on either side makes every one false but Ne.
type Cmp int

const (
	Eq Cmp = iota // ==
	Ne            // !=
	Lt            // <
	Le            // <=
	Gt            // >
	Ge            // >=
)

// Compare sets dst[i] = x[i] op y[i] for the whole vectors of x (8 float32 or 4
// float64; dst and y at least as long as x) and returns how many elements it did: 0 on
// the pure-Go path, else len(x) rounded down to the vector. The caller does the rest.
func Compare[T float32 | float64](op Cmp, dst []bool, x, y []T) int {
	if path == None || len(x) < minLen {
		return 0
	}
	dst, y = dst[:len(x)], y[:len(x)]
	switch xx := any(x).(type) {
	case []float32:
		cmp32[op](dst, xx, any(y).([]float32))
		return len(x) &^ 7
	case []float64:
		cmp64[op](dst, xx, any(y).([]float64))
		return len(x) &^ 3
	}
	return 0
}

// CompareScalar is Compare with one y for every element: dst[i] = x[i] op y.
func CompareScalar[T float32 | float64](op Cmp, dst []bool, x []T, y T) int {
	if path == None || len(x) < minLen {
		return 0
	}
	dst = dst[:len(x)]
	switch xx := any(x).(type) {
	case []float32:
		cmpS32[op](dst, xx, any(y).(float32))
		return len(x) &^ 7
	case []float64:
		cmpS64[op](dst, xx, any(y).(float64))
		return len(x) &^ 3
	}
	return 0
}

// Stream copies src to dst (of one length; they must not overlap) with non-temporal
// stores where the path has them: the whole 64-byte lines of dst, the bytes before
// and after them by copy. Meant for results written to memory that is not in the
// caches: see tensor's streamed writes. The stores are weakly ordered: Fence must
// follow them before another goroutine is told dst is ready.
func Stream[T float32 | float64](dst, src []T) {
	src = src[:len(dst)]
	if path == None {
		copy(dst, src)
		return
	}
	b, s := asBytes(dst), asBytes(src)
	head := int(-uintptr(unsafe.Pointer(unsafe.SliceData(b))) & 63)
	if head >= len(b) {
		copy(b, s)
		return
	}
	body := (len(b) - head) &^ 63
	copy(b[:head], s[:head])
	stream(b[head:head+body], s[head:head+body])
	copy(b[head+body:], s[head+body:])
}

// Fence orders the non-temporal stores of the Streams before it before any store after
// it (SFENCE).
func Fence() {
	if path != None {
		fence()
	}
}

// asBytes is d's memory as bytes.
func asBytes[T float32 | float64](d []T) []byte {
	return unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(d))), len(d)*int(unsafe.Sizeof(T(0))))
}
