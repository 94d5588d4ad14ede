package autograd

import "math"

// Notebook 003: leaves and retain_grad, higher derivatives, grad_outputs, no_grad.
func init() {
	notebookCells["003"] = func() []refCell {
		var x9, y9, dydx *Tensor
		return []refCell{
			{4, func(p *py) {
				x4 := New(4.0)
				p.print(x4)
				y4 := Mul(4.0, x4.Pow(2))
				p.print(y4)
				y4.Backward()
			}},
			{6, func(p *py) {
				x5 := New(4.0, RequiresGrad)
				p.print(x5)
				y5 := Mul(4, x5.Pow(2))
				p.print(y5)
				y5.Backward()
				p.print(x5.Grad())
				t5 := Mul(3, x5.Pow(3))
				p.print(t5)
				t5.Backward()
				p.print(x5.Grad())
			}},
			{8, func(p *py) {
				x6 := New(4.0, RequiresGrad)
				z6 := New(3.0, RequiresGrad)
				y6 := Mul(4, x6.Pow(2)).Add(z6.Pow(3))
				p.print(y6)
				y6.Backward()
				p.print(x6.Grad())
				p.print(z6.Grad())
			}},
			{10, func(p *py) {
				x7 := New(3.0, RequiresGrad)
				z7 := Mul(2, x7.Pow(2))
				z7.RetainGrad()
				p.print(x7.IsLeaf())
				p.print(z7.IsLeaf())
				y7 := z7.Pow(2)
				p.printf("y_7 =  %g", y7)
				p.print("Try to print gradient before backward")
				p.print(x7.Grad())
				y7.Backward()
				p.print("Try to print gradient after backward")
				p.print(x7.Grad())
				p.print("Try to print gradient of z7 after backward")
				p.print(z7.Grad())
			}},
			{12, func(p *py) {
				x8 := New(4.0, RequiresGrad)
				p.printf("x = %g", x8)
				y8 := Mul(4, x8.Pow(3))
				p.printf("y = %g", y8)
				first := Grad(y8, x8, CreateGraph)[0]
				p.printf("First derivative = %g", first)
				p.print(x8.Grad())
				second := Grad(first, x8, CreateGraph)[0]
				p.printf("Second derivative = %g", second)
				p.print(x8.Grad())
				third := Grad(second, x8)[0]
				p.printf("Third derivative = %g", third)
			}},
			{14, func(p *py) {
				x := New([][]float64{{2.0}, {3.0}}, RequiresGrad)
				A := New([][]float64{{1.0, 2.0}, {-1.0, 3.0}})
				y := Matmul(A, x).Add(x.Pow(2))
				p.printf("x = %v", x)
				p.printf("y = %v", y)
				d := Grad(y, x, GradOutputs(OnesLike(x)))
				p.printf("dydx = %v", d)
			}},
			{16, func(p *py) {
				x9 = Linspace(0, 2*math.Pi, 5, RequiresGrad)
				p.print(x9)
				y9 = Sin(x9)
				p.print(y9)
				dydx = Grad(y9, x9)[0]
			}},
			{18, func(p *py) {
				x9 = Linspace(0, 2*math.Pi, 5, RequiresGrad)
				y9 = Sin(x9)
				dydx = Grad(y9, x9, GradOutputs(OnesLike(y9)), CreateGraph)[0]
				p.print(dydx)
				z9 := Cos(x9)
				p.print(z9)
			}},
			{22, func(p *py) {
				x10 := New(4.0, RequiresGrad)
				y10 := Mul(4, x10.Pow(2))
				p.print(y10.RequiresGrad())
				NoGrad(func() {
					z10 := Mul(4, x10.Pow(2))
					p.print(z10.RequiresGrad())
					p.print(y10.RequiresGrad())
				})
				p.print(y10.RequiresGrad())
			}},
			{24, func(p *py) {
				xy := Linspace(0, 2, 20, RequiresGrad).Reshape(2, -1).T()
				yval := xy.Index(":", 0).Pow(2).Add(xy.Index(":", 1).Pow(3))
				zval := Sum(yval)
				d := Grad(zval, xy, RetainGraph)[0]
				p.print(d)
				p.print(d.Shape())
				d2 := Grad(yval, xy, GradOutputs(OnesLike(yval)), CreateGraph)[0]
				if AllClose(d, d2) {
					p.print("Both are same")
				}
			}},
		}
	}
}
