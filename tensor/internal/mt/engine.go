package mt

const (
	stateN  = 624
	stateM  = 397
	matrixA = 0x9908b0df
	upper   = 0x80000000
	lower   = 0x7fffffff
)

// Generator is PyTorch's CPUGeneratorImpl: an mt19937 engine plus the cached
// second sample of the scalar Box-Muller transform. The zero value is not
// usable; call New.
type Generator struct {
	seed  uint64
	state [stateN]uint32
	left  int // words left before the state must be regenerated, plus one
	next  int // index of the next word in state

	// nextNormal holds the sine half of the last scalar Box-Muller pair.
	nextNormal    float64
	hasNextNormal bool
}

// New returns a generator seeded as torch.manual_seed(seed) seeds one.
func New(seed uint64) *Generator {
	g := &Generator{}
	g.Seed(seed)
	return g
}

// Seed resets g as torch.manual_seed does: a fresh engine from the low 32 bits
// of seed and no cached normal sample.
func (g *Generator) Seed(seed uint64) {
	g.seed = seed
	g.state[0] = uint32(seed)
	for j := 1; j < stateN; j++ {
		prev := g.state[j-1]
		g.state[j] = 1812433253*(prev^(prev>>30)) + uint32(j)
	}
	// left starts at 1 so the first draw regenerates the whole state.
	g.left = 1
	g.next = 0
	g.hasNextNormal = false
	g.nextNormal = 0
}

// InitialSeed returns the seed last given to Seed (torch.initial_seed).
func (g *Generator) InitialSeed() uint64 { return g.seed }

// Clone returns an independent copy of g's state.
func (g *Generator) Clone() *Generator {
	c := *g
	return &c
}

func (g *Generator) regenerate() {
	s := &g.state
	twist := func(u, v uint32) uint32 {
		y := ((u & upper) | (v & lower)) >> 1
		if v&1 != 0 {
			y ^= matrixA
		}
		return y
	}
	i := 0
	for ; i < stateN-stateM; i++ {
		s[i] = s[i+stateM] ^ twist(s[i], s[i+1])
	}
	for ; i < stateN-1; i++ {
		s[i] = s[i+stateM-stateN] ^ twist(s[i], s[i+1])
	}
	s[stateN-1] = s[stateM-1] ^ twist(s[stateN-1], s[0])
	g.left = stateN
	g.next = 0
}

// Random returns the next 32-bit word (CPUGeneratorImpl::random).
func (g *Generator) Random() uint32 {
	g.left--
	if g.left == 0 {
		g.regenerate()
	}
	y := g.state[g.next]
	g.next++
	y ^= y >> 11
	y ^= (y << 7) & 0x9d2c5680
	y ^= (y << 15) & 0xefc60000
	y ^= y >> 18
	return y
}

// Random64 returns two words as one 64-bit value, the first word in the high
// half (CPUGeneratorImpl::random64).
func (g *Generator) Random64() uint64 {
	hi := g.Random()
	lo := g.Random()
	return uint64(hi)<<32 | uint64(lo)
}
