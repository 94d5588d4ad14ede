package session

import "testing"

// formatTime writes times as IPython's _format_time does; the expected
// strings are IPython 8.5's (Debian's), computed for these inputs.
func TestFormatTimeAsIPython(t *testing.T) {
	for _, tc := range []struct {
		sec  float64
		want string
	}{
		{46e-9, "46 ns"}, {6.34e-9, "6.34 ns"}, {8.01e-6, "8.01 µs"}, {1.36e-6, "1.36 µs"},
		{0.0717, "71.7 ms"}, {0.232e-3, "232 µs"}, {0, "0 ns"}, {1, "1 s"}, {5.678, "5.68 s"},
		{59.9, "59.9 s"}, {60, "1min"}, {65.5, "1min 5s"}, {7261, "2h 1min 1s"}, {1e-10, "0.1 ns"},
		{999.5e-6, "1e+03 µs"}, {0.9995, "1e+03 ms"},
	} {
		if got := formatTime(tc.sec); got != tc.want {
			t.Errorf("formatTime(%v) = %q, want %q", tc.sec, got, tc.want)
		}
	}
}

// The %timeit line: IPython's words, plurals and thousands separators.
func TestTimeitReport(t *testing.T) {
	for _, tc := range []struct {
		runs   []float64
		number int
		want   string
	}{
		{[]float64{46e-9, 46e-9}, 10000000, "46 ns ± 0 ns per loop (mean ± std. dev. of 2 runs, 10,000,000 loops each)\n"},
		{[]float64{10.3e-6}, 1, "10.3 µs ± 0 ns per loop (mean ± std. dev. of 1 run, 1 loop each)\n"},
		{[]float64{1e-3, 3e-3}, 100, "2 ms ± 1 ms per loop (mean ± std. dev. of 2 runs, 100 loops each)\n"},
		{[]float64{1e-3, 5e-3}, 1000, "The slowest run took 5.00 times longer than the fastest. This could mean that an intermediate result is being cached.\n" +
			"3 ms ± 2 ms per loop (mean ± std. dev. of 2 runs, 1,000 loops each)\n"},
	} {
		if got := timeitReport(tc.runs, tc.number); got != tc.want {
			t.Errorf("timeitReport(%v, %d) = %q, want %q", tc.runs, tc.number, got, tc.want)
		}
	}
}

// Magic lines and Go lines of one cell run in order; a Go line that
// continues onto a `!x` line keeps it.
func TestSplitMagics(t *testing.T) {
	ps := splitMagics("x := 1\n%time y := x\nok := x > 0 &&\n\t!false\n!echo hi")
	want := []piece{{'g', "x := 1", 1}, {'%', "time y := x", 2}, {'g', "ok := x > 0 &&\n\t!false", 3}, {'!', "echo hi", 5}}
	if len(ps) != len(want) {
		t.Fatalf("pieces %+v, want %+v", ps, want)
	}
	for i := range ps {
		if ps[i] != want[i] {
			t.Errorf("piece %d = %+v, want %+v", i, ps[i], want[i])
		}
	}
}
