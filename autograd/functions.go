package autograd

import (
	"fmt"

	"github.com/gograd/gograd/tensor"
)

// Package functions: torch.xxx spellings of the ops, for cells that read like math
// (autograd.Sin(x), autograd.Mean(autograd.Mul(x, x))). Binary functions accept a Go
// scalar on either side, and keep torch's grad_fn names for it: 2 - x is RsubBackward1,
// 2 / x is a reciprocal times 2 (MulBackward0), 2 ** x is PowBackward1.

// pyType is the Python type name of an operand, for TypeError messages.
func pyType(v any) string {
	switch x := v.(type) {
	case *Tensor:
		if x == nil {
			return "NoneType"
		}
		return "Tensor"
	case nil:
		return "NoneType"
	case float32, float64:
		return "float"
	case bool:
		return "bool"
	case int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64:
		return "int"
	}
	return fmt.Sprintf("%T", v)
}

// checkOperands raises Python's TypeError for a None operand (a missing grad, say).
func checkOperands(sym string, a, b any) {
	for _, v := range []any{a, b} {
		if pyType(v) == "NoneType" {
			panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("unsupported operand type(s) for %s: '%s' and '%s'", sym, pyType(a), pyType(b))})
		}
	}
}

// Add is a + b.
func Add(a, b any) *Tensor {
	checkOperands("+", a, b)
	if t, ok := a.(*Tensor); ok {
		return t.Add(b)
	}
	return asTensorOp(b).Add(a)
}

// Sub is a - b.
func Sub(a, b any) *Tensor {
	checkOperands("-", a, b)
	if t, ok := a.(*Tensor); ok {
		return t.Sub(b)
	}
	if t, ok := b.(*Tensor); ok {
		if _, s := split(a); s != nil {
			return t.rsub(s)
		}
	}
	return asTensor(a).Sub(b)
}

// Mul is a * b.
func Mul(a, b any) *Tensor {
	checkOperands("*", a, b)
	if t, ok := a.(*Tensor); ok {
		return t.Mul(b)
	}
	return asTensorOp(b).Mul(a)
}

// Div is a / b.
func Div(a, b any) *Tensor {
	checkOperands("/", a, b)
	if t, ok := a.(*Tensor); ok {
		return t.Div(b)
	}
	if t, ok := b.(*Tensor); ok {
		if _, s := split(a); s != nil {
			return t.Reciprocal().Mul(s)
		}
	}
	return asTensor(a).Div(b)
}

// Pow is a ** b.
func Pow(a, b any) *Tensor {
	checkOperands("** or pow()", a, b)
	if t, ok := a.(*Tensor); ok {
		return t.Pow(b)
	}
	e := asTensorOp(b)
	base := wrapped(a, e.data)
	return powTensor(base, e)
}

func asTensorOp(v any) *Tensor {
	t, s := split(v)
	if t == nil {
		return asTensor(s)
	}
	return t
}

// Neg is -x.
func Neg(x *Tensor) *Tensor { return x.Neg() }

// Abs is |x|.
func Abs(x *Tensor) *Tensor { return x.Abs() }

// Sign is the sign of x.
func Sign(x *Tensor) *Tensor { return x.Sign() }

// Exp is e**x.
func Exp(x *Tensor) *Tensor { return x.Exp() }

// Log is the natural logarithm.
func Log(x *Tensor) *Tensor { return x.Log() }

// Sin is the sine.
func Sin(x *Tensor) *Tensor { return x.Sin() }

// Cos is the cosine.
func Cos(x *Tensor) *Tensor { return x.Cos() }

// Tan is the tangent.
func Tan(x *Tensor) *Tensor { return x.Tan() }

// Tanh is the hyperbolic tangent.
func Tanh(x *Tensor) *Tensor { return x.Tanh() }

// Sigmoid is 1/(1+e**-x).
func Sigmoid(x *Tensor) *Tensor { return x.Sigmoid() }

// Relu is max(x, 0) (F.relu).
func Relu(x *Tensor) *Tensor { return x.Relu() }

// Sqrt is the square root.
func Sqrt(x *Tensor) *Tensor { return x.Sqrt() }

// Reciprocal is 1/x.
func Reciprocal(x *Tensor) *Tensor { return x.Reciprocal() }

// Clamp limits x to [min, max]; nil leaves a side open.
func Clamp(x *Tensor, min, max any) *Tensor { return x.Clamp(min, max) }

// Maximum is the elementwise max of x and y.
func Maximum(x, y *Tensor) *Tensor { return x.Maximum(y) }

// Minimum is the elementwise min of x and y.
func Minimum(x, y *Tensor) *Tensor { return x.Minimum(y) }

// Atan2 is torch.atan2(y, x): the elementwise angle of the point (x, y).
func Atan2(y, x *Tensor) *Tensor { return y.Atan2(x) }

// Sum is x.Sum(dimsKeep...): torch.sum(x, 0, keepdim=True) is Sum(x, 0, KeepDim).
func Sum(x *Tensor, dimsKeep ...any) *Tensor { return x.Sum(dimsKeep...) }

// Mean is x.Mean(dimsKeep...): torch.mean(x, axis=1) is Mean(x, 1).
func Mean(x *Tensor, dimsKeep ...any) *Tensor { return x.Mean(dimsKeep...) }

// Max is the largest element.
func Max(x *Tensor) *Tensor { return x.Max() }

// Min is the smallest element.
func Min(x *Tensor) *Tensor { return x.Min() }

// Norm is the 2-norm of all elements.
func Norm(x *Tensor) *Tensor { return x.Norm() }

// Prod multiplies all elements.
func Prod(x *Tensor, dimKeep ...any) *Tensor { return x.Prod(dimKeep...) }

// Argmax is torch.argmax(x), or along one dim: Argmax(x, 1, KeepDim).
func Argmax(x *Tensor, dimKeep ...any) *Tensor { return x.Argmax(dimKeep...) }

// Argmin is torch.argmin(x), or along one dim.
func Argmin(x *Tensor, dimKeep ...any) *Tensor { return x.Argmin(dimKeep...) }

// Dot is the inner product of two vectors.
func Dot(x, y *Tensor) *Tensor { return x.Dot(y) }

// Mm is the matrix product.
func Mm(x, y *Tensor) *Tensor { return x.Mm(y) }

// Mv is the matrix-vector product.
func Mv(x, y *Tensor) *Tensor { return x.Mv(y) }

// Matmul is torch.matmul.
func Matmul(x, y *Tensor) *Tensor { return x.Matmul(y) }

// Addmm is torch.addmm(input, mat1, mat2) with beta = alpha = 1: input + mat1·mat2.
func Addmm(input, mat1, mat2 *Tensor) *Tensor { return input.Addmm(mat1, mat2) }

// Tt is torch.t(x): the transpose of a matrix (x.t()).
func Tt(x *Tensor) *Tensor { return x.Tt() }

// Outer is the outer product of two vectors.
func Outer(x, y *Tensor) *Tensor { return x.Outer(y) }

// Diagonal is torch.diagonal(x, offset, dim1, dim2).
func Diagonal(x *Tensor, offset, dim1, dim2 int) *Tensor { return x.Diagonal(offset, dim1, dim2) }

// Transpose swaps two dims.
func Transpose(x *Tensor, dim0, dim1 int) *Tensor { return x.Transpose(dim0, dim1) }

// Permute reorders dims.
func Permute(x *Tensor, dims ...int) *Tensor { return x.Permute(dims...) }

// Reshape is x.Reshape(shape...).
func Reshape(x *Tensor, shape ...int) *Tensor { return x.Reshape(shape...) }

// Clone copies x inside the graph.
func Clone(x *Tensor) *Tensor { return x.Clone() }

// AllClose is torch.allclose (defaults rtol 1e-5, atol 1e-8).
func AllClose(a, b *Tensor, rtolAtol ...float64) bool {
	return tensor.AllClose(a.data, b.data, rtolAtol...)
}

// Equal is torch.equal: same shape and values.
func Equal(a, b *Tensor) bool { return tensor.Equal(a.data, b.data) }

// IsTensor reports whether v is a *Tensor (torch.is_tensor).
func IsTensor(v any) bool { _, ok := v.(*Tensor); return ok }

// Constructors. Shape arguments are ints (or a Size); Options (RequiresGrad, a DType)
// may be mixed in anywhere: autograd.Ones(4, autograd.RequiresGrad).

func shapeAndOpts(args []any) ([]int, config) {
	var shape []int
	var opts []Option
	for _, a := range args {
		switch v := a.(type) {
		case int:
			shape = append(shape, v)
		case int64:
			shape = append(shape, int(v))
		case []int:
			shape = append(shape, v...)
		case Size:
			shape = append(shape, v...)
		case Option:
			opts = append(opts, v)
		default:
			panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("size must be ints, got %T", a)})
		}
	}
	return shape, makeConfig(opts)
}

// Zeros is a tensor of zeros (float32 unless a DType option says otherwise).
func Zeros(args ...any) *Tensor {
	shape, c := shapeAndOpts(args)
	return finish(tensor.Zeros(shape...), c, false)
}

// Ones is a tensor of ones.
func Ones(args ...any) *Tensor {
	shape, c := shapeAndOpts(args)
	return finish(tensor.Ones(shape...), c, false)
}

// Empty is an uninitialised tensor (zeros here).
func Empty(args ...any) *Tensor {
	shape, c := shapeAndOpts(args)
	return finish(tensor.Empty(shape...), c, false)
}

// Full is a tensor filled with value.
func Full(value float64, args ...any) *Tensor {
	shape, c := shapeAndOpts(args)
	return finish(tensor.Full(value, shape...), c, false)
}

// Eye is the n×n identity, or n×m with ones on the main diagonal when an int m follows
// (torch.eye(n, m)); Options may follow.
func Eye(n int, mOpts ...any) *Tensor {
	shape, c := shapeAndOpts(mOpts)
	switch len(shape) {
	case 0:
		return finish(tensor.Eye(n), c, false)
	case 1:
	default:
		panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("eye() takes n and at most one m, got %d sizes", 1+len(shape))})
	}
	m := shape[0]
	if n < 0 {
		panic(rtErr(fmt.Sprintf("n must be greater or equal to 0, got %d", n)))
	}
	if m < 0 {
		panic(rtErr(fmt.Sprintf("m must be greater or equal to 0, got %d", m)))
	}
	a := tensor.Zeros(n, m)
	a.Diagonal(0, 0, 1).Fill_(1)
	return finish(a, c, false)
}

// Rand draws uniform [0, 1) values from torch's default generator.
func Rand(args ...any) *Tensor {
	shape, c := shapeAndOpts(args)
	return finish(tensor.Default.Rand(c.floatDType(), shape...), c, false)
}

// Randn draws standard normal values from torch's default generator.
func Randn(args ...any) *Tensor {
	shape, c := shapeAndOpts(args)
	return finish(tensor.Default.Randn(c.floatDType(), shape...), c, false)
}

// ManualSeed seeds torch's default generator.
func ManualSeed(seed uint64) { tensor.ManualSeed(seed) }

// Arange is torch.arange: (end), (start, end) or (start, end, step); int arguments give
// int64, any float gives float32. Options may follow the numbers.
func Arange(args ...any) *Tensor {
	var nums []any
	var opts []Option
	for _, a := range args {
		if o, ok := a.(Option); ok {
			opts = append(opts, o)
		} else {
			nums = append(nums, a)
		}
	}
	c := makeConfig(opts)
	if c.hasDType {
		return finish(tensor.ArangeOf(c.dtype, nums...), c, false)
	}
	return finish(tensor.Arange(nums...), c, false)
}

// Linspace is steps evenly spaced values from start to end (float32 unless a DType
// option says otherwise; float64 is computed in float64, as torch does).
func Linspace(start, end float64, steps int, opts ...Option) *Tensor {
	c := makeConfig(opts)
	return finish(tensor.LinspaceOf(c.floatDType(), start, end, steps), c, false)
}

// ZerosLike is zeros with x's shape and dtype.
func ZerosLike(x *Tensor, opts ...Option) *Tensor {
	return finish(tensor.ZerosLike(x.data), makeConfig(opts), false)
}

// OnesLike is ones with x's shape and dtype.
func OnesLike(x *Tensor, opts ...Option) *Tensor {
	return finish(tensor.OnesLike(x.data), makeConfig(opts), false)
}

// FullLike is value with x's shape and dtype.
func FullLike(x *Tensor, value float64, opts ...Option) *Tensor {
	return finish(tensor.FullLike(x.data, value), makeConfig(opts), false)
}

// SetNumThreads is torch.set_num_threads: the most goroutines one op's parallel work
// runs on; OpenBLAS keeps its own threads, as with PyTorch (see tensor.SetNumThreads).
func SetNumThreads(n int) { tensor.SetNumThreads(n) }

// GetNumThreads is torch.get_num_threads: what SetNumThreads set, else OMP_NUM_THREADS
// when the environment sets it, else GOMAXPROCS.
func GetNumThreads() int { return tensor.NumThreads() }
