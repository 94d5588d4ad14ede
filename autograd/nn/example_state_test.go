package nn_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/autograd/nn"
)

// A model's state dict names its parameters and buffers as torch's state_dict() does,
// and goes to a safetensors file that PyTorch's safetensors.torch.load_file reads.
func ExampleSaveSafetensors() {
	model := nn.NewSequential(nn.NewLinear(2, 3), nn.NewBatchNorm1d(3), nn.NewReLU())
	model.Forward(autograd.Randn(4, 2)) // training: the running statistics move
	sd := nn.StateDictOf(model)
	for _, e := range sd {
		fmt.Println(e.Name, e.Tensor.Shape())
	}

	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.safetensors")
	if err := nn.SaveSafetensors(path, sd); err != nil {
		fmt.Println(err)
	}
	loaded, _, err := nn.LoadSafetensors(path)
	if err != nil {
		fmt.Println(err)
	}
	fresh := nn.NewSequential(nn.NewLinear(2, 3), nn.NewBatchNorm1d(3), nn.NewReLU())
	fmt.Println(nn.LoadStateDict(fresh, loaded))
	fmt.Println(fresh.Modules[1].(*nn.BatchNorm1d).NumBatchesTracked)
	// Output:
	// 0.weight torch.Size([3, 2])
	// 0.bias torch.Size([3])
	// 1.weight torch.Size([3])
	// 1.bias torch.Size([3])
	// 1.running_mean torch.Size([3])
	// 1.running_var torch.Size([3])
	// 1.num_batches_tracked torch.Size([])
	// <All keys matched successfully>
	// tensor(1)
}
