package kernel_test

import (
	"strings"
	"testing"
)

// TestSessionImports imports third-party packages through the protocol: the
// ones the kernel links work at once and keep earlier variables; a module
// that cannot be fetched (downloads off) is an ImportError, after which the
// session goes on.
func TestSessionImports(t *testing.T) {
	t.Setenv("GOPROXY", "off") // the go command the session runs inherits it
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	c := sessionKernel(t)
	ok(t, c, "before := 41")
	msgs := ok(t, c, `import "gonum.org/v1/gonum/mat"
a := mat.NewDense(2, 2, []float64{4, 7, 2, 6})
var inv mat.Dense
if err := inv.Inverse(a); err != nil {
	panic(err)
}
fmt.Printf("%.2f\n", mat.Formatted(&inv))`)
	// numpy.linalg.inv([[4, 7], [2, 6]]) = [[0.6, -0.7], [-0.2, 0.4]]
	if got, want := streamText(t, msgs, "stdout"), "⎡ 0.60  -0.70⎤\n⎣-0.20   0.40⎦\n"; got != want {
		t.Errorf("inverse printed %q, want %q", got, want)
	}
	if got := result(t, c, "import \"gonum.org/v1/gonum/stat\"\nstat.Mean([]float64{1, 2, 3, 4}, nil) + float64(before)"); got != "43.5" {
		t.Errorf("stat.Mean + before = %q, want 43.5", got)
	}
	if got := result(t, c, "import \"github.com/google/uuid\"\nuuid.NewSHA1(uuid.NameSpaceDNS, []byte(\"python.org\")).String()"); got != `"886313e1-3b8a-5372-9b90-0c9aee199e5d"` {
		t.Errorf("uuid5 = %s, want Python's uuid.uuid5(NAMESPACE_DNS, 'python.org')", got)
	}
	got := failing(t, c, `import "example.com/not/fetched"`)
	if got["ename"] != "ImportError" || !strings.Contains(got["evalue"].(string), "cannot download example.com/not/fetched: module downloads are off (GOPROXY=off)") {
		t.Errorf("import with downloads off: %v", got)
	}
	if got := result(t, c, "before + 1"); got != "42" {
		t.Errorf("before + 1 = %q after the imports", got)
	}
}
