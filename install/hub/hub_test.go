package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gograd/gograd/notebooks"
)

// repoRoot is the module's root, two levels up from this package.
func repoRoot(t *testing.T) string {
	t.Helper()
	abs, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

// needHub skips (outside CI) or fails (in CI, which installs it) when Debian's
// jupyterhub is missing.
func needHub(t *testing.T) {
	t.Helper()
	for _, p := range []string{"/usr/bin/jupyterhub", "/usr/bin/jupyterhub-singleuser", "/usr/bin/configurable-http-proxy"} {
		if _, err := os.Stat(p); err != nil {
			msg := p + " not found; install it with: apt-get install -y jupyterhub python3-jupyter-server (or: go run ./install --test-deps)"
			if os.Getenv("CI") != "" {
				t.Fatal(msg)
			}
			t.Skip(msg)
		}
	}
}

// syncBuffer is the hub's log: the hub, the proxy and every server write to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// kernelAS is the tests' address-space limit per process: well above what
// the notebooks need (Go reserves about 0.7 GB at start), well below the
// machine's memory.
const kernelAS = 3 << 30

const password = "test-class-password"

// startHub starts a hub in test mode for the test and stops it at the end,
// showing its log when the test failed.
func startHub(t *testing.T) (*Hub, *syncBuffer) {
	t.Helper()
	needHub(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	log := &syncBuffer{}
	h, err := StartForRepo(ctx, repoRoot(t), t.TempDir(), Options{Password: password, KernelAS: kernelAS, Log: log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	t.Cleanup(func() {
		h.Stop()
		if t.Failed() {
			s := log.String()
			t.Logf("hub log (last 8000 bytes):\n%s", s[max(0, len(s)-8000):])
		}
	})
	return h, log
}

// TestClass is the "Done when": 8 students at once, each running all
// five ported notebooks cell by cell through the hub, every output equal to
// the saved one and no failed cell.
func TestClass(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a JupyterHub with 8 students through all notebooks (minutes); run without -short")
	}
	h, _ := startHub(t)
	nbs := portedNotebooks(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	const students = 8
	rep, err := h.Run(ctx, Load{Students: students, Kernel: "gograd", Notebooks: nbs, Prefix: "student", Password: password})
	if err != nil {
		t.Fatal(err)
	}
	s := rep.Summarise()
	t.Logf("\n%s\n%s", Header, s.Row())
	for _, p := range rep.Problems {
		t.Error(p)
	}
	cells := 0
	for _, path := range nbs {
		cells += codeCells(t, path)
	}
	if rep.Cells != students*cells {
		t.Errorf("%d cells executed, want %d students × %d code cells", rep.Cells, students, cells)
	}
	if rep.Failed != 0 || rep.Differ != 0 {
		t.Errorf("%d failed cells, %d with outputs unlike the saved ones; want none", rep.Failed, rep.Differ)
	}
	if len(rep.KernelPeak) != students*len(nbs) {
		t.Errorf("memory of %d kernels sampled, want %d", len(rep.KernelPeak), students*len(nbs))
	}
	for i, m := range rep.KernelPeak {
		if m.RSS == 0 || m.PSS == 0 || m.PSS > m.RSS {
			t.Errorf("kernel %d: peak RSS %d, PSS %d: not a sample of a live kernel", i, m.RSS, m.PSS)
			break
		}
	}
	if len(rep.ServerPeak) != students || rep.HubPeak.RSS == 0 {
		t.Errorf("%d servers sampled (want %d), hub RSS %d", len(rep.ServerPeak), students, rep.HubPeak.RSS)
	}
}

// portedNotebooks lists the ports of the five seeds.
func portedNotebooks(t *testing.T) []string {
	t.Helper()
	nbs, err := NotebooksFor(repoRoot(t), "gograd")
	if err != nil {
		t.Fatal(err)
	}
	if len(nbs) != 5 {
		t.Fatalf("%d ported notebooks, want 5: %v", len(nbs), nbs)
	}
	return nbs
}

// enrolled enrols a student, logs them in and starts their server.
func enrolled(t *testing.T, ctx context.Context, h *Hub, name string) *Student {
	t.Helper()
	if err := h.Enrol(ctx, []string{name}); err != nil {
		t.Fatal(err)
	}
	s, err := h.Login(ctx, name, password)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.StartServer(ctx); err != nil {
		t.Fatal(err)
	}
	return s
}

func codeCells(t *testing.T, path string) int {
	t.Helper()
	nb, err := notebooks.ReadNotebook(path)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, c := range nb.Cells {
		if c.Type == "code" {
			n++
		}
	}
	return n
}

// TestLogin checks the hub's side of a class: the REST login goes through the
// authenticator (a wrong password is refused), a student's token opens only
// their own server, and every server offers the gograd kernel (and Debian's
// ipykernel) and answers a cell.
func TestLogin(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a JupyterHub; run without -short")
	}
	h, _ := startHub(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := h.Enrol(ctx, []string{"ada", "bob"}); err != nil {
		t.Fatal(err)
	}
	var ae *APIError
	if _, err := h.Login(ctx, "ada", "not-the-password"); !errors.As(err, &ae) || ae.Status != 403 {
		t.Errorf("login with a wrong password: %v, want 403", err)
	}
	ada, err := h.Login(ctx, "ada", password)
	if err != nil {
		t.Fatal(err)
	}
	bob, err := h.Login(ctx, "bob", password)
	if err != nil {
		t.Fatal(err)
	}
	if err := ada.StartServer(ctx); err != nil {
		t.Fatal(err)
	}
	specs, err := ada.KernelSpecs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(specs, "gograd") || !slices.Contains(specs, "python3") {
		t.Errorf("kernelspecs %v, want gograd and python3", specs)
	}
	// Bob's token must not reach Ada's server.
	intruder := &Student{Name: "ada", Token: bob.Token, hub: h}
	if _, err := intruder.KernelSpecs(ctx); err == nil {
		t.Error("bob's token opened ada's server")
	}
	k, err := ada.StartKernel(ctx, "gograd")
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	if err := k.Info(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	res, err := k.Execute(`fmt.Println(autograd.New(3.0).Mul(2.0))`, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	// PyTorch prints torch.tensor(3.).mul(2.) as tensor(6.).
	if got := printed(res); got != "tensor(6.)\n" {
		t.Errorf("cell printed %q, want %q", got, "tensor(6.)\n")
	}
}

// TestFaults runs a small class while one student's kernel and server are
// broken in the three ways a course sees: a kernel killed in the middle of a
// cell, a server restarted, and a cell that allocates past the kernel's
// memory limit. The hub and the other students must not notice, and the
// broken student must get a clear signal and be able to carry on.
func TestFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a JupyterHub under load and breaks kernels; run without -short")
	}
	h, log := startHub(t)
	nbs := portedNotebooks(t)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()

	victim := enrolled(t, ctx, h, "victim")

	// The others: three students through all notebooks, twice over, while
	// the victim suffers. Their runs go on, round after round (new students
	// each round), until the faults are over, so the faults always meet the
	// load however long either takes on the machine.
	var reps []*Report
	var runErr error
	faultsDone := make(chan struct{})
	loadDone := make(chan struct{})
	go func() {
		defer close(loadDone)
		for round := 0; ; round++ {
			prefix := "other"
			if round > 0 {
				prefix = fmt.Sprintf("other%c", 'a'+round)
			}
			rep, err := h.Run(ctx, Load{Students: 3, Kernel: "gograd", Notebooks: append(nbs, nbs...), Prefix: prefix, Password: password})
			if rep != nil {
				reps = append(reps, rep)
			}
			if runErr = err; err != nil {
				return
			}
			select {
			case <-faultsDone:
				return
			default:
			}
		}
	}()

	t.Run("kernel killed mid-cell", func(t *testing.T) {
		k := startKernel(t, ctx, victim, "gograd")
		run(t, k, `x := 41`, "")
		pid := waitKernelPid(t, k.ID)
		type result struct {
			res Result
			err error
		}
		done := make(chan result, 1)
		go func() {
			// A cell that would run for ten minutes.
			res, err := k.Execute("import \"time\"\ntime.Sleep(10 * time.Minute)", 3*time.Minute)
			done <- result{res, err}
		}()
		time.Sleep(2 * time.Second) // the cell is running
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		r := <-done
		if !errors.Is(r.err, ErrKernelDied) {
			t.Fatalf("cell of a killed kernel: %v, want %v", r.err, ErrKernelDied)
		}
		// The server restarts the kernel (a new process, same id, state lost).
		k = reconnect(t, victim, k)
		run(t, k, `x := 1
fmt.Println(x + 1)`, "2\n")
		if newPid := waitKernelPid(t, k.ID); newPid == pid {
			t.Errorf("kernel pid %d after the restart, want a new process", newPid)
		}
		// An explicit restart through the REST API works too.
		k, err := victim.RestartKernel(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { k.Close() })
		if err := k.Info(time.Minute); err != nil {
			t.Fatal(err)
		}
		run(t, k, `fmt.Println("after restart")`, "after restart\n")
	})

	t.Run("server restart", func(t *testing.T) {
		if err := victim.StopServer(ctx); err != nil {
			t.Fatal(err)
		}
		if err := victim.StartServer(ctx); err != nil {
			t.Fatal(err)
		}
		k := startKernel(t, ctx, victim, "gograd")
		run(t, k, `fmt.Println(autograd.New(2.0).Pow(3))`, "tensor(8.)\n")
	})

	t.Run("memory limit", func(t *testing.T) {
		k := startKernel(t, ctx, victim, "gograd")
		run(t, k, `fmt.Println("before")`, "before\n")
		// 128 MiB at a time, kept, never touched: the address space runs out
		// long before the machine's memory.
		_, err := k.Execute(`var hog [][]float64
for {
	hog = append(hog, make([]float64, 1<<24))
}`, 3*time.Minute)
		if !errors.Is(err, ErrKernelDied) {
			t.Fatalf("cell past the memory limit: %v, want %v", err, ErrKernelDied)
		}
		k = reconnect(t, victim, k)
		run(t, k, `fmt.Println("after")`, "after\n")
		// The server's restarter saw the kernel die and started a new one; it
		// logs that once the new kernel is up, so the log is read after the
		// reconnect has run a cell on it. (Go's own "fatal error: out of
		// memory" is not in the log: the kernel points its stderr at the
		// running cell's capture pipe, and the report dies with the process.)
		if !strings.Contains(log.String(), "kernel "+k.ID+" restarted") {
			t.Errorf("the server's log does not say kernel %s restarted", k.ID)
		}

		// ipykernel under the same limit raises MemoryError and lives on.
		py := startKernel(t, ctx, victim, "python3")
		res, err := py.Execute("x = 1\nhog = bytearray(8 << 30)", 3*time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if got := printed(res); !strings.HasPrefix(got, "MemoryError") {
			t.Errorf("python3 past the limit printed %q, want a MemoryError", got)
		}
		// ipykernel 6.17 aborts the execute requests that reach it before its
		// stop-aborting event, which it queues after sending the error's reply:
		// under load the next cell can come first and be aborted unrun (seen in
		// CI). Such a cell is sent again, once.
		if res, err := py.Execute("print(x)", 2*time.Minute); err != nil || res.Status != "aborted" {
			if err != nil || res.Status != "ok" || printed(res) != "1\n" {
				t.Errorf("print(x) after the MemoryError: %v, status %s, printed %q", err, res.Status, printed(res))
			}
		} else {
			t.Log("print(x) aborted by ipykernel's stop_on_error window; sending it again")
			run(t, py, "print(x)", "1\n")
		}
	})

	close(faultsDone)
	<-loadDone
	if runErr != nil {
		t.Fatal(runErr)
	}
	for round, rep := range reps {
		t.Logf("the others while the faults ran, round %d:\n%s\n%s", round+1, Header, rep.Summarise().Row())
		for _, p := range rep.Problems {
			t.Error("other student:", p)
		}
		if rep.Failed != 0 || rep.Differ != 0 || rep.Cells == 0 {
			t.Errorf("others, round %d: %d cells, %d failed, %d unlike the saved outputs", round+1, rep.Cells, rep.Failed, rep.Differ)
		}
	}
}

// reconnect opens a new channel socket to a restarted kernel, as a front end does.
func reconnect(t *testing.T, s *Student, k *Kernel) *Kernel {
	t.Helper()
	k, err := s.Reconnect(k)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { k.Close() })
	if err := k.Info(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	return k
}

func startKernel(t *testing.T, ctx context.Context, s *Student, spec string) *Kernel {
	t.Helper()
	k, err := s.StartKernel(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		k.Close()
		s.ShutdownKernel(context.Background(), k.ID)
	})
	if err := k.Info(2 * time.Minute); err != nil {
		t.Fatal(err)
	}
	return k
}

// run executes a cell that must succeed; want, if not empty, is its printed text.
func run(t *testing.T, k *Kernel, code, want string) {
	t.Helper()
	var res Result
	var err error
	// Just after a restart the kernel may not be listening yet: the first
	// request can meet the restart's own notices. Once in CI the first cell
	// after the server restarted a killed kernel ended as KeyboardInterrupt
	// (an interrupt from the restart, not yet explained: see the round's
	// notes); the retry is logged, and a second one fails the test.
	for try := 0; try < 3; try++ {
		res, err = k.Execute(code, 2*time.Minute)
		if err == nil && res.Status == "error" && strings.HasPrefix(printed(res), "KeyboardInterrupt") && try == 0 {
			t.Logf("%s: KeyboardInterrupt just after a restart; running it again", code)
			continue
		}
		if !errors.Is(err, ErrKernelDied) {
			break
		}
		time.Sleep(2 * time.Second)
	}
	if err != nil {
		t.Fatalf("%s: %v", code, err)
	}
	if res.Status != "ok" {
		t.Fatalf("%s: status %s, printed %q", code, res.Status, printed(res))
	}
	if want != "" {
		if got := printed(res); got != want {
			t.Fatalf("%s printed %q, want %q", code, got, want)
		}
	}
}

func printed(r Result) string { return notebooks.Printed(r.Outputs) }

func waitKernelPid(t *testing.T, id string) int {
	t.Helper()
	for range 100 {
		if pid := kernelPid(processes(), id); pid != 0 {
			return pid
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("no process for kernel %s", id)
	return 0
}

// TestConfigModes loads jupyterhub_config.py as JupyterHub does, in both
// modes, and checks what a deployment relies on: loopback addresses, the
// authenticator and spawner of each mode, and the memory limit wrapper.
func TestConfigModes(t *testing.T) {
	if _, err := os.Stat("/usr/bin/python3"); err != nil {
		t.Skip("no /usr/bin/python3")
	}
	script := `
import os, sys, json
from traitlets.config import Config
c = Config()
ns = {"get_config": lambda: c, "__file__": sys.argv[1]}
exec(compile(open(sys.argv[1]).read(), sys.argv[1], "exec"), ns)
print(json.dumps({
  "ip": c.JupyterHub.ip, "hub_ip": c.JupyterHub.hub_ip, "spawner_ip": c.Spawner.ip,
  "proxy_api": c.ConfigurableHTTPProxy.api_url,
  "auth": c.JupyterHub.authenticator_class, "spawner": c.JupyterHub.spawner_class,
  "cmd": list(c.Spawner.cmd), "args": list(c.Spawner.args),
}))
class Spawner: ip = "127.0.0.1"; port = 0
ports = []
for _ in range(100):
    sp = Spawner(); c.Spawner.pre_spawn_hook(sp); ports.append(sp.port)
print(json.dumps({"server_ports": ports}))
`
	cases := []struct {
		env           []string
		auth, spawner string
		cmd0          string
	}{
		{[]string{"GOGRAD_HUB_MODE=test", "GOGRAD_HUB_PASSWORD=x"}, "jupyterhub.auth.DummyAuthenticator", "jupyterhub.spawner.SimpleLocalProcessSpawner", "jupyterhub-singleuser"},
		{[]string{"GOGRAD_HUB_MODE=host", "GOGRAD_HUB_KERNEL_AS=4294967296"}, "jupyterhub.auth.PAMAuthenticator", "jupyterhub.spawner.LocalProcessSpawner", "prlimit"},
	}
	for _, c := range cases {
		cmd := exec.Command("/usr/bin/python3", "-c", script, "jupyterhub_config.py")
		cmd.Env = append(os.Environ(), append(c.env, "GOGRAD_HUB_DIR="+t.TempDir())...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", c.env, err, out)
		}
		s := string(out)
		checkServerPorts(t, s)
		for _, want := range []string{
			`"ip": "127.0.0.1"`, `"hub_ip": "127.0.0.1"`, `"spawner_ip": "127.0.0.1"`, `"proxy_api": "http://127.0.0.1:`,
			`"auth": "` + c.auth + `"`, `"spawner": "` + c.spawner + `"`, `"cmd": ["` + c.cmd0 + `"`,
		} {
			if !strings.Contains(s, want) {
				t.Errorf("%v: config gives %s, want it to contain %s", c.env, s, want)
			}
		}
	}
	// Test mode without a password would let anyone in: it must refuse to load.
	cmd := exec.Command("/usr/bin/python3", "-c", script, "jupyterhub_config.py")
	cmd.Env = append(os.Environ(), "GOGRAD_HUB_MODE=test", "GOGRAD_HUB_PASSWORD=")
	if out, err := cmd.CombinedOutput(); err == nil {
		t.Errorf("test mode without a password loaded: %s", out)
	}
}

// checkServerPorts checks the ports the config's pre_spawn_hook gave 100
// servers (the last line of out): distinct, unprivileged and below the
// ephemeral range, where no kernel's port can come from.
func checkServerPorts(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var got struct {
		ServerPorts []int `json:"server_ports"`
	}
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &got); err != nil || len(got.ServerPorts) != 100 {
		t.Fatalf("server ports: %v in %s", err, out)
	}
	low := 32768
	if b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range"); err == nil {
		fmt.Sscan(string(b), &low)
	}
	seen := map[int]bool{}
	for _, p := range got.ServerPorts {
		if p < 1024 || p >= low || seen[p] {
			t.Errorf("server port %d: want distinct ports in [1024, %d)", p, low)
		}
		seen[p] = true
	}
}

// labLib runs a function of install/lab/lib.sh that sets a variable (building
// JupyterLab, or installing the browser tests' npm packages, only when their
// inputs changed) and returns the variable's value.
func labLib(t *testing.T, fn, variable string) string {
	t.Helper()
	if _, err := exec.LookPath("npm"); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("npm not found (go run ./install --test-deps installs it)")
		}
		t.Skip("npm not found: the JupyterLab build needs Node.js and npm")
	}
	cmd := exec.Command("bash", "-c", `source install/lab/lib.sh && `+fn+` >&2 && echo "$`+variable+`"`)
	cmd.Dir = repoRoot(t)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("install/lab/lib.sh %s: %v\n%s", fn, err, stderr.String())
	}
	return strings.TrimSpace(string(out))
}

// labBuild builds (or finds) the project's JupyterLab, as run-hub.sh does.
func labBuild(t *testing.T) string { return labLib(t, "ensure_lab_build", "LAB_BUILD") }

// TestLab serves the project's JupyterLab build (install/lab) as the
// students' front end: each student's /lab is JupyterLab's page set up for
// their own server's URL, and the lab's settings API answers behind the hub.
func TestLab(t *testing.T) {
	if testing.Short() {
		t.Skip("builds JupyterLab (first run: minutes) and starts a JupyterHub; run without -short")
	}
	needHub(t)
	build := labBuild(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	log := &syncBuffer{}
	h, err := StartForRepo(ctx, repoRoot(t), t.TempDir(), Options{Password: password, LabBuild: build, Log: log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	defer h.Stop()
	ada := enrolled(t, ctx, h, "ada")
	page, err := ada.Get(ctx, "/lab")
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	for _, want := range []string{`id="jupyter-config-data"`, `"baseUrl": "/user/ada/"`, `"buildAvailable": false`} {
		if !strings.Contains(page, want) {
			t.Errorf("/user/ada/lab lacks %s", want)
		}
	}
	settings, err := ada.Get(ctx, "/lab/api/settings")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(settings, "@jupyterlab/notebook-extension") {
		t.Errorf("/user/ada/lab/api/settings does not list the notebook extension's settings: %.300s", settings)
	}
}

// TestLabBrowser is a student's first minutes in headless chromium: the hub's
// login page, the spawn, the project's JupyterLab on their own server, a
// gograd notebook and a cell whose output appears (e2e/hub-lab.mjs).
func TestLabBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a browser through a JupyterHub; run without -short")
	}
	needHub(t)
	for _, p := range []string{"/usr/bin/chromium", "node"} {
		if _, err := exec.LookPath(p); err != nil {
			if os.Getenv("CI") != "" {
				t.Fatalf("%s not found (go run ./install --test-deps installs it)", p)
			}
			t.Skipf("%s not found", p)
		}
	}
	build := labBuild(t)
	modules := labLib(t, "ensure_e2e_deps", "E2E_NODE_MODULES")
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	log := &syncBuffer{}
	h, err := StartForRepo(ctx, repoRoot(t), t.TempDir(), Options{Password: password, LabBuild: build, Log: log})
	if err != nil {
		t.Fatalf("%v\n%s", err, log)
	}
	defer h.Stop()
	cmd := exec.CommandContext(ctx, "node", "e2e/hub-lab.mjs")
	cmd.Env = append(os.Environ(), "HUB_URL="+h.URL, "HUB_USER=ada", "HUB_PASSWORD="+password,
		"E2E_NODE_MODULES="+modules, "GOGRAD_ARTIFACTS="+t.TempDir())
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var res struct {
		OK      bool   `json:"ok"`
		Printed string `json:"printed"`
		Error   string `json:"error"`
		Steps   []struct {
			Name string `json:"name"`
			Ms   int    `json:"ms"`
		} `json:"steps"`
	}
	if jerr := json.Unmarshal(bytes.TrimSpace(out), &res); jerr != nil {
		t.Fatalf("e2e/hub-lab.mjs: %v, %v\nstdout: %s\nstderr: %s\nhub log: %s", err, jerr, out, stderr.String(), log)
	}
	t.Logf("steps: %+v", res.Steps)
	if !res.OK || err != nil {
		t.Fatalf("e2e/hub-lab.mjs failed after %d steps: %s\n%s", len(res.Steps), res.Error, stderr.String())
	}
	// PyTorch prints torch.tensor(3.).mul(2.) as tensor(6.).
	if res.Printed != "tensor(6.)\n" {
		t.Errorf("the cell printed %q in JupyterLab, want %q", res.Printed, "tensor(6.)\n")
	}
}
