package modules

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// Package is a package of an import's closure: one the interpreter reads
// from source, or one the kernel links (whose table must be in the
// interpreter before the packages that import it are read).
type Package struct {
	ImportPath string
	Dir        string // in the module cache
	Module     string
	Version    string
	Linked     bool
}

// Config says where a Resolver keeps its cache and what the kernel links.
type Config struct {
	// CacheDir holds the answers of earlier resolutions. Empty means
	// os.UserCacheDir()/gograd/imports.
	CacheDir string
	// Env is added to the go command's environment (os.Environ()), later
	// entries winning: tests set GOPROXY or CC here.
	Env []string
	// Linked maps each package the kernel links a symbol table for to its
	// module path and version.
	Linked map[string][2]string
	// GoSum is the kernel module's go.sum: the session's module starts from
	// the checksums the kernel's build verified.
	GoSum string
	// GoVersion is the kernel's Go version (runtime.Version()), part of the
	// cache key.
	GoVersion string
	// Progress, if set, is told when the go command is about to run (a
	// first import takes seconds while a module downloads).
	Progress func(msg string)
}

// Resolver resolves the imports of one session; its go commands run one
// sequence at a time.
type Resolver struct {
	cfg Config
	key string // the kernel part of the cache key
	// mod and sum are the session's module (go.mod, go.sum) between go
	// commands, work its directory while they run.
	mod, sum string
	work     string
	pins     map[string]string // module path -> version, from Get
	// goBin is the go command, found on first need.
	goBin string
	mu    sync.Mutex
}

// New returns a Resolver for cfg.
func New(cfg Config) *Resolver {
	if cfg.CacheDir == "" {
		if d, err := os.UserCacheDir(); err == nil {
			cfg.CacheDir = filepath.Join(d, "gograd", "imports")
		}
	}
	h := sha256.New()
	fmt.Fprintln(h, cfg.GoVersion)
	for _, m := range linkedModules(cfg.Linked) {
		fmt.Fprintln(h, m[0], m[1])
	}
	return &Resolver{cfg: cfg, key: hex.EncodeToString(h.Sum(nil))[:16], pins: map[string]string{}}
}

// linkedModules are the distinct modules of the linked packages, sorted.
func linkedModules(linked map[string][2]string) [][2]string {
	seen := map[[2]string]bool{}
	var mods [][2]string
	for _, m := range linked {
		if !seen[m] {
			seen[m] = true
			mods = append(mods, m)
		}
	}
	sort.Slice(mods, func(i, j int) bool { return mods[i][0] < mods[j][0] })
	return mods
}

// LinkedVersion is the version of module the kernel links, "" if none of its
// packages has a table.
func (r *Resolver) LinkedVersion(module string) string {
	for _, m := range r.cfg.Linked {
		if m[0] == module {
			return m[1]
		}
	}
	return ""
}

// Pins are the versions Get pinned, by module path.
func (r *Resolver) Pins() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	p := make(map[string]string, len(r.pins))
	for k, v := range r.pins {
		p[k] = v
	}
	return p
}

// Resolve returns the packages the interpreter must read to import path,
// dependencies first, and whether the answer came from the cache.
func (r *Resolver) Resolve(ctx context.Context, path string) ([]Package, bool, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.mod == "" {
		r.mod, r.sum = r.workModule(), r.cfg.GoSum
	}
	entry := r.entryFile(path)
	if e, ok := readEntry(entry); ok {
		// The session's module moves on as the go command moved it.
		r.mod, r.sum = e.GoMod, e.GoSum
		return e.Packages, true, nil
	}
	if r.cfg.Progress != nil {
		r.cfg.Progress("go: resolving " + path + " (cached for later sessions)\n")
	}
	var pkgs []Package
	err := r.inWork(func() error {
		// A package of a module the session already requires (one the kernel
		// links, or one %go get pinned) is taken at that version: go get
		// would upgrade it.
		var err error
		pkgs, err = r.list(ctx, path)
		var e *Error
		if errors.As(err, &e) && e.missing {
			if _, err := r.goCmd(ctx, "get", path); err != nil {
				return r.classify(path, err)
			}
			pkgs, err = r.list(ctx, path)
		}
		if err != nil {
			return err
		}
		if _, err := r.goCmd(ctx, "build", path); err != nil {
			return r.classify(path, r.shortenDirs(err, pkgs))
		}
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	writeEntry(entry, entryData{Packages: pkgs, GoMod: r.mod, GoSum: r.sum})
	return pkgs, false, nil
}

// Get pins module@version for the session's later imports, as `go get` does.
// A module the kernel links can only be had at the version it links.
func (r *Resolver) Get(ctx context.Context, arg string) (module, version string, err error) {
	module, version, _ = strings.Cut(arg, "@")
	if module == "" {
		return "", "", &Error{Kind: NotFound, Path: arg, Msg: "usage: %go get module@version"}
	}
	if have := r.LinkedVersion(module); have != "" && version != "" && version != have {
		return "", "", conflict(module, version, have, "you asked for")
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	err = r.inWork(func() error {
		if _, err := r.goCmd(ctx, "get", arg); err != nil {
			return r.classify(arg, err)
		}
		out, err := r.goCmd(ctx, "list", "-m", "-f", "{{.Version}}", module)
		if err != nil {
			return r.classify(arg, err)
		}
		version = strings.TrimSpace(out)
		return nil
	})
	if err != nil {
		return "", "", err
	}
	r.pins[module] = version
	return module, version, nil
}

// entryFile is the cache file for importing path into the session's module
// as it is now: its go.mod holds the versions %go get pinned and those
// earlier imports brought, so the same import in the same state has the
// same answer.
func (r *Resolver) entryFile(path string) string {
	if r.cfg.CacheDir == "" {
		return ""
	}
	h := sha256.New()
	fmt.Fprintln(h, path)
	fmt.Fprintln(h, r.mod)
	return filepath.Join(r.cfg.CacheDir, r.key, hex.EncodeToString(h.Sum(nil))[:24]+".json")
}

// entryData is a cache entry: the packages to read, and the session's module
// after the import.
type entryData struct {
	Packages     []Package
	GoMod, GoSum string
}

// readEntry reads a cache entry, which holds only while every directory it
// names is still there.
func readEntry(file string) (entryData, bool) {
	var e entryData
	if file == "" {
		return e, false
	}
	b, err := os.ReadFile(file)
	if err != nil || json.Unmarshal(b, &e) != nil || e.GoMod == "" {
		return e, false
	}
	for _, p := range e.Packages {
		if _, err := os.Stat(p.Dir); err != nil && !p.Linked {
			return e, false
		}
	}
	return e, true
}

// writeEntry stores an answer; a cache that cannot be written only costs
// the next session the go command's time.
func writeEntry(file string, e entryData) {
	if file == "" {
		return
	}
	b, err := json.Marshal(e)
	if err != nil || os.MkdirAll(filepath.Dir(file), 0o755) != nil {
		return
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), "entry-*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(b)
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), file) != nil {
		os.Remove(tmp.Name())
	}
}

// workModule is the go.mod of a session's module: the kernel's linked
// modules are required at the versions it links.
func (r *Resolver) workModule() string {
	var b strings.Builder
	b.WriteString("module gograd.local/notebook\n\ngo 1.21\n")
	if mods := linkedModules(r.cfg.Linked); len(mods) > 0 {
		b.WriteString("\nrequire (\n")
		for _, m := range mods {
			fmt.Fprintf(&b, "\t%s %s\n", m[0], m[1])
		}
		b.WriteString(")\n")
	}
	return b.String()
}

// inWork runs f with the session's module in a temporary directory, which
// is removed afterwards: between go commands the module is kept as its go.mod
// and go.sum, so that a session leaves nothing behind.
func (r *Resolver) inWork(f func() error) error {
	if r.goBin == "" {
		r.goBin = goCommand()
		if r.goBin == "" {
			return &Error{Kind: NoGo, Msg: "the go command is not on PATH: importing a package the kernel " +
				"does not link needs the Go toolchain (https://go.dev/dl)"}
		}
	}
	if r.mod == "" {
		r.mod, r.sum = r.workModule(), r.cfg.GoSum
	}
	dir, err := os.MkdirTemp("", "gograd-notebook-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	modFile, sumFile := filepath.Join(dir, "go.mod"), filepath.Join(dir, "go.sum")
	if err := os.WriteFile(modFile, []byte(r.mod), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(sumFile, []byte(r.sum), 0o644); err != nil {
		return err
	}
	r.work = dir
	defer func() { r.work = "" }()
	if err := f(); err != nil {
		// A failed import keeps nothing of what it did: a go get that
		// succeeded before a conflict was found would otherwise move the
		// session's later imports to the conflicting versions.
		return err
	}
	if mod, err := os.ReadFile(modFile); err == nil {
		r.mod = string(mod)
	}
	if sum, err := os.ReadFile(sumFile); err == nil {
		r.sum = string(sum)
	}
	return nil
}

// goCommand finds the go command: on PATH, or else the toolchain that built
// the kernel (Jupyter may start the kernel with a PATH that lacks Go's bin).
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	if root := runtime.GOROOT(); root != "" {
		p := filepath.Join(root, "bin", "go")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// goCmd runs the go command in the work module and returns its standard
// output; a failure's error holds its standard error.
func (r *Resolver) goCmd(ctx context.Context, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, r.goBin, args...)
	cmd.Dir = r.work
	cmd.Env = append(append(os.Environ(), r.cfg.Env...), "GOWORK=off", "GO111MODULE=on",
		"GOFLAGS="+goflags(r.env("GOFLAGS")))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		msg := strings.TrimSpace(stderr.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", &goError{args: args, stderr: msg}
	}
	return stdout.String(), nil
}

// goflags keeps the user's GOFLAGS but for -mod, which must let the go
// command update the work module's go.mod.
func goflags(user string) string {
	var keep []string
	for _, f := range strings.Fields(user) {
		if !strings.HasPrefix(f, "-mod=") {
			keep = append(keep, f)
		}
	}
	return strings.Join(append(keep, "-mod=mod"), " ")
}

// goError is a failed go command.
type goError struct {
	args   []string
	stderr string
}

func (e *goError) Error() string { return "go " + strings.Join(e.args, " ") + ": " + e.stderr }

// shortenDirs writes the packages' directories in a go command's error as
// their import paths: the compiler names files relative to the session's
// module, deep in the module cache.
func (r *Resolver) shortenDirs(err error, pkgs []Package) error {
	var ge *goError
	if !errors.As(err, &ge) {
		return err
	}
	text := ge.stderr
	for _, p := range pkgs {
		if rel, rerr := filepath.Rel(r.work, p.Dir); rerr == nil {
			text = strings.ReplaceAll(text, rel+string(filepath.Separator), p.ImportPath+"/")
		}
		text = strings.ReplaceAll(text, p.Dir+string(filepath.Separator), p.ImportPath+"/")
	}
	return &goError{args: ge.args, stderr: text}
}

// listed is what go list -json says of a package, in part.
type listed struct {
	ImportPath string
	Dir        string
	Standard   bool
	Module     *struct{ Path, Version string }
	CgoFiles   []string
	Error      *struct{ Err string }
}

// list returns the non-standard packages of path's closure, dependencies
// first, after checking those the kernel links against the versions it links.
func (r *Resolver) list(ctx context.Context, path string) ([]Package, error) {
	out, err := r.goCmd(ctx, "list", "-e", "-deps", "-json=ImportPath,Dir,Standard,Module,CgoFiles,Error", path)
	if err != nil {
		return nil, r.classify(path, err)
	}
	var pkgs []Package
	dec := json.NewDecoder(strings.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, err
		}
		if p.Standard {
			continue
		}
		if p.Error != nil {
			err := r.classify(path, &goError{args: []string{"list", path}, stderr: p.Error.Err})
			if e, ok := err.(*Error); ok {
				e.missing = strings.Contains(p.Error.Err, "no required module provides package")
			}
			return nil, err
		}
		if p.Module == nil {
			return nil, &Error{Kind: NotFound, Path: path, Msg: p.ImportPath + " is not in a module"}
		}
		if m, ok := r.cfg.Linked[p.ImportPath]; ok {
			if p.Module.Version != m[1] {
				return nil, conflict(m[0], p.Module.Version, m[1], path+" needs")
			}
			pkgs = append(pkgs, Package{ImportPath: p.ImportPath, Module: m[0], Version: m[1], Linked: true})
			continue
		}
		if len(p.CgoFiles) > 0 {
			return nil, &Error{Kind: Cgo, Path: path, Msg: fmt.Sprintf("%s uses cgo (import \"C\" in %s): "+
				"the kernel reads the source of packages it does not link, and cannot run C; "+
				"a cgo package must be linked into the kernel", p.ImportPath, strings.Join(p.CgoFiles, ", "))}
		}
		pkgs = append(pkgs, Package{ImportPath: p.ImportPath, Dir: p.Dir, Module: p.Module.Path, Version: p.Module.Version})
	}
	return pkgs, nil
}

// Kind sorts the failures of an import.
type Kind int

const (
	Network  Kind = iota + 1 // no network, or the proxy refused
	NotFound                 // no such module or package
	Cgo                      // the package needs C
	Build                    // the package does not compile
	Conflict                 // a module at another version than the kernel links
	NoGo                     // no go command
)

// Error is a failed import or Get.
type Error struct {
	Kind Kind
	Path string // the import path or module@version asked for
	Msg  string
	// missing is set when no module the session requires has the package:
	// go get may find one.
	missing bool
}

func (e *Error) Error() string { return e.Msg }

func conflict(module, want, have, who string) *Error {
	return &Error{Kind: Conflict, Path: module, Msg: fmt.Sprintf("version conflict: %s %s@%s, "+
		"but the kernel links %s@%s, and a session holds one version of a package. "+
		"Use %s (%%go get %s@%s), or build the kernel with the other: "+
		"go get %s@%s in gograd's source, then go run ./install",
		who, module, want, module, have, have, module, have, module, want)}
}

// classify turns a failed go command into an Error whose message leads with
// what happened and ends with the go command's own words.
func (r *Resolver) classify(path string, err error) error {
	var ge *goError
	if !errors.As(err, &ge) {
		return err
	}
	text := ge.stderr
	lower := strings.ToLower(text)
	e := &Error{Path: path}
	switch {
	case strings.Contains(lower, "goproxy=off") || strings.Contains(lower, "module lookup disabled"):
		e.Kind = Network
		e.Msg = "cannot download " + path + ": module downloads are off (GOPROXY=off) and it is not in " +
			"the module cache; set GOPROXY (e.g. https://proxy.golang.org) in the kernel's environment"
	case strings.Contains(lower, "connection refused") || strings.Contains(lower, "no such host") ||
		strings.Contains(lower, "i/o timeout") || strings.Contains(lower, "network is unreachable") ||
		strings.Contains(lower, "tls handshake"):
		e.Kind = Network
		e.Msg = "cannot download " + path + ": the module proxy (GOPROXY=" + r.env("GOPROXY") +
			") cannot be reached; check the network, or GOPROXY/GOPRIVATE in the kernel's environment"
	case strings.Contains(lower, "cgo") && (strings.Contains(lower, "c compiler") || strings.Contains(lower, "exec:")):
		e.Kind = Cgo
		e.Msg = path + " needs a C compiler (cgo), and none was found"
	case strings.Contains(lower, "cannot find module") || strings.Contains(lower, "not found") ||
		strings.Contains(lower, "no matching versions") || strings.Contains(lower, "does not contain package") ||
		strings.Contains(lower, "unrecognized import path") || strings.Contains(lower, "malformed module path") ||
		strings.Contains(lower, "is not in std") || strings.Contains(lower, "invalid version") ||
		strings.Contains(lower, "no required module provides") ||
		strings.Contains(lower, "file://") && strings.Contains(lower, "no such file or directory"):
		e.Kind = NotFound
		e.Msg = "no package " + path + ": no module provides it at the version asked for"
	case ge.args[0] == "build" || strings.Contains(text, ".go:"):
		e.Kind = Build
		e.Msg = path + " does not build"
	default:
		e.Kind = NotFound
		e.Msg = "cannot resolve " + path
	}
	e.Msg += "\n" + indent(trimLines(text, 12))
	return e
}

// env is the go command's value of the setting name: Config.Env's, the
// environment's, or the go command's default for GOPROXY.
func (r *Resolver) env(name string) string {
	for i := len(r.cfg.Env) - 1; i >= 0; i-- {
		if v, ok := strings.CutPrefix(r.cfg.Env[i], name+"="); ok {
			return v
		}
	}
	if v := os.Getenv(name); v != "" || name != "GOPROXY" {
		return v
	}
	return "https://proxy.golang.org,direct"
}

// trimLines keeps the first n lines of s.
func trimLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], fmt.Sprintf("... (%d more lines)", len(lines)-n))
	}
	return strings.Join(lines, "\n")
}

func indent(s string) string { return "    " + strings.ReplaceAll(s, "\n", "\n    ") }
