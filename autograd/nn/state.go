package nn

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// NamedBuffer is one entry of named_buffers(): a name and the buffer, a tensor of a
// module's state that is not learnt (BatchNorm's running statistics) but is saved in
// its state dict.
type NamedBuffer struct {
	Name   string
	Buffer *autograd.Tensor
}

// String prints the pair as Python prints the tuple: ('running_mean', tensor([0., 0.])).
func (b NamedBuffer) String() string { return fmt.Sprintf("('%s', %v)", b.Name, b.Buffer) }

// Buffered is a module with buffers of its own (torch's register_buffer); a struct
// module gets those of the modules inside it without it.
type Buffered interface {
	NamedBuffers() []NamedBuffer
}

// NamedChild is one entry of named_children(): a module directly inside another and
// its name there ("0" in a Sequential, "conv1" for a struct field, "layers.2" for an
// element of a slice field).
type NamedChild struct {
	Name   string
	Module Module
}

// NamedChildren are the modules directly inside m with their names, in order
// (torch's named_children()): a Sequential's modules, or the exported fields of a
// struct module that hold a Module or a slice of modules. Nil fields are skipped.
func NamedChildren(m Module) []NamedChild {
	if s, ok := m.(*Sequential); ok {
		out := make([]NamedChild, len(s.Modules))
		for i, c := range s.Modules {
			out[i] = NamedChild{strconv.Itoa(i), c}
		}
		return out
	}
	var out []NamedChild
	for _, c := range namedChildren(m) {
		if c.list == nil {
			out = append(out, NamedChild{c.name, c.m})
			continue
		}
		for j, e := range c.list {
			out = append(out, NamedChild{c.name + "." + strconv.Itoa(j), e})
		}
	}
	return out
}

// own are m's parameters and buffers that belong to m itself rather than to a module
// inside it, as torch's _parameters and _buffers: the named parameters whose name
// does not start with a child's name.
func own(m Module, children []NamedChild) (ps []NamedParameter, bs []NamedBuffer) {
	inChild := func(name string) bool {
		for _, c := range children {
			if strings.HasPrefix(name, c.Name+".") {
				return true
			}
		}
		return false
	}
	for _, p := range m.NamedParameters() {
		if !inChild(p.Name) {
			ps = append(ps, p)
		}
	}
	if b, ok := m.(Buffered); ok {
		bs = b.NamedBuffers()
	}
	return ps, bs
}

// walkState calls f for m and each module inside it, depth first, with its dotted
// prefix ("", "0.", "block.conv1."), its children and its own parameters and buffers:
// the order of torch's state_dict() and load_state_dict().
func walkState(m Module, f func(prefix string, m Module, children []NamedChild, ps []NamedParameter, bs []NamedBuffer)) {
	var walk func(prefix string, m Module, depth int)
	walk = func(prefix string, m Module, depth int) {
		if depth > maxDepth {
			return
		}
		children := NamedChildren(m)
		ps, bs := own(m, children)
		f(prefix, m, children, ps, bs)
		for _, c := range children {
			walk(prefix+c.Name+".", c.Module, depth+1)
		}
	}
	walk("", m, 0)
}

// NamedBuffersOf lists the buffers of m and of every module inside it with their
// dotted names ("1.running_mean"), as torch's named_buffers(); a buffer reached twice
// is listed once.
func NamedBuffersOf(m Module) []NamedBuffer {
	var out []NamedBuffer
	seen := map[*autograd.Tensor]bool{}
	walkState(m, func(prefix string, _ Module, _ []NamedChild, _ []NamedParameter, bs []NamedBuffer) {
		for _, b := range bs {
			if b.Buffer != nil && !seen[b.Buffer] {
				seen[b.Buffer] = true
				out = append(out, NamedBuffer{prefix + b.Name, b.Buffer})
			}
		}
	})
	return out
}

// StateEntry is one entry of a state dict.
type StateEntry struct {
	Name   string
	Tensor *autograd.Tensor
}

// StateDict is a module's state as torch's state_dict() gives it: every parameter and
// buffer under its dotted name, in torch's order (a module's own parameters, then its
// own buffers, then each child's entries under the child's name). Its tensors share
// storage with the module's, detached from the graph.
type StateDict []StateEntry

// StateDictOf is m.state_dict().
func StateDictOf(m Module) StateDict {
	var sd StateDict
	walkState(m, func(prefix string, _ Module, _ []NamedChild, ps []NamedParameter, bs []NamedBuffer) {
		for _, p := range ps {
			sd = append(sd, StateEntry{prefix + p.Name, p.Param.Detach()})
		}
		for _, b := range bs {
			if b.Buffer != nil {
				sd = append(sd, StateEntry{prefix + b.Name, b.Buffer.Detach()})
			}
		}
	})
	return sd
}

// Keys are the entries' names in order.
func (sd StateDict) Keys() []string {
	out := make([]string, len(sd))
	for i, e := range sd {
		out[i] = e.Name
	}
	return out
}

// Get is the tensor named name, or nil.
func (sd StateDict) Get(name string) *autograd.Tensor {
	for _, e := range sd {
		if e.Name == name {
			return e.Tensor
		}
	}
	return nil
}

// String prints the dict as Python prints an OrderedDict of tensors.
func (sd StateDict) String() string {
	parts := make([]string, len(sd))
	for i, e := range sd {
		parts[i] = fmt.Sprintf("('%s', %v)", e.Name, e.Tensor)
	}
	return "OrderedDict([" + strings.Join(parts, ", ") + "])"
}

// IncompatibleKeys is what load_state_dict returns: the keys the module expected and
// the dict lacked, and the dict's keys the module has no place for.
type IncompatibleKeys struct {
	MissingKeys, UnexpectedKeys []string
}

// String is torch's repr: <All keys matched successfully>, or
// _IncompatibleKeys(missing_keys=['bias'], unexpected_keys=[]).
func (k IncompatibleKeys) String() string {
	if len(k.MissingKeys) == 0 && len(k.UnexpectedKeys) == 0 {
		return "<All keys matched successfully>"
	}
	return fmt.Sprintf("_IncompatibleKeys(missing_keys=%s, unexpected_keys=%s)", pyStrList(k.MissingKeys), pyStrList(k.UnexpectedKeys))
}

func pyStrList(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = "'" + v + "'"
	}
	return "[" + strings.Join(q, ", ") + "]"
}

// LoadStateDict is m.load_state_dict(sd, strict=True): each entry of sd is copied
// into the parameter or buffer of its name (converting dtype, outside the graph).
// strict (the default) also requires every key of m to be in sd and every key of sd
// to be m's; without it, the keys that do not match come back in IncompatibleKeys
// only. A shape mismatch, and in strict mode a missing or unexpected key, panics
// with torch's RuntimeError, "Error(s) in loading state_dict for Linear:" and one line
// per problem; the entries that did match are copied all the same, as torch's are. A
// BatchNorm's num_batches_tracked may be absent (files older than it), as in torch.
func LoadStateDict(m Module, sd StateDict, strict ...bool) IncompatibleKeys {
	isStrict := len(strict) == 0 || strict[0]
	var missing, unexpected, errs []string
	walkState(m, func(prefix string, mod Module, children []NamedChild, ps []NamedParameter, bs []NamedBuffer) {
		local := map[string]bool{}
		load := func(name string, dst *autograd.Tensor) {
			head, _, _ := strings.Cut(name, ".") // a slice of parameters: "layers.0"
			local[head] = true
			key := prefix + name
			src := sd.Get(key)
			if src == nil {
				if _, bn := mod.(Buffered); bn && name == "num_batches_tracked" {
					return
				}
				missing = append(missing, key)
				return
			}
			if !slices.Equal(src.Shape(), dst.Shape()) {
				errs = append(errs, fmt.Sprintf("size mismatch for %s: copying a param with shape %s from checkpoint, the shape in current model is %s.",
					key, src.Shape(), dst.Shape()))
				return
			}
			autograd.NoGrad(func() { dst.Copy_(src) })
		}
		for _, p := range ps {
			load(p.Name, p.Param)
		}
		for _, b := range bs {
			if b.Buffer != nil {
				load(b.Name, b.Buffer)
			}
		}
		for _, e := range sd {
			if !strings.HasPrefix(e.Name, prefix) {
				continue
			}
			first, _, _ := strings.Cut(e.Name[len(prefix):], ".")
			isChild := slices.ContainsFunc(children, func(c NamedChild) bool {
				return c.Name == first || strings.HasPrefix(c.Name, first+".")
			})
			if !local[first] && !isChild {
				unexpected = append(unexpected, e.Name)
			}
		}
	})
	if isStrict && len(unexpected) > 0 {
		errs = append([]string{fmt.Sprintf("Unexpected key(s) in state_dict: %s. ", quoteKeys(unexpected))}, errs...)
	}
	if isStrict && len(missing) > 0 {
		errs = append([]string{fmt.Sprintf("Missing key(s) in state_dict: %s. ", quoteKeys(missing))}, errs...)
	}
	if len(errs) > 0 {
		name, _, _ := strings.Cut(repr(m), "(")
		panic(&tensor.Error{Kind: "RuntimeError", Msg: fmt.Sprintf("Error(s) in loading state_dict for %s:\n\t%s", name, strings.Join(errs, "\n\t"))})
	}
	return IncompatibleKeys{MissingKeys: orEmpty(missing), UnexpectedKeys: orEmpty(unexpected)}
}

func quoteKeys(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = `"` + k + `"`
	}
	return strings.Join(q, ", ")
}

func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
