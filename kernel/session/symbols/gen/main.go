// Command gen writes yaegi symbol tables for the project's packages (the list
// is symbols.Packages, read from ../symbols.go) into the symbols package:
//
//	go run ./gen [-out dir]
//
// It is run by go generate in kernel/session/symbols, and by its own test,
// which compares a fresh generation with the committed files.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/extract"
)

func main() {
	out := flag.String("out", ".", "directory to write the tables to")
	flag.Parse()
	if err := generate(*out); err != nil {
		log.Fatal(err)
	}
}

// packages reads symbols.Packages from the symbols package's source, so that
// the list is written once and gen need not import what it generates.
func packages(symbolsGo string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), symbolsGo, nil, 0)
	if err != nil {
		return nil, err
	}
	var paths []string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "Packages" {
			return true
		}
		for _, e := range vs.Values[0].(*ast.CompositeLit).Elts {
			p, err := strconv.Unquote(e.(*ast.BasicLit).Value)
			if err == nil {
				paths = append(paths, p)
			}
		}
		return false
	})
	if len(paths) == 0 {
		return nil, fmt.Errorf("%s: no Packages list", symbolsGo)
	}
	return paths, nil
}

// plumbing lists, per package, the exported symbols cells must not reach: the
// hooks through which the kernel's session connects the package (a cell calling
// widget.SetHost(nil) would cut every widget off from the front end).
var plumbing = map[string][]string{
	"github.com/gograd/gograd/display/widget": {`^(Host|SetHost|Handle|Open|Close|Comms|Flush|Capturing|Logger)$`},
}

// fileName is the file a package's table goes to, as yaegi's own extract
// command names it.
func fileName(path string) string {
	return strings.NewReplacer("/", "-", ".", "_", "~", "_").Replace(path) + ".go"
}

// generate writes one file per package into dir. It must run with the
// working directory inside the module (go generate runs it in the symbols
// directory), since the packages are type-checked from source.
func generate(dir string) error {
	src, err := symbolsDir()
	if err != nil {
		return err
	}
	paths, err := packages(filepath.Join(src, "symbols.go"))
	if err != nil {
		return err
	}
	for _, p := range paths {
		ext := extract.Extractor{Dest: "symbols", Exclude: plumbing[p]}
		var buf bytes.Buffer
		if _, err := ext.Extract(p, "", &buf); err != nil {
			return fmt.Errorf("extract %s: %w", p, err)
		}
		if err := os.WriteFile(filepath.Join(dir, fileName(p)), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// symbolsDir finds kernel/session/symbols from the working directory (the
// symbols directory under go generate, gen under go test).
func symbolsDir() (string, error) {
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for _, d := range []string{wd, filepath.Dir(wd)} {
		if _, err := os.Stat(filepath.Join(d, "symbols.go")); err == nil {
			return d, nil
		}
	}
	return "", fmt.Errorf("run gen in kernel/session/symbols or its gen directory, not %s", wd)
}
