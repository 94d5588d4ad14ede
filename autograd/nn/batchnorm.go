package nn

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	F "github.com/gograd/gograd/autograd/nn/functional"
	"github.com/gograd/gograd/tensor"
)

// BatchNorm is what BatchNorm1d and BatchNorm2d share (torch's _BatchNorm): per
// channel, a normalisation by the batch's statistics in training and by the running
// ones in evaluation (F.BatchNorm), then a learnt scale and shift.
//
// Weight (ones) and Bias (zeros) are parameters when Affine; RunningMean (zeros),
// RunningVar (ones) and NumBatchesTracked (an int64 0) are buffers when
// TrackRunningStats, listed by NamedBuffers and saved in the state dict under torch's
// names running_mean, running_var and num_batches_tracked. Each forward in training
// counts the batch in NumBatchesTracked and moves the running statistics by Momentum
// (or, with CumulativeAverage, by 1/NumBatchesTracked).
type BatchNorm struct {
	Mode
	NumFeatures                                int
	Eps, Momentum                              float64
	CumulativeAverage                          bool // momentum=None
	Affine, TrackRunningStats                  bool
	Weight, Bias                               *autograd.Tensor
	RunningMean, RunningVar, NumBatchesTracked *autograd.Tensor
}

func newBatchNorm(n int, opts []NormOption) BatchNorm {
	o := makeNormOptions(opts)
	m := BatchNorm{NumFeatures: n, Eps: o.eps, Momentum: o.momentum, CumulativeAverage: o.cumulative,
		Affine: o.affine, TrackRunningStats: o.tracking}
	if o.affine {
		m.Weight = newParameter(tensor.Ones(n))
		m.Bias = newParameter(tensor.Zeros(n))
	}
	if o.tracking {
		m.RunningMean = autograd.Zeros(n)
		m.RunningVar = autograd.Ones(n)
		m.NumBatchesTracked = autograd.FromArray(tensor.Zeros().To(tensor.Int64))
	}
	return m
}

// forward is _BatchNorm.forward of PyTorch 1.13.
func (m *BatchNorm) forward(x *autograd.Tensor) *autograd.Tensor {
	factor := m.Momentum
	training := m.Training()
	if training && m.TrackRunningStats && m.NumBatchesTracked != nil {
		autograd.NoGrad(func() { m.NumBatchesTracked.Add_(1) })
		if m.CumulativeAverage {
			factor = 1 / m.NumBatchesTracked.Item()
		}
	} else if m.CumulativeAverage {
		factor = 0
	}
	bnTraining := training || (m.RunningMean == nil && m.RunningVar == nil)
	rm, rv := m.RunningMean, m.RunningVar
	if training && !m.TrackRunningStats {
		rm, rv = nil, nil
	}
	return F.BatchNorm(x, rm, rv, m.Weight, m.Bias, bnTraining, factor, m.Eps)
}

// Parameters are Weight and Bias (none without Affine).
func (m *BatchNorm) Parameters() []*autograd.Tensor { return paramsOf(m.NamedParameters()) }

// NamedParameters are weight and bias.
func (m *BatchNorm) NamedParameters() []NamedParameter {
	if m.Weight == nil {
		return nil
	}
	return []NamedParameter{{"weight", m.Weight}, {"bias", m.Bias}}
}

// NamedBuffers are running_mean, running_var and num_batches_tracked (none without
// TrackRunningStats).
func (m *BatchNorm) NamedBuffers() []NamedBuffer {
	if m.RunningMean == nil {
		return nil
	}
	return []NamedBuffer{{"running_mean", m.RunningMean}, {"running_var", m.RunningVar}, {"num_batches_tracked", m.NumBatchesTracked}}
}

func (m *BatchNorm) repr(name string) string {
	mom := autograd.PyFloat(m.Momentum)
	if m.CumulativeAverage {
		mom = "None"
	}
	return fmt.Sprintf("%s(%d, eps=%s, momentum=%s, affine=%s, track_running_stats=%s)", name, m.NumFeatures,
		autograd.PyFloat(m.Eps), mom, autograd.PyBool(m.Affine), autograd.PyBool(m.TrackRunningStats))
}

// BatchNorm1d is torch.nn.BatchNorm1d: batch norm of (N, C) or (N, C, L) inputs.
type BatchNorm1d struct{ BatchNorm }

// NewBatchNorm1d makes the layer for numFeatures channels, with the options Eps,
// Momentum, CumulativeAverage, Affine and TrackRunningStats.
//
//	bn := nn.NewBatchNorm1d(100, nn.Momentum(0.01))
func NewBatchNorm1d(numFeatures int, opts ...NormOption) *BatchNorm1d {
	return &BatchNorm1d{newBatchNorm(numFeatures, opts)}
}

// Forward normalises x, (N, C) or (N, C, L).
func (m *BatchNorm1d) Forward(x *autograd.Tensor) *autograd.Tensor {
	if d := x.Dim(); d != 2 && d != 3 {
		panic(&tensor.Error{Kind: "ValueError", Msg: fmt.Sprintf("expected 2D or 3D input (got %dD input)", d)})
	}
	return m.forward(x)
}

// String is torch's repr: BatchNorm1d(3, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True).
func (m *BatchNorm1d) String() string { return m.repr("BatchNorm1d") }

// BatchNorm2d is torch.nn.BatchNorm2d: batch norm of (N, C, H, W) inputs.
type BatchNorm2d struct{ BatchNorm }

// NewBatchNorm2d makes the layer for numFeatures channels, with the options of
// NewBatchNorm1d.
func NewBatchNorm2d(numFeatures int, opts ...NormOption) *BatchNorm2d {
	return &BatchNorm2d{newBatchNorm(numFeatures, opts)}
}

// Forward normalises x, (N, C, H, W).
func (m *BatchNorm2d) Forward(x *autograd.Tensor) *autograd.Tensor {
	if d := x.Dim(); d != 4 {
		panic(&tensor.Error{Kind: "ValueError", Msg: fmt.Sprintf("expected 4D input (got %dD input)", d)})
	}
	return m.forward(x)
}

// String is torch's repr: BatchNorm2d(6, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True).
func (m *BatchNorm2d) String() string { return m.repr("BatchNorm2d") }

// paramsOf drops the names.
func paramsOf(ps []NamedParameter) []*autograd.Tensor {
	var out []*autograd.Tensor
	for _, p := range ps {
		out = append(out, p.Param)
	}
	return out
}
