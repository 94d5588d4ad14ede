package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	_ "image/png" // PNG's text fallback reports the image size
	"strings"
)

// Bundle maps MIME types to data, as in Jupyter's display_data "data" field. Text types
// hold strings; binary types (image/png) hold base64 text, as the protocol carries them;
// "application/json" holds a JSON-able value. "text/plain" is always present in bundles
// made by this package.
type Bundle map[string]any

// DisplayBundle returns b, so a Bundle is itself a Displayer.
func (b Bundle) DisplayBundle() Bundle { return b }

// Text returns the bundle's text/plain, or "" if it has none.
func (b Bundle) Text() string {
	s, _ := b["text/plain"].(string)
	return s
}

// Displayer is a value that shows itself richly. The kernel displays the last
// expression of a cell through it.
type Displayer interface {
	DisplayBundle() Bundle
}

// HTML returns a bundle that renders s as HTML. Its text fallback is s itself, which
// reads better in a console than IPython's "<IPython.core.display.HTML object>".
func HTML(s string) Bundle {
	return Bundle{"text/html": s, "text/plain": s}
}

// Markdown returns a bundle that renders s as Markdown, with s as the text fallback.
func Markdown(s string) Bundle {
	return Bundle{"text/markdown": s, "text/plain": s}
}

// Latex returns a bundle that renders s as LaTeX (for example "$x^2$"), with s as the
// text fallback.
func Latex(s string) Bundle {
	return Bundle{"text/latex": s, "text/plain": s}
}

// SVG returns a bundle holding an SVG image. Anything before the <svg> element (an XML
// declaration, a DOCTYPE, comments) is dropped, as IPython's SVG does: notebook front
// ends insert the data into the page's DOM, where those are out of place.
func SVG(svg string) Bundle {
	if i := strings.Index(svg, "<svg"); i > 0 {
		svg = svg[i:]
	}
	return Bundle{"image/svg+xml": svg, "text/plain": "<SVG image>"}
}

// PNG returns a bundle holding a PNG image, base64-encoded as the protocol wants it. The
// text fallback names the image size when the bytes decode as PNG.
func PNG(png []byte) Bundle {
	text := "<PNG image>"
	if cfg, format, err := image.DecodeConfig(bytes.NewReader(png)); err == nil && format == "png" {
		text = fmt.Sprintf("<PNG image %dx%d>", cfg.Width, cfg.Height)
	}
	return Bundle{"image/png": base64.StdEncoding.EncodeToString(png), "text/plain": text}
}

// JSON returns a bundle that front ends render as a JSON tree, with indented JSON as the
// text fallback. It panics if v cannot be marshalled: the caller passed a value that no
// front end could show.
func JSON(v any) Bundle {
	raw, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Errorf("display.JSON: %w", err))
	}
	// Decode again so the bundle holds plain maps and slices, whatever v's Go type was,
	// and the kernel's own marshalling cannot fail on it.
	var plain any
	if err := json.Unmarshal(raw, &plain); err != nil {
		panic(fmt.Errorf("display.JSON: %w", err))
	}
	indented, _ := json.MarshalIndent(plain, "", "  ")
	return Bundle{"application/json": plain, "text/plain": string(indented)}
}

// BundleOf returns the bundle that displays v: v's own bundle for a Displayer (with a
// text/plain added if it lacks one), String() for a fmt.Stringer, else fmt's %v.
func BundleOf(v any) Bundle {
	switch x := v.(type) {
	case Displayer:
		b := x.DisplayBundle()
		if _, ok := b["text/plain"]; !ok {
			c := make(Bundle, len(b)+1)
			for k, d := range b {
				c[k] = d
			}
			c["text/plain"] = fmt.Sprint(v)
			b = c
		}
		return b
	case fmt.Stringer:
		return Bundle{"text/plain": x.String()}
	default:
		return Bundle{"text/plain": fmt.Sprint(v)}
	}
}
