package nn_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/nn"
	F "github.com/gograd/gograd/autograd/nn/functional"
	"github.com/gograd/gograd/autograd/optim"
)

// lenet is the 60-minute blitz's Net (notebooks/reference/neural_networks.ipynb) as a
// Go struct module.
type lenet struct {
	nn.Mode
	Conv1, Conv2  *nn.Conv2d
	Fc1, Fc2, Fc3 *nn.Linear
}

func (m *lenet) Forward(x *autograd.Tensor) *autograd.Tensor {
	x = F.MaxPool2d(F.Relu(m.Conv1.Forward(x)), []int{2, 2})
	x = F.MaxPool2d(F.Relu(m.Conv2.Forward(x)), []int{2})
	x = x.Reshape(x.Shape()[0], -1) // torch.flatten(x, 1)
	x = F.Relu(m.Fc1.Forward(x))
	x = F.Relu(m.Fc2.Forward(x))
	return m.Fc3.Forward(x)
}
func (m *lenet) Parameters() []*autograd.Tensor       { return nn.ParametersOf(m) }
func (m *lenet) NamedParameters() []nn.NamedParameter { return nn.NamedParametersOf(m) }
func (m *lenet) String() string                       { return nn.Repr("Net", m) }

// cellOutputs are the printed outputs of the reference notebook's code cells.
func cellOutputs(t *testing.T, path string) map[int]string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	var nb struct {
		Cells []struct {
			Outputs []struct {
				Text []string
			}
		}
	}
	if err := json.Unmarshal(raw, &nb); err != nil {
		t.Fatal(err)
	}
	out := map[int]string{}
	for i, c := range nb.Cells {
		var b strings.Builder
		for _, o := range c.Outputs {
			b.WriteString(strings.Join(o.Text, ""))
		}
		out[i] = b.String()
	}
	return out
}

// The blitz's cells 3 to 19, seeded as the reference notebook is, print what PyTorch
// 1.13 printed there, to the 17 digits of the printed loss.item() values.
func TestBlitzNeuralNetworks(t *testing.T) {
	want := cellOutputs(t, "../../notebooks/reference/neural_networks.ipynb")
	var b strings.Builder
	p := func(a ...any) { fmt.Fprintln(&b, a...) }
	check := func(cell int) {
		t.Helper()
		if got := b.String(); got != want[cell] {
			t.Errorf("cell %d prints\n%s\nPyTorch printed\n%s", cell, got, want[cell])
		}
		b.Reset()
	}
	autograd.ManualSeed(0)
	net := &lenet{
		Conv1: nn.NewConv2d(1, 6, []int{5}), Conv2: nn.NewConv2d(6, 16, []int{5}),
		Fc1: nn.NewLinear(16*5*5, 120), Fc2: nn.NewLinear(120, 84), Fc3: nn.NewLinear(84, 10),
	}
	p(net)
	check(3)
	params := net.Parameters()
	p(len(params))
	p(params[0].Size())
	check(4)
	input := autograd.Randn(1, 1, 32, 32)
	out := net.Forward(input)
	p(out)
	check(6)
	nn.ZeroGrad(net)
	out.Backward(autograd.Gradient(autograd.Randn(1, 10)))
	output := net.Forward(input)
	target := autograd.Randn(10).View(1, -1)
	criterion := nn.NewMSELoss()
	loss := criterion.Forward(output, target)
	p(loss)
	check(9)
	p(loss.GradFn().Name())
	p(loss.GradFn().NextFunctions()[0].Node.Name())
	p(loss.GradFn().NextFunctions()[0].Node.NextFunctions()[0].Node.Name())
	check(11)
	nn.ZeroGrad(net)
	p("conv1.bias.grad before backward")
	p(net.Conv1.Bias.Grad())
	loss.Backward()
	p("conv1.bias.grad after backward")
	p(net.Conv1.Bias.Grad())
	check(13)
	for _, f := range net.Parameters() {
		f.Data().Sub_(f.Grad().Data().Mul(0.01))
	}
	optimizer := optim.NewSGD(net.Parameters(), optim.LR(0.01))
	optimizer.ZeroGrad()
	loss = criterion.Forward(net.Forward(input), target)
	loss.Backward()
	optimizer.Step()
	lines := strings.Split(strings.TrimSpace(want[19]), "\n")
	for step := 0; step < 5; step++ {
		optimizer.ZeroGrad()
		loss = criterion.Forward(net.Forward(input), target)
		loss.Backward()
		optimizer.Step()
		if got := strings.TrimSuffix(fmt.Sprintln(step, loss.Item()), "\n"); got != lines[step] {
			t.Errorf("step %d prints %s, PyTorch printed %s", step, got, lines[step])
		}
	}
	p(net.Forward(input))
	if got, w := b.String(), strings.Join(lines[5:], "\n")+"\n"; got != w {
		t.Errorf("cell 19's last print\n%s\nPyTorch printed\n%s", got, w)
	}
}
