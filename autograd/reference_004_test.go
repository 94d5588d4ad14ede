package autograd

import (
	"fmt"
	"math"
	"strings"

	"github.com/gograd/gograd/tensor"
)

// Notebook 004: gradient calculations, make_dot graphs, the second-backward error,
// accumulation and zeroing, gradient descent, retain_grad.
func init() {
	notebookCells["004"] = func() []refCell {
		var x, y, c *Tensor
		objective := func(theta *Tensor) *Tensor {
			return theta.Mul(Cos(Mul(4, theta))).Add(Mul(2, Abs(theta)))
		}
		var thetaTrue float64
		// npLinspace is numpy's linspace in float64: start + i*step, the last value exact.
		npLinspace := func(start, stop float64, n int) []float64 {
			step := (stop - start) / float64(n-1)
			v := make([]float64, n)
			for i := range v {
				v[i] = float64(i)*step + start
			}
			v[n-1] = stop
			return v
		}
		return []refCell{
			{6, func(p *py) {
				x := Linspace(-5, 5, 10)
				p.print(x)
				p.print(x.DType())
				p.print("NOTE: x is float32 (torch default is float32)")
				xNp := tensor.FromFloat64(npLinspace(-5, 5, 10))
				y := FromArray(xNp)
				p.print(y)
				p.print(y.DType())
				p.print("NOTE: y is float64 (numpy default is float64)")
				p.print(y.Float().DType())
				p.print("NOTE: y can be converted to float32 via `float()`")
				p.print(x.Numpy())
				p.print(y.Numpy())
			}},
			{8, func(p *py) {
				x := New(5.0)
				y := Mul(3, x.Pow(2)).Add(x)
				p.print(x, x.Grad())
				p.print(y)
			}},
			{11, func(p *py) {
				x = New(5.0, RequiresGrad)
				c = New(3.0)
				y = c.Mul(Sin(x)).Add(x).Add(c)
				p.print(x, x.Grad())
				p.print(y)
				p.print(dotSource(y, map[*Tensor]string{x: "x", c: "c", y: "y"}))
			}},
			{14, func(p *py) {
				x = New(5.0, RequiresGrad)
				c = New(3.0, RequiresGrad)
				y = c.Mul(Sin(x)).Add(x).Add(c)
				p.print(x, x.Grad())
				p.print(y)
				p.print(dotSource(y, map[*Tensor]string{x: "x", c: "c", y: "y"}))
			}},
			{17, func(p *py) {
				ManualSeed(42)
				X := Randn(100, 5)
				yTrain := Mean(X, 1)
				theta := Randn(5).RequiresGrad_(true)
				yPred := Matmul(X, theta)
				mse := Mean(yTrain.Sub(yPred).Pow(2))
				p.print(dotSource(mse, map[*Tensor]string{X: "X_train", mse: "mse_train", theta: "theta"}))
			}},
			{20, func(p *py) {
				ManualSeed(42)
				X := Randn(100, 5).RequiresGrad_(true)
				yTrain := Mean(X, 1)
				theta := Randn(5).RequiresGrad_(true)
				yPred := Matmul(X, theta)
				mse := Mean(yTrain.Sub(yPred).Pow(2))
				p.print(dotSource(mse, map[*Tensor]string{X: "X_train", mse: "mse_train", theta: "theta"}))
			}},
			{22, func(p *py) {
				x = New(5.0, RequiresGrad)
				c = New(3.0)
				y = c.Mul(Sin(x)).Add(x).Add(c)
				p.print(x, x.Grad())
				p.print(y)
				y.Backward()
				p.print(x, x.Grad())
				p.print(y)
			}},
			{24, func(p *py) {
				defer func() {
					if e := recover(); e != nil {
						p.print(e.(error).Error())
					}
				}()
				y.Backward()
				p.print(x, x.Grad())
				p.print(y)
			}},
			{26, func(p *py) {
				x = New(5.0, RequiresGrad)
				for i := 0; i < 2; i++ {
					y = Mul(3, x.Pow(2))
					y.Backward()
					p.print(x, x.Grad())
					p.print(y)
				}
			}},
			{28, func(p *py) {
				x.Grad().Zero_()
				p.print(x, x.Grad())
				y = Mul(3, x.Pow(2))
				y.Backward()
				p.print(x, x.Grad())
				p.print(y)
			}},
			{30, func(p *py) {
				x := Arange(5, Float32).RequiresGrad_(true)
				y := Mean(Log(x.Pow(2).Add(1)).Add(Mul(5, x)))
				y.Backward()
				p.print(y)
				p.print(x)
				p.print("Grad", x.Grad())
			}},
			{32, func(p *py) {
				theta := Linspace(-5, 5, 100)
				y := objective(theta)
				thetaTrue = theta.Index(int(y.Numpy().Argmin().Item())).Item()
			}},
			{36, func(p *py) {
				// the listing's bug: the gradient is never computed, so theta_hat.grad is None
				thetaHat := New(0.5, RequiresGrad)
				for i := 0; i < 100; i++ {
					if thetaHat.Grad() != nil {
						thetaHat.Grad().Zero_()
						objective(thetaHat).Backward()
					}
					NoGrad(func() { thetaHat.Sub_(Mul(0.05, thetaHat.Grad())) })
				}
			}},
			{37, func(p *py) {
				gradientDescent := func(stepSize float64, maxIter int, init float64) ([]float64, []float64) {
					thetaHat := New(init, RequiresGrad)
					thetas := []float64{thetaHat.Detach().Item()}
					objs := []float64{objective(thetaHat).Detach().Item()}
					for i := 0; i < maxIter; i++ {
						if thetaHat.Grad() != nil {
							thetaHat.Grad().Zero_()
						}
						out := objective(thetaHat)
						out.Backward()
						NoGrad(func() {
							thetaHat.Sub_(Mul(stepSize, thetaHat.Grad()))
							thetas = append(thetas, thetaHat.Detach().Item())
							objs = append(objs, objective(thetaHat).Detach().Item())
						})
					}
					return thetas, objs
				}
				for _, step := range []float64{0.05, 0.07, 0.15} {
					th, ob := gradientDescent(step, 100, 0.5)
					p.printf("step_size=%s: final theta = %.6f, objective = %.6f (theta_true = %.6f)",
						PyFloat(step), float32(th[len(th)-1]), float32(ob[len(ob)-1]), thetaTrue)
				}
			}},
			{42, func(p *py) {
				x := Mul(2.0, Ones(5).Float()).RequiresGrad_(true)
				b := Arange(5).Float()
				y := Dot(b, x)
				y.RetainGrad()
				z := Log(y)
				z.RetainGrad()
				z.Backward()
				printGrad := func(a *Tensor) { p.print(a, a.Grad()) }
				printGrad(y)
				printGrad(x)
			}},
		}
	}
}

// dotSource is the reference notebook's dot_source helper (a stand-in for torchviz's
// make_dot with show_attrs and show_saved), ported to walk this package's graph
// introspection API. Its text is compared with the DOT the notebook printed, which
// checks node names, next functions, saved tensors (and their identity) and the saved
// attributes' names and values at once.
func dotSource(root *Tensor, params map[*Tensor]string) string {
	ids := map[any]string{}
	var order []string
	nodes := map[string][2]string{}
	var edges [][3]string
	seen := map[any]bool{}
	nid := func(o any) string {
		if _, ok := ids[o]; !ok {
			ids[o] = fmt.Sprintf("n%d", len(ids))
		}
		return ids[o]
	}
	node := func(o any, label, colour string) {
		k := nid(o)
		if _, ok := nodes[k]; !ok {
			order = append(order, k)
		}
		nodes[k] = [2]string{label, colour}
	}
	edge := func(a, b any, style string) { edges = append(edges, [3]string{nid(a), nid(b), style}) }
	sizeStr := func(t *Tensor) string {
		parts := make([]string, len(t.shape()))
		for i, d := range t.shape() {
			parts[i] = fmt.Sprint(d)
		}
		return "(" + strings.Join(parts, ", ") + ")"
	}
	varLabel := func(t *Tensor, name string) string { return name + "\n " + sizeStr(t) }
	fnLabel := func(fn *Node) string {
		attrs := fn.SavedAttrs()
		if len(attrs) == 0 {
			return fn.Name()
		}
		vals := make([]string, len(attrs))
		w1, w2 := 0, 0
		for i, a := range attrs {
			if t, ok := a.Value.(*Tensor); ok && t != nil {
				vals[i] = "[saved tensor]"
			} else {
				vals[i] = FormatValue(a.Value)
			}
			if len(a.Name) > w1 {
				w1 = len(a.Name)
			}
			if len(vals[i]) > w2 {
				w2 = len(vals[i])
			}
		}
		if w2 > 50 {
			w2 = 50
		}
		rows := make([]string, len(attrs))
		for i, a := range attrs {
			v := vals[i]
			if len(v) > w2 {
				v = v[:w2-3] + "..."
			}
			rows[i] = fmt.Sprintf("%-*s: %*s", w1, a.Name, w2, v)
		}
		sep := strings.Repeat("-", int(math.Max(float64(w1+w2+2), float64(len(fn.Name())))))
		return fn.Name() + "\n" + sep + "\n" + strings.Join(rows, "\n")
	}
	var addNodes func(fn *Node)
	addNodes = func(fn *Node) {
		if seen[fn] {
			return
		}
		seen[fn] = true
		for _, a := range fn.SavedAttrs() {
			if t, ok := a.Value.(*Tensor); ok && t != nil {
				seen[t] = true
				edge(fn, t, "dir=none")
				node(t, varLabel(t, a.Name), "orange")
			}
		}
		if v := fn.Variable(); v != nil {
			seen[v] = true
			node(v, varLabel(v, params[v]), "lightblue")
			edge(v, fn, "")
		}
		node(fn, fnLabel(fn), "")
		for _, e := range fn.NextFunctions() {
			if e.Node != nil {
				edge(e.Node, fn, "")
				addNodes(e.Node)
			}
		}
	}
	var addBase func(v *Tensor, colour string)
	addBase = func(v *Tensor, colour string) {
		if seen[v] {
			return
		}
		seen[v] = true
		node(v, varLabel(v, params[v]), colour)
		if fn := v.GradFn(); fn != nil {
			addNodes(fn)
			edge(fn, v, "")
		}
		if v.viewOf() != nil {
			addBase(v.viewOf().base, "darkolivegreen3")
			edge(v.viewOf().base, v, "style=dotted")
		}
	}
	addBase(root, "darkolivegreen1")
	q := func(s string) string {
		s = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
		return `"` + s + `"`
	}
	out := []string{"digraph {", "\tnode [align=left fontname=monospace fontsize=10 height=0.2 ranksep=0.1 shape=box style=filled]"}
	for _, k := range order {
		n := nodes[k]
		line := "\t" + k + " [label=" + q(n[0])
		if n[1] != "" {
			line += " fillcolor=" + n[1]
		}
		out = append(out, line+"]")
	}
	for _, e := range edges {
		line := "\t" + e[0] + " -> " + e[1]
		if e[2] != "" {
			line += " [" + e[2] + "]"
		}
		out = append(out, line)
	}
	out = append(out, "}")
	return strings.Join(out, "\n")
}
