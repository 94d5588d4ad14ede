package tensor

// SigmoidBackward is torch's sigmoid_backward(grad, y): the gradient of Sigmoid from its
// result y, grad·(1-y)·y in one pass, multiplied in that order (PyTorch's kernel, scalar
// and vectorised alike, computes (grad·(1-y))·y), so the bits match. grad and y
// broadcast and promote like a binary op's operands; they must be floats.
func SigmoidBackward(grad, y *Array) *Array {
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
