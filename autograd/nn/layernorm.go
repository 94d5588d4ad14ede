package nn

import (
	"fmt"
	"slices"

	"github.com/gograd/gograd/autograd"
	F "github.com/gograd/gograd/autograd/nn/functional"
	"github.com/gograd/gograd/tensor"
)

// LayerNorm is torch.nn.LayerNorm: F.LayerNorm over the last dims of its input, those
// of NormalizedShape, with a learnt Weight (ones) and Bias (zeros) of that shape when
// ElementwiseAffine.
type LayerNorm struct {
	Mode
	NormalizedShape   []int
	Eps               float64
	ElementwiseAffine bool
	Weight, Bias      *autograd.Tensor
}

// NewLayerNorm makes the layer over normalizedShape, with the options Eps and
// ElementwiseAffine.
//
//	ln := nn.NewLayerNorm([]int{10})
func NewLayerNorm(normalizedShape []int, opts ...NormOption) *LayerNorm {
	o := makeNormOptions(opts)
	m := &LayerNorm{NormalizedShape: slices.Clone(normalizedShape), Eps: o.eps, ElementwiseAffine: o.affine}
	if o.affine {
		m.Weight = newParameter(tensor.Ones(normalizedShape...))
		m.Bias = newParameter(tensor.Zeros(normalizedShape...))
	}
	return m
}

// Forward is F.LayerNorm(x, NormalizedShape, Weight, Bias, Eps).
func (m *LayerNorm) Forward(x *autograd.Tensor) *autograd.Tensor {
	return F.LayerNorm(x, m.NormalizedShape, m.Weight, m.Bias, m.Eps)
}

// Parameters are Weight and Bias (none without ElementwiseAffine).
func (m *LayerNorm) Parameters() []*autograd.Tensor { return paramsOf(m.NamedParameters()) }

// NamedParameters are weight and bias.
func (m *LayerNorm) NamedParameters() []NamedParameter {
	if m.Weight == nil {
		return nil
	}
	return []NamedParameter{{"weight", m.Weight}, {"bias", m.Bias}}
}

// String is torch's repr: LayerNorm((10,), eps=1e-05, elementwise_affine=True).
func (m *LayerNorm) String() string {
	return fmt.Sprintf("LayerNorm(%s, eps=%s, elementwise_affine=%s)", autograd.FormatValue(m.NormalizedShape),
		autograd.PyFloat(m.Eps), autograd.PyBool(m.ElementwiseAffine))
}
