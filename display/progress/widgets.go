package progress

import (
	"fmt"
	"html"

	"github.com/gograd/gograd/display"
	"github.com/gograd/gograd/display/widget"
)

// widgets is a bar drawn with Jupyter widgets, as tqdm.notebook draws one: the
// description and percentage, an IntProgress, and the counts, times and rate.
// A bar takes this form when a front end with a widget manager is connected
// (widget.FrontendHasWidgets); its redraws are then state updates of the
// widgets rather than new outputs.
type widgets struct {
	left, right *widget.HTML
	bar         *widget.IntProgress
	box         *widget.Box
}

func newWidgets(s state) *widgets {
	w := &widgets{
		left:  widget.NewHTML(""),
		bar:   widget.NewIntProgress("", 0, max(s.total, 1), 0),
		right: widget.NewHTML(""),
	}
	w.box = widget.HBox(w.left, w.bar, w.right)
	w.draw(s)
	return w
}

func (w *widgets) draw(s state) {
	left := ""
	if s.desc != "" {
		left = html.EscapeString(s.desc) + ": "
	}
	if s.total > 0 {
		left += fmt.Sprintf("%3.0f%%", s.fraction()*100)
		w.bar.SetValue(min(s.n, s.total))
	} else {
		w.bar.SetValue(1) // unknown total: a full bar, as tqdm.notebook shows
		w.bar.SetBarStyle("info")
	}
	if s.total > 0 && s.n >= s.total {
		w.bar.SetBarStyle("success")
	}
	w.left.SetValue(left)
	w.right.SetValue(html.EscapeString(s.stats()))
}

// bundle shows the widgets, with the text and HTML forms for front ends that
// cannot (and for the notebook file, where the text form is what nbconvert's
// text exports print).
func (w *widgets) bundle(s state) display.Bundle {
	b := w.box.DisplayBundle()
	b["text/plain"] = s.text()
	b["text/html"] = s.html()
	return b
}
