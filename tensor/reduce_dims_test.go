package tensor

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	lebin "encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"testing"
)

// reduceDimsGolden is testdata/reduce_dims_golden.json, written by gen_reduce_dims.py
// from torch.sum, torch.mean and torch.prod over dims in PyTorch 1.13 (one thread).
type reduceDimsGolden struct {
	Torch string `json:"torch"`
	Cases []struct {
		Shape         string `json:"shape"`
		View          string `json:"view"`
		DType         string `json:"dtype"`
		Op            string `json:"op"`
		Gen           string `json:"gen"`
		Dim           *int   `json:"dim"`
		Dims          []int  `json:"dims"`
		KeepDim       bool   `json:"keepdim"`
		Seed          uint64 `json:"seed"`
		OutShape      []int  `json:"out_shape"`
		SHA256        string `json:"sha256"`
		Values        string `json:"values"`
		ThreadsDiffer bool   `json:"threads_differ"`
	} `json:"cases"`
}

var reduceDimsShapes = map[string][]int{
	"1000x1000": {1000, 1000},
	"7x4099":    {7, 4099},
	"4099x7":    {4099, 7},
	"3x5x1001":  {3, 5, 1001},
	"64x1000":   {64, 1000},
	"33x65":     {33, 65},
	"40x1024":   {40, 1024},
	"9000x5":    {9000, 5},
}

// reduceDimsInput is gen_reduce_dims.py's build and view: the same values, exactly.
func reduceDimsInput(gen string, shape []int, seed uint64, dt DType, view string) *Array {
	n := 1
	for _, s := range shape {
		n *= s
	}
	v := make([]float32, n)
	for i := range v {
		h, g := int(hash24(i, seed)), int(hash24(i, seed+1000))
		if gen == "near1" {
			x := float64(1<<23+h/4-1<<21) / (1 << 23)
			if g%2 == 1 {
				x = -x
			}
			v[i] = float32(x)
			continue
		}
		x := math.Ldexp(float64(2*h-1<<24), g%25-12-24)
		if gen == "specials" {
			switch k := hash24(i, seed+2000) % 4096; {
			case k == 0:
				x = math.NaN()
			case k == 1:
				x = math.Inf(1)
			case k == 2:
				x = math.Inf(-1)
			case k < 64:
				x = math.Copysign(0, -1)
			}
		}
		v[i] = float32(x)
	}
	var a *Array
	if dt == Float64 {
		w := make([]float64, n)
		for i, x := range v {
			w[i] = float64(x) * (4.0 / 3)
		}
		a = FromFloat64(w, shape...)
	} else {
		a = FromFloat32(v, shape...)
	}
	last := len(shape) - 1
	switch view {
	case "T":
		a = a.Transpose(last-1, last)
	case "cols2":
		a = a.Slice(last, 0, shape[last], 2)
	case "narrow":
		a = a.Slice(last, 0, min(37, shape[last]), 1)
	}
	return a
}

// arrayBytes is a float array's elements in row-major order, little-endian.
func arrayBytes(a *Array) []byte {
	var buf bytes.Buffer
	if a.DType() == Float64 {
		lebin.Write(&buf, lebin.LittleEndian, a.Float64s())
	} else {
		lebin.Write(&buf, lebin.LittleEndian, a.Float32s())
	}
	return buf.Bytes()
}

// TestReduceDimsGolden checks sums, means and products over dims against PyTorch bit
// for bit, on every SIMD path and with one and two threads.
func TestReduceDimsGolden(t *testing.T) {
	var g reduceDimsGolden
	readGolden(t, "reduce_dims_golden.json", &g)
	if len(g.Cases) == 0 {
		t.Fatal("no cases")
	}
	forEachPathAndThreads(t, func(t *testing.T) {
		matched := 0
		for _, c := range g.Cases {
			dt := parseDType(c.DType)
			x := reduceDimsInput(c.Gen, reduceDimsShapes[c.Shape], c.Seed, dt, c.View)
			name := fmt.Sprintf("%s/%s/%s/%s/%s", c.Op, c.Gen, c.Shape, c.View, c.DType)
			var y *Array
			switch c.Op {
			case "sum", "mean":
				dims := c.Dims
				if dims == nil {
					dims = []int{*c.Dim}
				}
				name += fmt.Sprint("/dims", dims, "/keep", c.KeepDim)
				if c.Op == "sum" {
					y = x.SumDims(dims, c.KeepDim)
				} else {
					y = x.MeanDims(dims, c.KeepDim)
				}
			case "prod":
				name += fmt.Sprint("/dim", *c.Dim, "/keep", c.KeepDim)
				y = x.ProdDim(*c.Dim, c.KeepDim)
			}
			if !slices.Equal(y.Shape(), c.OutShape) {
				t.Errorf("%s: shape %v, torch %v", name, y.Shape(), c.OutShape)
				continue
			}
			raw := arrayBytes(y)
			sum := sha256.Sum256(raw)
			if hex.EncodeToString(sum[:]) == c.SHA256 {
				matched++
				continue
			}
			want, err := base64.StdEncoding.DecodeString(c.Values)
			if err != nil || len(want) != len(raw) {
				t.Errorf("%s: bits differ from torch's (SHA-256)", name)
				continue
			}
			if k := firstDifference(raw, want, dt); k >= 0 {
				if dt == Float64 {
					t.Errorf("%s: [%d] = %v, torch %v", name, k, y.Float64s()[k], math.Float64frombits(lebin.LittleEndian.Uint64(want[8*k:])))
				} else {
					t.Errorf("%s: [%d] = %v, torch %v", name, k, y.Float32s()[k], math.Float32frombits(lebin.LittleEndian.Uint32(want[4*k:])))
				}
				continue
			}
			matched++ // the same bits, but for the signs of NaNs
		}
		t.Logf("%d of %d cases match torch %s bit for bit", matched, len(g.Cases), g.Torch)
	})
}

// forEachPathAndThreads runs f on each SIMD path, at GOMAXPROCS 1 and 2.
func forEachPathAndThreads(t *testing.T, f func(t *testing.T)) {
	forEachSIMD(t, func(t *testing.T) { onCores(t, f) })
}

// firstDifference returns the index of the first element whose bits differ between two
// little-endian float arrays, NaNs being equal whatever their sign and payload, or -1.
func firstDifference(got, want []byte, dt DType) int {
	size := 4
	if dt == Float64 {
		size = 8
	}
	for i := 0; i < len(got); i += size {
		if bytes.Equal(got[i:i+size], want[i:i+size]) {
			continue
		}
		if dt == Float64 {
			x, y := math.Float64frombits(lebin.LittleEndian.Uint64(got[i:])), math.Float64frombits(lebin.LittleEndian.Uint64(want[i:]))
			if x != x && y != y {
				continue
			}
		} else {
			x, y := math.Float32frombits(lebin.LittleEndian.Uint32(got[i:])), math.Float32frombits(lebin.LittleEndian.Uint32(want[i:]))
			if x != x && y != y {
				continue
			}
		}
		return i / size
	}
	return -1
}
