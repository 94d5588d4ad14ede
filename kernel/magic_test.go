package kernel_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The magics, each run through the kernel over real sockets.

var (
	cpuTimesRE = regexp.MustCompile(`^CPU times: user [\d.e+]+ (s|ms|µs|ns), sys: [\d.e+]+ (s|ms|µs|ns), total: [\d.e+]+ (s|ms|µs|ns)\nWall time: [\d.e+]+ (s|ms|µs|ns)\n$`)
	// timeitRE reads IPython's %timeit line, as IPython 8.5 prints it:
	// "46 ns ± 6.34 ns per loop (mean ± std. dev. of 7 runs, 10,000,000 loops each)",
	// after the warning IPython prints first when the slowest run took over four
	// times the fastest (a busy machine can make that happen to any statement).
	timeitRE = regexp.MustCompile(`^(?:The slowest run took [\d.]+ times longer than the fastest\. This could mean that an intermediate result is being cached\.\n)?([\d.e+]+) (s|ms|µs|ns) ± ([\d.e+]+) (s|ms|µs|ns) per loop \(mean ± std\. dev\. of (\d+) runs?, ([\d,]+) loops? each\)\n$`)
)

// printed is what a cell that must succeed printed on stdout.
func printed(t *testing.T, c *client, code string) string {
	t.Helper()
	return streamText(t, ok(t, c, code), "stdout")
}

func TestTimeitLineParsesAsIPythons(t *testing.T) {
	// Printed by Debian's IPython 8.5 (%timeit x=1; %timeit -n 1 -r 1 ...; %timeit -n 1 -r 7
	// time.sleep(random.choice([0.00001, 0.003]))).
	for _, ipython := range []string{
		"46 ns ± 6.34 ns per loop (mean ± std. dev. of 7 runs, 10,000,000 loops each)\n",
		"10.3 µs ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)\n",
		"The slowest run took 34.75 times longer than the fastest. This could mean that an intermediate result is being cached.\n" +
			"1.38 ms ± 1.48 ms per loop (mean ± std. dev. of 7 runs, 1 loop each)\n",
	} {
		if !timeitRE.MatchString(ipython) {
			t.Fatalf("the pattern does not read IPython's own line %q", ipython)
		}
	}
}

func TestMagicTime(t *testing.T) {
	c := sessionKernel(t)
	msgs := ok(t, c, "%time x := 21 * 2")
	if out := streamText(t, msgs, "stdout"); !cpuTimesRE.MatchString(out) {
		t.Errorf("%%time printed %q", out)
	}
	if got := result(t, c, "%time x * 2"); got != "84" {
		t.Errorf("%%time x * 2 shows %q", got)
	}
	msgs = ok(t, c, "%%time\ny := x + 1\nfmt.Println(\"ran\")\ny")
	if out := streamText(t, msgs, "stdout"); !strings.HasPrefix(out, "ran\n") || !cpuTimesRE.MatchString(strings.TrimPrefix(out, "ran\n")) {
		t.Errorf("%%%%time printed %q", out)
	}
	if m := find(msgs, "execute_result"); m == nil || content(t, m)["data"].(map[string]any)["text/plain"] != "43" {
		t.Errorf("%%%%time cell: no result 43 in %s", msgTypes(msgs))
	}
}

func TestMagicTimeit(t *testing.T) {
	c := sessionKernel(t)
	ok(t, c, "x := 3")
	for _, tc := range []struct {
		code         string
		runs, loops  string
		autoLoopsMin int
	}{
		{"%timeit -n 100 -r 3 x * 2", "3", "100", 0},
		{"%timeit -n1 -r1 autograd.Ones(2).Sum()", "1", "1", 0},
		{"%timeit x + 1", "7", "", 1000},
		{"%%timeit -n 10 -r 2 s := 0\ns += x", "2", "10", 0},
	} {
		out := printed(t, c, tc.code)
		m := timeitRE.FindStringSubmatch(out)
		if m == nil {
			t.Errorf("%q printed %q, not IPython's line", tc.code, out)
			continue
		}
		if m[5] != tc.runs || (tc.loops != "" && m[6] != tc.loops) {
			t.Errorf("%q: %s runs of %s loops, want %s of %s", tc.code, m[5], m[6], tc.runs, tc.loops)
		}
		if tc.autoLoopsMin > 0 {
			// IPython's choice: a power of ten whose loop takes 0.2 s.
			loops := strings.ReplaceAll(m[6], ",", "")
			if !regexp.MustCompile(`^10*$`).MatchString(loops) || len(loops) < 4 {
				t.Errorf("%q chose %s loops, want a power of ten of at least 1,000 for a statement this fast", tc.code, m[6])
			}
		}
	}
	e := failing(t, c, "%timeit -n 10 undefinedName + 1")
	if e["ename"] != "CompileError" {
		t.Errorf("timing an undefined name: %v", e)
	}
}

func TestMagicWhoWhosReset(t *testing.T) {
	c := sessionKernel(t)
	if out := printed(t, c, "%who"); out != "Interactive namespace is empty.\n" {
		t.Errorf("%%who on nothing printed %q", out)
	}
	ok(t, c, "t := autograd.Ones(2, 3)\nn := 7\nfunc f(v float64) float64 { return v }")
	if out := printed(t, c, "%who"); out != "f\t n\t t\t \n" {
		t.Errorf("%%who printed %q", out)
	}
	// IPython's layout: each column as wide as its widest entry plus 3, a
	// space before Data/Info, dashes under the whole header.
	want := "Variable   Type                       Data/Info\n" +
		"-----------------------------------------------\n" +
		"f          func(v float64) float64    func f\n" +
		"n          int                        7\n" +
		"t          *autograd.Tensor           2x3: 6 elems, type `float32`, 24 bytes\n"
	if out := printed(t, c, "%whos"); out != want {
		t.Errorf("%%whos printed\n%s\nwant\n%s", out, want)
	}
	ok(t, c, "%reset -f")
	if out := printed(t, c, "%who"); out != "Interactive namespace is empty.\n" {
		t.Errorf("%%who after %%reset -f printed %q", out)
	}
	if e := failing(t, c, "n"); e["ename"] != "CompileError" {
		t.Errorf("n after reset: %v", e)
	}
	if got := result(t, c, "n := 2\nfloat64(n) * autograd.Ones(1).Sum().Item()"); got != "2" {
		t.Errorf("after reset a cell shows %q", got)
	}
}

func TestMagicShell(t *testing.T) {
	c := sessionKernel(t)
	msgs := ok(t, c, "x := 1\n!echo hello; echo oops >&2; exit 3\nfmt.Println(x + 1)")
	if out := streamText(t, msgs, "stdout"); out != "hello\n2\n" {
		t.Errorf("stdout %q", out)
	}
	if errOut := streamText(t, msgs, "stderr"); errOut != "oops\nexit status 3\n" {
		t.Errorf("stderr %q", errOut)
	}
	// Output streams while the command runs.
	id := c.request("shell", "execute_request", map[string]any{"code": "!echo first; sleep 1; echo second"})
	start := time.Now()
	var firstAt time.Duration
	for {
		m := c.recv(c.iopubCh, 10*time.Second)
		if m.Header.MsgType == "stream" && strings.Contains(content(t, m)["text"].(string), "first") && firstAt == 0 {
			firstAt = time.Since(start)
		}
		if m.Header.MsgType == "status" && content(t, m)["execution_state"] == "idle" && parentID(m) == id {
			break
		}
	}
	c.reply(c.shellCh, id, 10*time.Second)
	if firstAt == 0 || firstAt > 900*time.Millisecond {
		t.Errorf("the first line came after %v, not before the command ended", firstAt)
	}
}

func TestMagicEnvCdPwdWritefile(t *testing.T) {
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	dir, _ := filepath.EvalSymlinks(t.TempDir())
	c := sessionKernel(t)

	if out := printed(t, c, "%env GOGRAD_MAGIC=abc def"); out != "env: GOGRAD_MAGIC=abc def\n" {
		t.Errorf("%%env set printed %q", out)
	}
	if got := result(t, c, "%env GOGRAD_MAGIC"); got != `"abc def"` {
		t.Errorf("%%env GOGRAD_MAGIC shows %q", got)
	}
	if got := result(t, c, "import \"os\"\nos.Getenv(\"GOGRAD_MAGIC\")"); got != `"abc def"` {
		t.Errorf("a cell sees %q", got)
	}
	if got := result(t, c, "%env"); !strings.Contains(got, `"GOGRAD_MAGIC": "abc def"`) {
		t.Errorf("%%env shows no GOGRAD_MAGIC: %.200s", got)
	}

	if out := printed(t, c, "%cd "+dir); out != dir+"\n" {
		t.Errorf("%%cd printed %q", out)
	}
	if got := result(t, c, "%pwd"); got != `"`+dir+`"` {
		t.Errorf("%%pwd shows %s", got)
	}
	if out := printed(t, c, "%cd -"); out != wd+"\n" {
		t.Errorf("%%cd - printed %q, want %q", out, wd)
	}
	if e := failing(t, c, "%cd /no/such/dir"); e["ename"] != "UsageError" {
		t.Errorf("%%cd to nowhere: %v", e)
	}

	file := filepath.Join(dir, "notes.txt")
	for _, step := range []struct{ code, out, content string }{
		{"%%writefile " + file + "\nline 1", "Writing " + file + "\n", "line 1\n"},
		{"%%writefile " + file + "\nline A", "Overwriting " + file + "\n", "line A\n"},
		{"%%writefile -a " + file + "\nline B\n", "Appending to " + file + "\n", "line A\nline B\n"},
	} {
		if out := printed(t, c, step.code); out != step.out {
			t.Errorf("%q printed %q, want %q", step.code, out, step.out)
		}
		if b, _ := os.ReadFile(file); string(b) != step.content {
			t.Errorf("after %q the file holds %q, want %q", step.code, b, step.content)
		}
	}
}

func TestMagicListsAndMistypes(t *testing.T) {
	c := sessionKernel(t)
	ls := result(t, c, "%lsmagic")
	for _, want := range []string{"Available line magics:\n", "%timeit", "Available cell magics:\n", "%%writefile", "Automagic is OFF"} {
		if !strings.Contains(ls, want) {
			t.Errorf("%%lsmagic lacks %q:\n%s", want, ls)
		}
	}
	if help := result(t, c, "%help"); !strings.Contains(help, "%%writefile [-a] file\n") || !strings.Contains(help, "%whos\n") {
		t.Errorf("%%help:\n%s", help)
	}
	e := failing(t, c, "%tiemit x")
	if e["ename"] != "UsageError" || !strings.Contains(e["evalue"].(string), "Line magic function `%tiemit` not found") ||
		!strings.Contains(e["evalue"].(string), "%timeit") {
		t.Errorf("mistyped magic: %v", e)
	}
	e = failing(t, c, "%%tme\nx := 1")
	if e["ename"] != "UsageError" || !strings.Contains(e["evalue"].(string), "%%time") {
		t.Errorf("mistyped cell magic: %v", e)
	}
}

func TestMagicCompletionAndIsComplete(t *testing.T) {
	c := sessionKernel(t)
	id := c.request("shell", "complete_request", map[string]any{"code": "%ti", "cursor_pos": 3})
	got := content(t, c.reply(c.shellCh, id, 5*time.Second))
	if m := got["matches"].([]any); len(m) != 2 || m[0] != "%time" || m[1] != "%timeit" || got["cursor_start"] != float64(0) {
		t.Errorf("complete %%ti: %v", got)
	}
	id = c.request("shell", "complete_request", map[string]any{"code": "x := 1\n%%wr", "cursor_pos": 11})
	if m := content(t, c.reply(c.shellCh, id, 5*time.Second))["matches"].([]any); len(m) != 1 || m[0] != "%%writefile" {
		t.Errorf("complete %%%%wr: %v", m)
	}
	for code, want := range map[string]string{
		"%time x := 1": "complete", "!ls": "complete", "%%time": "incomplete",
		"%%time\nx := 1": "incomplete", "%%time\nx := 1\n": "complete",
	} {
		id := c.request("shell", "is_complete_request", map[string]any{"code": code})
		if got := content(t, c.reply(c.shellCh, id, 5*time.Second))["status"]; got != want {
			t.Errorf("is_complete %q = %v, want %s", code, got, want)
		}
	}
}
