// Package sleefexp holds the constants of SLEEF's expf and of its exp in double (the
// algorithms of PyTorch's vectorised float32 and float64 exp), shared by tensor's scalar
// replays (sleef.go, sleefexpd.go) and the generator of its SIMD kernels
// (internal/asm/gen), so both use the same numbers.
package sleefexp

// ln 2 split for Cody-Waite reduction: Ln2Hi has trailing zero bits, so q·Ln2Hi is
// exact for the q that occur; InvLn2 rounds x/ln 2 to pick q.
const (
	InvLn2 = float32(1.442695040888963407359924681001892137)
	Ln2Hi  = float32(0.693145751953125)
	Ln2Lo  = float32(1.428606765330187045e-06)
)

// Poly is the polynomial in the reduced argument, highest degree first (Horner).
var Poly = [...]float32{
	0.000198527617612853646278381,
	0.00139304355252534151077271,
	0.00833336077630519866943359,
	0.0416664853692054748535156,
	0.166666671633720397949219,
	0.5,
}
