package tensor

import (
	crand "crypto/rand"
	"sort"
	"sync"

	"github.com/gograd/gograd/tensor/internal/mt"
)

// Random numbers: PyTorch's CPU generator bit for bit. The engine and the
// uniform/normal transforms live in internal/mt; this file maps them onto arrays,
// visiting elements in the order PyTorch's kernels do (memory order).

// Generator is a random number generator with PyTorch's CPU algorithm; the same seed
// gives the same numbers as torch.Generator().manual_seed(seed). It is safe for
// concurrent use.
type Generator struct {
	mu sync.Mutex
	g  *mt.Generator
}

// NewGenerator returns a generator seeded with seed.
func NewGenerator(seed uint64) *Generator { return &Generator{g: mt.New(seed)} }

// Default is the generator behind Rand, Randn and ManualSeed, as torch's default
// generator. Like torch's, it starts from a non-deterministic seed.
var Default = NewGenerator(randomSeed())

func randomSeed() uint64 {
	var b [8]byte
	_, _ = crand.Read(b[:]) // never fails on supported platforms; zeros are still a seed
	var s uint64
	for _, x := range b {
		s = s<<8 | uint64(x)
	}
	return s
}

// ManualSeed reseeds Default (torch.manual_seed).
func ManualSeed(seed uint64) { Default.ManualSeed(seed) }

// Rand returns a float32 array of uniform [0, 1) numbers from Default (torch.rand).
func Rand(shape ...int) *Array { return Default.Rand(Float32, shape...) }

// Randn returns a float32 array of standard normal numbers from Default (torch.randn).
func Randn(shape ...int) *Array { return Default.Randn(Float32, shape...) }

// ManualSeed reseeds g: a fresh engine and no cached normal sample.
func (g *Generator) ManualSeed(seed uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.g.Seed(seed)
}

// InitialSeed returns the seed g was last seeded with (torch.initial_seed).
func (g *Generator) InitialSeed() uint64 {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.g.InitialSeed()
}

// Rand returns a new array of dtype dt filled with uniform [0, 1) numbers.
func (g *Generator) Rand(dt DType, shape ...int) *Array {
	return g.Uniform_(alloc(dt, shape), 0, 1)
}

// Randn returns a new array of dtype dt filled with standard normal numbers.
func (g *Generator) Randn(dt DType, shape ...int) *Array {
	return g.Normal_(alloc(dt, shape), 0, 1)
}

// Uniform_ fills a in place with uniform numbers in [from, to) (torch's uniform_).
func (g *Generator) Uniform_(a *Array, from, to float64) *Array {
	if !a.dtype.IsFloat() {
		runtimeErr("\"check_uniform_bounds\" not implemented for '%s'", a.dtype.torchName())
	}
	if from > to {
		runtimeErr("uniform_ expects to return a [from, to) range, but found from=%v > to=%v", from, to)
	}
	a.checkWritable()
	g.mu.Lock()
	defer g.mu.Unlock()
	fillInMemoryOrder(a, func(d32 []float32, d64 []float64) {
		if d32 != nil {
			g.g.FillUniform32(d32, from, to)
		} else {
			g.g.FillUniform64(d64, from, to)
		}
	})
	return a
}

// Normal_ fills a in place with normal numbers of the given mean and std (torch's
// normal_). PyTorch's algorithm depends on the size and on contiguity, and so does this.
func (g *Generator) Normal_(a *Array, mean, std float64) *Array {
	if !a.dtype.IsFloat() {
		runtimeErr("\"normal_kernel_cpu\" not implemented for '%s'", a.dtype.torchName())
	}
	if std < 0 {
		runtimeErr("normal expects std >= 0.0, but found std %v", std)
	}
	a.checkWritable()
	contiguous := a.IsContiguous()
	g.mu.Lock()
	defer g.mu.Unlock()
	fillInMemoryOrder(a, func(d32 []float32, d64 []float64) {
		if d32 != nil {
			g.g.FillNormal32(d32, mean, std, contiguous)
		} else {
			g.g.FillNormal64(d64, mean, std, contiguous)
		}
	})
	return a
}

// fillInMemoryOrder lets fill write a's elements in the order PyTorch's
// TensorIterator visits them: by increasing memory address (dims sorted by stride).
// A contiguous array is filled in place; otherwise through a buffer.
func fillInMemoryOrder(a *Array, fill func(d32 []float32, d64 []float64)) {
	n := a.Numel()
	if a.IsContiguous() {
		switch a.dtype {
		case Float32:
			fill(storage[float32](a)[a.offset:a.offset+n], nil)
		case Float64:
			fill(nil, storage[float64](a)[a.offset:a.offset+n])
		}
		return
	}
	perm := make([]int, a.Dim())
	for i := range perm {
		perm[i] = i
	}
	sort.SliceStable(perm, func(i, j int) bool { return a.strides()[perm[i]] > a.strides()[perm[j]] })
	v := a.Permute(perm...)
	buf := alloc(a.dtype, v.shape())
	switch buf.dtype {
	case Float32:
		fill(storage[float32](buf), nil)
	case Float64:
		fill(nil, storage[float64](buf))
	}
	v.copyFrom(buf)
}
