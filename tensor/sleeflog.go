package tensor

import (
	"math"

	"github.com/gograd/gograd/tensor/internal/asm"
)

// logf32 is SLEEF's logf_u1 (within 1 ulp), as PyTorch's vectorised float32 log
// computes it on AVX2 (Vectorized<float>::log): d = m·2^e with m in [0.75, 1.5), then
// log d = e·log 2 + 2·atanh((m-1)/(m+1)), the ratio and the sum carried as float32
// pairs and the odd series' tail in float32. PyTorch's log_softmax takes the log of each
// row's sum this way.
func logf32(d float32) float32 {
	m, e := logReduce(d)
	s := mulPF(f32pair{0.69314718246459960938, -1.904654323148236017e-09}, float32(e))
	x := divPP(twoSum(-1, m), twoSum(1, m))
	x2 := float32(x.hi * x.hi)
	t := float32(0.3027294874)
	t = fmaf(t, x2, 0.3996108174)
	t = fmaf(t, x2, 0.6666694880)
	s = addPP(s, scalePF(x, 2))
	s = addPF(s, float32(float32(x2*x.hi)*t))
	r := s.hi + s.lo
	switch { // d's class is the scaled d's
	case d == 0:
		return float32(math.Inf(-1))
	case d < 0 || d != d:
		return float32(math.NaN())
	case d > math.MaxFloat32:
		return float32(math.Inf(1))
	}
	return r
}

// logReduce splits d > 0 into m·2^e with m in [0.75, 1.5), as SLEEF's float32 logs
// do: an input below the normal range is scaled by 2^64 first and e corrected.
func logReduce(d float32) (m float32, e int32) {
	tiny := d < 0x1p-126
	if tiny {
		d *= float32(1<<32) * float32(1<<32)
	}
	e = int32(math.Float32bits(d*(1.0/0.75))>>23&0xff) - 0x7f
	m = math.Float32frombits(uint32(int32(math.Float32bits(d)) - e<<23))
	if tiny {
		e -= 64
	}
	return m, e
}

// logf32s is logf32 over a run, whole SIMD vectors by the kernels of internal/asm.
// PyTorch's float32 log maps its vectorised log over the whole run, tail included.
func logf32s(dst, src []float32) { finishRun(dst, src, asm.Log32(dst, src), logf32) }
