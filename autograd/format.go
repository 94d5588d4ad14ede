package autograd

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gograd/gograd/tensor"
)

// DType is a tensor's element type as torch names it: it prints "torch.float32" and is
// also an Option for the constructors (autograd.New(data, autograd.Float64)).
type DType tensor.DType

// The dtypes, usable as constructor options.
const (
	Float32 = DType(tensor.Float32)
	Float64 = DType(tensor.Float64)
	Int64   = DType(tensor.Int64)
	Bool    = DType(tensor.Bool)
)

func (d DType) String() string { return "torch." + tensor.DType(d).String() }

// IsFloat reports whether d is float32 or float64.
func (d DType) IsFloat() bool { return tensor.DType(d).IsFloat() }

// Size is a tensor's shape; it prints like torch.Size([2, 3]).
type Size []int

func (s Size) String() string {
	parts := make([]string, len(s))
	for i, v := range s {
		parts[i] = strconv.Itoa(v)
	}
	return "torch.Size([" + strings.Join(parts, ", ") + "])"
}

// Numel is the product of the sizes.
func (s Size) Numel() int {
	n := 1
	for _, v := range s {
		n *= v
	}
	return n
}

// Tuple is what Grad returns; it prints like a Python tuple of tensors: (tensor([3.]),).
type Tuple []*Tensor

// At is tp[i]. It exists for cells: yaegi v0.16 cannot index a slice returned by
// compiled code in a top-level definition (`g := autograd.Grad(y, x)[0]` fails to
// compile there), while `g := autograd.Grad(y, x).At(0)` works everywhere.
func (tp Tuple) At(i int) *Tensor { return tp[i] }

func (tp Tuple) String() string {
	items := make([]string, len(tp))
	for i, t := range tp {
		items[i] = t.String()
	}
	return PyTuple(items)
}

// String is PyTorch's repr of t, suffixes included; a nil tensor prints None.
func (t *Tensor) String() string {
	if t == nil {
		return "None"
	}
	t.sync()
	if t.isParam {
		return "Parameter containing:\n" + t.repr()
	}
	return t.repr()
}

func (t *Tensor) repr() string {
	switch {
	case t.gradFn != nil:
		return t.data.TorchString("grad_fn=<" + t.gradFn.Name() + ">")
	case t.requiresGrad:
		return t.data.TorchString("requires_grad=True")
	}
	return t.data.TorchString()
}

// Format makes fmt print t the way Python does: %v and %s give the repr (print(t));
// the float verbs on a one-element tensor format its value as Python's format spec
// would (f'{w:.3f}' is fmt.Sprintf("%.3f", w)); and %g with neither precision nor flags
// gives Python's str of the value, which is what f'{loss}' and '{}'.format(x) print
// for a 0-d tensor ("0.25", "-1.0").
func (t *Tensor) Format(f fmt.State, verb rune) {
	if t == nil {
		fmt.Fprint(f, "None")
		return
	}
	switch verb {
	case 'f', 'F', 'e', 'E', 'g', 'G', 'd':
		_, hasPrec := f.Precision()
		if verb == 'g' && !hasPrec && t.Dim() > 0 && !f.Flag('+') && !f.Flag(' ') && !f.Flag('#') {
			fmt.Fprint(f, t.String()) // f'{t}' of a non-0-d tensor is its str
			return
		}
		v := t.Item()
		if verb == 'd' {
			fmt.Fprintf(f, fmt.FormatString(f, verb), int64(v))
			return
		}
		if verb == 'g' && !hasPrec && !f.Flag('+') && !f.Flag(' ') && !f.Flag('#') {
			s := PyFloat(v)
			if t.data.DType() == tensor.Int64 {
				s = strconv.FormatInt(int64(v), 10)
			} else if t.data.DType() == tensor.Bool {
				s = PyBool(v != 0)
			}
			if w, ok := f.Width(); ok && len(s) < w {
				pad := strings.Repeat(" ", w-len(s))
				if f.Flag('-') {
					s += pad
				} else {
					s = pad + s
				}
			}
			fmt.Fprint(f, s)
			return
		}
		fmt.Fprintf(f, fmt.FormatString(f, verb), v)
	default:
		fmt.Fprint(f, t.String())
	}
}

// PyFloat formats v as Python's repr/str of a float: shortest round-trip digits,
// "1.0" for integral values, scientific below 1e-4 and from 1e16 on.
func PyFloat(v float64) string {
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(v, 'e', -1, 64) // d.ddde±XX
	mant, expStr, _ := strings.Cut(s, "e")
	exp, _ := strconv.Atoi(expStr)
	if exp < -4 || exp >= 16 {
		sign := "+"
		if exp < 0 {
			sign, exp = "-", -exp
		}
		return fmt.Sprintf("%se%s%02d", mant, sign, exp)
	}
	s = strconv.FormatFloat(v, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}

// PyBool is Python's str of a bool.
func PyBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// String is "name: value" with the value as Python's str shows it.
func (a Attr) String() string { return a.Name + ": " + FormatValue(a.Value) }

// FormatValue is Python's str of a saved attribute: None, True/False, 2, 2.5, (100,) and
// a tensor's repr.
func FormatValue(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case *Tensor:
		if x == nil {
			return "None"
		}
		return x.String()
	case bool:
		return PyBool(x)
	case float64:
		return PyFloat(x)
	case float32:
		return PyFloat(float64(x))
	case []int:
		return tupleOf(x)
	case []int64:
		return tupleOf(x)
	case []float64:
		return tupleOf(x)
	case []any:
		return tupleOf(x)
	}
	return fmt.Sprint(v)
}

// tupleOf is Python's str of a sequence shown as a tuple.
func tupleOf[E any](xs []E) string {
	items := make([]string, len(xs))
	for i, x := range xs {
		items[i] = FormatValue(x)
	}
	return PyTuple(items)
}

// PyTuple joins the str of each item as Python prints a tuple: "(a, b)", and a
// 1-tuple keeps its trailing comma, "(a,)".
func PyTuple(items []string) string {
	if len(items) == 1 {
		return "(" + items[0] + ",)"
	}
	return "(" + strings.Join(items, ", ") + ")"
}

// Str is Python's str() of a value as cells print it: None for nil (a missing grad),
// True/False, 0.25 and 1.0 for floats, a tensor's repr, (1, 2) for a []int.
func Str(v any) string { return FormatValue(v) }

// torchTypeName is the legacy tensor type name torch's messages use: Float, Double, Long,
// Bool (as in [torch.FloatTensor [2]]).
func torchTypeName(d tensor.DType) string {
	switch d {
	case tensor.Float64:
		return "Double"
	case tensor.Int64:
		return "Long"
	case tensor.Bool:
		return "Bool"
	}
	return "Float"
}

// shapeList is a shape as torch's messages print it: [2, 3].
func shapeList(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	return "[" + strings.Join(parts, ", ") + "]"
}
