package nn_test

import (
	"fmt"

	"github.com/gograd/gograd/autograd/nn"
)

// Seed 004's two-layer network; it prints as torch.nn.Sequential does.
func ExampleNewSequential() {
	model := nn.NewSequential(nn.NewLinear(1000, 100), nn.NewReLU(), nn.NewLinear(100, 10))
	fmt.Println(model)
	for _, p := range model.NamedParameters() {
		fmt.Println(p.Name, p.Param.Shape())
	}
	// Output:
	// Sequential(
	//   (0): Linear(in_features=1000, out_features=100, bias=True)
	//   (1): ReLU()
	//   (2): Linear(in_features=100, out_features=10, bias=True)
	// )
	// 0.weight torch.Size([100, 1000])
	// 0.bias torch.Size([100])
	// 2.weight torch.Size([10, 100])
	// 2.bias torch.Size([10])
}
