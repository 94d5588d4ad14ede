package tensor

import (
	"math"
	"strconv"
	"testing"
)

// TestPrintGolden checks String, Repr and TorchString against
// testdata/print_golden.json (numpy and PyTorch output, gen_print.py). The arrays are
// built with this package and, for a few, printed through a non-contiguous view, so the
// wrappers' element order is checked along with the formatters.
func TestPrintGolden(t *testing.T) {
	var gold struct {
		Cases []struct {
			Name      string   `json:"name"`
			Shape     []int    `json:"shape"`
			DType     string   `json:"dtype"`
			Values    []any    `json:"values"`
			Suffixes  []string `json:"suffixes"`
			Torch     string   `json:"torch"`
			NumpyStr  string   `json:"numpy_str"`
			NumpyRepr string   `json:"numpy_repr"`
		} `json:"cases"`
	}
	readGolden(t, "print_golden.json", &gold)
	if len(gold.Cases) == 0 {
		t.Fatal("no cases")
	}
	for i, c := range gold.Cases {
		vals := make([]float64, len(c.Values))
		// float bits as hex strings, int64 as decimal strings, bool as 0/1 numbers
		for j, raw := range c.Values {
			switch v := raw.(type) {
			case float64:
				vals[j] = v
			case string:
				if c.DType == "int64" {
					n, err := strconv.ParseInt(v, 10, 64)
					if err != nil {
						t.Fatal(err)
					}
					vals[j] = float64(n)
					continue
				}
				u, err := strconv.ParseUint(v, 16, 64)
				if err != nil {
					t.Fatal(err)
				}
				vals[j] = math.Float64frombits(u)
			}
		}
		a := FromFloat64(vals, len(vals)).To(parseDType(c.DType)).Reshape(c.Shape...)
		if i%3 == 0 && a.Dim() == 2 {
			// the same values through a transposed copy viewed back: not contiguous
			a = a.T().Contiguous().T()
		}
		if got := a.TorchString(c.Suffixes...); c.Torch != "" && got != c.Torch {
			t.Errorf("%s: TorchString\n%s\nwant\n%s", c.Name, got, c.Torch)
		}
		if got := a.String(); c.NumpyStr != "" && got != c.NumpyStr {
			t.Errorf("%s: String\n%s\nwant\n%s", c.Name, got, c.NumpyStr)
		}
		if got := a.Repr(); c.NumpyRepr != "" && got != c.NumpyRepr {
			t.Errorf("%s: Repr\n%s\nwant\n%s", c.Name, got, c.NumpyRepr)
		}
	}
}
