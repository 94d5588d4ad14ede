package widget

import (
	"sync"

	"github.com/gograd/gograd/display"
)

// Output is an area of outputs (text, plots, errors) that Go fills and redraws:
// what Interact draws into, and where a callback's output can go.
//
// Its outputs live in the model's "outputs" attribute, in nbformat's output form
// ({"output_type": "display_data", "data": {...}}), which the front end's
// OutputModel renders whenever it changes. ipywidgets routes output by message
// parent instead (the msg_id attribute); carrying the outputs in the state works
// the same wherever the state goes: a callback run long after its cell, a
// reconnecting front end, a notebook's saved widget state.
type Output struct {
	core

	mu         sync.Mutex
	outputs    []any
	ids        map[string][]int // display id -> indexes of outputs shown with it
	clearFirst bool             // a Clear(true) waits for the next output
}

// NewOutput returns an empty output area.
func NewOutput() *Output {
	o := &Output{ids: map[string][]int{}}
	o.m = newModel("OutputModel", "OutputView", OutputModule, domState("msg_id", "", "outputs", []any{}),
		map[string]kind{"outputs": kindJSON, "msg_id": kindString})
	o.class = "Output"
	o.repr = func() []any {
		o.mu.Lock()
		defer o.mu.Unlock()
		return []any{"outputs", len(o.outputs)}
	}
	return o
}

var (
	capMu    sync.Mutex
	capStack []*Output
)

// Capturing is the Output whose Capture runs now, or nil. The kernel's session
// sends a cell's or callback's text and displays there while it is set.
func Capturing() *Output {
	capMu.Lock()
	defer capMu.Unlock()
	if len(capStack) == 0 {
		return nil
	}
	return capStack[len(capStack)-1]
}

// Capture runs f with everything it shows going into o: fmt output, display.Show,
// a returned plot's redraws. A panic in f is shown in o as an error and ends f
// only, as an exception inside ipywidgets' `with out:` does.
func (o *Output) Capture(f func()) {
	flushHost()
	capMu.Lock()
	capStack = append(capStack, o)
	capMu.Unlock()
	defer func() {
		flushHost()
		capMu.Lock()
		for i := len(capStack) - 1; i >= 0; i-- {
			if capStack[i] == o {
				capStack = append(capStack[:i], capStack[i+1:]...)
				break
			}
		}
		capMu.Unlock()
		o.mu.Lock()
		cleared := o.clearFirst
		o.mu.Unlock()
		if cleared { // f showed nothing: the wait is over
			o.Clear(false)
		}
	}()
	guard(f)
}

// Clear empties the area; with wait, only when the next output arrives, so that
// a redraw replaces the old picture without a blank moment between.
func (o *Output) Clear(wait bool) {
	o.mu.Lock()
	if wait {
		o.clearFirst = true
		o.mu.Unlock()
		return
	}
	o.outputs, o.ids, o.clearFirst = nil, map[string][]int{}, false
	o.mu.Unlock()
	o.publish()
}

// AppendStdout adds text to the area as standard output.
func (o *Output) AppendStdout(text string) { o.appendStream("stdout", text) }

// AppendStderr adds text to the area as standard error.
func (o *Output) AppendStderr(text string) { o.appendStream("stderr", text) }

func (o *Output) appendStream(name, text string) {
	if text == "" {
		return
	}
	o.mu.Lock()
	o.clearIfWaiting()
	// Consecutive text of one stream is one output, as in a notebook file.
	if n := len(o.outputs); n > 0 {
		if last, ok := o.outputs[n-1].(map[string]any); ok && last["output_type"] == "stream" && last["name"] == name {
			o.outputs[n-1] = map[string]any{"output_type": "stream", "name": name, "text": last["text"].(string) + text}
			o.mu.Unlock()
			o.publish()
			return
		}
	}
	o.outputs = append(o.outputs, map[string]any{"output_type": "stream", "name": name, "text": text})
	o.mu.Unlock()
	o.publish()
}

// AppendDisplay adds a display output; a non-empty displayID lets UpdateDisplay
// redraw it later (a progress bar or live plot inside the area).
func (o *Output) AppendDisplay(b display.Bundle, displayID string) {
	o.mu.Lock()
	o.clearIfWaiting()
	if displayID != "" {
		o.ids[displayID] = append(o.ids[displayID], len(o.outputs))
	}
	o.outputs = append(o.outputs, displayOutput(b))
	o.mu.Unlock()
	o.publish()
}

// UpdateDisplay redraws the outputs shown with displayID.
func (o *Output) UpdateDisplay(b display.Bundle, displayID string) {
	o.mu.Lock()
	idx := o.ids[displayID]
	for _, i := range idx {
		o.outputs[i] = displayOutput(b)
	}
	o.mu.Unlock()
	if len(idx) > 0 {
		o.publish()
	}
}

// AppendError adds an error output, as a failing cell shows one.
func (o *Output) AppendError(ename, evalue string, traceback []string) {
	tb := make([]any, len(traceback))
	for i, l := range traceback {
		tb[i] = l
	}
	o.mu.Lock()
	o.clearIfWaiting()
	o.outputs = append(o.outputs, map[string]any{"output_type": "error", "ename": ename, "evalue": evalue, "traceback": tb})
	o.mu.Unlock()
	o.publish()
}

// Outputs returns a copy of the area's outputs in nbformat's form.
func (o *Output) Outputs() []any {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]any{}, o.outputs...)
}

func (o *Output) clearIfWaiting() {
	if o.clearFirst {
		o.outputs, o.ids, o.clearFirst = nil, map[string][]int{}, false
	}
}

func displayOutput(b display.Bundle) map[string]any {
	data := make(map[string]any, len(b))
	for k, v := range b {
		data[k] = v
	}
	// Without a widget manager connected (nbconvert --execute), the state is
	// only kept for the notebook file, and nbconvert 6's HTML export escapes it
	// inside its <script> element ("<" becomes "&lt;", which a script does not
	// decode): SVG markup arrives broken, base64 PNG intact. So there a picture
	// keeps its PNG alone.
	if _, png := data["image/png"]; png && !FrontendHasWidgets() {
		delete(data, "image/svg+xml")
	}
	return map[string]any{"output_type": "display_data", "data": data, "metadata": map[string]any{}}
}

func (o *Output) publish() {
	o.mu.Lock()
	outs := append([]any{}, o.outputs...)
	o.mu.Unlock()
	o.m.set("outputs", outs)
}
