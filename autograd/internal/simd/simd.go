package simd

import "github.com/gograd/gograd/tensor"

// Path is a set of kernels: pure Go, AVX2 with FMA, or AVX-512.
type Path int

const (
	None Path = iota
	AVX2
	AVX512
)

func (p Path) String() string { return [...]string{"none", "avx2", "avx512"}[p] }

// best is the path tensor chose at start (from the CPU and GOGRAD_SIMD), so that one
// switch sets every kernel of the program; None without assembly.
var best = func() Path {
	for p := AVX512; haveAsm && p > None; p-- {
		if p.String() == tensor.SIMDPath() {
			return p
		}
	}
	return None
}()

// path is the path in use: best, unless a test set another.
var path = best

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

// lanes is the number of float32 lanes of each SIMD path (index Path-1).
var lanes = [2]int{8, 16}

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
	if path == None || len(p) < lanes[path-1] {
		return 0
	}
	g, m, v = g[:len(p)], m[:len(p)], v[:len(p)]
	adam32[path-1](p, g, m, v, k.B1, k.C1, k.B2, k.C2, k.BC2Sqrt, k.Eps, k.StepSize)
	return len(p) &^ (lanes[path-1] - 1)
}

// Axpby sets y[i] = fma(a, x[i], b*y[i]) (b*y[i] rounded first) over the whole vectors
// of y, x at least as long, and returns how many elements it did, as Adam does. It is
// PyTorch's y.mul_(b).add_(x, alpha=a), and y.add_(x, alpha=a) for b = 1.
func Axpby(y, x []float32, a, b float32) int {
	if path == None || len(y) < lanes[path-1] {
		return 0
	}
	axpby32[path-1](y, x[:len(y)], a, b)
	return len(y) &^ (lanes[path-1] - 1)
}
