package nn

import (
	"fmt"
	"strings"

	"github.com/gograd/gograd/autograd"
)

// Module is a piece of a network: it maps a tensor to a tensor and owns parameters.
// Parameters are listed in registration order (PyTorch's model.parameters()), and
// NamedParameters gives the same list with their dotted names ("0.weight").
type Module interface {
	Forward(x *autograd.Tensor) *autograd.Tensor
	Parameters() []*autograd.Tensor
	NamedParameters() []NamedParameter
}

// NamedParameter is one entry of named_parameters(): a name and the parameter.
type NamedParameter struct {
	Name  string
	Param *autograd.Tensor
}

// String prints the pair as Python prints the tuple: ('weight', Parameter containing: ...).
func (p NamedParameter) String() string { return fmt.Sprintf("('%s', %v)", p.Name, p.Param) }

// ZeroGrad zeroes the gradients of m's parameters in place (module.zero_grad() of
// PyTorch 1.13, whose default is set_to_none=False).
func ZeroGrad(m Module) {
	for _, p := range m.Parameters() {
		if g := p.Grad(); g != nil {
			if g.GradFn() != nil {
				g = g.Detach()
				p.SetGrad(g)
			}
			g.Zero_()
		}
	}
}

// repr is a module's PyTorch repr, or its type name for modules that do not print
// themselves. A module defined in a cell reaches us wrapped by the interpreter in a type
// whose name means nothing to the reader ("_..._Module"), shown as Module().
func repr(m Module) string {
	if s, ok := m.(fmt.Stringer); ok {
		return s.String()
	}
	name := fmt.Sprintf("%T", m)
	name = name[strings.LastIndexAny(name, ".*")+1:]
	if strings.HasPrefix(name, "_") {
		name = "Module"
	}
	return name + "()"
}

// addIndent indents every line but the first, as torch.nn.modules.module._addindent
// does for a child's repr inside its parent's.
func addIndent(s string, n int) string {
	lines := strings.Split(s, "\n")
	pad := strings.Repeat(" ", n)
	for i := 1; i < len(lines); i++ {
		lines[i] = pad + lines[i]
	}
	return strings.Join(lines, "\n")
}
