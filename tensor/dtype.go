package tensor

// DType is the element type of an Array.
type DType uint8

// The dtypes gograd supports. Float32 is the default for float data, as in PyTorch.
const (
	Float32 DType = iota
	Float64
	Int64
	Bool
)

// noType marks an empty slot in type promotion (PyTorch's ScalarType::Undefined).
const noType DType = 255

func (d DType) String() string {
	switch d {
	case Float32:
		return "float32"
	case Float64:
		return "float64"
	case Int64:
		return "int64"
	case Bool:
		return "bool"
	}
	return "undefined"
}

// IsFloat reports whether d is a floating point dtype.
func (d DType) IsFloat() bool { return d == Float32 || d == Float64 }

// torchName is the name PyTorch's C++ messages use ("Float", "Long").
func (d DType) torchName() string {
	switch d {
	case Float32:
		return "Float"
	case Float64:
		return "Double"
	case Int64:
		return "Long"
	case Bool:
		return "Bool"
	}
	return "Undefined"
}

// rank orders dtypes the way PyTorch's promoteTypes lattice does for the four we have:
// bool < int64 < float32 < float64, so promotion is the larger rank.
func (d DType) rank() int {
	switch d {
	case Bool:
		return 0
	case Int64:
		return 1
	case Float32:
		return 2
	case Float64:
		return 3
	}
	return -1
}

// promote is torch.promote_types restricted to our dtypes; noType is the identity.
func promote(a, b DType) DType {
	if a == noType {
		return b
	}
	if b == noType {
		return a
	}
	if a.rank() >= b.rank() {
		return a
	}
	return b
}

// canCast mirrors c10::canCast: no float->int/bool and no int->bool.
func canCast(from, to DType) bool {
	if from.IsFloat() && !to.IsFloat() {
		return false
	}
	if from == Int64 && to == Bool {
		return false
	}
	return true
}

// defaultFloat is the dtype of float data when nothing says otherwise (torch's default dtype).
const defaultFloat = Float32
