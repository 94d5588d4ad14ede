package tensor

import "math"

// PyTorch computes float32 sin with SLEEF's SIMD sinf of 1-ulp accuracy
// (Sleef_sinf8_u10, AVX2 with FMA) for every element, tails included, so that about 5%
// of its results differ in the last bit from the correctly rounded ones (sin32). In a
// loss summed over thousands of points, and in a fit that runs for thousands of steps,
// those bits show in the printed digits. sinf32 follows SLEEF's algorithm step by step
// in float32, so that sin matches PyTorch bit for bit:
//   - q = rint(x * (1/pi)), the product rounded to float32;
//   - r = x - q*pi carried as a float32 pair (hi + lo), pi split in three parts
//     subtracted with a fused multiply-add and two error-free additions;
//   - sin r by a polynomial in r², its leading terms in pair arithmetic, and the sign
//     flipped for odd q.
//
// SLEEF takes this path while |x| < 125 in all eight lanes of a vector; beyond it runs
// a Payne-Hanek reduction, which sinf32 leaves to the correctly rounded sin32.

// The split of pi (sum exact to float32 pair precision) and the polynomial of SLEEF's
// sinf_u1.
const (
	sinPiA     = float32(3.1414794921875)
	sinPiB     = float32(0.00011315941810607910156)
	sinPiC     = float32(1.9841872589410058936e-09)
	sinMaxFast = 125
)

func sinf32(d float32) float32 {
	if !(d < sinMaxFast && d > -sinMaxFast) || d == 0 {
		return sin32(d) // keeps -0; NaN, Inf and large arguments (see above)
	}
	u := rintf(d * float32(1/math.Pi))
	q := int32(u)
	s := twoSum(fmaf(u, -sinPiA, d), u*-sinPiB)
	s = addPF(s, u*-sinPiC)
	t := s
	s = sqrP(s)
	p := float32(2.6083159809786593541503e-06)
	p = fmaf(p, s.hi, -0.0001981069071916863322258)
	p = fmaf(p, s.hi, 0.00833307858556509017944336)
	x := addFP(1, mulPP(fastSum(-0.166666597127914428710938, p*s.hi), s))
	r := mulPPF(t, x)
	if q&1 == 1 {
		r = -r
	}
	return r
}

// sinf32s is sinf32 over a run, split among goroutines when long (mapSlice).
func sinf32s(dst, src []float32) { mapSlice(dst, src[:len(dst)], sinf32) }
