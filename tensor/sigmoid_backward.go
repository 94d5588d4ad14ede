package tensor

import (
	"math"
	"slices"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// SigmoidBackward is torch's sigmoid_backward(grad, y): the gradient of Sigmoid from its
// result y, grad·(1-y)·y in one pass, multiplied in that order (PyTorch's kernel, scalar
// and vectorised alike, computes (grad·(1-y))·y), so the bits match. grad and y
// broadcast and promote like a binary op's operands; they must be floats.
func SigmoidBackward(grad, y *Array) *Array { return (*Small)(nil).SigmoidBackward(grad, y) }

// TanhBackward is torch's tanh_backward(grad, y): the gradient of Tanh from its result
// y, grad·(1-y²) in one pass with 1-y² rounded once, as PyTorch's compiled kernel
// computes it (the compiler fuses its 1 - y*y into one multiply-add: torch's results
// match this bit for bit, and the product rounded first in about half the elements do
// not). grad and y broadcast and promote like a binary op's operands; floats only.
func TanhBackward(grad, y *Array) *Array { return (*Small)(nil).TanhBackward(grad, y) }

// SigmoidBackward is SigmoidBackward(grad, y) placed in s.
func (s *Small) SigmoidBackward(grad, y *Array) *Array {
	return s.activationGrad(asm.SigmoidGrad, "sigmoid_backward_cpu", grad, y)
}

// TanhBackward is TanhBackward(grad, y) placed in s.
func (s *Small) TanhBackward(grad, y *Array) *Array {
	return s.activationGrad(asm.TanhGrad, "tanh_backward_cpu", grad, y)
}

// activationGrad is the one recipe of the fused activation gradients: same-shape
// contiguous operands of one float dtype run the SIMD kernel and the scalar formula
// (activationGradOf) on the rest, into s when the result fits there; others broadcast
// and promote first and go element by element.
func (s *Small) activationGrad(k asm.Grad, name string, grad, y *Array) *Array {
	if grad.dtype == y.dtype && slices.Equal(grad.shape(), y.shape()) && grad.IsContiguous() && y.IsContiguous() {
		switch grad.dtype {
		case Float32:
			return activationGradSame[float32](s, k, grad, y)
		case Float64:
			return activationGradSame[float64](s, k, grad, y)
		}
	}
	dt := resultType(operand{Array: grad}, operand{Array: y})
	shape := broadcastShapes(grad.shape(), y.shape())
	g, v := grad.To(dt).expandTo(shape), y.To(dt).expandTo(shape)
	switch dt {
	case Float32:
		return apply2(g, v, shape, activationGradOf[float32](k))
	case Float64:
		return apply2(g, v, shape, activationGradOf[float64](k))
	}
	runtimeErr("\"%s\" not implemented for '%s'", name, dt.torchName())
	return nil
}

// activationGradOf is gradient k's scalar formula, the kernels' reference.
func activationGradOf[T float](k asm.Grad) func(g, y T) T {
	if k == asm.TanhGrad {
		return tanhGrad[T]
	}
	return sigmoidGrad[T]
}

func sigmoidGrad[T float](g, y T) T { return g * (1 - y) * y }

// tanhGrad is g·(1-y²) with 1-y² one fused multiply-add.
func tanhGrad[T float](g, y T) T {
	if f, ok := any(y).(float32); ok {
		return g * T(fmaf(-f, f, 1))
	}
	return g * T(math.FMA(-float64(y), float64(y), 1))
}

// activationGradSame is activationGrad of contiguous operands of one float dtype and
// shape: whole SIMD vectors by internal/asm's kernel, the rest here.
func activationGradSame[T float](s *Small, k asm.Grad, grad, y *Array) *Array {
	n := grad.Numel()
	g := storage[T](grad)[grad.offset : grad.offset+n]
	v := storage[T](y)[y.offset : y.offset+n]
	out, dst, ok := place[T](s, grad.shape())
	cold := false
	if !ok {
		out, dst, cold = allocOut[T](grad.shape())
	}
	f := activationGradOf[T](k)
	if small(n) {
		for i := asm.ActivationGrad(k, dst, g, v); i < n; i++ {
			dst[i] = f(g[i], v[i])
		}
		return out
	}
	writeOut(dst, cold, func(d []T, lo int) {
		g, v := g[lo:lo+len(d)], v[lo:lo+len(d)]
		for i := asm.ActivationGrad(k, d, g, v); i < len(d); i++ {
			d[i] = f(g[i], v[i])
		}
	})
	return out
}
