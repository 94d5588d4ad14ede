package notebooks

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"strings"
	"testing"
)

func str(s string) json.RawMessage { b, _ := json.Marshal(s); return b }

func stream(name, text string) Output { return Output{Type: "stream", Name: name, Text: str(text)} }

func result(text string) Output {
	return Output{Type: "execute_result", Data: map[string]json.RawMessage{"text/plain": str(text)}}
}

func display(data map[string]string) Output {
	o := Output{Type: "display_data", Data: map[string]json.RawMessage{}}
	for k, v := range data {
		o.Data[k] = str(v)
	}
	return o
}

// tinyPNG is a 1x1 PNG made by Go's image/png (not by the code under test), as base64.
var tinyPNG = func() string {
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		panic(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}()

func TestPrinted(t *testing.T) {
	tests := []struct {
		name string
		outs []Output
		want string
	}{
		{"nothing", nil, ""},
		{"streams and result", []Output{stream("stdout", "a\n"), result("tensor(3.)")}, "a\ntensor(3.)\n"},
		{"error", []Output{stream("stdout", "tensor(4.)\n"), {Type: "error", EName: "RuntimeError", EVal: "boom"}}, "tensor(4.)\nRuntimeError: boom\n"},
		{"list text", []Output{{Type: "stream", Name: "stdout", Text: json.RawMessage(`["a\n","b\n"]`)}}, "a\nb\n"},
		{"display is not text", []Output{display(map[string]string{"text/plain": "<Figure>"})}, ""},
	}
	for _, tt := range tests {
		if got := Printed(tt.outs); got != tt.want {
			t.Errorf("%s: Printed = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLoose(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a  \n\n\nb\n", "a\nb"},
		{"tensor(2.)\n", "tensor(2.)"},
		{"  lead kept\n", "  lead kept"},
		{"1.0000\n", "1.0000"},
	}
	for _, tt := range tests {
		if got := Loose(tt.in); got != tt.want {
			t.Errorf("Loose(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if Loose("tensor(2.0000)") == Loose("tensor(2.)") {
		t.Error("Loose must not normalise numbers")
	}
}

func TestOutputProblems(t *testing.T) {
	svgA := `<svg xmlns="http://www.w3.org/2000/svg"><text>sin(x)</text><text>x</text></svg>`
	svgB := `<svg xmlns="http://www.w3.org/2000/svg"><g><text>sin(x)</text></g><text>x</text></svg>`
	svgC := `<svg xmlns="http://www.w3.org/2000/svg"><text>cos(x)</text></svg>`
	tests := []struct {
		name         string
		saved, fresh []Output
		wantProblem  string // "" means none
	}{
		{"same", []Output{stream("stdout", "a\n")}, []Output{stream("stdout", "a\n")}, ""},
		{"split streams are one", []Output{stream("stdout", "a\nb\n")}, []Output{stream("stdout", "a\n"), stream("stdout", "b\n")}, ""},
		{"digit differs", []Output{stream("stdout", "tensor(1.0000)\n")}, []Output{stream("stdout", "tensor(1.0001)\n")}, "printed text differs"},
		{"unexpected error", []Output{stream("stdout", "a\n")}, []Output{stream("stdout", "a\n"), {Type: "error", EName: "panic", EVal: "x"}}, "printed text differs"},
		{"svg moved but same labels", []Output{display(map[string]string{"image/svg+xml": svgA, "text/plain": "f"})}, []Output{display(map[string]string{"image/svg+xml": svgB, "text/plain": "f"})}, ""},
		{"svg other labels", []Output{display(map[string]string{"image/svg+xml": svgA})}, []Output{display(map[string]string{"image/svg+xml": svgC})}, "SVG labels"},
		{"svg broken", []Output{display(map[string]string{"image/svg+xml": svgA})}, []Output{display(map[string]string{"image/svg+xml": "<svg><text>"})}, "does not parse"},
		{"mime lost", []Output{display(map[string]string{"image/svg+xml": svgA, "image/png": tinyPNG})}, []Output{display(map[string]string{"image/svg+xml": svgA})}, "MIME types"},
		{"png fine", []Output{display(map[string]string{"image/png": tinyPNG})}, []Output{display(map[string]string{"image/png": tinyPNG})}, ""},
		{"png broken", []Output{display(map[string]string{"image/png": tinyPNG})}, []Output{display(map[string]string{"image/png": "aGVsbG8="})}, "does not decode"},
		{"display missing", []Output{display(map[string]string{"text/plain": "x"})}, nil, "rich outputs"},
	}
	for _, tt := range tests {
		probs := OutputProblems(tt.saved, tt.fresh)
		joined := strings.Join(probs, "\n")
		switch {
		case tt.wantProblem == "" && len(probs) > 0:
			t.Errorf("%s: unexpected problems: %s", tt.name, joined)
		case tt.wantProblem != "" && !strings.Contains(joined, tt.wantProblem):
			t.Errorf("%s: problems %q, want one containing %q", tt.name, joined, tt.wantProblem)
		}
	}
}

func TestSVGText(t *testing.T) {
	if _, err := SVGText(`<html><text>a</text></html>`); err == nil {
		t.Error("a non-svg root must be rejected")
	}
	got, err := SVGText(`<?xml version="1.0"?><svg><title>G</title><text> a </text><text>b</text></svg>`)
	if err != nil || strings.Join(got, ",") != "G,a,b" {
		t.Errorf("SVGText = %q, %v", got, err)
	}
}
