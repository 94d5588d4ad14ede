// Command nbbuild turns the readable notebook sources in notebooks/src/*.md into the
// .ipynb files in notebooks/, then executes them on the gograd kernel so that the saved
// outputs are the kernel's own.
//
// A source is Markdown. Each ```go fence becomes a code cell; the prose between fences
// becomes markdown cells, split where a line reads `<!-- cell -->`. An HTML comment on
// the line before a fence carries the cell's notes:
//
//	<!-- ref_cell: 12 -->
//	<!-- ref_cell: 15; differs: unseeded randomness -->
//
// The first line of a source, `<!-- seed: 002_65d16deb69b2b679 -->`, names the seed.
//
// Usage (from the repository root; the kernel must be installed, `go run ./install`):
//
//	go run ./notebooks/nbbuild            # build and execute every source
//	go run ./notebooks/nbbuild -run=false # build only
//	go run ./notebooks/nbbuild src/x.md   # one source
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

func main() {
	run := flag.Bool("run", true, "execute the built notebooks with jupyter nbconvert")
	flag.Parse()
	srcs := flag.Args()
	if len(srcs) == 0 {
		var err error
		srcs, err = filepath.Glob("notebooks/src/*.md")
		if err != nil || len(srcs) == 0 {
			fatalf("no sources in notebooks/src (run from the repository root)")
		}
	}
	for _, src := range srcs {
		out := filepath.Join("notebooks", strings.TrimSuffix(filepath.Base(src), ".md")+".ipynb")
		if err := build(src, out); err != nil {
			fatalf("%s: %v", src, err)
		}
		fmt.Println("built", out)
		if *run {
			cmd := exec.Command("jupyter", "nbconvert", "--to", "notebook", "--execute", "--inplace",
				"--allow-errors", "--ExecutePreprocessor.kernel_name=gograd",
				"--ExecutePreprocessor.timeout=900", out)
			cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
			if err := cmd.Run(); err != nil {
				fatalf("executing %s: %v", out, err)
			}
		}
	}
}

func fatalf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "nbbuild: "+format+"\n", args...)
	os.Exit(1)
}

var (
	seedRe = regexp.MustCompile(`^<!--\s*seed:\s*(\S+)\s*-->$`)
	noteRe = regexp.MustCompile(`^<!--\s*(ref_cell:.*?)\s*-->$`)
)

type cell struct {
	kind  string // "markdown" or "code"
	lines []string
	meta  map[string]any
}

// parse reads a source into its seed and cells.
func parse(path string) (string, []cell, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, err
	}
	defer f.Close()
	var (
		seed  string
		cells []cell
		prose []string
		code  *cell
		note  map[string]any
		lineN int
	)
	flushProse := func() {
		// Trim blank lines around the prose; skip prose that is only blank.
		for len(prose) > 0 && strings.TrimSpace(prose[0]) == "" {
			prose = prose[1:]
		}
		for len(prose) > 0 && strings.TrimSpace(prose[len(prose)-1]) == "" {
			prose = prose[:len(prose)-1]
		}
		if len(prose) > 0 {
			cells = append(cells, cell{kind: "markdown", lines: prose})
		}
		prose = nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		lineN++
		switch {
		case code != nil && line == "```":
			cells = append(cells, *code)
			code = nil
		case code != nil:
			code.lines = append(code.lines, line)
		case lineN == 1 && seedRe.MatchString(line):
			seed = seedRe.FindStringSubmatch(line)[1]
		case noteRe.MatchString(line):
			note, err = parseNote(noteRe.FindStringSubmatch(line)[1])
			if err != nil {
				return "", nil, fmt.Errorf("line %d: %v", lineN, err)
			}
		case line == "```go":
			flushProse()
			code = &cell{kind: "code", meta: note}
			note = nil
		case strings.TrimSpace(line) == "<!-- cell -->":
			flushProse()
		default:
			if note != nil {
				return "", nil, fmt.Errorf("line %d: a cell note must stand right before a ```go fence", lineN)
			}
			prose = append(prose, line)
		}
	}
	if err := sc.Err(); err != nil {
		return "", nil, err
	}
	if code != nil {
		return "", nil, fmt.Errorf("unclosed ```go fence")
	}
	flushProse()
	if seed == "" {
		return "", nil, fmt.Errorf("the first line must be <!-- seed: NAME -->")
	}
	return seed, cells, nil
}

// parseNote reads `ref_cell: 15; differs: why` into cell metadata.
func parseNote(s string) (map[string]any, error) {
	meta := map[string]any{}
	for _, part := range strings.SplitN(s, ";", 2) {
		k, v, ok := strings.Cut(strings.TrimSpace(part), ":")
		if !ok {
			return nil, fmt.Errorf("bad note %q", s)
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch k {
		case "ref_cell":
			n, err := strconv.Atoi(v)
			if err != nil {
				return nil, fmt.Errorf("ref_cell %q is not a number", v)
			}
			meta[k] = n
		case "differs":
			meta[k] = v
		default:
			return nil, fmt.Errorf("unknown note %q", k)
		}
	}
	return meta, nil
}

// source splits lines the way nbformat stores a multiline string.
func source(lines []string) []string {
	res := make([]string, len(lines))
	for i, l := range lines {
		if i < len(lines)-1 {
			l += "\n"
		}
		res[i] = l
	}
	return res
}

func build(src, out string) error {
	seed, cells, err := parse(src)
	if err != nil {
		return err
	}
	// Keep the outputs of an earlier build while the code is unchanged, so that building
	// without -run does not throw executed results away.
	old := map[string]any{}
	if prev, err := os.ReadFile(out); err == nil {
		var nb struct {
			Cells []struct {
				Type    string          `json:"cell_type"`
				Source  []string        `json:"source"`
				Outputs json.RawMessage `json:"outputs"`
			} `json:"cells"`
		}
		if json.Unmarshal(prev, &nb) == nil {
			for _, c := range nb.Cells {
				if c.Type == "code" {
					old[strings.Join(c.Source, "")] = c.Outputs
				}
			}
		}
	}
	var jcells []map[string]any
	for i, c := range cells {
		jc := map[string]any{
			"cell_type": c.kind,
			"id":        fmt.Sprintf("c%03d", i),
			"metadata":  map[string]any{},
			"source":    source(c.lines),
		}
		if c.kind == "code" {
			if c.meta != nil {
				jc["metadata"] = map[string]any{"gograd": c.meta}
			}
			jc["execution_count"] = nil
			jc["outputs"] = []any{}
			if o, ok := old[strings.Join(source(c.lines), "")]; ok {
				jc["outputs"] = o
			}
		}
		jcells = append(jcells, jc)
	}
	nb := map[string]any{
		"nbformat":       4,
		"nbformat_minor": 5,
		"metadata": map[string]any{
			"gograd":     map[string]any{"seed": seed},
			"kernelspec": map[string]any{"name": "gograd", "display_name": "Go (gograd)", "language": "go"},
			"language_info": map[string]any{
				"name": "go", "file_extension": ".go", "mimetype": "text/x-go",
				"codemirror_mode": "go", "pygments_lexer": "go",
			},
		},
		"cells": jcells,
	}
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(b, '\n'), 0o644)
}
