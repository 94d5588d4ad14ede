package tensor

import "testing"

// The broadcast fast paths (a row repeated, a value per run, a column beside a row)
// on results large enough to run in pieces over the cores and, when fresh, streamed
// through a buffer: pieces start inside rows, and the per-run values repeat over a
// leading dim. Every element must be the op on its own operands, computed here
// element by element in the arithmetic of the dtype.
func TestBroadcastPieces(t *testing.T) {
	const b, rows, inner = 4, 700, 100 // 280000 elements: over 1 MB of float32
	x := hashFloats(b*rows*inner, 11)
	col := hashFloats(rows, 12)
	row := hashFloats(inner, 13)
	ops := []struct {
		name string
		f    func(a, b *Array) *Array
		g    func(a, b float32) float32
	}{
		{"add", func(a, b *Array) *Array { return a.Add(b) }, func(a, b float32) float32 { return a + b }},
		{"sub", func(a, b *Array) *Array { return a.Sub(b) }, func(a, b float32) float32 { return a - b }},
		{"mul", func(a, b *Array) *Array { return a.Mul(b) }, func(a, b float32) float32 { return a * b }},
		{"div", func(a, b *Array) *Array { return a.Div(b) }, func(a, b float32) float32 { return a / b }},
	}
	X := FromFloat32(x, b, rows, inner)
	C := FromFloat32(col, rows, 1)
	R := FromFloat32(row, inner)
	cases := []struct {
		name string
		l, r *Array
		at   func(i, j, k int) (float32, float32)
	}{
		{"x op row", X, R, func(i, j, k int) (float32, float32) { return x[(i*rows+j)*inner+k], row[k] }},
		{"row op x", R, X, func(i, j, k int) (float32, float32) { return row[k], x[(i*rows+j)*inner+k] }},
		{"x op col", X, C, func(i, j, k int) (float32, float32) { return x[(i*rows+j)*inner+k], col[j] }},
		{"col op x", C, X, func(i, j, k int) (float32, float32) { return col[j], x[(i*rows+j)*inner+k] }},
		{"col op row", C.Expand(b, rows, 1), R, func(i, j, k int) (float32, float32) { return col[j], row[k] }},
		{"row op col", R, C.Expand(b, rows, 1), func(i, j, k int) (float32, float32) { return row[k], col[j] }},
	}
	for _, op := range ops {
		for _, c := range cases {
			got := contig[float32](op.f(c.l, c.r))
			if len(got) != b*rows*inner {
				t.Fatalf("%s, %s: %d elements", op.name, c.name, len(got))
			}
			for i := range b {
				for j := range rows {
					for k := range inner {
						p, q := c.at(i, j, k)
						want := op.g(p, q)
						if g := got[(i*rows+j)*inner+k]; g != want && !(g != g && want != want) {
							t.Fatalf("%s, %s: [%d %d %d] = %v, want %v", op.name, c.name, i, j, k, g, want)
						}
					}
				}
			}
		}
	}
}
