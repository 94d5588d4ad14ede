package graph

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// pyStr formats a saved attribute's value the way Python's str() does, because
// torchviz prints str(value) and the pictures must read the same: None, True/False,
// tuples as (1,) and (100, 5), floats in repr form (2.0, 1e-05).
func pyStr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case float64:
		return pyFloat(x)
	case float32:
		return pyFloat(float64(x))
	case []int:
		parts := make([]string, len(x))
		for i, d := range x {
			parts[i] = strconv.Itoa(d)
		}
		return pyTuple(parts)
	case []int64:
		parts := make([]string, len(x))
		for i, d := range x {
			parts[i] = strconv.FormatInt(d, 10)
		}
		return pyTuple(parts)
	case []float64:
		parts := make([]string, len(x))
		for i, d := range x {
			parts[i] = pyFloat(d)
		}
		return pyTuple(parts)
	case []Tensor: // only reached when every entry is None
		parts := make([]string, len(x))
		for i := range x {
			parts[i] = "None"
		}
		return pyTuple(parts)
	case []any:
		parts := make([]string, len(x))
		for i, d := range x {
			parts[i] = pyStr(d)
		}
		return pyTuple(parts)
	case fmt.Stringer:
		return x.String()
	}
	return fmt.Sprint(v)
}

// pyTuple joins items as Python prints a tuple: a 1-tuple keeps its trailing comma.
func pyTuple(items []string) string {
	if len(items) == 1 {
		return "(" + items[0] + ",)"
	}
	return "(" + strings.Join(items, ", ") + ")"
}

// pyFloat is Python's repr of a float: the shortest digits that round-trip, written
// positionally when the decimal exponent is in [-4, 16) and with at least two exponent
// digits otherwise; integral values keep ".0".
func pyFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expStr, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expStr)
	sign := ""
	if strings.HasPrefix(mant, "-") {
		sign, mant = "-", mant[1:]
	}
	digits := strings.Replace(mant, ".", "", 1)
	if exp < -4 || exp >= 16 {
		m := digits[:1]
		if len(digits) > 1 {
			m += "." + digits[1:]
		}
		es := "+"
		if exp < 0 {
			es, exp = "-", -exp
		}
		return fmt.Sprintf("%s%se%s%02d", sign, m, es, exp)
	}
	if exp < 0 {
		return sign + "0." + strings.Repeat("0", -exp-1) + digits
	}
	if len(digits) <= exp+1 {
		return sign + digits + strings.Repeat("0", exp+1-len(digits)) + ".0"
	}
	return sign + digits[:exp+1] + "." + digits[exp+1:]
}
