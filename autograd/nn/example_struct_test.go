package nn_test

import (
	"fmt"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/nn"
)

// Polynomial3 is a module written as a Go struct: two scalar parameters and a Linear.
type Polynomial3 struct {
	nn.Mode
	A, B *autograd.Tensor
	FC   *nn.Linear
}

func (m *Polynomial3) Forward(x *autograd.Tensor) *autograd.Tensor {
	return m.FC.Forward(x).Mul(m.A).Add(m.B)
}
func (m *Polynomial3) Parameters() []*autograd.Tensor       { return nn.ParametersOf(m) }
func (m *Polynomial3) NamedParameters() []nn.NamedParameter { return nn.NamedParametersOf(m) }

// The same module in PyTorch 1.13 (self.a, self.b = nn.Parameter(torch.randn(())) twice,
// then self.fc = nn.Linear(2, 1), after torch.manual_seed(0)) prints these lines for
// `for n, p in m.named_parameters(): print(n, p)`.
func ExampleNamedParametersOf() {
	autograd.ManualSeed(0)
	m := &Polynomial3{
		A:  autograd.NewParameter(autograd.Randn()),
		B:  autograd.NewParameter(autograd.Randn()),
		FC: nn.NewLinear(2, 1),
	}
	for _, p := range m.NamedParameters() {
		fmt.Println(p.Name, p.Param)
	}
	// Output:
	// a Parameter containing:
	// tensor(1.5410, requires_grad=True)
	// b Parameter containing:
	// tensor(-0.2934, requires_grad=True)
	// fc.weight Parameter containing:
	// tensor([[-0.2723,  0.1896]], requires_grad=True)
	// fc.bias Parameter containing:
	// tensor([-0.0140], requires_grad=True)
}
