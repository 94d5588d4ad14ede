package autograd

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gograd/gograd/tensor"
)

// In-place ops. Each one bumps the version counter shared by t and its views, so a
// backward that needs the old values fails with torch's message instead of computing
// a wrong gradient. Under grad mode an in-place op is recorded as its out-of-place twin
// whose output takes over t's history; written into a view, it is replayed on the base
// as a CopySlices node.

// inPlace runs op on t in place. direct mutates the array when nothing is recorded;
// record is the out-of-place op, given a stand-in for t's old value.
func (t *Tensor) inPlace(others []*Tensor, direct func(a *tensor.Array), record func(old *Tensor) *Tensor) *Tensor {
	t.sync()
	needGraph := gradEnabled && t.requiresGrad
	for _, o := range others {
		if gradEnabled && o != nil && o.requiresGrad {
			needGraph = true
		}
	}
	if gradEnabled && t.requiresGrad {
		if t.gradFn == nil {
			panic(rtErr("a leaf Variable that requires grad is being used in an in-place operation."))
		}
		if v := t.viewOf(); v != nil && v.base.gradFn == nil && v.base.requiresGrad {
			panic(rtErr("a view of a leaf Variable that requires grad is being used in an in-place operation."))
		}
	}
	if !needGraph {
		direct(t.data)
		*t.ver()++
		return t
	}
	// The op may save its input: give it a copy of the old value carrying t's history,
	// as torch saves original self for in-place formulas.
	old := wrap(t.data.Clone())
	old.requiresGrad, old.gradFn = t.requiresGrad, t.gradFn
	if t.more != nil && t.more.gradAcc != nil {
		old.x().gradAcc = t.more.gradAcc
	}
	r := record(old)
	if !slices.Equal(r.shape(), t.shape()) {
		panic(rtErr(fmt.Sprintf("output with shape %s doesn't match the broadcast shape %s", shapeList(t.shape()), shapeList(r.shape()))))
	}
	t.data.Copy_(r.data)
	*t.ver()++
	if r.gradFn == nil {
		return t
	}
	view := t.viewOf()
	if view == nil {
		t.gradFn, t.requiresGrad = r.gradFn, true
		if t.retainsGrad {
			t.gradFn.x().retainer = t
		}
		return t
	}
	base := view.base
	base.gradFn, base.requiresGrad = copySlices(base, view, r.gradFn), true
	t.requiresGrad = true
	t.gradFn = r.gradFn // replaced by sync below with the view of the new base history
	view.baseFn = nil
	t.sync()
	return t
}

// copySlices is the node of an in-place op fn applied to a view of base: the base's
// gradient passes through except in the view's region, where fn's input gradient goes.
func copySlices(base *Tensor, v *viewInfo, fn *Node) *Node {
	n := &Node{name: "CopySlices", seq: nextSeq()}
	fnNext := fn.edges()
	n.setInputs(len(fnNext))
	next := n.edges()
	next[0] = base.gradientEdge()
	copy(next[1:], fnNext[1:])
	// Only the base's gradient needs fitting here: fn.inputGrads fits the others.
	n.x().in = []inputMeta{{shape: base.shape(), dtype: base.data.DType()}}
	n.x().all = func(g *Tensor) []*Tensor {
		res := fn.inputGrads(v.remake(g))
		out := make([]*Tensor, n.nIn)
		if next[0].Node != nil {
			src := res[0]
			if src == nil {
				src = wrap(tensor.ZerosLike(v.region(g.data)))
			}
			out[0] = scatter(g, src, v)
		}
		copy(out[1:], res[1:])
		return out
	}
	return n
}

// scatter is g with the view's region replaced by src, differentiable in both.
func scatter(g, src *Tensor, v *viewInfo) *Tensor {
	r, n := record("SliceScatterBackward0", func(*tensor.Small) *tensor.Array {
		out := g.data.Clone()
		v.region(out).Copy_(src.data)
		return out
	}, g, src)
	if n != nil {
		n.grads[0] = func(_ *Node, gg *Tensor) *Tensor {
			return scatter(gg, wrap(tensor.ZerosLike(v.region(gg.data))), v)
		}
		n.grads[1] = func(_ *Node, gg *Tensor) *Tensor { return v.remake(gg) }
	}
	return r
}

// sync regenerates a view's grad_fn when its base's history changed.
func (t *Tensor) sync() {
	if t.more != nil && t.more.view != nil { // inlined: every op asks it of every operand
		t.syncView()
	}
}

func (t *Tensor) syncView() {
	v := t.more.view
	b := v.base
	if b.gradFn == v.baseFn {
		return
	}
	if b.gradFn == nil {
		v.baseFn = nil
		return
	}
	var fresh *Tensor
	withGrad(true, func() { fresh = v.remake(b) })
	t.gradFn, t.requiresGrad, v.baseFn = fresh.gradFn, true, b.gradFn
	if t.retainsGrad {
		t.gradFn.x().retainer = t
	}
}

// Add_ adds other to t in place (AddBackward0).
func (t *Tensor) Add_(other any) *Tensor {
	o, _ := split(other)
	return t.inPlace([]*Tensor{o}, func(a *tensor.Array) { a.Add_(unwrap(other)) },
		func(old *Tensor) *Tensor { return old.Add(other) })
}

// Sub_ subtracts other in place (SubBackward0): the gradient-descent step inside NoGrad.
func (t *Tensor) Sub_(other any) *Tensor {
	o, _ := split(other)
	return t.inPlace([]*Tensor{o}, func(a *tensor.Array) { a.Sub_(unwrap(other)) },
		func(old *Tensor) *Tensor { return old.Sub(other) })
}

// Mul_ multiplies by other in place (MulBackward0).
func (t *Tensor) Mul_(other any) *Tensor {
	o, _ := split(other)
	return t.inPlace([]*Tensor{o}, func(a *tensor.Array) { a.Mul_(unwrap(other)) },
		func(old *Tensor) *Tensor { return old.Mul(other) })
}

// Div_ divides by other in place (DivBackward0).
func (t *Tensor) Div_(other any) *Tensor {
	o, _ := split(other)
	return t.inPlace([]*Tensor{o}, func(a *tensor.Array) { a.Div_(unwrap(other)) },
		func(old *Tensor) *Tensor { return old.Div(other) })
}

// Zero_ sets every element to 0 (x.grad.zero_()).
func (t *Tensor) Zero_() *Tensor {
	return t.inPlace(nil, func(a *tensor.Array) { a.Zero_() },
		func(old *Tensor) *Tensor { return constFill("ZeroBackward0", old, 0) })
}

// Fill_ sets every element to v.
func (t *Tensor) Fill_(v float64) *Tensor {
	return t.inPlace(nil, func(a *tensor.Array) { a.Fill_(v) },
		func(old *Tensor) *Tensor { return constFill("FillBackward0", old, v) })
}

// constFill is the out-of-place twin of fill_: the old values get a zero gradient.
func constFill(name string, old *Tensor, v float64) *Tensor {
	r, n := record(name, func(*tensor.Small) *tensor.Array { return tensor.FullLike(old.data, v) }, old)
	if n != nil {
		n.grads[0] = zeroGrad
	}
	return r
}

// Copy_ writes src (broadcast, cast to t's dtype) into t (torch's CopyBackwards).
func (t *Tensor) Copy_(src any) *Tensor {
	s := asTensor(src)
	return t.inPlace([]*Tensor{s}, func(a *tensor.Array) { a.Copy_(s.data) },
		func(old *Tensor) *Tensor {
			r, n := record("CopyBackwards", func(*tensor.Small) *tensor.Array {
				out := old.data.Clone()
				out.Copy_(s.data)
				return out
			}, old, s)
			if n != nil {
				n.grads[0], n.grads[1] = zeroGrad, passGrad
			}
			return r
		})
}

// Index is Python indexing: ints select (dropping the dim), strings are slices in
// Python syntax (":", "1:", ":3", "::2"). x.Index(0) is x[0]; A.Index(":", 0) is A[:, 0].
func (t *Tensor) Index(idx ...any) *Tensor {
	r, dim := t, 0
	for _, ix := range idx {
		switch v := ix.(type) {
		case int:
			r = r.Select(dim, v)
		case string:
			start, stop, step := parseSlice(v)
			r = r.Slice(dim, start, stop, step)
			dim++
		default:
			panic(&tensor.Error{Kind: "IndexError", Msg: fmt.Sprintf("only integers and slices (`:`) are valid indices, got %T", ix)})
		}
	}
	return r
}

// Set is item assignment, t[idx] = value: the region Index picks is overwritten in
// place (CopySlices when recorded).
func (t *Tensor) Set(value any, idx ...any) {
	region := t.Index(idx...)
	if region == t {
		region = t.Slice(0, 0, sliceEnd, 1)
	}
	if _, s := split(value); s != nil {
		region.Fill_(scalarFloat(s))
		return
	}
	region.Copy_(value)
}

// parseSlice reads "start:stop:step" with Python's defaults.
func parseSlice(s string) (start, stop, step int) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		panic(&tensor.Error{Kind: "IndexError", Msg: fmt.Sprintf("invalid slice %q", s)})
	}
	num := func(p string, def int) int {
		p = strings.TrimSpace(p)
		if p == "" {
			return def
		}
		v, err := strconv.Atoi(p)
		if err != nil {
			panic(&tensor.Error{Kind: "IndexError", Msg: fmt.Sprintf("invalid slice %q", s)})
		}
		return v
	}
	start, stop, step = num(parts[0], 0), num(parts[1], sliceEnd), 1
	if len(parts) == 3 {
		step = num(parts[2], 1)
	}
	return start, stop, step
}
