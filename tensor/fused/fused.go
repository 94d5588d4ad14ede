package fused

import "github.com/gograd/gograd/tensor/internal/asm"

// Path is a set of kernels: pure Go, AVX2 with FMA, or AVX-512.
type Path = asm.Path

const (
	None   = asm.None
	AVX2   = asm.AVX2
	AVX512 = asm.AVX512
)

// Supported returns the paths this machine can run, None first.
func Supported() []Path { return asm.Supported() }

// SetPath makes p (capped at the best supported) the path of every tensor kernel and
// returns the previous one. It is for tests and benchmarks: not safe while kernels run.
func SetPath(p Path) Path { return asm.SetPath(p) }

// AdamConsts are one Adam step's scalars, rounded to float32, in the kernel's order.
type AdamConsts = asm.AdamConsts

// Adam does the element-wise part of one Adam step (without AMSGrad) over the whole
// vectors of p, with g, m and v at least as long, and returns how many elements it
// did. Per element, with PyTorch's roundings:
//
//	m = fma(C1, g, B1*m);  v = fma(C2*g, g, B2*v)
//	p = p + (StepSize*m) / (sqrt(v)/BC2Sqrt + Eps)
func Adam(p, g, m, v []float32, k AdamConsts) int { return asm.Adam(p, g, m, v, k) }

// Axpby sets y[i] = fma(a, x[i], b*y[i]) (b*y[i] rounded first) over the whole vectors
// of y, x at least as long, and returns how many elements it did: PyTorch's
// y.mul_(b).add_(x, alpha=a), and y.add_(x, alpha=a) for b = 1.
func Axpby(y, x []float32, a, b float32) int { return asm.Axpby(y, x, a, b) }
