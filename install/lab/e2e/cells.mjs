// The cells the browser tests type, per kernel, with what must come back.
//
// gograd is the kernel under test. python3 (Debian's ipykernel, with Debian's
// real torch and matplotlib) runs the same scenario through the same UI: it
// proves the tooling itself (build, server, browser driving, interrupt,
// restart) independently of gograd, and it is the reference the gograd
// expectations agree with: the tensor text is what torch prints.
//
// Expected strings come from PyTorch: torch.tensor([1., 2., 3.]) prints
// `tensor([1., 2., 3.])`, its .sum() prints `tensor(6.)`, and
// torch.tensor([4., 5.]) prints `tensor([4., 5.])`.

export const KERNELS = {
  gograd: {
    displayName: 'Go (gograd)',
    mimeType: 'text/x-go',
    // A keyword the Go mode must highlight, in a small snippet.
    highlight: { code: 'func square(x float64) float64 {\n\treturn x * x\n}', keyword: 'func' },
    tensor: { code: 'autograd.New([]float64{1, 2, 3})', text: 'tensor([1., 2., 3.])' },
    plot: {
      code: [
        'x := autograd.Linspace(-math.Pi, math.Pi, 200, autograd.RequiresGrad)',
        'y := autograd.Sin(x)',
        'y.Sum().Backward()',
        'fig := plot.New()',
        'fig.Plot(x.Detach(), y.Detach()).Label("sin(x)")',
        'fig.Plot(x.Detach(), x.Grad()).Label("d/dx sin(x)")',
        'fig.Title("sin and its derivative").Legend()',
        'fig'
      ].join('\n')
    },
    graph: {
      code: [
        'a := autograd.New([]float64{2}, autograd.RequiresGrad)',
        'b := autograd.New([]float64{3}, autograd.RequiresGrad)',
        'graph.MakeDot(a.Mul(b).Add(a).Sin(), map[string]any{"a": a, "b": b})'
      ].join('\n')
    },
    progress: {
      code: [
        'import "time"',
        '',
        'bar := progress.New(40)',
        'for i := 0; i < 40; i++ {',
        '\ttime.Sleep(25 * time.Millisecond)',
        '\tbar.Update(1)',
        '}',
        'bar.Done()'
      ].join('\n')
    },
    // Completion: define a tensor, then complete `t.`.
    completeSetup: 't := autograd.New([]float64{1, 2, 3})',
    completePrefix: 't.',
    completeMust: ['Backward', 'Sum', 'Grad'],
    // Shift+Tab with the cursor after `autograd.New(`.
    inspectCode: 'autograd.New(',
    inspectMust: 'New',
    endless: 'for {\n}',
    afterInterrupt: { code: 'autograd.New([]float64{1, 2, 3}).Sum()', text: 'tensor(6.)' },
    // After a restart the old variable must be gone and new cells run.
    goneAfterRestart: 't',
    afterRestart: { code: 'autograd.New([]float64{4, 5})', text: 'tensor([4., 5.])' }
  },

  python3: {
    displayName: 'Python 3 (ipykernel)',
    mimeType: 'text/x-ipython',
    highlight: { code: 'def square(x):\n    return x * x', keyword: 'def' },
    tensor: { code: 'import torch\ntorch.tensor([1., 2., 3.])', text: 'tensor([1., 2., 3.])' },
    plot: {
      code: [
        '%matplotlib inline',
        'import math, matplotlib.pyplot as plt',
        'x = torch.linspace(-math.pi, math.pi, 200, requires_grad=True)',
        'y = torch.sin(x)',
        'y.sum().backward()',
        'plt.plot(x.detach(), y.detach(), label="sin(x)")',
        'plt.plot(x.detach(), x.grad, label="d/dx sin(x)")',
        'plt.legend(); plt.show()'
      ].join('\n')
    },
    graph: {
      // torchviz is not packaged; draw the graph with Debian's dot from
      // grad_fn, which is what torchviz does.
      code: [
        'import subprocess',
        'from IPython.display import SVG',
        'a = torch.tensor([2.], requires_grad=True); b = torch.tensor([3.], requires_grad=True)',
        'out = torch.sin(a * b + a)',
        'lines, seen = ["digraph {"], set()',
        'def walk(fn):',
        '    if fn is None or fn in seen: return',
        '    seen.add(fn); lines.append(f\'"{id(fn)}" [label="{type(fn).__name__}"]\')',
        '    for nxt, _ in fn.next_functions:',
        '        if nxt is not None: lines.append(f\'"{id(nxt)}" -> "{id(fn)}"\'); walk(nxt)',
        'walk(out.grad_fn); lines.append("}")',
        'SVG(subprocess.run(["dot", "-Tsvg"], input="\\n".join(lines), capture_output=True, text=True).stdout)'
      ].join('\n')
    },
    progress: {
      code: [
        'import time',
        'from IPython.display import display',
        'h = display("  0%", display_id=True)',
        'for i in range(1, 41):',
        '    time.sleep(0.025)',
        '    h.update(f"{100 * i // 40:3d}% " + "#" * i)'
      ].join('\n')
    },
    completeSetup: 's = "abc"',
    completePrefix: 's.',
    completeMust: ['upper', 'split'],
    inspectCode: 'len(',
    inspectMust: 'len',
    endless: 'while True:\n    pass',
    afterInterrupt: { code: 'torch.tensor([1., 2., 3.]).sum()', text: 'tensor(6.)' },
    goneAfterRestart: 's',
    afterRestart: { code: 'import torch\ntorch.tensor([4., 5.])', text: 'tensor([4., 5.])' }
  }
};
