package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func TestHelpers(t *testing.T) {
	for _, tc := range []struct {
		name     string
		b        Bundle
		mime     string
		data     any
		textHas  string
		numTypes int
	}{
		{"html", HTML("<b>x</b>"), "text/html", "<b>x</b>", "<b>x</b>", 2},
		{"markdown", Markdown("# T"), "text/markdown", "# T", "# T", 2},
		{"latex", Latex("$x^2$"), "text/latex", "$x^2$", "$x^2$", 2},
		{"svg", SVG("<svg/>"), "image/svg+xml", "<svg/>", "SVG", 2},
		{"svg prolog", SVG("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg>x</svg>\n"), "image/svg+xml", "<svg>x</svg>\n", "SVG", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.b[tc.mime]; got != tc.data {
				t.Errorf("%s = %v, want %v", tc.mime, got, tc.data)
			}
			if !strings.Contains(tc.b.Text(), tc.textHas) {
				t.Errorf("text/plain %q lacks %q", tc.b.Text(), tc.textHas)
			}
			if len(tc.b) != tc.numTypes {
				t.Errorf("bundle has %d types, want %d", len(tc.b), tc.numTypes)
			}
		})
	}
}

func TestPNG(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := PNG(buf.Bytes())
	raw, err := base64.StdEncoding.DecodeString(b["image/png"].(string))
	if err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	if r, _, _, _ := got.At(1, 1).RGBA(); r != 0xffff {
		t.Errorf("pixel lost in round trip")
	}
	if b.Text() != "<PNG image 3x2>" {
		t.Errorf("text/plain = %q", b.Text())
	}
}

func TestJSON(t *testing.T) {
	type point struct {
		X int    `json:"x"`
		Y string `json:"y"`
	}
	b := JSON(point{1, "a"})
	m, ok := b["application/json"].(map[string]any)
	if !ok || m["x"] != 1.0 || m["y"] != "a" {
		t.Fatalf("application/json = %#v", b["application/json"])
	}
	// The whole bundle must survive the kernel's marshalling.
	if _, err := json.Marshal(b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.Text(), `"x": 1`) {
		t.Errorf("text/plain = %q", b.Text())
	}
	defer func() {
		if recover() == nil {
			t.Error("JSON of a channel did not panic")
		}
	}()
	JSON(make(chan int))
}

type stringer struct{}

func (stringer) String() string { return "S" }

type noText struct{}

func (noText) DisplayBundle() Bundle { return Bundle{"text/html": "<i>h</i>"} }

func TestBundleOf(t *testing.T) {
	for _, tc := range []struct {
		v    any
		text string
	}{
		{stringer{}, "S"},
		{42, "42"},
		{HTML("<p>"), "<p>"},
		{noText{}, "{}"},
	} {
		if got := BundleOf(tc.v).Text(); got != tc.text {
			t.Errorf("BundleOf(%#v).Text() = %q, want %q", tc.v, got, tc.text)
		}
	}
	if BundleOf(noText{})["text/html"] != "<i>h</i>" {
		t.Error("BundleOf dropped the Displayer's own types")
	}
}

type recorder struct {
	calls []string
}

func (r *recorder) Display(b Bundle, id string) {
	r.calls = append(r.calls, "display "+id+" "+b.Text())
}
func (r *recorder) Update(b Bundle, id string) { r.calls = append(r.calls, "update "+id+" "+b.Text()) }
func (r *recorder) ClearOutput(wait bool)      { r.calls = append(r.calls, "clear") }

func TestPublisher(t *testing.T) {
	r := &recorder{}
	SetPublisher(r)
	defer SetPublisher(nil)
	Show(1)
	ShowID(2, "d")
	Update(3, "d")
	ClearOutput(true)
	want := []string{"display  1", "display d 2", "update d 3", "clear"}
	if strings.Join(r.calls, "|") != strings.Join(want, "|") {
		t.Errorf("calls = %q, want %q", r.calls, want)
	}
	SetPublisher(nil)
	if _, ok := CurrentPublisher().(TextPublisher); !ok {
		t.Error("nil publisher does not fall back to text")
	}
	var buf bytes.Buffer
	p := TextPublisher{W: &buf}
	p.Display(HTML("a"), "")
	p.Update(HTML("b"), "x")
	if buf.String() != "a\nb\n" {
		t.Errorf("text publisher wrote %q", buf.String())
	}
	if a, b := NewDisplayID(), NewDisplayID(); a == b || len(a) != 32 {
		t.Errorf("display ids %q %q", a, b)
	}
}
