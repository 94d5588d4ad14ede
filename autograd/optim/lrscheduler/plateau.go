package lrscheduler

import (
	"fmt"
	"math"

	"github.com/gograd/gograd/autograd/optim"
	"github.com/gograd/gograd/tensor"
)

// ReduceLROnPlateau multiplies every group's learning rate by Factor when a watched
// metric has not improved for more than Patience epochs
// (torch.optim.lr_scheduler.ReduceLROnPlateau). An improvement must beat the best value
// so far by Threshold (relative or absolute); after a reduction the scheduler ignores
// Cooldown epochs; no rate goes below its MinLR, and a reduction smaller than Eps is
// skipped. The exported fields are PyTorch's attributes of the same names.
type ReduceLROnPlateau struct {
	Optimizer       optim.Optimizer
	Mode            string // "min" or "max"
	ThresholdMode   string // "rel" or "abs"
	Factor          float64
	Threshold       float64
	Patience        int
	Cooldown        int
	MinLRs          []float64 // one per group
	Eps             float64
	Best            float64 // the best metric so far (+Inf or -Inf before the first step)
	NumBadEpochs    int
	CooldownCounter int
	LastEpoch       int

	verbose bool
	lastLR  []float64
}

// NewReduceLROnPlateau attaches a ReduceLROnPlateau to opt. Options, with PyTorch's
// defaults: Mode("min"), Factor(0.1), Patience(10), Threshold(1e-4),
// ThresholdMode("rel"), Cooldown(0), MinLR(0), Eps(1e-8), Verbose(false).
func NewReduceLROnPlateau(opt optim.Optimizer, opts ...Option) *ReduceLROnPlateau {
	s := apply(settings{mode: "min", factor: 0.1, patience: 10, threshold: 1e-4, thresholdMode: "rel",
		minLR: []float64{0}, eps: 1e-8},
		[]string{"mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps", "verbose"}, opts)
	if s.factor >= 1 {
		panic(&tensor.Error{Kind: "ValueError", Msg: "Factor should be < 1.0."})
	}
	n := len(opt.ParamGroups())
	minLRs := s.minLR
	switch {
	case s.given["min_lr"] && len(minLRs) != 1 && len(minLRs) != n:
		panic(&tensor.Error{Kind: "ValueError", Msg: fmt.Sprintf("expected %d min_lrs, got %d", n, len(minLRs))})
	case len(minLRs) == 1:
		minLRs = make([]float64, n)
		for i := range minLRs {
			minLRs[i] = s.minLR[0]
		}
	}
	if s.mode != "min" && s.mode != "max" {
		panic(&tensor.Error{Kind: "ValueError", Msg: "mode " + s.mode + " is unknown!"})
	}
	if s.thresholdMode != "rel" && s.thresholdMode != "abs" {
		panic(&tensor.Error{Kind: "ValueError", Msg: "threshold mode " + s.thresholdMode + " is unknown!"})
	}
	r := &ReduceLROnPlateau{
		Optimizer: opt, Mode: s.mode, ThresholdMode: s.thresholdMode, Factor: s.factor,
		Threshold: s.threshold, Patience: s.patience, Cooldown: s.cooldown, MinLRs: minLRs,
		Eps: s.eps, verbose: s.verbose,
	}
	r.reset()
	return r
}

// reset forgets the best value and the counters (PyTorch's _reset).
func (r *ReduceLROnPlateau) reset() {
	r.Best = math.Inf(1)
	if r.Mode == "max" {
		r.Best = math.Inf(-1)
	}
	r.CooldownCounter, r.NumBadEpochs = 0, 0
}

// Step records one epoch's metric and reduces the learning rates if it is the
// (Patience+1)th epoch in a row without improvement outside a cooldown.
func (r *ReduceLROnPlateau) Step(metric float64) {
	r.LastEpoch++
	if r.isBetter(metric, r.Best) {
		r.Best = metric
		r.NumBadEpochs = 0
	} else {
		r.NumBadEpochs++
	}
	if r.CooldownCounter > 0 {
		r.CooldownCounter--
		r.NumBadEpochs = 0 // bad epochs in a cooldown do not count
	}
	if r.NumBadEpochs > r.Patience {
		r.reduce()
		r.CooldownCounter = r.Cooldown
		r.NumBadEpochs = 0
	}
	r.lastLR = currentLRs(r.Optimizer)
}

// InCooldown reports whether the scheduler is ignoring bad epochs after a reduction.
func (r *ReduceLROnPlateau) InCooldown() bool { return r.CooldownCounter > 0 }

// LastLR returns the learning rates after the last step, one per group (PyTorch 1.13's
// ReduceLROnPlateau keeps them as _last_lr, without get_last_lr; read before the first
// step, they are the groups' current rates).
func (r *ReduceLROnPlateau) LastLR() []float64 {
	if r.lastLR == nil {
		return currentLRs(r.Optimizer)
	}
	return append([]float64(nil), r.lastLR...)
}

func (r *ReduceLROnPlateau) reduce() {
	for i, g := range r.Optimizer.ParamGroups() {
		old := g.LR
		lr := old * r.Factor
		if r.MinLRs[i] > lr { // Python's max(old*factor, min_lr)
			lr = r.MinLRs[i]
		}
		if old-lr > r.Eps {
			g.LR = lr
			if r.verbose {
				fmt.Printf("Epoch %05d: reducing learning rate of group %d to %.4e.\n", r.LastEpoch, i, lr)
			}
		}
	}
}

// isBetter is PyTorch's is_better: a NaN metric is never better.
func (r *ReduceLROnPlateau) isBetter(a, best float64) bool {
	switch {
	case r.Mode == "min" && r.ThresholdMode == "rel":
		return a < best*(1-r.Threshold)
	case r.Mode == "min":
		return a < best-r.Threshold
	case r.ThresholdMode == "rel":
		return a > best*(r.Threshold+1)
	default:
		return a > best+r.Threshold
	}
}
