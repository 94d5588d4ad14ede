package autograd

import (
	"math"

	"github.com/gograd/gograd/tensor"
)

// Notebook 002: backward's gradient argument as a vector-Jacobian product, control
// flow, item assignment (CopySlices). Cell 2 seeds torch's generator with 0.
func init() {
	notebookCells["002"] = func() []refCell {
		var x, y *Tensor
		var gradientValue []float64
		// pySum is Python's builtin sum over a 1-D tensor: 0 + x[0] + x[1] + ...
		pySum := func(x *Tensor) *Tensor {
			s := Add(0, x.Index(0))
			for i := 1; i < x.Shape()[0]; i++ {
				s = s.Add(x.Index(i))
			}
			return s
		}
		// numpy's side of the comparisons: x.detach().numpy() and a matrix product
		npJ := func(rows [][]float64) *tensor.Array { return tensor.New(rows) }
		return []refCell{
			{2, func(p *py) { ManualSeed(0) }},
			{5, func(p *py) {
				x = Arange(4.0)
				p.result(x)
			}},
			{6, func(p *py) {
				x.RequiresGrad_(true)
				p.print(x.Grad())
			}},
			{7, func(p *py) {
				y = Mul(2, Dot(x, x))
				p.result(y)
			}},
			{8, func(p *py) {
				y.Backward()
				p.result(x.Grad())
			}},
			{9, func(p *py) { p.result(x.Grad().Eq(Mul(4, x))) }},
			{11, func(p *py) {
				x := New([]float64{1, 2}, RequiresGrad)
				p.print("x:", x)
				y := Mul(3, x.Pow(2))
				p.print("y:", y)
				y.Backward(Gradient(New([]float64{1, 1})))
				p.print("x.grad:", x.Grad())
			}},
			{12, func(p *py) {
				x := New([]float64{1, 2}, RequiresGrad)
				p.print("x:", x)
				y := Mul(3, x.Pow(2))
				p.print("y:", y)
				y.Backward(Gradient(New([]float64{1, 10})))
				p.print("x.grad:", x.Grad())
			}},
			{15, func(p *py) {
				f := func(a *Tensor) *Tensor {
					b := a.Mul(2)
					for b.Norm().Item() < 1000 {
						b = b.Mul(2)
					}
					if b.Sum().Item() > 0 {
						return b
					}
					return Mul(100, b)
				}
				a := Randn(RequiresGrad)
				p.print("a:", a)
				d := f(a)
				d.Backward()
				p.print("a.grad:", a.Grad())
				p.result(a.Grad().Eq(f(a).Div(a)))
			}},
			{19, func(p *py) {
				x = New(1.0, RequiresGrad)
				p.print("x: ", x)
				y := x.Pow(2)
				p.print("y: ", y)
				y.Backward()
				p.print("x.grad: ", x.Grad())
			}},
			{20, func(p *py) {
				xn := x.Detach().Numpy()
				J := xn.Mul(2).Reshape(1, 1)
				p.print("J: ", J)
				vT := npJ([][]float64{{1}})
				p.print("v_T: ", vT)
				p.print("v_T dot J: ", vT.Matmul(J.To(tensor.Float64)))
			}},
			{21, func(p *py) {
				x = New(1.0, RequiresGrad)
				p.print("x: ", x)
				y := x.Pow(2)
				p.print("y: ", y)
				y.Backward(Gradient(New(100.0)))
				p.print("x.grad: ", x.Grad())
			}},
			{22, func(p *py) {
				xn := x.Detach().Numpy()
				J := xn.Mul(2).Reshape(1, 1)
				p.print("J: ", J)
				vT := npJ([][]float64{{100}})
				p.print("v_T: ", vT)
				p.print("v_T dot J: ", vT.Matmul(J.To(tensor.Float64)))
			}},
			{23, func(p *py) {
				x = New(1.0, RequiresGrad)
				p.print("x: ", x)
				y := Stack([]*Tensor{x.Pow(2), x.Pow(2), x.Pow(2), x.Pow(2)}, 0)
				p.print("y: ", y)
				y.Backward(Gradient(New([]float64{1, 10, 100, 1000})))
				p.print("x.grad: ", x.Grad())
			}},
			{24, func(p *py) {
				x = New(1.0, RequiresGrad)
				y := x.Pow(2)
				gradientValue = []float64{1, 10, 100, 1000}
				for _, v := range gradientValue {
					y.Backward(Gradient(New(v)), RetainGraph)
					p.print("x.grad: ", x.Grad())
				}
			}},
			{25, func(p *py) {
				xn := x.Detach().Numpy()
				J := xn.Mul(2).Reshape(1, 1)
				p.print("J: ", J)
				jb := J.Expand(len(gradientValue), 1) // np.repeat(J, 4, axis=0)
				p.print("J_broadcast: ")
				p.print(jb)
				vT := tensor.New(gradientValue)
				p.print("v_T: ", vT)
				p.print("v_T dot J_broadcast: ", vT.Matmul(jb.To(tensor.Float64)))
			}},
			{27, func(p *py) {
				x = New([]float64{1, 2}, RequiresGrad)
				p.print("x: ", x)
				y := pySum(x)
				p.print("y: ", y)
				y.Backward()
				p.print("x.grad: ", x.Grad())
			}},
			{28, func(p *py) {
				J := tensor.New([][]int{{1, 1}})
				p.print("J:")
				p.print(J)
				vT := tensor.New([][]int{{1}})
				p.print("v_T: ", vT)
				p.print("v_T dot J: ", vT.Matmul(J))
			}},
			{29, func(p *py) {
				x = New([]float64{1, 2}, RequiresGrad)
				p.print("x: ", x)
				y := pySum(x)
				y.Backward(Gradient(New(100.0)))
				p.print("x.grad: ", x.Grad())
			}},
			{30, func(p *py) {
				J := tensor.New([][]int{{1, 1}})
				p.print("J:")
				p.print(J)
				vT := npJ([][]float64{{100}})
				p.print("v_T: ", vT)
				p.print("v_T dot J: ", vT.Matmul(J.To(tensor.Float64)))
			}},
			{31, func(p *py) {
				x = New([]float64{1, 2}, RequiresGrad)
				p.print("x: ", x)
				y := Stack([]*Tensor{x.Sum(), x.Sum(), x.Sum(), x.Sum()}, 0)
				p.print("y: ", y)
				y.Backward(Gradient(New([]float64{1, 10, 100, 1000})))
				p.print("x.grad: ", x.Grad())
			}},
			{32, func(p *py) {
				x = New([]float64{1, 2}, RequiresGrad)
				y := pySum(x)
				for _, v := range []float64{1, 10, 100, 1000} {
					y.Backward(Gradient(New(v)), RetainGraph)
					p.print("x.grad: ", x.Grad())
				}
			}},
			{33, func(p *py) {
				J := tensor.New([][]int{{1, 1}})
				p.print("J: ", J)
				jb := J.Expand(4, 2)
				p.print("J_broadcast: ")
				p.print(jb)
				vT := tensor.New(gradientValue)
				p.print("v_T: ", vT)
				p.print("v_T dot J_broadcast: ", vT.Matmul(jb.To(tensor.Float64)))
			}},
			{35, func(p *py) {
				x = New([]float64{1, 2}, RequiresGrad)
				p.print("x: ", x)
				y := Mul(3, x.Pow(2))
				p.print("y: ", y)
				y.Backward(Gradient(New([]float64{1, 1})))
				p.print("x.grad: ", x.Grad())
			}},
			{36, func(p *py) {
				xn := x.Detach().Numpy()
				J := npJ([][]float64{{6 * xn.At(0), 0}, {0, 6 * xn.At(1)}})
				p.print("J:")
				p.print(J)
				vT := npJ([][]float64{{1, 1}})
				p.print("v_T: ", vT)
				p.print("v_T dot J: ", vT.Matmul(J))
			}},
			{37, func(p *py) {
				x = New([]float64{1, 2}, RequiresGrad)
				p.print("x: ", x)
				y := Mul(3, x.Pow(2))
				p.print("y: ", y)
				y.Backward(Gradient(New([]float64{1, 10})))
				p.print("x.grad: ", x.Grad())
			}},
			{38, func(p *py) {
				xn := x.Detach().Numpy()
				J := npJ([][]float64{{6 * xn.At(0), 0}, {0, 6 * xn.At(1)}})
				p.print("J:")
				p.print(J)
				vT := npJ([][]float64{{1, 10}})
				p.print("v_T: ", vT)
				p.print("v_T dot J: ", vT.Matmul(J))
			}},
			{40, func(p *py) {
				x = New([]float64{1, 2}, RequiresGrad)
				p.print("x: ", x)
				y := Empty(3)
				y.Set(Mul(3, x.Index(0).Pow(2)), 0)
				y.Set(x.Index(0).Pow(2).Add(Mul(2, x.Index(1).Pow(3))), 1)
				y.Set(Mul(10, x.Index(1)), 2)
				p.print("y: ", y)
				y.Backward(Gradient(New([]float64{1, 10, 100})))
				p.print("x.grad: ", x.Grad())
			}},
			{41, func(p *py) {
				xn := x.Detach().Numpy()
				x0, x1 := xn.At(0), xn.At(1)
				J := npJ([][]float64{{6 * x0, 0}, {2 * x0, 6 * x1 * x1}, {0, 10}})
				p.print("J:")
				p.print(J)
				vT := npJ([][]float64{{1, 10, 100}})
				p.print("v_T: ", vT)
				p.print("v_T dot J: ", vT.Matmul(J))
			}},
			{43, func(p *py) {
				x := Linspace(-2*math.Pi, 2*math.Pi, 200, RequiresGrad)
				f := Sin(x)
				f.Backward(Gradient(OnesLike(f)))
				df := x.Grad()
				p.print("x[:5]      =", x.Index(":5").Detach())
				p.print("f'(x)[:5]  =", df.Index(":5"))
				p.print("cos(x)[:5] =", Cos(x.Index(":5").Detach()))
				p.print("allclose(autograd, cos):", AllClose(df, Cos(x.Detach())))
			}},
			{45, func(p *py) {
				f := func(x *Tensor) *Tensor {
					a := x.Pow(2)
					b := Log(a)
					c := Sin(x)
					d := b.Mul(c)
					e := Div(1, x)
					return d.Add(e)
				}
				dfAnalytic := func(x *Tensor) *Tensor {
					return Div(2, x).Mul(Sin(x)).Add(Log(x.Pow(2)).Mul(Cos(x))).Sub(Div(1, x.Pow(2)))
				}
				x := Linspace(0.5, 10, 200, RequiresGrad)
				y := f(x)
				dfAutograd := Grad(y, x, GradOutputs(OnesLike(y)))[0]
				dfExact := dfAnalytic(x.Detach())
				xs := New([]float64{0.5, 1.0, 2.0, 3.0, 5.0})
				xs2 := xs.Clone().RequiresGrad_(true)
				f(xs2).Backward(Gradient(OnesLike(xs2)))
				p.print("x                 =", xs)
				p.print("f'(x) autograd    =", xs2.Grad())
				p.print("f'(x) analytic    =", dfAnalytic(xs))
				p.print("curves overlap (allclose, atol=1e-5):", AllClose(dfAutograd, dfExact, 1e-5, 1e-5))
			}},
		}
	}
}
