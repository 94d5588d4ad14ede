package pretty

import (
	"math"
	"strconv"
	"strings"
)

// PyTorch's print options (torch.set_printoptions defaults).
const (
	torchPrecision = 4
	torchLinewidth = 80
	torchPrefix    = "tensor("
)

// Torch renders an array as PyTorch's repr does, e.g.
// "tensor([1.5000,    nan,   -inf])". The dtype suffix ("dtype=torch.float64"
// for float64, and the size and dtype of empty arrays) is added here; the
// caller passes only the autograd suffixes such as "requires_grad=True" or
// "grad_fn=<AddBackward0>", in order.
func Torch(shape []int, values []float64, dtype string, suffixes ...string) string {
	a := newArray(shape, values, dtype)
	indent := len(torchPrefix)
	var all []string
	var body string
	if a.numel() == 0 {
		if len(shape) != 1 {
			all = append(all, "size="+pyTuple(shape))
		}
		if dtype != "float32" {
			all = append(all, "dtype=torch."+dtype)
		}
		body = "[]"
	} else {
		if dtype == "float64" {
			all = append(all, "dtype=torch.float64")
		}
		summarize := a.numel() > threshold
		f := newTorchFormat(a.visible(summarize), dtype)
		body = torchBody(a, 0, 0, indent, summarize, f)
	}
	all = append(all, suffixes...)
	return addSuffixes(torchPrefix+body, all, indent)
}

// addSuffixes appends ", suffix" items, wrapping to a new line indented like
// the body when one would pass the line width (_add_suffixes).
func addSuffixes(s string, suffixes []string, indent int) string {
	var b strings.Builder
	b.WriteString(s)
	// PyTorch's measure: the last line's length plus two.
	last := len(s) - strings.LastIndexByte(s, '\n') + 1
	for _, suf := range suffixes {
		if last+len(suf)+2 > torchLinewidth {
			b.WriteString(",\n")
			b.WriteString(strings.Repeat(" ", indent))
			b.WriteString(suf)
			last = indent + len(suf)
		} else {
			b.WriteString(", ")
			b.WriteString(suf)
			last += len(suf) + 2
		}
	}
	b.WriteString(")")
	return b.String()
}

// torchFormat is _Formatter: one number format for the whole tensor.
type torchFormat struct {
	dtype   string
	intMode bool
	sci     bool
	width   int
}

func newTorchFormat(vals []float64, dtype string) torchFormat {
	f := torchFormat{dtype: dtype, intMode: true, width: 1}
	if dtype == "int64" || dtype == "bool" {
		for _, v := range vals {
			f.width = max(f.width, len(f.scalar(v)))
		}
		return f
	}
	var nz []float64
	for _, v := range vals {
		if v != 0 && !math.IsNaN(v) && !math.IsInf(v, 0) {
			nz = append(nz, v)
		}
	}
	if len(nz) == 0 {
		return f
	}
	lo, hi := math.Inf(1), 0.0
	for _, v := range nz {
		a := math.Abs(v)
		lo = math.Min(lo, a)
		hi = math.Max(hi, a)
		if v != math.Ceil(v) {
			f.intMode = false
		}
	}
	if f.intMode {
		f.sci = hi/lo > 1000 || hi > 1e8
	} else {
		f.sci = hi/lo > 1000 || hi > 1e8 || lo < 1e-4
	}
	for _, v := range nz {
		switch {
		case f.sci:
			f.width = max(f.width, len(strconv.FormatFloat(v, 'e', torchPrecision, 64)))
		case f.intMode:
			f.width = max(f.width, len(strconv.FormatFloat(v, 'f', 0, 64))+1)
		default:
			f.width = max(f.width, len(strconv.FormatFloat(v, 'f', torchPrecision, 64)))
		}
	}
	return f
}

// scalar formats one value without padding.
func (f torchFormat) scalar(v float64) string {
	switch f.dtype {
	case "bool":
		return boolStr(v)
	case "int64":
		return intStr(v)
	}
	switch {
	case math.IsNaN(v):
		return "nan"
	case math.IsInf(v, 1):
		return "inf"
	case math.IsInf(v, -1):
		return "-inf"
	case f.sci:
		return strconv.FormatFloat(v, 'e', torchPrecision, 64)
	case f.intMode:
		return strconv.FormatFloat(v, 'f', 0, 64) + "."
	}
	return strconv.FormatFloat(v, 'f', torchPrecision, 64)
}

// format right-aligns a value to the common width; nan and inf are padded to
// it but never widen it.
func (f torchFormat) format(v float64) string {
	s := f.scalar(v)
	if n := f.width - len(s); n > 0 {
		s = strings.Repeat(" ", n) + s
	}
	return s
}

// torchBody is _tensor_str_with_formatter for the sub-array at dimension dim
// starting at offset off.
func torchBody(a array, dim, off, indent int, summarize bool, f torchFormat) string {
	rank := len(a.shape)
	if rank == 0 {
		return f.format(a.values[0])
	}
	n := a.shape[dim]
	cut := summarize && n > 2*edgeItems
	if dim == rank-1 {
		perLine := max(1, (torchLinewidth-indent)/(f.width+2))
		var items []string
		for k, i := range shown(n, summarize) {
			if cut && k == edgeItems {
				items = append(items, " ...")
			}
			items = append(items, f.format(a.values[off+i*a.strides[dim]]))
		}
		var lines []string
		for i := 0; i < len(items); i += perLine {
			lines = append(lines, strings.Join(items[i:min(i+perLine, len(items))], ", "))
		}
		return "[" + strings.Join(lines, ",\n"+strings.Repeat(" ", indent+1)) + "]"
	}
	var rows []string
	for k, i := range shown(n, summarize) {
		if cut && k == edgeItems {
			rows = append(rows, "...")
		}
		rows = append(rows, torchBody(a, dim+1, off+i*a.strides[dim], indent+1, summarize, f))
	}
	sep := "," + strings.Repeat("\n", rank-dim-1) + strings.Repeat(" ", indent+1)
	return "[" + strings.Join(rows, sep) + "]"
}
