package nn

import (
	"fmt"
	"strings"

	"github.com/gograd/gograd/autograd"
)

// Sequential chains modules: the output of each is the input of the next
// (torch.nn.Sequential). Modules may be read or replaced by index.
type Sequential struct {
	Mode
	Modules []Module
}

// NewSequential chains the given modules in order.
func NewSequential(modules ...Module) *Sequential {
	return &Sequential{Modules: append([]Module(nil), modules...)}
}

// Append adds m at the end and returns s (torch's Sequential.append). Cells whose own
// module types are interpreted should add them this way: the interpreter cannot pass
// them through NewSequential's variadic parameter.
func (s *Sequential) Append(m Module) *Sequential {
	s.Modules = append(s.Modules, m)
	return s
}

// Forward runs x through every module in turn.
func (s *Sequential) Forward(x *autograd.Tensor) *autograd.Tensor {
	for _, m := range s.Modules {
		x = m.Forward(x)
	}
	return x
}

// Parameters lists the parameters of every module, in module order.
func (s *Sequential) Parameters() []*autograd.Tensor {
	var ps []*autograd.Tensor
	for _, m := range s.Modules {
		ps = append(ps, m.Parameters()...)
	}
	return ps
}

// NamedParameters prefixes each module's parameter names with its index: "0.weight".
// A parameter shared by two modules is listed once, as PyTorch does.
func (s *Sequential) NamedParameters() []NamedParameter {
	var ps []NamedParameter
	seen := map[*autograd.Tensor]bool{}
	for i, m := range s.Modules {
		for _, p := range m.NamedParameters() {
			if seen[p.Param] {
				continue
			}
			seen[p.Param] = true
			ps = append(ps, NamedParameter{fmt.Sprintf("%d.%s", i, p.Name), p.Param})
		}
	}
	return ps
}

// String is PyTorch's repr: one "(i): child" line per module, children indented.
func (s *Sequential) String() string {
	if len(s.Modules) == 0 {
		return "Sequential()"
	}
	var b strings.Builder
	b.WriteString("Sequential(\n")
	for i, m := range s.Modules {
		fmt.Fprintf(&b, "  (%d): %s\n", i, addIndent(repr(m), 2))
	}
	b.WriteString(")")
	return b.String()
}
