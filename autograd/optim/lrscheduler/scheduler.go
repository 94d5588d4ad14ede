package lrscheduler

import (
	"fmt"
	"sort"

	"github.com/gograd/gograd/autograd/optim"
	"github.com/gograd/gograd/tensor"
)

// Scheduler is what the epoch-driven schedulers implement: Step advances one epoch and
// sets every group's learning rate, LastLR returns the rates the last step set (torch's
// get_last_lr()).
type Scheduler interface {
	Step()
	LastLR() []float64
}

// Option sets one of a scheduler's keyword arguments (gamma=..., patience=...). An
// option the scheduler does not take panics with Python's TypeError.
type Option func(*settings)

// settings holds every keyword any scheduler here accepts, and which ones were given.
type settings struct {
	gamma, etaMin          float64
	lastEpoch              int
	verbose                bool
	mode, thresholdMode    string
	factor, threshold, eps float64
	patience, cooldown     int
	minLR                  []float64
	given                  map[string]bool
}

func (s *settings) set(name string) {
	if s.given == nil {
		s.given = map[string]bool{}
	}
	s.given[name] = true
}

// Gamma is StepLR's multiplicative decay (default 0.1).
func Gamma(v float64) Option { return func(s *settings) { s.gamma = v; s.set("gamma") } }

// EtaMin is CosineAnnealingLR's minimum learning rate (default 0).
func EtaMin(v float64) Option { return func(s *settings) { s.etaMin = v; s.set("eta_min") } }

// LastEpoch resumes a schedule: the epoch the previous run stopped at (default -1, a
// fresh start). Every group must then have an initial learning rate, set by the
// scheduler of the previous run.
func LastEpoch(v int) Option { return func(s *settings) { s.lastEpoch = v; s.set("last_epoch") } }

// Verbose prints a line for every learning rate set (or, for ReduceLROnPlateau,
// reduced), as PyTorch's verbose=True does.
func Verbose(on bool) Option { return func(s *settings) { s.verbose = on; s.set("verbose") } }

// Mode is ReduceLROnPlateau's direction: "min" (default) waits for the metric to stop
// falling, "max" for it to stop rising.
func Mode(m string) Option { return func(s *settings) { s.mode = m; s.set("mode") } }

// Factor is what ReduceLROnPlateau multiplies the learning rate by (default 0.1).
func Factor(v float64) Option { return func(s *settings) { s.factor = v; s.set("factor") } }

// Patience is how many epochs without improvement ReduceLROnPlateau tolerates before it
// reduces the learning rate (default 10).
func Patience(n int) Option { return func(s *settings) { s.patience = n; s.set("patience") } }

// Threshold is the least change ReduceLROnPlateau counts as an improvement (default
// 1e-4), relative or absolute by ThresholdMode.
func Threshold(v float64) Option { return func(s *settings) { s.threshold = v; s.set("threshold") } }

// ThresholdMode is "rel" (default: better than best*(1-threshold) in min mode) or "abs"
// (better than best-threshold).
func ThresholdMode(m string) Option {
	return func(s *settings) { s.thresholdMode = m; s.set("threshold_mode") }
}

// Cooldown is how many epochs ReduceLROnPlateau waits after a reduction before it
// counts bad epochs again (default 0).
func Cooldown(n int) Option { return func(s *settings) { s.cooldown = n; s.set("cooldown") } }

// MinLR is ReduceLROnPlateau's lower bound on the learning rate: one value for every
// group, or one per group (default 0).
func MinLR(v ...float64) Option {
	return func(s *settings) { s.minLR = append([]float64(nil), v...); s.set("min_lr") }
}

// Eps is the least reduction ReduceLROnPlateau applies: a smaller one is skipped
// (default 1e-8).
func Eps(v float64) Option { return func(s *settings) { s.eps = v; s.set("eps") } }

// apply runs opts over defaults and rejects keywords outside allowed.
func apply(s settings, allowed []string, opts []Option) settings {
	for _, o := range opts {
		if o != nil {
			o(&s)
		}
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	var bad []string
	for name := range s.given {
		if !ok[name] {
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("__init__() got an unexpected keyword argument '%s'", bad[0])})
	}
	return s
}

// epochs is what the chainable schedulers share (torch's _LRScheduler): the optimizer,
// each group's starting rate, the epoch count and the rates the last step set.
type epochs struct {
	Optimizer optim.Optimizer
	BaseLRs   []float64 // each group's initial learning rate
	LastEpoch int       // the epochs stepped so far; 0 after the constructor's own step

	verbose   bool
	stepCount int
	lastLR    []float64
	next      func() []float64 // get_lr: the rates for LastEpoch, from the groups' current ones
}

// attach is _LRScheduler.__init__: it records the groups' initial rates (or, when
// resuming, requires them) and takes the first step, which sets epoch 0's rates.
func (e *epochs) attach(opt optim.Optimizer, s settings, next func() []float64) {
	e.Optimizer, e.verbose, e.next = opt, s.verbose, next
	for i, g := range opt.ParamGroups() {
		if s.lastEpoch == -1 {
			if _, ok := g.InitialLR(); !ok {
				g.SetInitialLR(g.LR)
			}
		} else if _, ok := g.InitialLR(); !ok {
			panic(&tensor.Error{Kind: "KeyError", Msg: fmt.Sprintf(`"param 'initial_lr' is not specified in param_groups[%d] when resuming an optimizer"`, i)})
		}
		lr, _ := g.InitialLR()
		e.BaseLRs = append(e.BaseLRs, lr)
	}
	e.LastEpoch = s.lastEpoch
	e.Step()
}

// Step advances one epoch and sets every group's learning rate.
func (e *epochs) Step() {
	e.stepCount++
	e.LastEpoch++
	lrs := e.next()
	for i, g := range e.Optimizer.ParamGroups() {
		g.LR = lrs[i]
		if e.verbose {
			fmt.Printf("Adjusting learning rate of group %d to %.4e.\n", i, lrs[i])
		}
	}
	e.lastLR = currentLRs(e.Optimizer)
}

// LastLR returns the learning rates the last step set, one per group.
func (e *epochs) LastLR() []float64 { return append([]float64(nil), e.lastLR...) }

func currentLRs(opt optim.Optimizer) []float64 {
	var lrs []float64
	for _, g := range opt.ParamGroups() {
		lrs = append(lrs, g.LR)
	}
	return lrs
}

// StepLR multiplies every group's learning rate by Gamma once every StepSize epochs
// (torch.optim.lr_scheduler.StepLR).
type StepLR struct {
	epochs
	StepSize int
	Gamma    float64
}

// NewStepLR attaches a StepLR to opt. Options: Gamma (default 0.1), LastEpoch, Verbose.
func NewStepLR(opt optim.Optimizer, stepSize int, opts ...Option) *StepLR {
	s := apply(settings{gamma: 0.1, lastEpoch: -1}, []string{"gamma", "last_epoch", "verbose"}, opts)
	l := &StepLR{StepSize: stepSize, Gamma: s.gamma}
	l.attach(opt, s, func() []float64 {
		if l.LastEpoch == 0 || pyMod(l.LastEpoch, l.StepSize) != 0 {
			return currentLRs(opt)
		}
		return scaled(opt, l.Gamma)
	})
	return l
}

// scaled is every group's rate times gamma.
func scaled(opt optim.Optimizer, gamma float64) []float64 {
	lrs := currentLRs(opt)
	for i := range lrs {
		lrs[i] *= gamma
	}
	return lrs
}

// ExponentialLR multiplies every group's learning rate by Gamma every epoch
// (torch.optim.lr_scheduler.ExponentialLR).
type ExponentialLR struct {
	epochs
	Gamma float64
}

// NewExponentialLR attaches an ExponentialLR to opt. Options: LastEpoch, Verbose.
func NewExponentialLR(opt optim.Optimizer, gamma float64, opts ...Option) *ExponentialLR {
	s := apply(settings{lastEpoch: -1}, []string{"last_epoch", "verbose"}, opts)
	l := &ExponentialLR{Gamma: gamma}
	l.attach(opt, s, func() []float64 {
		if l.LastEpoch == 0 {
			return currentLRs(opt)
		}
		return scaled(opt, l.Gamma)
	})
	return l
}

// CosineAnnealingLR anneals every group's learning rate from its initial value down to
// EtaMin along half a cosine over TMax epochs, and back up over the next TMax (torch's
// CosineAnnealingLR, without restarts).
type CosineAnnealingLR struct {
	epochs
	TMax   int
	EtaMin float64
}

// NewCosineAnnealingLR attaches a CosineAnnealingLR to opt. Options: EtaMin (default
// 0), LastEpoch, Verbose.
func NewCosineAnnealingLR(opt optim.Optimizer, tMax int, opts ...Option) *CosineAnnealingLR {
	s := apply(settings{lastEpoch: -1}, []string{"eta_min", "last_epoch", "verbose"}, opts)
	l := &CosineAnnealingLR{TMax: tMax, EtaMin: s.etaMin}
	l.attach(opt, s, l.rates)
	return l
}

// rates is CosineAnnealingLR.get_lr of PyTorch 1.13: the recursive form, except on a
// resumed schedule's first step (the closed form) and at the start of each rising half
// period. The float64() conversions keep Go from fusing a multiply and an add, as
// Python does not.
func (l *CosineAnnealingLR) rates() []float64 {
	const pi = 3.141592653589793
	e, t, eta := float64(l.LastEpoch), float64(l.TMax), l.EtaMin
	lrs := currentLRs(l.Optimizer)
	switch {
	case l.LastEpoch == 0:
	case l.stepCount == 1 && l.LastEpoch > 0:
		for i, base := range l.BaseLRs {
			lrs[i] = eta + float64(float64(base-eta)*(1+cos(float64(e*pi)/t)))/2
		}
	case pyMod(l.LastEpoch-1-l.TMax, 2*l.TMax) == 0:
		for i, base := range l.BaseLRs {
			lrs[i] += float64(float64(base-eta)*(1-cos(pi/t))) / 2
		}
	default:
		for i := range lrs {
			lrs[i] = float64(float64((1+cos(float64(pi*e)/t))/(1+cos(float64(pi*(e-1))/t)))*(lrs[i]-eta)) + eta
		}
	}
	return lrs
}

// pyMod is Python's %, whose result takes the divisor's sign, with Python's error for
// a zero divisor (a step_size or T_max of 0, which PyTorch does not check up front).
func pyMod(a, b int) int {
	if b == 0 {
		panic(&tensor.Error{Kind: "ZeroDivisionError", Msg: "integer modulo by zero"})
	}
	m := a % b
	if m != 0 && (m < 0) != (b < 0) {
		m += b
	}
	return m
}
