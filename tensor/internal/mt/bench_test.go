package mt

import "testing"

func BenchmarkRandom(b *testing.B) {
	g := New(0)
	for i := 0; i < b.N; i++ {
		g.Random()
	}
}

func BenchmarkFillUniform32(b *testing.B) {
	g := New(0)
	d := make([]float32, 1<<16)
	b.SetBytes(int64(4 * len(d)))
	for i := 0; i < b.N; i++ {
		g.FillUniform32(d, 0, 1)
	}
}

func BenchmarkFillNormal32(b *testing.B) {
	g := New(0)
	d := make([]float32, 1<<16)
	b.SetBytes(int64(4 * len(d)))
	for i := 0; i < b.N; i++ {
		g.FillNormal32(d, 0, 1, true)
	}
}

func BenchmarkFillNormal64(b *testing.B) {
	g := New(0)
	d := make([]float64, 1<<16)
	b.SetBytes(int64(8 * len(d)))
	for i := 0; i < b.N; i++ {
		g.FillNormal64(d, 0, 1, true)
	}
}
