package tensor

import (
	"slices"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// SigmoidBackward is torch's sigmoid_backward(grad, y): the gradient of Sigmoid from its
// result y, grad·(1-y)·y in one pass, multiplied in that order (PyTorch's kernel, scalar
// and vectorised alike, computes (grad·(1-y))·y), so the bits match. grad and y
// broadcast and promote like a binary op's operands; they must be floats.
func SigmoidBackward(grad, y *Array) *Array {
	if grad.dtype == y.dtype && slices.Equal(grad.shape(), y.shape()) && grad.IsContiguous() && y.IsContiguous() {
		switch grad.dtype {
		case Float32:
			return sigmoidBackwardSame[float32](grad, y)
		case Float64:
			return sigmoidBackwardSame[float64](grad, y)
		}
	}
	dt := resultType(operand{Array: grad}, operand{Array: y})
	shape := broadcastShapes(grad.shape(), y.shape())
	g, s := grad.To(dt).expandTo(shape), y.To(dt).expandTo(shape)
	switch dt {
	case Float32:
		return apply2(g, s, shape, sigmoidGrad[float32])
	case Float64:
		return apply2(g, s, shape, sigmoidGrad[float64])
	}
	runtimeErr("\"sigmoid_backward_cpu\" not implemented for '%s'", dt.torchName())
	return nil
}

func sigmoidGrad[T float](g, y T) T { return g * (1 - y) * y }

// sigmoidBackwardSame is SigmoidBackward of contiguous operands of one float dtype and
// shape: whole SIMD vectors by internal/asm's kernel, the rest here.
func sigmoidBackwardSame[T float](grad, y *Array) *Array {
	n := grad.Numel()
	g := storage[T](grad)[grad.offset : grad.offset+n]
	s := storage[T](y)[y.offset : y.offset+n]
	out, dst := allocRaw[T](grad.shape())
	run := func(lo, hi int) {
		d, g, s := dst[lo:hi], g[lo:hi], s[lo:hi]
		done := asm.SigmoidBackward(d, g, s)
		for i := done; i < len(d); i++ {
			d[i] = sigmoidGrad(g[i], s[i])
		}
	}
	if small(n) {
		run(0, n)
	} else {
		chunks(n, run)
	}
	return out
}
