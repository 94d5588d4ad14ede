package session

import (
	"strings"
	"testing"
)

// TestImportLinked imports the third-party packages the kernel links and uses
// them; the variables of earlier cells are still there after each import.
func TestImportLinked(t *testing.T) {
	s := New()
	run(t, s, "before := 41")
	cases := []struct {
		name string
		code string
		want string // in the cell's stdout or shown value
	}{
		{"mat", `import "gonum.org/v1/gonum/mat"
a := mat.NewDense(2, 2, []float64{4, 7, 2, 6})
var inv mat.Dense
if err := inv.Inverse(a); err != nil { panic(err) }
fmt.Printf("%.1f\n", mat.Formatted(&inv))`,
			// numpy.linalg.inv([[4, 7], [2, 6]]) = [[0.6, -0.7], [-0.2, 0.4]]
			"⎡ 0.6  -0.7⎤\n⎣-0.2   0.4⎦\n"},
		{"stat", `import "gonum.org/v1/gonum/stat"
fmt.Println(stat.Mean([]float64{1, 2, 3, 4}, nil), stat.Variance([]float64{1, 2, 3, 4}, nil))`,
			// numpy: mean 2.5, var(ddof=1) 1.6666666666666667
			"2.5 1.6666666666666667\n"},
		{"uuid", `import "github.com/google/uuid"
u := uuid.MustParse("6ba7b810-9dad-11d1-80b4-00c04fd430c8")
fmt.Println(int(u.Version()), uuid.NewSHA1(uuid.NameSpaceDNS, []byte("python.org")))`,
			// Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") = 886313e1-3b8a-5372-9b90-0c9aee199e5d
			"1 886313e1-3b8a-5372-9b90-0c9aee199e5d\n"},
	}
	for _, c := range cases {
		r, _ := run(t, s, c.code)
		if got := r.Out(); got != c.want {
			t.Errorf("%s: stdout %q, want %q", c.name, got, c.want)
		}
		_, data := run(t, s, "before + 1")
		if text(data) != "42" {
			t.Errorf("after importing %s, before+1 = %q, want 42", c.name, text(data))
		}
	}
	// A later cell uses the package without importing it again, and a
	// repeated import is no error.
	r, _ := run(t, s, `import "gonum.org/v1/gonum/mat"
fmt.Println(mat.Det(a))`)
	if !strings.HasPrefix(r.Out(), "10") {
		t.Errorf("det = %q, want 10 (4*6 - 7*2)", r.Out())
	}
}
