package notebooks

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"os"
	"sort"
	"strings"
)

// Notebook is the part of an nbformat 4 document the tests read.
type Notebook struct {
	Metadata struct {
		Gograd struct {
			Seed string `json:"seed"`
		} `json:"gograd"`
	} `json:"metadata"`
	Cells []Cell `json:"cells"`
}

// Cell is one notebook cell. Source is a string or a list of strings in nbformat, so it
// is decoded by hand.
type Cell struct {
	Type     string          `json:"cell_type"`
	RawSrc   json.RawMessage `json:"source"`
	Outputs  []Output        `json:"outputs"`
	Metadata struct {
		Gograd struct {
			RefCell *int   `json:"ref_cell"`
			Differs string `json:"differs"`
		} `json:"gograd"`
	} `json:"metadata"`
}

// Output is one cell output. Text fields may be strings or lists of strings.
type Output struct {
	Type  string                     `json:"output_type"`
	Name  string                     `json:"name"`
	Text  json.RawMessage            `json:"text"`
	Data  map[string]json.RawMessage `json:"data"`
	EName string                     `json:"ename"`
	EVal  string                     `json:"evalue"`
}

// ReadNotebook decodes an .ipynb file.
func ReadNotebook(path string) (*Notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb Notebook
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &nb, nil
}

// Source returns the cell's source text.
func (c *Cell) Source() string { return multiline(c.RawSrc) }

// multiline decodes nbformat's "multiline string": a string, or a list of strings that
// are joined as they are (each already ends in its newline).
func multiline(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []string
	if json.Unmarshal(raw, &parts) == nil {
		return strings.Join(parts, "")
	}
	return string(raw)
}

// Printed is what a reader sees as text in a cell's outputs, in order: streams, the text
// of results, and `Name: value` of errors. Rich display_data (pictures, progress bars)
// is not text a reader compares with PyTorch's, so it is left out; it is checked by
// RichProblems instead.
func Printed(outs []Output) string {
	var b strings.Builder
	for _, o := range outs {
		switch o.Type {
		case "stream":
			b.WriteString(multiline(o.Text))
		case "execute_result":
			b.WriteString(multiline(o.Data["text/plain"]))
			b.WriteString("\n")
		case "error":
			fmt.Fprintf(&b, "%s: %s\n", o.EName, o.EVal)
		}
	}
	return b.String()
}

// Loose is the reference notebooks' own comparison rule (DIFFERENCES.md): trailing
// spaces and blank lines are ignored, because the seed texts put blank lines between
// prints and results. Nothing else is normalised: a digit that differs is a difference.
func Loose(s string) string {
	var keep []string
	for _, line := range strings.Split(s, "\n") {
		line = strings.TrimRight(line, " \t\r")
		if line != "" {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}

// coalesce merges consecutive stream outputs of the same name: how a kernel batches its
// writes into messages is not part of what a cell prints.
func coalesce(outs []Output) []Output {
	var res []Output
	for _, o := range outs {
		if n := len(res); n > 0 && o.Type == "stream" && res[n-1].Type == "stream" && res[n-1].Name == o.Name {
			text, _ := json.Marshal(multiline(res[n-1].Text) + multiline(o.Text))
			res[n-1].Text = text
			continue
		}
		res = append(res, o)
	}
	return res
}

// OutputProblems compares a cell's fresh outputs with the saved ones. Text (streams,
// execute_result text/plain, errors) must be equal exactly. display_data must have the
// same MIME types, each valid, and SVGs must hold the same text labels (series names,
// axis labels, graph node labels), since pixel positions may move between runs.
func OutputProblems(saved, fresh []Output) []string {
	saved, fresh = coalesce(saved), coalesce(fresh)
	var probs []string
	if a, b := Printed(saved), Printed(fresh); a != b {
		probs = append(probs, fmt.Sprintf("printed text differs:\n--- saved\n%s--- fresh\n%s", a, b))
	}
	sr, fr := rich(saved), rich(fresh)
	if len(sr) != len(fr) {
		return append(probs, fmt.Sprintf("%d rich outputs saved, %d fresh", len(sr), len(fr)))
	}
	for i := range sr {
		if a, b := mimeKeys(sr[i]), mimeKeys(fr[i]); a != b {
			probs = append(probs, fmt.Sprintf("rich output %d: MIME types %s saved, %s fresh", i, a, b))
			continue
		}
		probs = append(probs, RichProblems(fr[i])...)
		if svg, ok := fr[i].Data["image/svg+xml"]; ok {
			a, _ := SVGText(multiline(sr[i].Data["image/svg+xml"]))
			b, _ := SVGText(multiline(svg))
			if strings.Join(a, "|") != strings.Join(b, "|") {
				probs = append(probs, fmt.Sprintf("rich output %d: SVG labels %q saved, %q fresh", i, a, b))
			}
		}
	}
	return probs
}

func rich(outs []Output) []Output {
	var res []Output
	for _, o := range outs {
		if o.Type == "display_data" {
			res = append(res, o)
		}
	}
	return res
}

func mimeKeys(o Output) string {
	var keys []string
	for k := range o.Data {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}

// RichProblems checks that each rich MIME payload of an output is what it says it is.
func RichProblems(o Output) []string {
	var probs []string
	for mime, raw := range o.Data {
		switch mime {
		case "image/svg+xml":
			if _, err := SVGText(multiline(raw)); err != nil {
				probs = append(probs, fmt.Sprintf("image/svg+xml does not parse: %v", err))
			}
		case "image/png":
			var b64 string
			if err := json.Unmarshal(raw, &b64); err != nil {
				probs = append(probs, "image/png is not a string")
				continue
			}
			if err := checkPNG(b64); err != nil {
				probs = append(probs, fmt.Sprintf("image/png does not decode: %v", err))
			}
		}
	}
	sort.Strings(probs)
	return probs
}

// SVGText parses an SVG document and returns its text content, in document order. It
// fails when the document is not well-formed XML or its root is not <svg>.
func SVGText(doc string) ([]string, error) {
	dec := xml.NewDecoder(strings.NewReader(doc))
	dec.Strict = true
	var texts []string
	root := ""
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = t.Name.Local
			}
		case xml.CharData:
			if s := strings.TrimSpace(string(t)); s != "" {
				texts = append(texts, s)
			}
		}
	}
	if root != "svg" {
		return nil, fmt.Errorf("root element is %q, not svg", root)
	}
	return texts, nil
}

func checkPNG(b64 string) error {
	data, err := decodeBase64(b64)
	if err != nil {
		return err
	}
	_, err = png.Decode(bytes.NewReader(data))
	return err
}

// decodeBase64 decodes a PNG payload as Jupyter stores it: base64, possibly wrapped.
func decodeBase64(s string) ([]byte, error) {
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' {
			return -1
		}
		return r
	}, s)
	return base64.StdEncoding.DecodeString(s)
}
