package pretty

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"
)

// printCase mirrors one entry of tensor/testdata/print_golden.json, written
// by gen_print.py from real PyTorch and numpy.
type printCase struct {
	Name      string            `json:"name"`
	Expr      string            `json:"expr"`
	Shape     []int             `json:"shape"`
	DType     string            `json:"dtype"`
	Values    []json.RawMessage `json:"values"`
	Suffixes  []string          `json:"suffixes"`
	Torch     string            `json:"torch"`
	NumpyStr  string            `json:"numpy_str"`
	NumpyRepr string            `json:"numpy_repr"`
}

func loadCases(t *testing.T) []printCase {
	t.Helper()
	b, err := os.ReadFile("../../testdata/print_golden.json")
	if err != nil {
		t.Fatal(err)
	}
	var g struct {
		Cases []printCase `json:"cases"`
	}
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatal(err)
	}
	if len(g.Cases) == 0 {
		t.Fatal("no cases in golden")
	}
	return g.Cases
}

// values decodes the golden's values: float bits as hex strings, int64 as
// decimal strings, bool as 0/1 numbers.
func (c printCase) values(t *testing.T) []float64 {
	out := make([]float64, len(c.Values))
	for i, raw := range c.Values {
		switch c.DType {
		case "bool":
			var v int
			if err := json.Unmarshal(raw, &v); err != nil {
				t.Fatal(err)
			}
			out[i] = float64(v)
		default:
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				t.Fatal(err)
			}
			if c.DType == "int64" {
				v, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				out[i] = float64(v)
				continue
			}
			b, err := strconv.ParseUint(s, 16, 64)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = math.Float64frombits(b)
		}
	}
	return out
}

func TestTorchGolden(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			got := Torch(c.Shape, c.values(t), c.DType, c.Suffixes...)
			if got != c.Torch {
				t.Errorf("%s\ngot:\n%s\ntorch:\n%s", c.Expr, got, c.Torch)
			}
		})
	}
}

func TestNumpyGolden(t *testing.T) {
	for _, c := range loadCases(t) {
		t.Run(c.Name, func(t *testing.T) {
			v := c.values(t)
			if got := NumpyStr(c.Shape, v, c.DType); got != c.NumpyStr {
				t.Errorf("str of %s\ngot:\n%s\nnumpy:\n%s", c.Expr, got, c.NumpyStr)
			}
			if got := NumpyRepr(c.Shape, v, c.DType); got != c.NumpyRepr {
				t.Errorf("repr of %s\ngot:\n%s\nnumpy:\n%s", c.Expr, got, c.NumpyRepr)
			}
		})
	}
}

func TestTorchSize(t *testing.T) {
	tests := []struct {
		shape []int
		want  string
	}{
		{[]int{25}, "torch.Size([25])"}, // PYTORCH_FACTS.md §1.9
		{[]int{10, 2}, "torch.Size([10, 2])"},
		{nil, "torch.Size([])"},
	}
	for _, tt := range tests {
		if got := TorchSize(tt.shape); got != tt.want {
			t.Errorf("TorchSize(%v) = %q, want %q", tt.shape, got, tt.want)
		}
	}
}

func TestBadInputPanics(t *testing.T) {
	tests := []struct {
		name  string
		shape []int
		vals  []float64
		dtype string
	}{
		{"count mismatch", []int{2, 2}, []float64{1, 2, 3}, "float32"},
		{"unknown dtype", []int{1}, []float64{1}, "complex64"},
		{"negative dim", []int{-1}, nil, "float32"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("no panic")
				}
			}()
			Torch(tt.shape, tt.vals, tt.dtype)
		})
	}
}
