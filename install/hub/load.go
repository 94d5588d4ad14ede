package hub

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gograd/gograd/notebooks"
)

// Load describes one class at work: Students students log in at once, start
// their servers and, each in turn, open every notebook in a fresh kernel of
// kernelspec Kernel and run its code cells one by one, comparing each cell's
// outputs with the saved ones. Student i starts at notebook i mod len, so all
// notebooks run at the same time.
type Load struct {
	Students  int
	Kernel    string   // kernelspec name: "gograd" or "python3"
	Notebooks []string // .ipynb paths
	// Prefix starts the students' names, so runs on one hub do not share users.
	Prefix string
	// MaxCells, when positive, bounds the code cells run per notebook.
	MaxCells int
	// CellTimeout bounds one cell; the whole run is bounded by the context.
	CellTimeout time.Duration
	// Password is the class password the hub was started with.
	Password string
}

// Report is what a load run measured.
type Report struct {
	Kernel   string
	Students int
	Wall     time.Duration

	Cells  int // code cells executed
	Failed int // cells with no reply: timeout, dead kernel, closed channel
	Differ int // cells whose outputs differ from the saved ones
	Errors int // cells whose reply status was "error" (expected or not)

	Latencies []time.Duration // every answered cell, sorted

	KernelIdle []Mem // each kernel right after it first answered
	KernelPeak []Mem // each kernel's largest sample while it ran
	ServerPeak []Mem // each student's server process (without kernels), largest sample
	HubPeak    Mem   // the hub and its proxy, largest sample

	Problems []string // the first problems found, for the reader
	Slowest  string   // where the slowest cell was: student, notebook, code cell

	slowest time.Duration
}

type kernelWatch struct {
	id   string
	pid  int
	peak Mem
}

// sampler tracks memory of the hub, the servers and the kernels in use.
type sampler struct {
	mu      sync.Mutex
	hubPid  int
	kernels map[string]*kernelWatch
	servers map[int]Mem // by pid
	hub     Mem
}

func (s *sampler) sample() {
	ps := processes()
	s.mu.Lock()
	defer s.mu.Unlock()
	var hubPids []int
	for _, p := range ps {
		if p.pid == s.hubPid || (p.ppid == s.hubPid && strings.Contains(p.cmdline, "configurable-http-proxy")) {
			hubPids = append(hubPids, p.pid)
		}
		if p.ppid == s.hubPid && strings.Contains(p.cmdline, "jupyterhub-singleuser") {
			m := treeMem([]int{p.pid})
			s.servers[p.pid] = maxMem(s.servers[p.pid], m)
		}
	}
	s.hub = maxMem(s.hub, treeMem(hubPids))
	for _, k := range s.kernels {
		if k.pid == 0 {
			k.pid = kernelPid(ps, k.id)
		}
		if k.pid != 0 {
			k.peak = maxMem(k.peak, treeMem(descendants(ps, k.pid)))
		}
	}
}

func maxMem(a, b Mem) Mem { return Mem{max(a.RSS, b.RSS), max(a.PSS, b.PSS)} }

// Run executes the load on the hub.
func (h *Hub) Run(ctx context.Context, l Load) (*Report, error) {
	type nb struct {
		name  string
		cells []notebooks.Cell
	}
	var nbs []nb
	for _, path := range l.Notebooks {
		n, err := notebooks.ReadNotebook(path)
		if err != nil {
			return nil, err
		}
		var code []notebooks.Cell
		for _, c := range n.Cells {
			if c.Type == "code" && (l.MaxCells <= 0 || len(code) < l.MaxCells) {
				code = append(code, c)
			}
		}
		nbs = append(nbs, nb{strings.TrimSuffix(filepath.Base(path), ".ipynb"), code})
	}
	if len(nbs) == 0 {
		return nil, fmt.Errorf("no notebooks to run")
	}
	if l.CellTimeout == 0 {
		l.CellTimeout = 5 * time.Minute
	}
	var names []string
	for i := range l.Students {
		names = append(names, fmt.Sprintf("%s%02d", l.Prefix, i+1))
	}
	if err := h.Enrol(ctx, names); err != nil {
		return nil, fmt.Errorf("enrol: %w", err)
	}

	rep := &Report{Kernel: l.Kernel, Students: l.Students}
	smp := &sampler{hubPid: h.Pid(), kernels: map[string]*kernelWatch{}, servers: map[int]Mem{}}
	stopSampling := make(chan struct{})
	var sampling sync.WaitGroup
	sampling.Add(1)
	go func() {
		defer sampling.Done()
		for {
			smp.sample()
			select {
			case <-stopSampling:
				return
			case <-time.After(200 * time.Millisecond):
			}
		}
	}()

	var mu sync.Mutex // guards rep
	problem := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(rep.Problems) < 20 {
			rep.Problems = append(rep.Problems, fmt.Sprintf(format, args...))
		}
	}
	start := time.Now()
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := h.Login(ctx, name, l.Password)
			if err != nil {
				problem("%s: login: %v", name, err)
				mu.Lock()
				rep.Failed++
				mu.Unlock()
				return
			}
			if err := st.StartServer(ctx); err != nil {
				problem("%s: start server: %v", name, err)
				mu.Lock()
				rep.Failed++
				mu.Unlock()
				return
			}
			for j := range nbs {
				n := nbs[(i+j)%len(nbs)]
				if err := h.runNotebook(ctx, st, l, n.name, n.cells, smp, rep, &mu, problem); err != nil {
					problem("%s %s: %v", name, n.name, err)
					mu.Lock()
					rep.Failed++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	rep.Wall = time.Since(start)
	close(stopSampling)
	sampling.Wait()
	smp.sample()
	slices.Sort(rep.Latencies)
	for _, m := range smp.servers {
		rep.ServerPeak = append(rep.ServerPeak, m)
	}
	rep.HubPeak = smp.hub
	return rep, nil
}

// runNotebook runs one notebook's code cells in a fresh kernel.
func (h *Hub) runNotebook(ctx context.Context, st *Student, l Load, name string, cells []notebooks.Cell,
	smp *sampler, rep *Report, mu *sync.Mutex, problem func(string, ...any)) error {
	k, err := st.StartKernel(ctx, l.Kernel)
	if err != nil {
		return fmt.Errorf("start kernel: %w", err)
	}
	defer func() {
		k.Close()
		sctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		st.ShutdownKernel(sctx, k.ID)
	}()
	if err := k.Info(2 * time.Minute); err != nil {
		return fmt.Errorf("kernel_info: %w", err)
	}
	w := &kernelWatch{id: k.ID}
	smp.mu.Lock()
	smp.kernels[k.ID] = w
	smp.mu.Unlock()
	smp.sample()
	smp.mu.Lock()
	idle := w.peak
	smp.mu.Unlock()
	defer func() {
		smp.sample()
		smp.mu.Lock()
		delete(smp.kernels, k.ID)
		peak := w.peak
		smp.mu.Unlock()
		mu.Lock()
		rep.KernelIdle = append(rep.KernelIdle, idle)
		rep.KernelPeak = append(rep.KernelPeak, peak)
		mu.Unlock()
	}()
	for i, c := range cells {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		res, err := k.Execute(c.Source(), l.CellTimeout)
		mu.Lock()
		rep.Cells++
		if err != nil {
			rep.Failed++
		} else {
			if res.Latency > rep.slowest {
				rep.slowest = res.Latency
				rep.Slowest = fmt.Sprintf("%s %s code cell %d: %v", st.Name, name, i, res.Latency.Round(time.Millisecond))
			}
			rep.Latencies = append(rep.Latencies, res.Latency)
			if res.Status == "error" {
				rep.Errors++
			}
		}
		mu.Unlock()
		if err != nil {
			problem("%s %s cell %d: %v", st.Name, name, i, err)
			if err == ErrKernelDied {
				return nil // counted; the rest of this notebook has no state to run on
			}
			continue
		}
		if probs := notebooks.OutputProblems(c.Outputs, res.Outputs); len(probs) > 0 {
			mu.Lock()
			rep.Differ++
			mu.Unlock()
			problem("%s %s code cell %d: %s", st.Name, name, i, strings.Join(probs, "; "))
		}
	}
	return nil
}

// Percentile is the q-quantile (0..1) of the sorted latencies, nearest rank.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

// median of memory samples by RSS.
func medianMem(ms []Mem) Mem {
	if len(ms) == 0 {
		return Mem{}
	}
	s := slices.Clone(ms)
	slices.SortFunc(s, func(a, b Mem) int { return int(a.RSS - b.RSS) })
	return s[len(s)/2]
}

func maxOf(ms []Mem) Mem {
	var m Mem
	for _, x := range ms {
		m = maxMem(m, x)
	}
	return m
}

// Summary is one row of the load table.
type Summary struct {
	Kernel                    string
	Students                  int
	Cells, Failed, Differ     int
	Errors                    int
	IdleRSS, PeakRSS, PeakPSS int64 // per kernel: median idle, median and largest peak
	MaxPeakRSS                int64
	ServerRSS, HubRSS         int64
	P50, P95, Max             time.Duration
	Wall                      time.Duration
	// PerStudent is what one more student costs while running a notebook:
	// their server and one kernel at its median peak (PSS, since the kernel
	// binary's and Python's shared pages are paid once per machine).
	PerStudent int64
}

// Summarise reduces a report to the table's row.
func (r *Report) Summarise() Summary {
	peak := medianMem(r.KernelPeak)
	srv := medianMem(r.ServerPeak)
	return Summary{
		Kernel: r.Kernel, Students: r.Students,
		Cells: r.Cells, Failed: r.Failed, Differ: r.Differ, Errors: r.Errors,
		IdleRSS: medianMem(r.KernelIdle).RSS, PeakRSS: peak.RSS, PeakPSS: peak.PSS,
		MaxPeakRSS: maxOf(r.KernelPeak).RSS,
		ServerRSS:  srv.RSS, HubRSS: r.HubPeak.RSS,
		P50: Percentile(r.Latencies, 0.5), P95: Percentile(r.Latencies, 0.95), Max: Percentile(r.Latencies, 1),
		Wall:       r.Wall,
		PerStudent: peak.PSS + srv.PSS,
	}
}

// StudentsPer estimates how many students fit in mem bytes: the hub's share
// first, then one server and one running kernel per student.
func (s Summary) StudentsPer(mem int64) int64 {
	if s.PerStudent <= 0 {
		return 0
	}
	return (mem - s.HubRSS) / s.PerStudent
}

const mib = 1 << 20

// Header is the load table's heading, in Markdown.
const Header = "| kernel | students | cells | failed | differ | errors | kernel RSS idle | kernel RSS peak (median / max) | kernel PSS peak | server RSS | hub+proxy RSS | p50 | p95 | max | wall | students / 24 GiB |\n" +
	"|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"

// Row is the summary as a Markdown table row.
func (s Summary) Row() string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond)) }
	return fmt.Sprintf("| %s | %d | %d | %d | %d | %d | %.0f MiB | %.0f / %.0f MiB | %.0f MiB | %.0f MiB | %.0f MiB | %s | %s | %s | %.0f s | %d |",
		s.Kernel, s.Students, s.Cells, s.Failed, s.Differ, s.Errors,
		float64(s.IdleRSS)/mib, float64(s.PeakRSS)/mib, float64(s.MaxPeakRSS)/mib, float64(s.PeakPSS)/mib,
		float64(s.ServerRSS)/mib, float64(s.HubRSS)/mib, ms(s.P50), ms(s.P95), ms(s.Max), s.Wall.Seconds(),
		s.StudentsPer(24<<30))
}

// NotebooksFor lists the notebooks a kernel runs in a load: for gograd the
// ports of the five seeds, for ipykernel ("python3") the seeds' PyTorch
// reference notebooks (../shared beside the repository, or $GOGRAD_SHARED_DIR),
// so that both kernels carry the same class's work. The tutorials ported
// beyond the seeds (those with a reference in notebooks/reference) have no
// counterpart there and are left out.
func NotebooksFor(repo, kernel string) ([]string, error) {
	dir := filepath.Join(repo, "notebooks")
	if kernel == "python3" {
		shared := os.Getenv("GOGRAD_SHARED_DIR")
		if shared == "" {
			shared = filepath.Join(repo, "..", "shared")
		}
		dir = filepath.Join(shared, "reference", "pytorch")
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.ipynb"))
	if kernel != "python3" {
		paths = slices.DeleteFunc(paths, func(p string) bool {
			_, err := os.Stat(filepath.Join(dir, "reference", filepath.Base(p)))
			return err == nil
		})
	}
	if err == nil && len(paths) == 0 {
		err = fmt.Errorf("no notebooks in %s", dir)
	}
	slices.Sort(paths)
	return paths, err
}
