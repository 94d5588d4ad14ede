package tensor

import (
	"crypto/sha256"
	"encoding/base64"
	lebin "encoding/binary"
	"encoding/hex"
	"math"
	"os"
	"testing"

	"github.com/gograd/gograd/tensor/internal/openblas"
)

// gemmGolden is testdata/gemm_golden.json, written by gen_gemm.py from PyTorch 1.13 on
// OpenBLAS 0.3.21.
type gemmGolden struct {
	Cases []struct {
		Name, Kind string
		R, K, C    int
		Seed       uint64
		Sha256     string
		Values     string
	}
}

// signedHashFloats mirrors gen_gemm.py's hash_floats: values in [-1, 1) exact in 24 bits.
func signedHashFloats(n int, seed uint64) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(float64(hash24(i, seed))/(1<<23) - 1)
	}
	return out
}

// TestGemmOpenBLAS checks the float32 matrix product element by element against
// PyTorch on OpenBLAS: seed 004's forward and backward products and shapes chosen to
// reach every tile kind, K blocking and thread split of OpenBLAS's driver. It runs on
// each path: OpenBLAS itself (when it opens, with the Haswell kernel and two threads of
// the goldens), the Go replay with SIMD tiles, and the portable Go replay.
func TestGemmOpenBLAS(t *testing.T) {
	forEachGemmPath(t, testGemmOpenBLAS)
}

// forEachGemmPath runs f as a subtest on every float32 product path this machine has.
// The OpenBLAS path compares bits only with the Haswell kernel on two threads, the
// goldens' setting: it is skipped when OPENBLAS_CORETYPE asks for another kernel.
func forEachGemmPath(t *testing.T, f func(t *testing.T)) {
	t.Run("openblas", func(t *testing.T) {
		if core := openblas.CoreName(); useBLAS() && core != "Haswell" {
			t.Skipf("OpenBLAS runs kernel %q (OPENBLAS_CORETYPE=%q, GOGRAD_OPENBLAS=%q), the goldens are Haswell's",
				core, os.Getenv("OPENBLAS_CORETYPE"), os.Getenv("GOGRAD_OPENBLAS"))
		}
		if !useBLAS() {
			_, why := openblas.Open(blasKernel())
			t.Skipf("OpenBLAS not used: %s (kernel %q)", why, openblas.CoreName())
		}
		defer openblas.SetThreads(openblas.Threads())
		openblas.SetThreads(obThreads)
		f(t)
	})
	defer func(g bool) { goGEMM = g }(goGEMM)
	goGEMM = true
	if obSIMD {
		t.Run("go-simd", f)
		obSIMD = false
		defer func() { obSIMD = true }()
	}
	t.Run("go", f)
}

func testGemmOpenBLAS(t *testing.T) {
	var g gemmGolden
	readGolden(t, "gemm_golden.json", &g)
	for _, tc := range g.Cases {
		t.Run(tc.Name, func(t *testing.T) {
			r, k, c := tc.R, tc.K, tc.C
			var got *Array
			switch tc.Kind {
			case "addmm":
				x := FromFloat32(signedHashFloats(r*k, tc.Seed), r, k)
				w := FromFloat32(signedHashFloats(c*k, tc.Seed+1), c, k)
				b := FromFloat32(signedHashFloats(c, tc.Seed+1000), c)
				got = Addmm(b, x, w.T())
			case "mm":
				x := FromFloat32(signedHashFloats(r*k, tc.Seed), r, k)
				y := FromFloat32(signedHashFloats(k*c, tc.Seed+1), k, c)
				got = x.Mm(y)
			case "bmm":
				const batch = 4 // gen_gemm.py's BATCH
				x := FromFloat32(signedHashFloats(batch*r*k, tc.Seed), batch, r, k)
				y := FromFloat32(signedHashFloats(batch*k*c, tc.Seed+1), batch, k, c)
				got = x.Matmul(y)
			case "mm_tn":
				x := FromFloat32(signedHashFloats(k*r, tc.Seed), k, r)
				y := FromFloat32(signedHashFloats(k*c, tc.Seed+1), k, c)
				got = x.T().Mm(y)
			default:
				t.Fatalf("unknown kind %q", tc.Kind)
			}
			vals := got.Float32s()
			buf := make([]byte, 4*len(vals))
			for i, v := range vals {
				lebin.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
			}
			sum := sha256.Sum256(buf)
			if hex.EncodeToString(sum[:]) == tc.Sha256 {
				return
			}
			if tc.Values == "" {
				t.Fatalf("%dx%d @ %dx%d: SHA-256 differs from PyTorch's", r, k, k, c)
			}
			want, err := base64.StdEncoding.DecodeString(tc.Values)
			if err != nil {
				t.Fatal(err)
			}
			bad, first := 0, -1
			for i := range vals {
				if lebin.LittleEndian.Uint32(want[4*i:]) != math.Float32bits(vals[i]) {
					if bad == 0 {
						first = i
					}
					bad++
				}
			}
			w0 := math.Float32frombits(lebin.LittleEndian.Uint32(want[4*first:]))
			t.Errorf("%dx%d @ %dx%d: %d of %d elements differ; first [%d][%d] = %v, PyTorch %v",
				r, k, k, c, bad, len(vals), first/c, first%c, vals[first], w0)
		})
	}
}

// BenchmarkGemm compares the OpenBLAS-order product with gonum's (the reference BLAS's
// order) on seed 004's forward shape and a square one.
func BenchmarkGemm(b *testing.B) {
	shapes := []struct {
		name    string
		r, k, c int
	}{{"64x1000x100", 64, 1000, 100}, {"1024", 1024, 1024, 1024}}
	for _, s := range shapes {
		x := FromFloat32(signedHashFloats(s.r*s.k, 1), s.r, s.k)
		y := FromFloat32(signedHashFloats(s.k*s.c, 2), s.k, s.c)
		for _, order := range []bool{true, false} {
			name := s.name + "/gonum"
			if order {
				name = s.name + "/openblas"
			}
			b.Run(name, func(b *testing.B) {
				defer func(o bool) { openBLASOrder = o }(openBLASOrder)
				openBLASOrder = order
				for i := 0; i < b.N; i++ {
					x.Mm(y)
				}
			})
		}
	}
}
