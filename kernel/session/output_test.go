package session

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestOutputStreamsWhileCellRuns(t *testing.T) {
	s := New()
	start := time.Now()
	r, _ := run(t, s, "import \"time\"\nfmt.Println(\"first\")\ntime.Sleep(600 * time.Millisecond)\nfmt.Println(\"second\")")
	end := time.Now()
	if r.Out() != "first\nsecond\n" {
		t.Fatalf("stdout %q", r.Out())
	}
	if r.nStdout < 2 {
		t.Errorf("stdout came in %d message(s), want the first line sent before the sleep ended", r.nStdout)
	}
	// The first line must not wait for the end of the cell (0.6 s later).
	if !r.firstOut.Before(end.Add(-300 * time.Millisecond)) {
		t.Errorf("first output at %v of a %v cell: not streamed", r.firstOut.Sub(start), end.Sub(start))
	}
}

func TestCompiledWritesToFileDescriptors(t *testing.T) {
	s := New()
	r, _ := run(t, s, "import \"os\"\nos.Stdout.WriteString(\"to fd 1\\n\")\nfmt.Fprintln(os.Stderr, \"to fd 2\")")
	if r.Out() != "to fd 1\n" {
		t.Errorf("stdout %q, want what was written to os.Stdout", r.Out())
	}
	if !strings.Contains(r.Err(), "to fd 2\n") {
		t.Errorf("stderr %q, want what was written to os.Stderr", r.Err())
	}
	// After the cell the descriptors are the process's own again: a write
	// now must not reach the finished cell.
	before := r.Out()
	time.Sleep(100 * time.Millisecond)
	if r.Out() != before {
		t.Errorf("output reached a finished cell")
	}
}

func TestStdoutAndStderrInterleave(t *testing.T) {
	s := New()
	var got []string
	rec := &orderRecorder{log: &got}
	if _, err := s.Execute(bg(), "import \"os\"\nfmt.Println(\"o1\")\nfmt.Fprintln(os.Stderr, \"e1\")\nfmt.Println(\"o2\")", rec); err != nil {
		t.Fatal(err)
	}
	want := []string{"out:o1\n", "err:e1\n", "out:o2\n"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("messages %q, want %q", got, want)
	}
}

func TestTenMegabytes(t *testing.T) {
	const n = 10 << 20
	tests := []struct{ name, code string }{
		{"fmt", "import \"strings\"\nfmt.Print(strings.Repeat(\"0123456789abcdef\", 1<<16*10))"},
		{"os.Stdout", "import \"os\"\nimport \"strings\"\nos.Stdout.WriteString(strings.Repeat(\"0123456789abcdef\", 1<<16*10))"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := New()
			run(t, s, "kept := 5")
			r, _ := run(t, s, tc.code)
			if got := len(r.Out()); got != n {
				t.Fatalf("received %d bytes, want %d", got, n)
			}
			if r.nStdout < 10 {
				t.Errorf("10 MB came in %d messages, want batches of at most %d bytes", r.nStdout, flushSize)
			}
			if _, data := run(t, s, "kept"); text(data) != "5" {
				t.Errorf("kept = %q after 10 MB of output", text(data))
			}
		})
	}
}

func TestBatchesKeepCharactersWhole(t *testing.T) {
	// A batch boundary falls inside a 3-byte character of a long line.
	s := New()
	r, _ := run(t, s, "import \"strings\"\nfmt.Print(\"x\" + strings.Repeat(\"€\", 100000))")
	if r.Out() != "x"+strings.Repeat("€", 100000) {
		t.Errorf("text damaged across batches")
	}
}

func TestInput(t *testing.T) {
	s := New()
	r := &recorder{inputs: []string{"Ada", "12 30"}}
	code := "import (\"bufio\"; \"os\"; \"strings\")\nfmt.Print(\"name? \")\nrd := bufio.NewReader(os.Stdin)\n" +
		"name, _ := rd.ReadString('\\n')\nvar a, b int\nfmt.Scan(&a, &b)\nfmt.Printf(\"%s:%d\\n\", strings.TrimSpace(name), a+b)"
	if _, err := s.Execute(bg(), code, r); err != nil {
		t.Fatal(err)
	}
	if r.prompts != 2 {
		t.Errorf("%d input requests, want 2", r.prompts)
	}
	if r.Out() != "name? Ada:42\n" {
		t.Errorf("stdout %q, want the answers used", r.Out())
	}
	// Without stdin (allow_stdin false) a read fails, and the cell sees it.
	_, data := run(t, s, "var z int\n_, err := fmt.Scan(&z)\nerr != nil")
	if text(data) != "true" {
		t.Errorf("Scan without stdin: err != nil is %q", text(data))
	}
}

// orderRecorder logs stream messages in arrival order.
type orderRecorder struct {
	recorder
	log *[]string
}

func (o *orderRecorder) Stdout(t string) { *o.log = append(*o.log, "out:"+t) }
func (o *orderRecorder) Stderr(t string) { *o.log = append(*o.log, "err:"+t) }

func bg() context.Context { return context.Background() }
