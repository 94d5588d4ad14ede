package pretty_test

import (
	"fmt"
	"math"

	"github.com/gograd/gograd/tensor/internal/pretty"
)

// The expected outputs are PyTorch's and numpy's own, quoted in
// PYTORCH_FACTS.md §1 and issue 2.

func ExampleTorch() {
	fmt.Println(pretty.Torch([]int{3}, []float64{1.5, math.NaN(), math.Inf(-1)}, "float32"))
	fmt.Println(pretty.Torch([]int{3}, []float64{1, 0, 1}, "bool"))
	fmt.Println(pretty.Torch(nil, []float64{3}, "float32", "requires_grad=True"))
	// Output:
	// tensor([1.5000,    nan,   -inf])
	// tensor([ True, False,  True])
	// tensor(3., requires_grad=True)
}

func ExampleNumpyRepr() {
	fmt.Println(pretty.NumpyStr([]int{2, 3}, []float64{0, 1, 2, 3, 4, 5}, "int64"))
	fmt.Println(pretty.NumpyRepr([]int{2, 2}, []float64{1, 2, 3, 4}, "float32"))
	// Output:
	// [[0 1 2]
	//  [3 4 5]]
	// array([[1., 2.],
	//        [3., 4.]], dtype=float32)
}
