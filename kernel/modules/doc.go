// Package modules finds, through the go command, the source of the Go
// packages a notebook imports that the kernel does not link, so that the
// interpreter can read them.
//
// # Why source, not plugins
//
// A package the kernel links is imported from its compiled symbol table
// (kernel/session/symbols/linked). For any other package there are two ways
// to reach it without restarting the kernel: build it into a Go plugin
// holding its symbol table and plugin.Open it, or let the interpreter read
// its source. Plugins load only into a host built with cgo by the very same
// toolchain, with the very same version and build flags of every package
// they share with it (the runtime, reflect, fmt, gonum...); a kernel built
// with -race, by a test, or by another Go release cannot load them, and a
// symbol table cannot hold a generic function or type at all. The source
// route has none of these limits and carries generics, at the price of
// interpreting the package's code. So the kernel reads source; a package
// that needs compiled speed is linked into the kernel instead (see the
// linked tables).
//
// # Resolving
//
// A Resolver runs the go command in a module of its own, one per session,
// kept in memory between commands and written to a temporary directory while
// they run. Its go.mod requires the modules the kernel links at the versions
// it links, so that minimal version selection starts from the kernel's graph,
// and its go.sum starts as the kernel's. The user's GOPROXY, GOPRIVATE,
// GONOSUMDB and GOFLAGS apply as in any go command (but -mod, which must let
// it update go.mod); GOWORK is off. For an import path it runs
//
//	go list -e -deps -json path
//	go get path              (when no required module has the package)
//	go list -e -deps -json path
//	go build path            (the compiler's errors, before the interpreter's)
//
// A package of a module the session already requires (gonum's packages that
// have no table, a module %go get pinned) is thus taken at that version.
//
// and returns the packages of the import's closure the interpreter must read
// from source, dependencies first, each with its directory in the module
// cache. A package of the closure that the kernel links is not read again:
// its compiled table serves, so its module must be at the version the kernel
// links, or the import fails naming both versions (a Conflict).
//
// # Cache
//
// The answer is kept in the user's cache directory, keyed by the Go version,
// the versions the kernel links, the import path and the session's module as
// it was (its go.mod: what %go get pinned, what earlier imports brought),
// together with the module as the import left it: a later session (a fresh
// kernel) that imports the same packages in the same order resolves each
// without running the go command, in the time it takes to read a small JSON
// file.
// An entry whose directories left the module cache (go clean -modcache) is
// resolved again.
//
// # Failures
//
// Every failure is an *Error whose Kind says what went wrong (no network or
// proxy refused, not found, cgo, build error, version conflict, no go
// command) and whose message says what to do about it.
package modules
