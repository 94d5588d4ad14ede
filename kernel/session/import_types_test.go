package session

import (
	"go/ast"
	goimporter "go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"
)

// TestSourceTypes type-checks cells' code against packages imported from
// source: a generic API, and a package using a linked one.
func TestSourceTypes(t *testing.T) {
	if testing.Short() {
		t.Skip("type-checks the standard library's packages from source")
	}
	s := proxySession(t, testProxy(t), t.TempDir())
	run(t, s, "import \"example.com/generic\"\nimport \"example.com/usesuuid\"")
	fset := token.NewFileSet()
	others := goimporter.ForCompiler(fset, "source", nil) // std and uuid, from source
	if _, ok, _ := s.imp.types.Import("strings", others); ok {
		t.Error("strings is not a source import of the session")
	}
	g, ok, err := s.imp.types.Import("example.com/generic", others)
	if !ok || err != nil {
		t.Fatalf("Import(example.com/generic) = %v, %v", ok, err)
	}
	if fn, _ := g.Scope().Lookup("Map").(*types.Func); fn == nil || fn.Type().(*types.Signature).TypeParams().Len() != 2 {
		t.Errorf("generic.Map: %v, want a function with two type parameters", g.Scope().Lookup("Map"))
	}
	again, _, _ := s.imp.types.Import("example.com/generic", others)
	if again != g {
		t.Error("a second import made another package: types would not be identical across cells")
	}
	// A package whose source needs a generic constraint of the standard
	// library (cmp.Ordered) while the std importer given has none: the
	// package is checked against GOROOT's source instead.
	noOrdered := importerFunc(func(p string) (*types.Package, error) {
		if p == "cmp" {
			return types.NewPackage("cmp", "cmp"), nil
		}
		return others.Import(p)
	})
	run(t, s, `import "example.com/ordered"`)
	if o, ok, err := s.imp.types.Import("example.com/ordered", noOrdered); !ok || err != nil || o.Scope().Lookup("Largest") == nil {
		t.Errorf("Import(example.com/ordered) = %v, %v, %v", o, ok, err)
	}
	cell := `package main

import (
	"example.com/generic"
	"example.com/usesuuid"
)

var words = generic.Map[int, string]([]int{1}, func(int) string { return "" })
var id = usesuuid.Python().String()
var bad = generic.Sum([]string{"a"})
`
	f, err := parser.ParseFile(fset, "cell.go", cell, 0)
	if err != nil {
		t.Fatal(err)
	}
	var errs []error
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}}
	conf := types.Config{
		Importer: importerFunc(func(p string) (*types.Package, error) {
			if pkg, ok, err := s.imp.types.Import(p, others); ok {
				return pkg, err
			}
			return others.Import(p)
		}),
		Error: func(err error) { errs = append(errs, err) },
	}
	pkg, _ := conf.Check("main", fset, []*ast.File{f}, info)
	if typ := pkg.Scope().Lookup("words").Type().String(); typ != "[]string" {
		t.Errorf("words is %s, want []string", typ)
	}
	if typ := pkg.Scope().Lookup("id").Type().String(); typ != "string" {
		t.Errorf("id is %s, want string", typ)
	}
	// string does not satisfy generic.Number: the one error.
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "string does not satisfy generic.Number") {
		t.Errorf("errors %v, want one: string does not satisfy generic.Number", errs)
	}
}
