package session

import (
	"github.com/gograd/gograd/display"
	"github.com/gograd/gograd/display/widget"
	"github.com/gograd/gograd/kernel"
)

// Widgets (package display/widget) reach the front end through the session:
// their comm messages go out through the Output of the running cell or comm
// request, and their callbacks run under the session's lock, in turn with cells.

// CommOpen accepts the comms the widget package serves (the widget control comm
// a reconnecting front end opens).
func (s *Session) CommOpen(out kernel.CommOutput, commID, target string, data map[string]any) bool {
	return s.widgetCall(out, func() bool { return widget.Open(commID, target) })
}

// CommMsg hands a front end's widget message to its widget; the callbacks it
// fires run now, serialised with cells. When no more requests wait, the redraws
// the messages asked for run too.
func (s *Session) CommMsg(out kernel.CommOutput, commID string, data map[string]any, more bool) bool {
	return s.widgetCall(out, func() bool {
		ok := widget.Handle(commID, data)
		if !more {
			widget.Flush()
		}
		return ok
	})
}

// flushWidgets runs the redraws a front-end change left waiting because a cell
// was queued behind it (CommMsg with more set): before that cell runs.
func flushWidgets() { widget.Flush() }

// CommClose forgets a comm the front end closed.
func (s *Session) CommClose(out kernel.CommOutput, commID string, data map[string]any) {
	s.widgetCall(out, func() bool { widget.Close(commID); return true })
}

// CommInfo lists the widget comms open.
func (s *Session) CommInfo(target string) map[string]string { return widget.Comms(target) }

// widgetCall runs f as a cell runs: holding the session's lock, with out as the
// destination of what it prints or displays.
func (s *Session) widgetCall(out kernel.CommOutput, f func() bool) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.out.Store(&outputBox{out})
	activate(s)
	defer s.streams.flush()
	return f()
}

// widgetHost sends the widgets' comm messages through the active session's
// current Output.
type widgetHost struct{}

func (widgetHost) Send(msgType string, content, metadata map[string]any) {
	s := active.Load()
	if s == nil {
		return
	}
	b := s.out.Load()
	if b == nil {
		return
	}
	// No flush of the session's streams here: their flush may be what sends
	// this message (text captured by an Output widget updates its state).
	if msgType == "stream" { // a callback's panic report: to the request's own output
		name, _ := content["name"].(string)
		text, _ := content["text"].(string)
		if name == "stderr" {
			b.Output.Stderr(text)
		} else {
			b.Output.Stdout(text)
		}
		return
	}
	if co, ok := b.Output.(kernel.CommOutput); ok {
		co.Comm(msgType, content, metadata)
	}
}

func (widgetHost) Flush() {
	if s := active.Load(); s != nil {
		s.streams.flush()
	}
}

// capturing sends what a cell or callback shows into the Output widget whose
// Capture runs, when one does; widgetOutput returns out itself otherwise.
type capturing struct {
	kernel.Output
	o *widget.Output
}

func widgetOutput(out kernel.Output) kernel.Output {
	if o := widget.Capturing(); o != nil {
		return capturing{out, o}
	}
	return out
}

func (c capturing) Stdout(text string)    { c.o.AppendStdout(text) }
func (c capturing) Stderr(text string)    { c.o.AppendStderr(text) }
func (c capturing) ClearOutput(wait bool) { c.o.Clear(wait) }
func (c capturing) Display(bundle map[string]any, id string, update bool) {
	if update {
		c.o.UpdateDisplay(display.Bundle(bundle), id)
		return
	}
	c.o.AppendDisplay(display.Bundle(bundle), id)
}
