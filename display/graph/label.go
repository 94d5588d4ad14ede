package graph

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// sizeStr is torchviz's size_to_str: (100, 5), (5) and () - no 1-tuple comma.
func sizeStr(shape []int) string {
	parts := make([]string, len(shape))
	for i, d := range shape {
		parts[i] = fmt.Sprint(d)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// tensorLabel is torchviz's get_var_name: the name, a newline, a space and the size.
func tensorLabel(name string, t Tensor) string {
	return name + "\n " + sizeStr(t.Shape())
}

// isTensor reports whether v is a Tensor held in a non-nil interface.
func isTensor(v any) bool {
	_, ok := v.(Tensor)
	return ok
}

// sortedAttrs returns n's saved attributes in Python's dir() order (sorted by name),
// which is the order torchviz lists them in.
func sortedAttrs(n Node) []Attr {
	attrs := append([]Attr(nil), n.SavedAttrs()...)
	sort.SliceStable(attrs, func(i, j int) bool { return attrs[i].Name < attrs[j].Name })
	return attrs
}

// attrText is what torchviz prints for a saved attribute's value.
func attrText(v any) string {
	if isTensor(v) {
		return "[saved tensor]"
	}
	if ts, ok := v.([]Tensor); ok {
		for _, t := range ts {
			if t != nil {
				return "[saved tensors]"
			}
		}
	}
	return pyStr(v)
}

// fnLabel is torchviz's get_fn_name: the function's name and, with show_attrs, a
// dashed rule and a "name : value" row per saved attribute. Widths count characters
// (runes), as Python's % formatting does; long values are cut to maxChars with "...".
func fnLabel(n Node, showAttrs bool, maxChars int) string {
	name := n.Name()
	if !showAttrs {
		return name
	}
	attrs := sortedAttrs(n)
	if len(attrs) == 0 {
		return name
	}
	maxChars = max(maxChars, 3)
	vals := make([]string, len(attrs))
	w1, w2 := 0, 0
	for i, a := range attrs {
		vals[i] = attrText(a.Value)
		w1 = max(w1, utf8.RuneCountInString(a.Name))
		w2 = max(w2, utf8.RuneCountInString(vals[i]))
	}
	w2 = min(w2, maxChars)
	var b strings.Builder
	b.WriteString(name)
	b.WriteString("\n")
	b.WriteString(strings.Repeat("-", max(w1+w2+2, utf8.RuneCountInString(name))))
	for i, a := range attrs {
		v := vals[i]
		if utf8.RuneCountInString(v) > w2 {
			v = string([]rune(v)[:w2-3]) + "..."
		}
		fmt.Fprintf(&b, "\n%-*s: %*s", w1, a.Name, w2, v)
	}
	return b.String()
}

// valueLines is the ShowValues addition to a tensor's label: its contents and, when it
// has one, its gradient, each cut to a few lines so that big tensors keep the picture
// readable.
func valueLines(t Tensor) string {
	v, ok := t.(Valuer)
	if !ok {
		return ""
	}
	s := "\nvalue: " + clip(v.ValueText())
	if g := v.GradText(); g != "" {
		s += "\ngrad: " + clip(g)
	}
	return s
}

// clip keeps at most 4 lines of 40 characters.
func clip(s string) string {
	const maxLines, maxWidth = 4, 40
	lines := strings.Split(s, "\n")
	cut := len(lines) > maxLines
	if cut {
		lines = lines[:maxLines]
	}
	for i, l := range lines {
		if utf8.RuneCountInString(l) > maxWidth {
			lines[i] = string([]rune(l)[:maxWidth-3]) + "..."
		}
	}
	if cut {
		lines = append(lines, "...")
	}
	return strings.Join(lines, "\n")
}
