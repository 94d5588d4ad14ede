package autograd

// Grad mode (torch.no_grad, torch.enable_grad, torch.set_grad_enabled): while it is off,
// ops compute their results without recording the graph. The mode is the package
// variable gradEnabled (state.go). The engine switches it too: a backward pass runs
// the formulas with grad mode on only under CreateGraph.

// IsGradEnabled reports whether ops record the graph.
func IsGradEnabled() bool { return gradEnabled }

// SetGradEnabled switches recording on or off (torch.set_grad_enabled).
func SetGradEnabled(on bool) { gradEnabled = on }

// NoGrad runs f without recording the graph (torch's `with torch.no_grad():`).
func NoGrad(f func()) { withGrad(false, f) }

// EnableGrad runs f with recording on (torch.enable_grad).
func EnableGrad(f func()) { withGrad(true, f) }

// withGrad runs f with grad mode set to on, and puts the old mode back even when f
// panics.
func withGrad(on bool, f func()) {
	old := gradEnabled
	gradEnabled = on
	defer func() { gradEnabled = old }()
	f()
}
