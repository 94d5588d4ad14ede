package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"math"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// %time and %timeit, printed as IPython prints them.

// cpuTimes are the process's user and system CPU time, as IPython's %time
// reads them (getrusage of the process).
func cpuTimes() (user, sys time.Duration) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0, 0
	}
	return time.Duration(ru.Utime.Nano()), time.Duration(ru.Stime.Nano())
}

func timeLine(s *Session, c *magicCall) (map[string]any, *cellErr) {
	return s.timed(c, c.args, c.line)
}

func timeCell(s *Session, c *magicCall) (map[string]any, *cellErr) {
	return s.timed(c, c.body, c.line+1)
}

// timed runs src once and prints the time it took, even when it fails.
func (s *Session) timed(c *magicCall, src string, line int) (map[string]any, *cellErr) {
	u0, s0 := cpuTimes()
	w0 := time.Now()
	data, cerr := s.runAt(c.ctx, src, line)
	wall := time.Since(w0)
	u1, s1 := cpuTimes()
	s.streams.flush()
	user, sys := (u1 - u0).Seconds(), (s1 - s0).Seconds()
	s.print(fmt.Sprintf("CPU times: user %s, sys: %s, total: %s\nWall time: %s\n",
		formatTime(user), formatTime(sys), formatTime(user+sys), formatTime(wall.Seconds())))
	return data, cerr
}

// formatTime writes a duration in seconds as IPython does: three
// significant digits in s, ms, µs or ns; from a minute on, "1min 5s".
func formatTime(sec float64) string {
	if sec >= 60 {
		var parts []string
		left := sec
		for _, u := range []struct {
			suffix string
			length float64
		}{{"d", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}} {
			if v := math.Floor(left / u.length); v > 0 {
				left = math.Mod(left, u.length)
				parts = append(parts, strconv.Itoa(int(v))+u.suffix)
			}
			if left < 1 {
				break
			}
		}
		return strings.Join(parts, " ")
	}
	units := []string{"s", "ms", "\u00b5s", "ns"}
	order := 3
	if sec > 0 {
		order = min(-int(math.Floor(math.Floor(math.Log10(sec))/3)), 3)
		order = max(order, 0)
	}
	return strconv.FormatFloat(sec*math.Pow(1000, float64(order)), 'g', 3, 64) + " " + units[order]
}

// timeitOpts are %timeit's options.
type timeitOpts struct {
	number, repeat int
	stmt           string
}

// parseTimeit reads `[-n N] [-r R] rest`.
func parseTimeit(args string) (timeitOpts, *cellErr) {
	o := timeitOpts{repeat: 7}
	fields := strings.Fields(args)
	i := 0
	for ; i < len(fields) && strings.HasPrefix(fields[i], "-") && len(fields[i]) > 1; i++ {
		flag := fields[i]
		val := ""
		switch {
		case len(flag) > 2:
			val = flag[2:]
		case i+1 < len(fields):
			i++
			val = fields[i]
		}
		n, err := strconv.Atoi(val)
		switch flag[:2] {
		case "-n":
			if err != nil || n < 1 {
				return o, usageError("%timeit: -n wants a number of loops, got " + strconv.Quote(val))
			}
			o.number = n
		case "-r":
			if err != nil || n < 1 {
				return o, usageError("%timeit: -r wants a number of runs, got " + strconv.Quote(val))
			}
			o.repeat = n
		default:
			return o, usageError("%timeit: unknown option " + flag + " (it has -n N and -r R)")
		}
	}
	// The statement keeps its spacing: it is the rest of the line.
	rest := args
	for j := 0; j < i; j++ {
		rest = strings.TrimLeft(rest, " \t")
		rest = rest[len(fields[j]):]
	}
	o.stmt = strings.TrimSpace(rest)
	return o, nil
}

func timeitLine(s *Session, c *magicCall) (map[string]any, *cellErr) {
	o, cerr := parseTimeit(c.args)
	if cerr != nil {
		return nil, cerr
	}
	if o.stmt == "" {
		return nil, usageError("%timeit needs a statement to time")
	}
	return s.timeit(c, o, "", o.stmt, c.line)
}

func timeitCell(s *Session, c *magicCall) (map[string]any, *cellErr) {
	o, cerr := parseTimeit(c.args)
	if cerr != nil {
		return nil, cerr
	}
	return s.timeit(c, o, o.stmt, c.body, c.line+1)
}

// timerFunc is the function %timeit compiles the statement into.
const timerFunc = "_ggtimeit"

// timeit compiles stmt into a loop in a function, then calls it: once per
// power of ten of loops until a call takes 0.2 s (when -n is not given, as
// IPython chooses), then repeat times. Only the loop is timed, inside the
// interpreter, so compiling the call costs nothing. setup runs before each
// timed loop. The statement keeps its cell line: the function's head is on
// the line before it (the magic's own).
func (s *Session) timeit(c *magicCall, o timeitOpts, setup, stmt string, line int) (map[string]any, *cellErr) {
	stmt = discardValue(stmt)
	src := strings.Repeat("\n", max(0, line-2)) +
		"func " + timerFunc + "(_ggn int) int64 { " + setup + "; _ggt0 := " + rtName + ".Nanotime(); for _ggi := 0; _ggi < _ggn; _ggi++ {"
	if line == 1 {
		// A line magic on the cell's first line: the head shares it.
		src += " " + stmt + "\n}\nreturn " + rtName + ".Nanotime() - _ggt0\n}"
	} else {
		src += "\n" + stmt + "\n}\nreturn " + rtName + ".Nanotime() - _ggt0\n}"
	}
	if _, cerr := s.safeRun(c.ctx, src); cerr != nil {
		return nil, cerr
	}
	loop := func(n int) (float64, *cellErr) {
		s.timedNs = -1
		if _, cerr := s.safeRun(c.ctx, fmt.Sprintf("%s.Timed(%s(%d))", rtName, timerFunc, n)); cerr != nil {
			return 0, cerr
		}
		return float64(s.timedNs) / 1e9, nil
	}
	number := o.number
	if number == 0 {
		for i := 0; i < 10; i++ {
			number = int(math.Pow10(i))
			t, cerr := loop(number)
			if cerr != nil {
				return nil, cerr
			}
			if t >= 0.2 {
				break
			}
		}
	}
	runs := make([]float64, o.repeat)
	for i := range runs {
		t, cerr := loop(number)
		if cerr != nil {
			return nil, cerr
		}
		runs[i] = t / float64(number)
	}
	s.print(timeitReport(runs, number))
	return nil, nil
}

// discardValue turns a statement that is an expression other than a call
// into `_ = expr`: Go does not let a value go unused.
func discardValue(stmt string) string {
	e, err := parser.ParseExpr(stmt)
	if err != nil {
		return stmt
	}
	if _, isCall := e.(*ast.CallExpr); isCall {
		return stmt
	}
	return "_ = " + stmt
}

// timeitReport is IPython's %timeit line, after its warning when the
// slowest run took more than four times the fastest.
func timeitReport(runs []float64, number int) string {
	mean, best, worst := 0.0, math.Inf(1), 0.0
	for _, r := range runs {
		mean += r
		best, worst = min(best, r), max(worst, r)
	}
	mean /= float64(len(runs))
	dev := 0.0
	for _, r := range runs {
		dev += (r - mean) * (r - mean)
	}
	std := math.Sqrt(dev / float64(len(runs)))
	var b strings.Builder
	if best > 0 && worst > 4*best && worst > 1e-6 {
		fmt.Fprintf(&b, "The slowest run took %0.2f times longer than the fastest. This could mean that an intermediate result is being cached.\n", worst/best)
	}
	fmt.Fprintf(&b, "%s \u00b1 %s per loop (mean \u00b1 std. dev. of %d run%s, %s loop%s each)\n",
		formatTime(mean), formatTime(std), len(runs), plural(len(runs)), thousands(number), plural(number))
	return b.String()
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// thousands writes n with commas between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
