package tensor

import (
	"fmt"
	"math"
	"strconv"
	"testing"
)

// NLLReduce sums nll_loss's terms as PyTorch does, to the bit, over batches past its
// cascade's levels, with and without class weights and an ignored class
// (testdata/nll_golden.json, gen_nll.py).
func TestNLLReduceGolden(t *testing.T) {
	var golden struct {
		Batches []struct {
			N, C      int
			X, Weight []string
			Target    []int64
			Cases     []struct {
				Weighted  bool
				Ignore    int
				Reduction string
				Loss      string
			}
		}
	}
	readGolden(t, "nll_golden.json", &golden)
	for _, b := range golden.Batches {
		x := fromHex32(t, b.X, []int{b.N, b.C})
		var w []float64
		for _, v := range contig[float32](fromHex32(t, b.Weight, []int{b.C})) {
			w = append(w, float64(v))
		}
		for _, c := range b.Cases {
			t.Run(fmt.Sprint(b.N, c.Weighted, c.Ignore, c.Reduction), func(t *testing.T) {
				weight := w
				if !c.Weighted {
					weight = nil
				}
				loss, _ := NLLReduce(x, b.Target, weight, c.Ignore, b.C, c.Reduction == "mean")
				got := contig[float32](loss)[0]
				want, _ := strconv.ParseUint(c.Loss, 16, 32)
				if math.Float32bits(got) != uint32(want) {
					t.Errorf("loss %v, torch %v", got, math.Float32frombits(uint32(want)))
				}
			})
		}
	}
}
