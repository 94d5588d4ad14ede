package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	src := strings.Join([]string{
		"<!-- seed: 003_daee78dc2d3bd14b -->",
		"# Title",
		"",
		"Some prose.",
		"<!-- cell -->",
		"More prose.",
		"<!-- ref_cell: 4 -->",
		"```go",
		"x := 1",
		"",
		"fmt.Println(x)",
		"```",
		"<!-- ref_cell: 15; differs: unseeded randomness -->",
		"```go",
		"y := 2",
		"```",
		"```go",
		"z := 3",
		"```",
	}, "\n")
	path := filepath.Join(t.TempDir(), "x.md")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	seed, cells, err := parse(path)
	if err != nil {
		t.Fatal(err)
	}
	if seed != "003_daee78dc2d3bd14b" {
		t.Errorf("seed = %q", seed)
	}
	type want struct {
		kind, text string
		meta       map[string]any
	}
	wants := []want{
		{"markdown", "# Title\n\nSome prose.", nil},
		{"markdown", "More prose.", nil},
		{"code", "x := 1\n\nfmt.Println(x)", map[string]any{"ref_cell": 4}},
		{"code", "y := 2", map[string]any{"ref_cell": 15, "differs": "unseeded randomness"}},
		{"code", "z := 3", nil},
	}
	if len(cells) != len(wants) {
		t.Fatalf("%d cells, want %d: %+v", len(cells), len(wants), cells)
	}
	for i, w := range wants {
		c := cells[i]
		if c.kind != w.kind || strings.Join(source(c.lines), "") != w.text || !reflect.DeepEqual(c.meta, w.meta) {
			t.Errorf("cell %d = %s %q %v, want %s %q %v", i, c.kind, strings.Join(c.lines, "\n"), c.meta, w.kind, w.text, w.meta)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := map[string]string{
		"no seed":        "# x\n",
		"unclosed":       "<!-- seed: s -->\n```go\nx := 1\n",
		"stray note":     "<!-- seed: s -->\n<!-- ref_cell: 3 -->\nprose\n",
		"bad ref":        "<!-- seed: s -->\n<!-- ref_cell: x -->\n```go\n```\n",
		"unknown option": "<!-- seed: s -->\n<!-- ref_cell: 3; colour: red -->\n```go\n```\n",
	}
	for name, src := range tests {
		path := filepath.Join(t.TempDir(), "x.md")
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, _, err := parse(path); err == nil {
			t.Errorf("%s: parse succeeded, want an error", name)
		}
	}
}
