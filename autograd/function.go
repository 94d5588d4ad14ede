package autograd

import "github.com/gograd/gograd/tensor"

// NewFunction records a custom op (torch.autograd.Function's role) so that packages
// built on autograd (nn's linear and mse_loss) declare their ops once without touching
// this package's table. out is the forward result; backward, written with autograd ops
// so create_graph works, returns one gradient per input (nil: none). The engine fits
// each gradient to its input's shape and dtype. With grad mode off or no input requiring
// grad, out comes back as a plain tensor.
func NewFunction(name string, out *tensor.Array, inputs []*Tensor, backward func(grad *Tensor) []*Tensor) *Tensor {
	r, n := record(name, func(*tensor.Small) *tensor.Array { return out }, inputs...)
	if n != nil {
		n.x().all = backward
	}
	return r
}

// NewParameter is nn.Parameter(data): a leaf sharing data's storage that requires grad
// and prints as "Parameter containing:\n" + its repr. Results of ops on it are plain
// tensors.
func NewParameter(data *Tensor) *Tensor {
	if !data.data.DType().IsFloat() {
		panic(rtErr("Only Tensors of floating point and complex dtype can require gradients"))
	}
	p := data.sharing(data.data)
	p.requiresGrad, p.isParam = true, true
	return p
}

// IsParameter reports whether t was made by NewParameter.
func (t *Tensor) IsParameter() bool { return t.isParam }
