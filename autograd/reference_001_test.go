package autograd

// Notebook 001: backward with a gradient, accumulation, jacobians by hand, detach and
// no_grad, manual gradient descent. Cell 1 seeds torch's generator with 0.
func init() {
	notebookCells["001"] = func() []refCell {
		var x, y, z, X, Y, Z, B *Tensor
		return []refCell{
			{1, func(p *py) { ManualSeed(0) }},
			{4, func(p *py) {
				x = Rand(3, RequiresGrad)
				p.print(x)
			}},
			{5, func(p *py) {
				y = x.Add(2)
				p.print(y)
			}},
			{6, func(p *py) {
				y.Backward(Gradient(OnesLike(y)))
				p.result(x.Grad())
			}},
			{7, func(p *py) {
				z = y.Mul(y).Mul(2)
				p.print(z)
			}},
			{9, func(p *py) {
				z = z.Mean()
				p.print(z)
			}},
			{10, func(p *py) {
				z.Backward()
				p.result(x.Grad())
			}},
			{12, func(p *py) {
				X = Arange(0, 10, Float32, RequiresGrad)
				Y = Arange(0, 10, Float32, RequiresGrad)
				Z = Arange(0, 10, Float32, RequiresGrad)
			}},
			{13, func(p *py) {
				bx := X.Pow(3).Sub(Y.Pow(2))
				by := Y.Pow(2).Add(Z.Pow(2))
				bz := Z.Pow(3).Sub(X.Pow(2))
				B = Stack([]*Tensor{bx, by, bz}, 1)
				p.result(B)
			}},
			{15, func(p *py) {
				getGrad := func(y, x *Tensor) *Tensor {
					return Grad(y, []*Tensor{x}, GradOutputs(OnesLike(y)), CreateGraph, AllowUnused)[0]
				}
				getJacobCol := func(Y, x *Tensor) *Tensor {
					var cols []*Tensor
					for ii := 0; ii < Y.Shape()[Y.Dim()-1]; ii++ {
						cols = append(cols, getGrad(Y.Index(":", ii), x).Unsqueeze(1))
					}
					return Cat(cols, 1)
				}
				getJacob := func(Y, x1, x2, x3 *Tensor) *Tensor {
					jx := getJacobCol(Y, x1)
					jy := getJacobCol(Y, x2)
					jz := getJacobCol(Y, x3)
					return Stack([]*Tensor{jx, jy, jz}, 1).Permute(0, 2, 1)
				}
				p.result(getJacob(B, X, Y, Z))
			}},
			{21, func(p *py) {
				x = Rand(3, RequiresGrad)
				p.print(x)
				x.RequiresGrad_(false)
				p.print(x)
			}},
			{22, func(p *py) {
				x = Rand(3, RequiresGrad)
				p.print(x)
				y = x.Detach()
				p.print(y)
			}},
			{23, func(p *py) {
				x = Randn(3, RequiresGrad)
				NoGrad(func() {
					y = x.Add(2)
					p.print(y)
				})
			}},
			{25, func(p *py) {
				weights := Ones(4, RequiresGrad)
				for epoch := 0; epoch < 3; epoch++ {
					out := weights.Mul(3).Sum()
					p.print(out)
					out.Backward()
					p.print(weights.Grad())
				}
			}},
			{26, func(p *py) {
				weights := New([]float64{1, 2, 3, 4}, Float32, RequiresGrad)
				for epoch := 0; epoch < 3; epoch++ {
					out := weights.Mul(3).Sum()
					out.Backward()
					p.print(weights.Grad())
					weights.Grad().Zero_()
				}
			}},
			{28, func(p *py) {
				x := New(1.0)
				y := New(2.0)
				w := New(1.5, RequiresGrad)
				yHat := w.Mul(x)
				loss := yHat.Sub(y).Pow(2)
				p.printf("loss value = %g", loss)
				loss.Backward()
				p.printf("gradient of loss w.r.t. w = %g", w.Grad())
			}},
			{32, func(p *py) {
				X := New([]float64{1, 2, 3, 4}, Float32)
				Y := New([]float64{2, 4, 6, 8}, Float32)
				W := New(0.0, Float32, RequiresGrad)
				forward := func(x *Tensor) *Tensor { return W.Mul(x) }
				loss := func(y, yPred *Tensor) *Tensor { return y.Sub(yPred).Pow(2).Mean() }
				lr := 0.01
				for epoch := 0; epoch < 10; epoch++ {
					yPred := forward(X)
					l := loss(Y, yPred)
					l.Backward()
					NoGrad(func() { W.Sub_(Mul(lr, W.Grad())) })
					W.Grad().Zero_()
					if epoch%2 == 0 {
						p.printf("epoch %d: w = %.3f,loss=%.8f", epoch+1, W, l)
					}
				}
			}},
		}
	}
}
