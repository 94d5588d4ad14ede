package hub

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Options say how to start a hub for a class.
type Options struct {
	// Dir holds the hub's state and the students' homes; it must exist.
	Dir string
	// Config is jupyterhub_config.py (this directory's file).
	Config string
	// JupyterPath is where the students' servers find kernelspecs (the
	// gograd kernel installed with `go run ./install --prefix P` is found
	// under P/share/jupyter).
	JupyterPath string
	// Password every simulated student logs in with.
	Password string
	// KernelAS, when not zero, is each server process's address-space
	// limit in bytes (GOGRAD_HUB_KERNEL_AS).
	KernelAS int64
	// LabBuild, when set, serves the project's JupyterLab build at /lab.
	LabBuild string
	// Log receives the hub's and the servers' log lines (they share it).
	Log io.Writer
}

// Hub is a running JupyterHub on 127.0.0.1 and the teacher's API token.
type Hub struct {
	URL   string // http://127.0.0.1:port, the proxy's public address
	token string // the gograd-teacher service's token
	cmd   *exec.Cmd
	done  chan struct{}
	err   error
}

// freePorts asks the kernel for n distinct free loopback ports.
func freePorts(n int) ([]int, error) {
	var ls []net.Listener
	defer func() {
		for _, l := range ls {
			l.Close()
		}
	}()
	var ports []int
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ls = append(ls, l)
		ports = append(ports, l.Addr().(*net.TCPAddr).Port)
	}
	return ports, nil
}

// Start runs `jupyterhub -f Config` in Dir with loopback ports of its own and
// waits until its REST API answers.
func Start(ctx context.Context, o Options) (*Hub, error) {
	ports, err := freePorts(3)
	if err != nil {
		return nil, err
	}
	h := &Hub{URL: fmt.Sprintf("http://127.0.0.1:%d", ports[0]), token: newID(), done: make(chan struct{})}
	env := append(os.Environ(),
		"GOGRAD_HUB_DIR="+o.Dir,
		"GOGRAD_HUB_MODE=test",
		"GOGRAD_HUB_PASSWORD="+o.Password,
		"GOGRAD_HUB_PORT="+strconv.Itoa(ports[0]),
		"GOGRAD_HUB_API_PORT="+strconv.Itoa(ports[1]),
		"GOGRAD_HUB_PROXY_API_PORT="+strconv.Itoa(ports[2]),
		"GOGRAD_HUB_SERVICE_TOKEN="+h.token,
		"GOGRAD_HUB_JUPYTER_PATH="+o.JupyterPath,
		// Debian's Python: a pyenv python3 first on PATH has no Jupyter.
		"PATH=/usr/bin:/bin:/usr/sbin:/sbin:"+os.Getenv("PATH"),
	)
	if o.KernelAS > 0 {
		env = append(env, "GOGRAD_HUB_KERNEL_AS="+strconv.FormatInt(o.KernelAS, 10))
	}
	if o.LabBuild != "" {
		env = append(env, "GOGRAD_LAB_BUILD="+o.LabBuild)
	}
	h.cmd = exec.Command("/usr/bin/jupyterhub", "-f", o.Config)
	h.cmd.Dir = o.Dir
	h.cmd.Env = env
	h.cmd.Stdout, h.cmd.Stderr = o.Log, o.Log
	// Servers and kernels inherit the log's pipe; once the hub has exited,
	// Wait must not wait for a straggler to close it.
	h.cmd.WaitDelay = 5 * time.Second
	if err := h.cmd.Start(); err != nil {
		return nil, err
	}
	go func() { h.err = h.cmd.Wait(); close(h.done) }()
	for {
		var info map[string]any
		if err := h.api(ctx, "GET", "/hub/api/", h.token, nil, &info); err == nil {
			return h, nil
		}
		select {
		case <-h.done:
			return nil, fmt.Errorf("jupyterhub exited at start: %v (its log says why)", h.err)
		case <-ctx.Done():
			h.Stop()
			return nil, fmt.Errorf("jupyterhub did not answer: %w", ctx.Err())
		case <-time.After(300 * time.Millisecond):
		}
	}
}

// Pid is the hub process's id.
func (h *Hub) Pid() int { return h.cmd.Process.Pid }

// Stop ends the hub: SIGTERM lets it stop the servers it spawned (and they
// their kernels); whatever is left after a grace period is killed. Kernels
// run in sessions of their own (jupyter_client starts them so), out of reach
// of a process-group signal, so every process below the hub is listed first
// and killed by pid if it outlives the hub.
func (h *Hub) Stop() error {
	pid := h.cmd.Process.Pid
	below := descendants(processes(), pid)
	syscall.Kill(pid, syscall.SIGTERM)
	select {
	case <-h.done:
	case <-time.After(30 * time.Second):
	}
	for _, p := range below {
		syscall.Kill(p, syscall.SIGKILL)
	}
	<-h.done
	return nil
}

// APIError is a REST call answered with an error status.
type APIError struct {
	Method, Path string
	Status       int
	Body         string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("%s %s: %d %s", e.Method, e.Path, e.Status, strings.TrimSpace(e.Body))
}

// httpClient does not follow redirects: a server that sends a request to the
// hub's login page has refused its token, and that must show as an error.
var httpClient = &http.Client{
	Timeout:       5 * time.Minute,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// api calls the hub (or, with a /user/... path, a student's server through the
// proxy) with a token, decoding a JSON answer into out when out is not nil
// (a *[]byte receives the body as it is).
func (h *Hub) api(ctx context.Context, method, path, token string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, h.URL+path, rd)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "token "+token)
	}
	resp, err := httpClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode >= 300 {
		return &APIError{method, path, resp.StatusCode, string(b)}
	}
	if raw, ok := out.(*[]byte); ok {
		*raw = b
		return nil
	}
	if out != nil && len(b) > 0 {
		return json.Unmarshal(b, out)
	}
	return nil
}

// Enrol creates the users (the teacher's part; the authenticator then lets
// each log in with the class password).
func (h *Hub) Enrol(ctx context.Context, names []string) error {
	return h.api(ctx, "POST", "/hub/api/users", h.token, map[string]any{"usernames": names}, nil)
}

// Student is a logged-in user of the hub.
type Student struct {
	Name  string
	Token string
	hub   *Hub
}

// Login asks the hub for an API token with the user's name and password,
// which the hub checks with its authenticator.
func (h *Hub) Login(ctx context.Context, name, password string) (*Student, error) {
	var tok struct {
		Token string `json:"token"`
	}
	err := h.api(ctx, "POST", "/hub/api/users/"+name+"/tokens", "", map[string]any{
		"auth": map[string]string{"username": name, "password": password}, "note": "gograd load test", "expires_in": 6 * 3600,
	}, &tok)
	if err != nil {
		return nil, err
	}
	if tok.Token == "" {
		return nil, fmt.Errorf("login %s: no token in the hub's answer", name)
	}
	return &Student{Name: name, Token: tok.Token, hub: h}, nil
}

// StartServer asks the hub to spawn the student's server and waits until it is
// ready.
func (s *Student) StartServer(ctx context.Context) error {
	if err := s.hub.api(ctx, "POST", "/hub/api/users/"+s.Name+"/server", s.Token, nil, nil); err != nil {
		var ae *APIError
		// 400 "already running" is fine: the caller wants it running.
		if !errors.As(err, &ae) || ae.Status != 400 || !strings.Contains(ae.Body, "already") {
			return err
		}
	}
	for {
		var u struct {
			Servers map[string]struct {
				Ready bool `json:"ready"`
			} `json:"servers"`
		}
		if err := s.hub.api(ctx, "GET", "/hub/api/users/"+s.Name, s.Token, nil, &u); err != nil {
			return err
		}
		if sv, ok := u.Servers[""]; ok && sv.Ready {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("server of %s not ready: %w", s.Name, ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// StopServer asks the hub to stop the student's server and waits until it has.
func (s *Student) StopServer(ctx context.Context) error {
	if err := s.hub.api(ctx, "DELETE", "/hub/api/users/"+s.Name+"/server", s.Token, nil, nil); err != nil {
		return err
	}
	for {
		var u struct {
			Servers map[string]any `json:"servers"`
		}
		if err := s.hub.api(ctx, "GET", "/hub/api/users/"+s.Name, s.Token, nil, &u); err != nil {
			return err
		}
		if _, ok := u.Servers[""]; !ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("server of %s not stopped: %w", s.Name, ctx.Err())
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// server is the path prefix of the student's server behind the proxy.
func (s *Student) server() string { return "/user/" + s.Name }

// StartKernel starts a kernel of the named kernelspec on the student's server
// and opens its channels.
func (s *Student) StartKernel(ctx context.Context, spec string) (*Kernel, error) {
	var k struct {
		ID string `json:"id"`
	}
	if err := s.hub.api(ctx, "POST", s.server()+"/api/kernels", s.Token, map[string]any{"name": spec}, &k); err != nil {
		return nil, err
	}
	return s.connect(k.ID)
}

func (s *Student) connect(id string) (*Kernel, error) {
	return openKernel("ws"+strings.TrimPrefix(s.hub.URL, "http")+s.server(), id, s.Token)
}

// Reconnect closes k's channel socket and opens a new one to the same kernel.
// After the server's restarter has restarted a dead kernel, an open socket of
// jupyter_server 1.23 may stay connected to the old kernel's ports (it picks
// new ones when the kernel dies soon after its start) and hear nothing more:
// a client that sees the kernel restarting reconnects.
func (s *Student) Reconnect(k *Kernel) (*Kernel, error) {
	k.Close()
	return s.connect(k.ID)
}

// RestartKernel asks the student's server to restart the kernel and returns
// a new connection to it, closing k: jupyter_server 1.23 does not carry an
// open channel socket over an explicit restart (JupyterLab reconnects too).
func (s *Student) RestartKernel(ctx context.Context, k *Kernel) (*Kernel, error) {
	if err := s.hub.api(ctx, "POST", s.server()+"/api/kernels/"+k.ID+"/restart", s.Token, nil, nil); err != nil {
		return nil, err
	}
	return s.Reconnect(k)
}

// ShutdownKernel asks the student's server to shut the kernel down.
func (s *Student) ShutdownKernel(ctx context.Context, id string) error {
	return s.hub.api(ctx, "DELETE", s.server()+"/api/kernels/"+id, s.Token, nil, nil)
}

// KernelSpecs lists the kernelspec names the student's server offers.
func (s *Student) KernelSpecs(ctx context.Context) ([]string, error) {
	var specs struct {
		Kernelspecs map[string]any `json:"kernelspecs"`
	}
	if err := s.hub.api(ctx, "GET", s.server()+"/api/kernelspecs", s.Token, nil, &specs); err != nil {
		return nil, err
	}
	var names []string
	for n := range specs.Kernelspecs {
		names = append(names, n)
	}
	return names, nil
}

// Get fetches a path of the student's server (e.g. "/lab") with their token
// and returns the body.
func (s *Student) Get(ctx context.Context, path string) (string, error) {
	var body []byte
	err := s.hub.api(ctx, "GET", s.server()+path, s.Token, nil, &body)
	return string(body), err
}

// InstallKernel installs the gograd kernelspec of the module at repo under
// prefix (`go run ./install --no-deps --prefix prefix`) and returns the
// JUPYTER_PATH entry that finds it.
func InstallKernel(repo, prefix string) (string, error) {
	gobin := filepath.Join(runtime.GOROOT(), "bin", "go")
	cmd := exec.Command(gobin, "run", "./install", "--no-deps", "--prefix", prefix)
	cmd.Dir = repo
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go run ./install: %v\n%s", err, out)
	}
	return filepath.Join(prefix, "share", "jupyter"), nil
}

// StartForRepo installs the gograd kernel of the module at repo into dir and
// starts a hub in test mode there with this directory's configuration: what
// the load test and the tests share. o.Dir, o.Config and o.JupyterPath are
// filled in.
func StartForRepo(ctx context.Context, repo, dir string, o Options) (*Hub, error) {
	jp, err := InstallKernel(repo, filepath.Join(dir, "prefix"))
	if err != nil {
		return nil, err
	}
	o.Dir = filepath.Join(dir, "hub")
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return nil, err
	}
	o.Config = filepath.Join(repo, "install", "hub", "jupyterhub_config.py")
	o.JupyterPath = jp
	return Start(ctx, o)
}
