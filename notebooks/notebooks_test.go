package notebooks

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// refDir is where the five seeds' reference notebooks live: ../shared beside the
// project's root. Tutorials ported beyond the seeds keep theirs in the repository, in
// ownRefDir, under the name the port's seed line gives.
const (
	refDir    = "../../shared/reference/pytorch"
	ownRefDir = "reference"
)

// refNotebook is the reference notebook a port's seed names: the project's own
// reference/<seed>.ipynb when there is one, else the shared seed's.
func refNotebook(seed string) string {
	own := filepath.Join(ownRefDir, seed+".ipynb")
	if _, err := os.Stat(own); err == nil {
		return own
	}
	return filepath.Join(refDir, seed+".ipynb")
}

func ported(t *testing.T) []string {
	t.Helper()
	paths, err := filepath.Glob("*.ipynb")
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		t.Skip("no ported notebooks in notebooks/ yet")
	}
	return paths
}

// needTool finds an external program the test drives. Outside CI a missing tool skips
// the test with the command that installs it; in CI it fails, since .ci/run installs it.
func needTool(t *testing.T, name, install string) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/" + name, name} {
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	msg := fmt.Sprintf("%s not found; install it with: %s", name, install)
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// installKernel installs the kernel as a user would (`go run ./install`), into a
// private Jupyter data directory, and returns the environment that makes Jupyter find
// it there.
func installKernel(t *testing.T) []string {
	t.Helper()
	data := filepath.Join(t.TempDir(), "jupyter")
	env := append(os.Environ(), "JUPYTER_DATA_DIR="+data, "JUPYTER_PATH="+data)
	install := exec.Command("go", "run", "./install", "--no-deps")
	install.Dir = ".."
	install.Env = env
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("go run ./install: %v\n%s", err, out)
	}
	return env
}

// TestNotebooksExecute runs every ported notebook through `jupyter nbconvert --execute`
// on the gograd kernel and requires each cell's outputs to equal the saved ones.
func TestNotebooksExecute(t *testing.T) {
	paths := ported(t)
	jupyter := needTool(t, "jupyter", "apt-get install -y jupyter-nbconvert (or: go run ./install)")
	env := installKernel(t)
	out := t.TempDir()
	for _, path := range paths {
		t.Run(strings.TrimSuffix(path, ".ipynb"), func(t *testing.T) {
			cmd := exec.Command(jupyter, "nbconvert", "--to", "notebook", "--execute",
				"--allow-errors", "--ExecutePreprocessor.kernel_name=gograd",
				"--ExecutePreprocessor.timeout=900", "--output-dir", out, path)
			cmd.Env = env
			if msg, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("nbconvert --execute %s: %v\n%s", path, err, msg)
			}
			saved, err := ReadNotebook(path)
			if err != nil {
				t.Fatal(err)
			}
			fresh, err := ReadNotebook(filepath.Join(out, path))
			if err != nil {
				t.Fatal(err)
			}
			if len(saved.Cells) != len(fresh.Cells) {
				t.Fatalf("%d cells saved, %d executed", len(saved.Cells), len(fresh.Cells))
			}
			for i := range saved.Cells {
				for _, p := range OutputProblems(saved.Cells[i].Outputs, fresh.Cells[i].Outputs) {
					t.Errorf("cell %d: %s", i, p)
				}
			}
		})
	}
}

// TestReferenceCells pairs each ported cell with the reference cell it names and
// requires the printed text to equal what PyTorch printed, unless the cell says why it
// cannot. Every reference cell that prints something must be ported.
func TestReferenceCells(t *testing.T) {
	paths := ported(t)
	var summary []string
	skipped := 0
	for _, path := range paths {
		nb, err := ReadNotebook(path)
		if err != nil {
			t.Fatal(err)
		}
		seed := nb.Metadata.Gograd.Seed
		if seed == "" {
			t.Errorf("%s: metadata.gograd.seed is missing", path)
			continue
		}
		refPath := refNotebook(seed)
		if _, err := os.Stat(refPath); err != nil && filepath.Dir(refPath) == filepath.Clean(refDir) {
			// the seeds' references live beside the repository, not in it (a worktree
			// elsewhere has none); the project's own references are always here
			t.Logf("%s: reference %s not found, not paired", path, refPath)
			skipped++
			continue
		}
		ref, err := ReadNotebook(refPath)
		if err != nil {
			t.Fatal(err)
		}
		paired := map[int]bool{}
		matched, differs, total := 0, 0, 0
		for i, c := range nb.Cells {
			rc := c.Metadata.Gograd.RefCell
			if c.Type != "code" || rc == nil {
				continue
			}
			if *rc < 0 || *rc >= len(ref.Cells) || ref.Cells[*rc].Type != "code" {
				t.Errorf("%s cell %d: ref_cell %d is not a code cell of %s", path, i, *rc, seed)
				continue
			}
			paired[*rc] = true
			total++
			want, got := Loose(Printed(ref.Cells[*rc].Outputs)), Loose(Printed(c.Outputs))
			switch {
			case want == got:
				matched++
			case c.Metadata.Gograd.Differs != "":
				differs++
			default:
				t.Errorf("%s cell %d (reference cell %d) prints differently from PyTorch:\n--- pytorch\n%s\n--- gograd\n%s",
					path, i, *rc, want, got)
			}
		}
		for i, c := range ref.Cells {
			if c.Type == "code" && Printed(c.Outputs) != "" && !paired[i] {
				t.Errorf("%s: reference cell %d prints output but no cell ports it", path, i)
			}
		}
		summary = append(summary, fmt.Sprintf("%s: %d/%d paired cells print as PyTorch, %d marked as differing", path, matched, total, differs))
	}
	if skipped == len(paths) {
		t.Skipf("no reference notebooks found (the seeds' are in %s)", refDir)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range summary {
		fmt.Println(s)
		if !strings.Contains(string(readme), "- "+s+"\n") {
			t.Errorf("notebooks/README.md does not say %q", s)
		}
	}
}
