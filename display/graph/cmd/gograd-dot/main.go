// Command gograd-dot lays out Graphviz DOT text with go-graphviz (Graphviz compiled to
// WebAssembly, run by wazero: no cgo, no system Graphviz needed).
//
// It is a separate program because go-graphviz compiles its WebAssembly module in a
// package init: any binary that links it pays that cost (seconds when cold) at start-up.
// The gograd kernel does not link it; package display/graph starts this program on the
// first graph a notebook draws and keeps it running for the next ones.
//
// Usage:
//
//	gograd-dot [-T svg] < graph.dot > graph.svg   one graph, like dot -Tsvg
//	gograd-dot -serve                               requests on stdin, replies on stdout
//
// In -serve mode a request is a line "FORMAT LENGTH" followed by LENGTH bytes of DOT;
// the reply is a line "ok LENGTH" or "error LENGTH" followed by LENGTH bytes of output
// or error text.
package main

import (
	"bufio"
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/goccy/go-graphviz"
)

func main() {
	format := flag.String("T", "svg", "output format: svg, dot (positioned DOT) or png")
	serve := flag.Bool("serve", false, "answer length-prefixed requests until stdin closes")
	flag.Parse()

	ctx := context.Background()
	gv, err := graphviz.New(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gograd-dot:", err)
		os.Exit(1)
	}
	defer gv.Close()

	if *serve {
		if err := serveLoop(ctx, gv, os.Stdin, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "gograd-dot:", err)
			os.Exit(1)
		}
		return
	}
	src, err := io.ReadAll(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gograd-dot:", err)
		os.Exit(1)
	}
	out, err := render(ctx, gv, src, *format)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gograd-dot:", err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}

func render(ctx context.Context, gv *graphviz.Graphviz, src []byte, format string) ([]byte, error) {
	g, err := graphviz.ParseBytes(src)
	if err != nil {
		return nil, fmt.Errorf("parsing DOT: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if err := gv.Render(ctx, g, graphviz.Format(format), &buf); err != nil {
		return nil, fmt.Errorf("rendering %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

func serveLoop(ctx context.Context, gv *graphviz.Graphviz, in io.Reader, out io.Writer) error {
	r := bufio.NewReader(in)
	w := bufio.NewWriter(out)
	for {
		var format string
		var n int
		if _, err := fmt.Fscanf(r, "%s %d\n", &format, &n); err != nil {
			if err == io.EOF {
				return nil
			}
			return fmt.Errorf("reading request header: %w", err)
		}
		src := make([]byte, n)
		if _, err := io.ReadFull(r, src); err != nil {
			return fmt.Errorf("reading request body: %w", err)
		}
		res, err := render(ctx, gv, src, format)
		status := "ok"
		if err != nil {
			status, res = "error", []byte(err.Error())
		}
		fmt.Fprintf(w, "%s %d\n", status, len(res))
		w.Write(res)
		if err := w.Flush(); err != nil {
			return err
		}
	}
}
