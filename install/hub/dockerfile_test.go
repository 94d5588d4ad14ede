package hub

import (
	"encoding/json"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// instruction is one Dockerfile instruction with its continuation lines joined.
type instruction struct {
	line int
	cmd  string // upper case
	args string
}

func parseDockerfile(t *testing.T, file string) []instruction {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []instruction
	var cur strings.Builder
	start := 0
	for i, line := range strings.Split(string(b), "\n") {
		trimmed := strings.TrimSpace(line)
		if cur.Len() == 0 && (trimmed == "" || strings.HasPrefix(trimmed, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = i + 1
		}
		if strings.HasPrefix(trimmed, "#") { // a comment inside a continued instruction
			continue
		}
		if s, ok := strings.CutSuffix(trimmed, "\\"); ok {
			cur.WriteString(s + " ")
			continue
		}
		cur.WriteString(trimmed)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		out = append(out, instruction{start, strings.ToUpper(cmd), strings.TrimSpace(args)})
		cur.Reset()
	}
	if cur.Len() > 0 {
		t.Fatalf("%s: the last instruction ends in a line continuation", file)
	}
	return out
}

// TestDockerfile validates the single-user image's Dockerfile without a
// container engine: every instruction is known, base images are pinned, the Go
// image is at least go.mod's version, every file copied from the repository
// and every repository path a RUN uses exists, every path copied from a build
// stage is one that stage makes, the kernelspec keeps the absolute path its
// kernel.json records, the Debian packages exist (when apt-cache can tell) and
// the environment points at what was copied.
func TestDockerfile(t *testing.T) {
	repo := repoRoot(t)
	ins := parseDockerfile(t, "Dockerfile")
	known := map[string]bool{"FROM": true, "WORKDIR": true, "COPY": true, "RUN": true, "ENV": true, "USER": true,
		"EXPOSE": true, "ENTRYPOINT": true, "CMD": true, "ARG": true, "LABEL": true}
	gomod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(gomod))[1]

	type stage struct {
		name string
		runs []string
	}
	var stages []*stage
	stageByName := map[string]*stage{}
	env := map[string]string{}
	copied := map[string]string{} // destination → source, final stage
	var aptPackages []string
	repoPath := regexp.MustCompile(`^\.?/?[A-Za-z0-9_.-]+(/[A-Za-z0-9_.*-]+)*$`)
	for _, in := range ins {
		if !known[in.cmd] {
			t.Errorf("line %d: unknown instruction %s", in.line, in.cmd)
			continue
		}
		if in.cmd != "FROM" && len(stages) == 0 && in.cmd != "ARG" {
			t.Fatalf("line %d: %s before FROM", in.line, in.cmd)
		}
		f := strings.Fields(in.args)
		switch in.cmd {
		case "FROM":
			image, tag, ok := strings.Cut(f[0], ":")
			if !ok || tag == "latest" {
				t.Errorf("line %d: base image %s is not pinned to a version", in.line, f[0])
			}
			if image == "golang" && !versionAtLeast(tag, goVersion) {
				t.Errorf("line %d: %s is older than go.mod's go %s", in.line, f[0], goVersion)
			}
			st := &stage{}
			if len(f) == 3 && strings.EqualFold(f[1], "AS") {
				st.name = f[2]
				stageByName[st.name] = st
			}
			stages = append(stages, st)
			clear(copied)
		case "RUN":
			cur := stages[len(stages)-1]
			cur.runs = append(cur.runs, in.args)
			for _, tok := range strings.Fields(in.args) {
				tok = strings.Trim(tok, `'"`)
				if strings.ContainsAny(tok, "$=") || strings.HasPrefix(tok, "/") || strings.HasPrefix(tok, "-") ||
					!strings.Contains(tok, "/") || !repoPath.MatchString(tok) {
					continue
				}
				if _, err := os.Stat(filepath.Join(repo, tok)); err != nil {
					t.Errorf("line %d: RUN uses %s, which is not in the repository", in.line, tok)
				}
			}
			if _, rest, ok := strings.Cut(in.args, "apt-get install"); ok {
				rest, _, _ = strings.Cut(rest, "&&")
				for _, p := range strings.Fields(rest) {
					if !strings.HasPrefix(p, "-") {
						aptPackages = append(aptPackages, p)
					}
				}
			}
		case "COPY":
			from := ""
			if v, ok := strings.CutPrefix(f[0], "--from="); ok {
				from, f = v, f[1:]
			}
			srcs, dst := f[:len(f)-1], f[len(f)-1]
			for _, src := range srcs {
				if from == "" {
					m, _ := filepath.Glob(filepath.Join(repo, src))
					if len(m) == 0 {
						t.Errorf("line %d: COPY %s: nothing in the repository matches", in.line, src)
					}
				} else {
					st, ok := stageByName[from]
					if !ok {
						t.Errorf("line %d: COPY --from=%s: no earlier stage of that name", in.line, from)
						continue
					}
					if !madeBy(src, st.runs) {
						t.Errorf("line %d: COPY --from=%s %s: no RUN of that stage writes there", in.line, from, src)
					}
				}
				copied[path.Clean(dst)] = src
			}
		case "ENV":
			for _, kv := range f {
				if k, v, ok := strings.Cut(kv, "="); ok {
					env[k] = v
				}
			}
		}
	}
	if len(stages) < 2 {
		t.Fatalf("%d stages: want the build stages and the image", len(stages))
	}

	// The kernelspec's kernel.json names the binary by absolute path: the
	// image must hold it where the build stage installed it, on Jupyter's
	// system path.
	const spec = "/usr/local/share/jupyter/kernels/gograd"
	if src, ok := copied[spec]; !ok || src != spec {
		t.Errorf("the image must copy the kernelspec from %s to the same path (copied: %v)", spec, copied)
	}
	if !madeBy(spec, stageByName["build"].runs) || !strings.Contains(strings.Join(stageByName["build"].runs, "\n"), "go run ./install --no-deps --prefix /usr/local") {
		t.Error("the build stage must install the kernel with go run ./install --no-deps --prefix /usr/local")
	}
	// The lab server extension must be importable and find its build.
	if _, ok := copied[path.Join(env["PYTHONPATH"], "gograd_lab")]; !ok {
		t.Errorf("PYTHONPATH=%s does not hold the gograd_lab package copied into the image", env["PYTHONPATH"])
	}
	if _, ok := copied[env["GOGRAD_LAB_BUILD"]]; !ok {
		t.Errorf("GOGRAD_LAB_BUILD=%s is not a copied directory", env["GOGRAD_LAB_BUILD"])
	}
	var cfg struct {
		ServerApp struct {
			Extensions map[string]bool `json:"jpserver_extensions"`
		}
	}
	b, err := os.ReadFile("jupyter_server_config.json")
	if err == nil {
		err = json.Unmarshal(b, &cfg)
	}
	if err != nil || !cfg.ServerApp.Extensions["gograd_lab"] {
		t.Errorf("jupyter_server_config.json must enable gograd_lab: %v", err)
	}

	// The programs the image runs come from the packages it installs.
	for prog, pkg := range map[string]string{"jupyterhub-singleuser": "jupyterhub", "tini": "tini"} {
		if !strings.Contains(strings.Join(aptPackages, " "), pkg) {
			t.Errorf("the image runs %s but does not install Debian's %s", prog, pkg)
		}
	}
	if apt, err := exec.LookPath("apt-cache"); err == nil {
		out, _ := exec.Command(apt, append([]string{"show", "--no-all-versions"}, aptPackages...)...).Output()
		for _, p := range aptPackages {
			if !strings.Contains(string(out), "Package: "+p+"\n") {
				t.Errorf("apt-get install %s: apt-cache does not know the package", p)
			}
		}
	}
}

// madeBy reports whether an absolute path lies under an absolute path that
// one of the RUN commands names.
func madeBy(p string, runs []string) bool {
	for _, r := range runs {
		for _, tok := range strings.Fields(r) {
			tok = strings.Trim(tok, `'"`)
			if strings.HasPrefix(tok, "/") && (p == tok || strings.HasPrefix(p, strings.TrimSuffix(tok, "/")+"/")) {
				return true
			}
		}
	}
	return false
}

// versionAtLeast compares an image tag's leading major.minor with want.
func versionAtLeast(tag, want string) bool {
	m := regexp.MustCompile(`^(\d+)\.(\d+)`).FindStringSubmatch(tag)
	w := regexp.MustCompile(`^(\d+)\.(\d+)`).FindStringSubmatch(want)
	if m == nil || w == nil {
		return false
	}
	atoi := func(s string) int {
		n := 0
		for _, c := range s {
			n = n*10 + int(c-'0')
		}
		return n
	}
	if atoi(m[1]) != atoi(w[1]) {
		return atoi(m[1]) > atoi(w[1])
	}
	return atoi(m[2]) >= atoi(w[2])
}
