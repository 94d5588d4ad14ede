package autograd

import (
	"math"

	"github.com/gograd/gograd/tensor"
)

// Notebook 000: tensors vs numpy, Variable, grad, retain_grad, hooks, higher derivatives.
func init() {
	notebookCells["000"] = func() []refCell {
		var (
			data1                []float64
			tens, variable, vOut *Tensor
			x, w, b, a           *Tensor
		)
		return []refCell{
			{3, func(p *py) {
				npData := tensor.Arange(6).Reshape(2, 3)
				torchData := FromArray(npData)
				tensor2array := torchData.Numpy()
				p.print("\n Numpy array:\n", npData, "\n\n Torch tensor:\n", torchData, "\n\n tensor to array:\n", tensor2array)
			}},
			{4, func(p *py) {
				data1 = []float64{-1, -2, 1, 2}
				tens = New(data1)
				p.print("\nabs", "\nnumpy: ", tensor.New([]int{-1, -2, 1, 2}).Abs(), "\ntorch: ", Abs(tens))
			}},
			{5, func(p *py) { p.result(tens.Abs()) }},
			{6, func(p *py) {
				p.print("\nSin function-", "\nnumpy:\n", tensor.New(data1).Sin(), "\ntorch:\n", Sin(tens))
			}},
			{7, func(p *py) { p.result(tens.Sigmoid()) }},
			{8, func(p *py) { p.result(tens.Exp()) }},
			{9, func(p *py) {
				p.print("\nmean", "\nnumpy: ", tensor.New(data1).Mean().Item(), "\ntorch: ", Mean(tens))
			}},
			{10, func(p *py) {
				tens = New([][]float64{{1, 2}, {3, 4}})
				np := tensor.New([][]int{{1, 2}, {3, 4}})
				p.print("\nmatrix multiplication (matmul)", "\nnumpy: ", np.Matmul(np), "\ntorch: ", Mm(tens, tens))
			}},
			{13, func(p *py) { p.result(tens.Mm(tens)) }},
			{14, func(p *py) { p.result(tens.Mul(tens)) }},
			{15, func(p *py) { p.result(Dot(New([]float64{2, 3}), New([]float64{2, 1}))) }},
			{18, func(p *py) {
				tens = New([][]float64{{1, 2}, {3, 4}})
				variable = FromArray(tens.Numpy()).RequiresGrad_() // Variable(tensor) shares data
				p.print(tens)
				p.print(variable)
			}},
			{20, func(p *py) {
				tOut := Mean(tens.Mul(tens))
				vOut = Cos(Mean(variable.Mul(variable)))
				p.print(tOut)
				p.print(vOut)
			}},
			{21, func(p *py) { vOut.Backward() }},
			{23, func(p *py) { p.result(variable.Grad()) }},
			{24, func(p *py) { p.result(variable) }},
			{25, func(p *py) { p.result(variable.Data()) }},
			{26, func(p *py) { p.result(variable.Data().Numpy()) }},
			{33, func(p *py) {
				x = New([]float64{3})
				w = New([]float64{2}, RequiresGrad)
				b = New([]float64{1}, RequiresGrad)
				a = Relu(x.Mul(w).Add(b))
			}},
			{34, func(p *py) { p.result(a) }},
			{36, func(p *py) { p.result(Grad(a, w, RetainGraph)) }},
			{38, func(p *py) { p.result(Grad(a, b)) }},
			{40, func(p *py) {
				x = New([]float64{3})
				w = New([]float64{2}, RequiresGrad)
				b = New([]float64{1}, RequiresGrad)
				myRelu := func(z *Tensor) *Tensor {
					if z.Item() > 0 {
						return z
					}
					z.Set(0.0, ":")
					return z
				}
				a = myRelu(x.Mul(w).Add(b))
				p.result(Grad(a, w))
			}},
			{42, func(p *py) {
				x = New([]float64{-1})
				w = New([]float64{1}, RequiresGrad)
				b = New([]float64{1}, RequiresGrad)
				a = Relu(x.Mul(w).Add(b))
				p.result(Grad(a, w))
			}},
			{44, func(p *py) {
				x := New([]float64{3}, RequiresGrad)
				w := New([]float64{2}, RequiresGrad)
				b := New([]float64{1}, RequiresGrad)
				u := x.Mul(w)
				v := u.Add(b)
				a := Relu(v)
				dB := Grad(a, b, RetainGraph)
				dU := Grad(a, u, RetainGraph)
				dV := Grad(a, v, RetainGraph)
				dW := Grad(a, w, RetainGraph)
				dX := Grad(a, x)
				for i, d := range []Tuple{dX, dW, dB, dU, dV} {
					p.print("d_a_"+string("xwbuv"[i])+":", d)
				}
			}},
			{46, func(p *py) {
				x := New([]float64{3}, RequiresGrad)
				w := New([]float64{2}, RequiresGrad)
				b := New([]float64{1}, RequiresGrad)
				u := x.Mul(w)
				v := u.Add(b)
				a := Relu(v)
				partials := Grad(a, []*Tensor{x, w, b, u, v})
				for i, g := range partials {
					p.print("d_a_"+string("xwbuv"[i])+":", g)
				}
			}},
			{48, func(p *py) {
				x := New([]float64{3}, RequiresGrad)
				w := New([]float64{2}, RequiresGrad)
				b := New([]float64{1}, RequiresGrad)
				u := x.Mul(w)
				v := u.Add(b)
				a := Relu(v)
				u.RetainGrad()
				v.RetainGrad()
				a.Backward()
				for i, t := range []*Tensor{x, w, b, u, v} {
					p.print("d_a_"+string("xwbuv"[i])+":", t.Grad())
				}
			}},
			{50, func(p *py) {
				grads := map[string]*Tensor{}
				saveGrad := func(name string) func(*Tensor) *Tensor {
					return func(g *Tensor) *Tensor { grads[name] = g; return nil }
				}
				x := New([]float64{3}, RequiresGrad)
				w := New([]float64{2}, RequiresGrad)
				b := New([]float64{1}, RequiresGrad)
				u := x.Mul(w)
				v := u.Add(b)
				x.RegisterHook(saveGrad("d_a_x"))
				w.RegisterHook(saveGrad("d_a_w"))
				b.RegisterHook(saveGrad("d_a_b"))
				u.RegisterHook(saveGrad("d_a_u"))
				v.RegisterHook(saveGrad("d_a_v"))
				a := Relu(v)
				a.Backward()
				// the cell prints nothing; the hooks saw the same gradients as cell 48's
				for name, want := range map[string]float64{"d_a_x": 2, "d_a_w": 3, "d_a_b": 1, "d_a_u": 1, "d_a_v": 1} {
					if g := grads[name]; g == nil || g.Item() != want {
						p.print("hook", name, "saw", g)
					}
				}
			}},
			{52, func(p *py) {
				x := New([]float64{3}, RequiresGrad)
				y := New([]float64{4})
				f := x.Pow(2).Mul(y).Add(y)
				if d := Grad(f, x); d[0].Item() != 24 {
					p.print("df_dx", d)
				}
			}},
			{53, func(p *py) {
				x := New([]float64{3}, RequiresGrad)
				y := New([]float64{4}, RequiresGrad)
				f := x.Pow(2).Mul(y).Add(y)
				dfdx := Grad(f, x, CreateGraph)
				p.result(Grad(dfdx, x))
			}},
			{56, func(p *py) {
				vectorFunction := func(x *Tensor) *Tensor { return x.Pow(2).Add(Mul(3, x)).Add(2) }
				x := New([]float64{1, 2, 3}, RequiresGrad)
				y := vectorFunction(x)
				g := Grad(y, x, GradOutputs(OnesLike(y)))
				p.print("Input tensor:", x)
				p.print("Output tensor:", y)
				p.print("Elementwise gradient:", g)
			}},
			{58, func(p *py) {
				f := func(x *Tensor) *Tensor { return x.Pow(3).Sub(Mul(2, x)).Sub(5) }
				x := New(2.0, Float64)
				k := 0
				for ; k < 20; k++ {
					x = x.Detach().RequiresGrad_(true)
					fx := f(x)
					if math.Abs(fx.Item()) < 1e-12 {
						break
					}
					dfdx := Grad(fx, x)[0]
					p.printf("iter %d: x = %.12f  f(x) = % .4e  df/dx = %.8f", k, x.Item(), fx.Item(), dfdx.Item())
					NoGrad(func() { x = x.Sub(fx.Div(dfdx)) })
				}
				root := x.Detach()
				p.printf("converged after %d Newton steps: root = %.12f", k, root.Item())
				p.print("root as tensor  :", root)
				p.print("|f(root)| < 1e-12:", math.Abs(f(root).Item()) < 1e-12)
				p.print("f'(root) = 3*root**2 - 2 =", Mul(3, root.Pow(2)).Sub(2))
			}},
			{60, func(p *py) {
				g := func(x, theta *Tensor) *Tensor { return x.Pow(3).Add(theta.Mul(x)).Sub(5) }
				newtonSolve := func(theta *Tensor) *Tensor {
					x := New(1.0, Float64)
					for i := 0; i < 50; i++ {
						x = x.Detach().RequiresGrad_(true)
						gx := g(x, theta)
						dgdx := Grad(gx, x)[0]
						var step *Tensor
						NoGrad(func() {
							step = gx.Div(dgdx)
							x = x.Sub(step)
						})
						if math.Abs(step.Item()) < 1e-15 {
							break
						}
					}
					return x.Detach()
				}
				theta := New(1.0, Float64, RequiresGrad)
				xStar := newtonSolve(theta.Detach())
				p.printf("x*(theta=1)          = %.12f", xStar.Item())
				p.print("|g(x*, theta)| < 1e-12:", math.Abs(g(xStar, theta.Detach()).Item()) < 1e-12)
				xs := xStar.Clone().RequiresGrad_(true)
				d := Grad(g(xs, theta), []*Tensor{xs, theta})
				dgdx, dgdtheta := d[0], d[1]
				ift := dgdtheta.Neg().Div(dgdx)
				p.printf("dg/dx                = %.10f", dgdx.Item())
				p.printf("dg/dtheta            = %.10f", dgdtheta.Item())
				p.printf("dx*/dtheta (IFT)     = %.10f", ift.Item())
				p.print("dx*/dtheta (IFT)     =", ift)
				p.printf("closed form          = %.10f", xStar.Neg().Div(Mul(3, xStar.Pow(2)).Add(1.0)).Item())
				h := 1e-6
				fd := newtonSolve(New(1.0+h, Float64)).Sub(newtonSolve(New(1.0-h, Float64))).Div(2 * h)
				p.printf("finite difference    = %.8f", fd.Item())
				p.print("|IFT - FD| < 1e-8    :", ift.Sub(fd).Abs().Item() < 1e-8)
				x := New(1.0, Float64)
				for i := 0; i < 30; i++ {
					x = x.Sub(g(x, theta).Div(Mul(3, x.Pow(2)).Add(theta)))
				}
				x.Backward()
				p.printf("unrolled Newton grad = %.10f", theta.Grad().Item())
			}},
		}
	}
}
