package pretty

import (
	"math"
	"strconv"
	"strings"
)

// numpy's print options (np.set_printoptions defaults).
const (
	npPrecision = 8
	npLinewidth = 75
)

// NumpyStr renders an array as numpy's str() does: "[[1. 2.]\n [3. 4.]]",
// "[0 1 2]", and for a 0-d array the bare scalar ("3.0").
func NumpyStr(shape []int, values []float64, dtype string) string {
	a := newArray(shape, values, dtype)
	if len(shape) == 0 {
		return npScalarStr(a.values[0], a)
	}
	return array2string(a, npLinewidth, " ", "")
}

// NumpyRepr renders an array as numpy's repr() does:
// "array([[1., 2.],\n       [3., 4.]], dtype=float32)".
func NumpyRepr(shape []int, values []float64, dtype string) string {
	a := newArray(shape, values, dtype)
	const prefix = "array("
	// float64, int64 and bool are numpy's default types: their dtype is
	// implied unless the array is empty.
	skipDType := dtype != "float32" && a.numel() > 0
	suffix := ","
	if skipDType {
		suffix = ")"
	}
	var body string
	switch {
	case a.numel() > 0 || (len(shape) == 1 && shape[0] == 0):
		// The suffix's width comes off the line width.
		body = array2string(a, npLinewidth-len(suffix), ", ", prefix)
	default:
		body = "[], shape=" + pyTuple(shape)
	}
	s := prefix + body + suffix
	if skipDType {
		return s
	}
	dt := "dtype=" + dtype + ")"
	last := len(s) - (strings.LastIndexByte(s, '\n') + 1)
	if last+len(dt)+1 > npLinewidth {
		return s + "\n" + strings.Repeat(" ", len(prefix)) + dt
	}
	return s + " " + dt
}

// array2string is numpy's _array2string: pick the element format from the
// shown values, then lay the elements out.
func array2string(a array, linewidth int, sep, prefix string) string {
	if a.numel() == 0 {
		return "[]"
	}
	summarize := a.numel() > threshold
	f := newNpFormat(a, a.visible(summarize))
	hanging := " " + strings.Repeat(" ", len(prefix))
	return npFormatArray(a, f, 0, 0, hanging, linewidth, sep, summarize)
}

// npFormatArray is _formatArray's recurser for the sub-array at dimension
// dim and offset off.
func npFormatArray(a array, f npFormat, dim, off int, hanging string, width int, sep string, summarize bool) string {
	rank := len(a.shape)
	if dim == rank {
		return f.format(a.values[off])
	}
	nextHanging := hanging + " "
	nextWidth := width - 1 // room for the closing ]
	n := a.shape[dim]
	cut := summarize && n > 2*edgeItems
	idx := shown(n, summarize)
	var s string
	if dim == rank-1 {
		elemWidth := width - max(len(strings.TrimRight(sep, " ")), 1)
		line := hanging
		for k, i := range idx {
			if cut && k == edgeItems {
				s, line = npExtendLine(s, line, "...", elemWidth, hanging)
				line += sep
			}
			word := npFormatArray(a, f, dim+1, off+i*a.strides[dim], nextHanging, nextWidth, sep, summarize)
			s, line = npExtendLine(s, line, word, elemWidth, hanging)
			if k < len(idx)-1 {
				line += sep
			}
		}
		s += line
	} else {
		lineSep := strings.TrimRight(sep, " ") + strings.Repeat("\n", rank-dim-1)
		for k, i := range idx {
			if cut && k == edgeItems {
				s += hanging + "..." + lineSep
			}
			s += hanging + npFormatArray(a, f, dim+1, off+i*a.strides[dim], nextHanging, nextWidth, sep, summarize)
			if k < len(idx)-1 {
				s += lineSep
			}
		}
	}
	return "[" + s[len(hanging):] + "]"
}

// npExtendLine appends word to line, first moving to a new line when it
// would not fit (unless the line holds nothing but its indent).
func npExtendLine(s, line, word string, width int, hanging string) (string, string) {
	if len(line)+len(word) > width && len(line) > len(hanging) {
		s += strings.TrimRight(line, " ") + "\n"
		line = hanging
	}
	return s, line + word
}

// npFormat formats one element; built once per array from the shown values.
type npFormat struct {
	dtype string
	bits  int
	rank  int

	intWidth int // int64: width of the widest of min and max

	exp       bool // scientific notation
	padLeft   int  // width of the integer part (with sign)
	padRight  int  // width of the fraction part; for exp, the whole tail
	precision int  // exp: fraction digits every element shows
	expSize   int  // exp: exponent digits
}

func newNpFormat(a array, vals []float64) npFormat {
	f := npFormat{dtype: a.dtype, bits: a.bits(), rank: len(a.shape)}
	switch a.dtype {
	case "bool":
		return f
	case "int64":
		lo, hi := vals[0], vals[0]
		for _, v := range vals {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		f.intWidth = max(len(intStr(lo)), len(intStr(hi)))
		return f
	}
	var finite []float64
	hasNegInf := false
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			hasNegInf = hasNegInf || math.IsInf(v, -1)
			continue
		}
		finite = append(finite, v)
	}
	lo, hi, nonzero := math.Inf(1), 0.0, false
	for _, v := range finite {
		if v != 0 {
			nonzero = true
			lo, hi = math.Min(lo, math.Abs(v)), math.Max(hi, math.Abs(v))
		}
	}
	if nonzero {
		f.exp = hi >= 1e8 || lo < 1e-4 || hi/lo > 1000
	}
	switch {
	case len(finite) == 0:
	case f.exp:
		for _, v := range finite {
			mant, exp := npScientific(v, f.bits)
			ip, fp, _ := strings.Cut(mant, ".")
			f.padLeft = max(f.padLeft, len(ip))
			f.precision = max(f.precision, len(fp))
			f.expSize = max(f.expSize, len(exp)-1)
		}
		f.padRight = f.expSize + 2 + f.precision
	default:
		for _, v := range finite {
			ip, fp, _ := strings.Cut(npPositional(v, f.bits), ".")
			f.padLeft = max(f.padLeft, len(ip))
			f.padRight = max(f.padRight, len(fp))
		}
	}
	if len(finite) != len(vals) {
		// nan and inf must fit in the padded width.
		inf := 3
		if hasNegInf {
			inf = 4
		}
		f.padLeft = max(f.padLeft, 3-(f.padRight+1), inf-(f.padRight+1))
	}
	return f
}

func (f npFormat) format(v float64) string {
	switch f.dtype {
	case "bool":
		if f.rank == 0 {
			return boolStr(v)
		}
		if v != 0 {
			return " True"
		}
		return "False"
	case "int64":
		return padLeft(intStr(v), f.intWidth)
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		s := "nan"
		if math.IsInf(v, 1) {
			s = "inf"
		} else if math.IsInf(v, -1) {
			s = "-inf"
		}
		return padLeft(s, f.padLeft+f.padRight+1)
	}
	if f.exp {
		mant, exp := npScientific(v, f.bits)
		ip, fp, _ := strings.Cut(mant, ".")
		if len(fp) < f.precision {
			// Every element shows the same number of digits; the ones
			// past the shortest are the exact value's, rounded.
			s := strconv.FormatFloat(v, 'e', f.precision, 64)
			mant, exp, _ = strings.Cut(s, "e")
			ip, fp, _ = strings.Cut(mant, ".")
		}
		sign, digits := exp[:1], exp[1:]
		digits = strings.Repeat("0", max(0, f.expSize-len(digits))) + digits
		return padLeft(ip, f.padLeft) + "." + fp + "e" + sign + digits
	}
	ip, fp, _ := strings.Cut(npPositional(v, f.bits), ".")
	return padLeft(ip, f.padLeft) + "." + fp + strings.Repeat(" ", f.padRight-len(fp))
}

func padLeft(s string, w int) string {
	if n := w - len(s); n > 0 {
		return strings.Repeat(" ", n) + s
	}
	return s
}

// npPositional is dragon4_positional in numpy's default mode: the fewest
// digits that identify v as a float of the given width, cut to 8 fraction
// digits (rounding the exact value) with trailing zeros trimmed, always with
// a decimal point: "1.", "0.1", "-0.84147098".
func npPositional(v float64, bits int) string {
	s := strconv.FormatFloat(v, 'f', -1, bits)
	if _, fp, ok := strings.Cut(s, "."); ok && len(fp) > npPrecision {
		s = strings.TrimRight(strconv.FormatFloat(v, 'f', npPrecision, 64), "0")
	}
	if !strings.Contains(s, ".") {
		s += "."
	}
	return s
}

// npScientific is dragon4_scientific in numpy's default mode, split into the
// mantissa ("1.", "1.5") and the signed exponent ("-05", "+10").
func npScientific(v float64, bits int) (mant, exp string) {
	s := strconv.FormatFloat(v, 'e', -1, bits)
	mant, exp, _ = strings.Cut(s, "e")
	if _, fp, ok := strings.Cut(mant, "."); ok && len(fp) > npPrecision {
		s = strconv.FormatFloat(v, 'e', npPrecision, 64)
		mant, exp, _ = strings.Cut(s, "e")
		mant = strings.TrimRight(mant, "0")
	}
	if !strings.Contains(mant, ".") {
		mant += "."
	}
	return mant, exp
}

// npScalarStr is str() of a numpy scalar, which is what str() of a 0-d
// array prints: Python-style shortest floats ("3.0", "0.1", "1e-05").
func npScalarStr(v float64, a array) string {
	switch a.dtype {
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
	}
	if av := math.Abs(v); v == 0 || (av >= 1e-4 && av < 1e16) {
		s := strconv.FormatFloat(v, 'f', -1, a.bits())
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	// Scalars show every digit the shortest form needs: no cut at 8.
	return strconv.FormatFloat(v, 'e', -1, a.bits())
}
