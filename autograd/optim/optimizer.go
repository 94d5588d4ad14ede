package optim

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unsafe"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
	"github.com/gograd/gograd/tensor/fused"
)

// Optimizer is what every rule here implements: Step applies one update from the
// current gradients, ZeroGrad clears the gradients for the next backward pass, and
// ParamGroups gives the live parameter groups (torch's optimizer.param_groups), whose
// hyper-parameters a learning-rate scheduler or the user may change between steps.
type Optimizer interface {
	Step()
	ZeroGrad()
	ParamGroups() []*Group
}

// Group is one parameter group, torch's param_groups[i] dict: the parameters and the
// hyper-parameters their updates use. Each optimizer reads only its own fields (SGD
// reads LR, Momentum, Dampening, Nesterov, WeightDecay and Maximize); the others stay
// zero. Fields may be changed between steps, as assigning group['lr'] does in PyTorch.
type Group struct {
	Params []*autograd.Tensor

	LR          float64 // every optimizer
	WeightDecay float64 // every optimizer (AdamW decays the parameter, the others the gradient)
	Maximize    bool    // every optimizer

	Momentum  float64 // SGD, RMSprop
	Dampening float64 // SGD
	Nesterov  bool    // SGD

	Beta1, Beta2 float64 // Adam, AdamW
	Eps          float64 // Adam, AdamW, RMSprop, Adagrad
	AMSGrad      bool    // Adam, AdamW

	Alpha    float64 // RMSprop's smoothing constant
	Centered bool    // RMSprop

	LRDecay                 float64 // Adagrad
	InitialAccumulatorValue float64 // Adagrad

	// given records the keywords set by an option, so that the repr prints a default
	// PyTorch declares as the int 0 as Python would ("0", not "0.0"), and so that a
	// group's own settings win over the optimizer's defaults.
	given     map[string]bool
	initialLR float64 // torch's group['initial_lr'], set by the first scheduler
}

// NewGroup is a parameter group for an optimizer's params argument: params (a
// []*autograd.Tensor or a module) with the options that differ from the optimizer's
// defaults, as a {'params': ..., 'lr': ...} dict in PyTorch:
//
//	opt := optim.NewSGD([]*optim.Group{
//		optim.NewGroup(base.Parameters()),
//		optim.NewGroup(head.Parameters(), optim.LR(1e-3)),
//	}, optim.LR(1e-2), optim.Momentum(0.9))
func NewGroup(params any, opts ...Option) *Group {
	g := &Group{Params: paramList(params, false)}
	for _, o := range opts {
		if o != nil {
			o(g)
		}
	}
	return g
}

// InitialLR is torch's group['initial_lr']: the learning rate the first scheduler
// attached to the optimizer found, and whether one has been attached.
func (g *Group) InitialLR() (lr float64, ok bool) { return g.initialLR, g.given["initial_lr"] }

// SetInitialLR records group['initial_lr'] (schedulers do this, as setdefault).
func (g *Group) SetInitialLR(lr float64) { g.initialLR = lr; g.set("initial_lr") }

func (g *Group) set(name string) {
	if g.given == nil {
		g.given = map[string]bool{}
	}
	g.given[name] = true
}

// Option sets one hyper-parameter, PyTorch's keyword arguments (lr=..., momentum=...),
// for a whole optimizer or, through NewGroup, for one parameter group. An option that
// the optimizer does not have panics with PyTorch's TypeError.
type Option func(*Group)

// LR is the learning rate (lr). SGD requires it; the others default to PyTorch's value.
func LR(v float64) Option { return func(g *Group) { g.LR = v; g.set("lr") } }

// Momentum is the momentum factor of SGD and RMSprop.
func Momentum(v float64) Option { return func(g *Group) { g.Momentum = v; g.set("momentum") } }

// Dampening is SGD's dampening for momentum.
func Dampening(v float64) Option { return func(g *Group) { g.Dampening = v; g.set("dampening") } }

// Nesterov turns on Nesterov momentum in SGD.
func Nesterov(on bool) Option { return func(g *Group) { g.Nesterov = on; g.set("nesterov") } }

// WeightDecay is the L2 penalty added to the gradient (weight_decay), or AdamW's
// decoupled decay of the parameter.
func WeightDecay(v float64) Option {
	return func(g *Group) { g.WeightDecay = v; g.set("weight_decay") }
}

// Betas are Adam's and AdamW's running-average coefficients (betas=(b1, b2)).
func Betas(b1, b2 float64) Option {
	return func(g *Group) { g.Beta1, g.Beta2 = b1, b2; g.set("betas") }
}

// Eps is the term added to the denominator (eps).
func Eps(v float64) Option { return func(g *Group) { g.Eps = v; g.set("eps") } }

// AMSGrad selects the AMSGrad variant of Adam and AdamW (amsgrad=True).
func AMSGrad(on bool) Option { return func(g *Group) { g.AMSGrad = on; g.set("amsgrad") } }

// Maximize ascends the objective instead of descending it (maximize=True).
func Maximize(on bool) Option { return func(g *Group) { g.Maximize = on; g.set("maximize") } }

// Alpha is RMSprop's smoothing constant (alpha).
func Alpha(v float64) Option { return func(g *Group) { g.Alpha = v; g.set("alpha") } }

// Centered makes RMSprop normalise by the estimated variance of the gradient.
func Centered(on bool) Option { return func(g *Group) { g.Centered = on; g.set("centered") } }

// LRDecay is Adagrad's learning-rate decay (lr_decay).
func LRDecay(v float64) Option { return func(g *Group) { g.LRDecay = v; g.set("lr_decay") } }

// InitialAccumulatorValue is the value Adagrad's sums of squares start from.
func InitialAccumulatorValue(v float64) Option {
	return func(g *Group) { g.InitialAccumulatorValue = v; g.set("initial_accumulator_value") }
}

// rule describes one optimizer class for the machinery they share: its name, the
// keywords it takes (in PyTorch's repr order, sorted) and the keys its repr prints
// with a fixed value.
type rule struct {
	name     string
	keywords []string
	fixed    map[string]string
}

// base is what every optimizer shares: the parameter groups and the defaults new
// groups take their unset hyper-parameters from (torch.optim.Optimizer).
type base struct {
	rule     *rule
	defaults Group
	groups   []*Group
}

// newBase applies opts over defaults, rejecting keywords the rule does not take the
// way Python rejects an unexpected keyword argument, and adds params as the first
// group or groups. validate runs on the defaults before the groups are added, as
// PyTorch checks the constructor's arguments only.
func newBase(r *rule, defaults Group, params any, opts []Option, validate func(*Group)) base {
	for _, o := range opts {
		if o != nil {
			o(&defaults)
		}
	}
	b := base{rule: r, defaults: defaults}
	b.check(&b.defaults, "__init__()")
	validate(&b.defaults)
	groups, ok := params.([]*Group)
	if !ok {
		groups = []*Group{{Params: paramList(params, true)}}
	}
	if len(groups) == 0 {
		panic(valueError("optimizer got an empty parameter list"))
	}
	for _, g := range groups {
		b.AddParamGroup(g)
	}
	return b
}

// check panics if g sets a keyword the rule does not take.
func (b *base) check(g *Group, where string) {
	ok := map[string]bool{"initial_lr": true}
	for _, k := range b.rule.keywords {
		ok[k] = true
	}
	var bad []string
	for name := range g.given {
		if !ok[name] {
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("%s got an unexpected keyword argument '%s'", where, bad[0])})
	}
}

// AddParamGroup adds a group of parameters (torch's add_param_group): its unset
// hyper-parameters take the optimizer's defaults. The group is copied; change the
// optimizer's copy through ParamGroups.
func (b *base) AddParamGroup(g *Group) {
	if g == nil {
		panic(&tensor.Error{Kind: "TypeError", Msg: "param group must be a dict"})
	}
	b.check(g, b.rule.name+" param group")
	ng := b.defaults
	ng.Params = g.Params
	ng.given = map[string]bool{}
	for k := range b.defaults.given {
		ng.given[k] = true
	}
	for k := range g.given {
		ng.given[k] = true
		setField(&ng, g, k)
	}
	if !ng.given["lr"] && b.rule.name == "SGD" {
		panic(valueError("parameter group didn't specify a value of required optimization parameter lr"))
	}
	seen := map[*autograd.Tensor]bool{}
	for _, o := range b.groups {
		for _, p := range o.Params {
			seen[p] = true
		}
	}
	for _, p := range ng.Params {
		if seen[p] {
			panic(valueError("some parameters appear in more than one parameter group"))
		}
	}
	b.groups = append(b.groups, &ng)
}

// setField copies the hyper-parameter named key (a PyTorch keyword) from src to dst.
func setField(dst, src *Group, key string) {
	to, _ := dst.field(key)
	from, _ := src.field(key)
	for i := range to {
		*to[i] = *from[i]
	}
	if f, ok := dst.flagField(key); ok {
		g, _ := src.flagField(key)
		*f = *g
	}
}

// field points at the numbers of the hyper-parameter named key (two for betas).
// intZero reports a keyword PyTorch declares with the int default 0, which Python
// prints "0" until a float replaces it.
func (g *Group) field(key string) (nums []*float64, intZero bool) {
	switch key {
	case "lr":
		return []*float64{&g.LR}, false
	case "initial_lr":
		return []*float64{&g.initialLR}, false
	case "weight_decay":
		return []*float64{&g.WeightDecay}, true
	case "momentum":
		return []*float64{&g.Momentum}, true
	case "dampening":
		return []*float64{&g.Dampening}, true
	case "betas":
		return []*float64{&g.Beta1, &g.Beta2}, false
	case "eps":
		return []*float64{&g.Eps}, false
	case "alpha":
		return []*float64{&g.Alpha}, false
	case "lr_decay":
		return []*float64{&g.LRDecay}, true
	case "initial_accumulator_value":
		return []*float64{&g.InitialAccumulatorValue}, true
	}
	return nil, false
}

// flagField points at the hyper-parameter named key if it is a bool.
func (g *Group) flagField(key string) (*bool, bool) {
	f := map[string]*bool{"maximize": &g.Maximize, "nesterov": &g.Nesterov, "amsgrad": &g.AMSGrad,
		"centered": &g.Centered}[key]
	return f, f != nil
}

// ParamGroups are the optimizer's parameter groups, torch's optimizer.param_groups.
func (b *base) ParamGroups() []*Group { return b.groups }

// ZeroGrad zeroes every parameter's gradient in place (zero_grad(set_to_none=False)).
func (b *base) ZeroGrad() {
	for _, g := range b.groups {
		zeroGrads(g.Params)
	}
}

// ZeroGradToNone drops every gradient (zero_grad(set_to_none=True)).
func (b *base) ZeroGradToNone() {
	for _, g := range b.groups {
		for _, p := range g.Params {
			p.SetGrad(nil)
		}
	}
}

// eachParam calls f for every parameter that has a gradient, with its group, after
// checking the gradient's size: parameters whose gradient is nil are skipped, as in
// PyTorch.
func (b *base) eachParam(f func(g *Group, p *autograd.Tensor)) {
	for _, g := range b.groups {
		for _, p := range g.Params {
			if p.Grad() == nil {
				continue
			}
			checkGrad(p)
			f(g, p)
		}
	}
}

// String is PyTorch's repr of the optimizer: each parameter group's settings, sorted
// by key.
func (b *base) String() string {
	var s strings.Builder
	s.WriteString(b.rule.name + " (")
	for i, g := range b.groups {
		keys := append([]string(nil), b.rule.keywords...)
		for k := range b.rule.fixed {
			keys = append(keys, k)
		}
		if g.given["initial_lr"] {
			keys = append(keys, "initial_lr")
		}
		sort.Strings(keys)
		fmt.Fprintf(&s, "\nParameter Group %d\n", i)
		for _, k := range keys {
			v, ok := b.rule.fixed[k]
			if !ok {
				v = g.repr(k)
			}
			fmt.Fprintf(&s, "    %s: %s\n", k, v)
		}
	}
	s.WriteString(")")
	return s.String()
}

// repr prints the hyper-parameter key as Python prints the group's value. Defaults
// that PyTorch declares as the int 0 print as "0" until an option or an assignment
// gives them a float.
func (g *Group) repr(key string) string {
	if f, ok := g.flagField(key); ok {
		return autograd.PyBool(*f)
	}
	nums, intZero := g.field(key)
	switch {
	case len(nums) == 2:
		return "(" + autograd.PyFloat(*nums[0]) + ", " + autograd.PyFloat(*nums[1]) + ")"
	case len(nums) == 1 && intZero && *nums[0] == 0 && !g.given[key]:
		return "0"
	case len(nums) == 1:
		return autograd.PyFloat(*nums[0])
	}
	return "?"
}

// stateOf is p's per-parameter state in m, made on first use.
func stateOf[S any](m map[*autograd.Tensor]*S, p *autograd.Tensor) *S {
	st := m[p]
	if st == nil {
		st = new(S)
		m[p] = st
	}
	return st
}

func valueError(format string, args ...any) *tensor.Error {
	return &tensor.Error{Kind: "ValueError", Msg: fmt.Sprintf(format, args...)}
}

// invalid panics with PyTorch's "Invalid <what>: <value>" ValueError unless ok.
func invalid(ok bool, what string, v float64) {
	if !ok {
		panic(valueError("Invalid %s: %s", what, autograd.PyFloat(v)))
	}
}

// paramList accepts what a cell naturally has in hand: a []*autograd.Tensor, a single
// one in a slice literal, an autograd.Tuple, or anything with Parameters() (an
// nn.Module), without this package importing nn. An optimizer's own list must not be
// empty (nonEmpty); a group's may be.
func paramList(params any, nonEmpty bool) []*autograd.Tensor {
	var ps []*autograd.Tensor
	switch p := params.(type) {
	case []*autograd.Tensor:
		ps = p
	case autograd.Tuple:
		ps = p
	case interface{ Parameters() []*autograd.Tensor }:
		ps = p.Parameters()
	case *autograd.Tensor:
		name := map[tensor.DType]string{tensor.Float32: "FloatTensor", tensor.Float64: "DoubleTensor",
			tensor.Int64: "LongTensor", tensor.Bool: "BoolTensor"}[p.Array().DType()]
		panic(&tensor.Error{Kind: "TypeError", Msg: "params argument given to the optimizer should be an iterable of Tensors or dicts, but got torch." + name})
	default:
		panic(&tensor.Error{Kind: "TypeError", Msg: fmt.Sprintf("params argument given to the optimizer should be an iterable of Tensors or dicts, but got %T", params)})
	}
	if len(ps) == 0 && nonEmpty {
		panic(valueError("optimizer got an empty parameter list"))
	}
	seen := map[*autograd.Tensor]bool{}
	out := make([]*autograd.Tensor, 0, len(ps))
	for _, p := range ps {
		if p == nil {
			panic(&tensor.Error{Kind: "TypeError", Msg: "optimizer can only optimize Tensors, but one of the params is NoneType"})
		}
		if !p.IsLeaf() {
			panic(valueError("can't optimize a non-leaf Tensor"))
		}
		if seen[p] {
			// PyTorch warns and keeps going; updating the same tensor twice would be wrong.
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

// zeroGrads is Optimizer.zero_grad(set_to_none=False) of PyTorch 1.13: a gradient that
// carries a graph (create_graph=True) is detached first, then zeroed in place.
func zeroGrads(params []*autograd.Tensor) {
	for _, p := range params {
		g := p.Grad()
		if g == nil {
			continue
		}
		if g.GradFn() != nil {
			g = g.Detach()
			p.SetGrad(g)
		}
		if !g.RequiresGrad() && zeroInPlace(g.Array()) {
			g.IncrementVersion() // as zero_ moves it
			continue
		}
		g.Zero_()
	}
}

// zeroInPlace clears a contiguous float array's elements in its storage (clear is a
// memory clear, faster than a fill of a large gradient); it reports whether a was one.
func zeroInPlace(a *tensor.Array) bool {
	if d, ok := a.Float32Data(); ok {
		clear(d)
		return true
	}
	if d, ok := a.Float64Data(); ok {
		clear(d)
		return true
	}
	return false
}

// float is the element type of a parameter an optimizer can update.
type float interface{ ~float32 | ~float64 }

// fma is a*b+c with one rounding at the end, as the FMA instructions in PyTorch's AVX2
// kernels compute add_(x, alpha=a) and addcmul_. For float32 the exact product fits in a
// float64, so only the final rounding to float32 can differ from a true float32 FMA
// (double rounding, about once in 2^29 operations).
//
// The exactness of that product also means float32 needs no FMA instruction: the
// float64 product and sum round exactly as math.FMA would. That keeps the hot loops of
// the float32 rules free of math.FMA's run-time test for the instruction (on amd64
// below GOAMD64=v3), around which the compiler spills every register.
func fma[T float](a, b, c T) T {
	if unsafe.Sizeof(a) == 4 { // float32; a constant in each instantiation
		return T(float64(a)*float64(b) + float64(c))
	}
	return T(math.FMA(float64(a), float64(b), float64(c)))
}

// axpby sets y[i] = fma(a, x[i], b*y[i]), b*y[i] rounded first: PyTorch's
// y.mul_(b).add_(x, alpha=a), and y.add_(x, alpha=a) when b is 1 (an exact product).
// float32 slices go through a SIMD kernel where the CPU has one, which computes the
// same per lane; this loop does the rest.
func axpby[T float](y, x []T, a, b T) {
	x = x[:len(y)]
	start := 0
	if y32, ok := any(y).([]float32); ok {
		start = fused.Axpby(y32, any(x).([]float32), float32(a), float32(b))
	}
	for i := start; i < len(y); i++ {
		y[i] = fma(a, x[i], T(b*y[i]))
	}
}

// sqrt is correctly rounded for float32 too: a float64 square root rounded to float32
// cannot double-round wrongly.
func sqrt[T float](x T) T { return T(math.Sqrt(float64(x))) }

// slot is one parameter's numbers for the length of a step. p is the parameter's own
// storage when the parameter is contiguous, which the step updates in place, else a
// row-major copy that done writes back. g is the gradient's elements, read only: its
// own storage when contiguous and of the parameter's dtype, else a copy.
type slot[T float] struct {
	p, g   []T
	copied bool // p is a copy
}

// readSlot gives the step p's values and gradient, in place where they can be.
func readSlot[T float](p *autograd.Tensor) slot[T] {
	var s slot[T]
	var ok bool
	if s.p, ok = inPlace[T](p.Array()); !ok {
		s.p, s.copied = values[T](p.Array()), true
	}
	if s.g, ok = inPlace[T](p.Grad().Array()); !ok {
		s.g = values[T](p.Grad().Array())
	}
	return s
}

// done records an update of s.p as PyTorch's in-place op on the parameter: the values
// are the parameter's already, or are written back, and its version counter moves.
func (s slot[T]) done(p *autograd.Tensor) {
	if s.copied {
		write(p, s.p)
		return
	}
	p.IncrementVersion()
}

// decayedGrad is the gradient the rules start from: s.g itself when neither maximize
// nor weight decay changes it and the caller only reads it, else a new slice holding
// the gradient negated for maximize, then plus weight_decay * param (PyTorch's add
// with alpha, one fused multiply-add). Callers that write to the result ask for a
// writable one: s.g may be the gradient's own storage.
func (s slot[T]) decayedGrad(maximize bool, weightDecay float64, writable bool) []T {
	if !maximize && weightDecay == 0 && !writable {
		return s.g
	}
	g := append([]T(nil), s.g...)
	if maximize {
		for i := range g {
			g[i] = -g[i]
		}
	}
	if weightDecay != 0 {
		axpby(g, s.p, T(weightDecay), 1)
	}
	return g
}

// inPlace is a's elements in its own storage, when a is contiguous and holds T.
func inPlace[T float](a *tensor.Array) ([]T, bool) {
	var z T
	switch any(z).(type) {
	case float32:
		d, ok := a.Float32Data()
		return any(d).([]T), ok
	default:
		d, ok := a.Float64Data()
		return any(d).([]T), ok
	}
}

func values[T float](a *tensor.Array) []T {
	var z T
	switch any(z).(type) {
	case float32:
		return any(a.Float32s()).([]T)
	default:
		return any(a.Float64s()).([]T)
	}
}

// write stores updated values back into the parameter's own storage (it may be shared
// with a model, or viewed by the user), keeping its shape and strides. It is an in-place
// op under no_grad, as in PyTorch, so the parameter's version counter moves.
func write[T float](p *autograd.Tensor, v []T) {
	a := p.Array()
	var src *tensor.Array
	switch x := any(v).(type) {
	case []float32:
		src = tensor.FromFloat32(x)
	case []float64:
		src = tensor.FromFloat64(x)
	}
	src = src.Reshape(a.Shape()...) // FromFloat* cannot make a 0-d array directly
	autograd.NoGrad(func() { p.Copy_(src) })
}

// checkGrad rejects a gradient whose size does not match its parameter (possible here
// because SetGrad accepts anything, as assigning .grad does in PyTorch before it checks).
func checkGrad(p *autograd.Tensor) {
	if p.Grad().Numel() != p.Numel() {
		panic(&tensor.Error{Kind: "RuntimeError", Msg: "assigned grad has data of a different size"})
	}
}

// byDType runs the float32 or float64 instantiation of a rule for p's dtype.
func byDType(p *autograd.Tensor, f32, f64 func()) {
	switch p.Array().DType() {
	case tensor.Float32:
		f32()
	case tensor.Float64:
		f64()
	}
}
