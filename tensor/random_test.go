package tensor

import (
	"math"
	"slices"
	"strconv"
	"testing"
)

// TestRandomGolden replays testdata/rng_golden.json (real PyTorch, gen_rng.py) through
// this package's API: the wrappers must hand internal/mt the elements in the order
// PyTorch visits them, including the transposed view of normal_strided.
func TestRandomGolden(t *testing.T) {
	var gold struct {
		Cases []struct {
			Name  string `json:"name"`
			Seed  uint64 `json:"seed"`
			Steps []struct {
				Op, DType           string
				Shape               []int
				From, To, Mean, Std float64
				Bits                []string
			} `json:"steps"`
		} `json:"cases"`
	}
	readGolden(t, "rng_golden.json", &gold)
	for _, c := range gold.Cases {
		t.Run(c.Name, func(t *testing.T) {
			// Half the cases go through Default and the package-level functions.
			useDefault := len(c.Name)%2 == 0
			g := NewGenerator(c.Seed)
			if useDefault {
				ManualSeed(c.Seed)
				g = Default
			}
			for si, s := range c.Steps {
				dt := parseDType(s.DType)
				var a *Array
				switch s.Op {
				case "rand":
					if useDefault && dt == Float32 {
						a = Rand(s.Shape...)
					} else {
						a = g.Rand(dt, s.Shape...)
					}
				case "randn":
					if useDefault && dt == Float32 {
						a = Randn(s.Shape...)
					} else {
						a = g.Randn(dt, s.Shape...)
					}
				case "uniform_":
					a = alloc(dt, s.Shape)
					if r := g.Uniform_(a, s.From, s.To); r != a {
						t.Fatal("Uniform_ must return its argument")
					}
				case "normal_":
					a = g.Normal_(alloc(dt, s.Shape), s.Mean, s.Std)
				case "normal_strided":
					a = alloc(dt, s.Shape)
					g.Normal_(a.T(), s.Mean, s.Std)
				default:
					t.Fatalf("unknown op %s", s.Op)
				}
				if a.DType() != dt || !slices.Equal(a.Shape(), s.Shape) {
					t.Fatalf("step %d: %v %v", si, a.DType(), a.Shape())
				}
				got := a.Float64s()
				bad := 0
				for i, h := range s.Bits {
					w, _ := strconv.ParseUint(h, 16, 64)
					var gb uint64
					if dt == Float32 {
						gb = uint64(math.Float32bits(float32(got[i])))
					} else {
						gb = math.Float64bits(got[i])
					}
					if gb != w {
						if bad < 3 {
							t.Errorf("step %d (%s) [%d]: %x, want %s", si, s.Op, i, gb, h)
						}
						bad++
					}
				}
			}
		})
	}
}

func TestRandomErrors(t *testing.T) {
	g := NewGenerator(1)
	cases := []struct {
		f    func()
		want string
	}{
		{func() { g.Rand(Int64, 3) }, `"check_uniform_bounds" not implemented for 'Long'`},
		{func() { g.Randn(Int64, 3) }, `"normal_kernel_cpu" not implemented for 'Long'`},
		{func() { g.Uniform_(alloc(Bool, []int{3}), 0, 1) }, `"check_uniform_bounds" not implemented for 'Bool'`},
		{func() { g.Normal_(Zeros(3), 0, -1) }, "normal expects std >= 0.0, but found std -1"},
		{func() { g.Uniform_(Zeros(3), 2, 1) }, "uniform_ expects to return a [from, to) range, but found from=2 > to=1"},
	}
	for _, c := range cases {
		if e := mustPanic(t, c.f); e.Msg != c.want {
			t.Errorf("got %q, want %q", e.Msg, c.want)
		}
	}
}
