package sleefexp

// The constants of SLEEF's exp_u10 in double (PyTorch's vectorised float64 exp, built
// with FMA), for tensor's expf64 and the generator's expF64 kernels.
const (
	DInvLn2 = 1.442695040888963407359924681001892137426645954152985934135449406931
	DLn2Hi  = .69314718055966295651160180568695068359375
	DLn2Lo  = .28235290563031577122588448175013436025525412068e-12
	DMax    = 709.78271114955742909217217426 // above: +Inf
	DMin    = -1000                          // below: 0
)

// DPoly is the degree-10 polynomial's coefficients, highest degree first, as SLEEF's
// POLY10 lists them (c9 ... c0): the scheme is Estrin's, not Horner's.
var DPoly = [10]float64{
	+0.2081276378237164457e-8,
	+0.2511210703042288022e-7,
	+0.2755762628169491192e-6,
	+0.2755723402025388239e-5,
	+0.2480158687479686264e-4,
	+0.1984126989855865850e-3,
	+0.1388888888914497797e-2,
	+0.8333333333314938210e-2,
	+0.4166666666666602598e-1,
	+0.1666666666666669072e+0,
}
