package widget

import (
	"fmt"
	"log"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
)

// The protocol's names and versions, as @jupyter-widgets/base 6 (JUPYTER_WIDGETS_VERSION,
// PROTOCOL_VERSION), @jupyter-widgets/controls 5 (JUPYTER_CONTROLS_VERSION) and
// @jupyter-widgets/output 6 (OUTPUT_WIDGET_VERSION) declare them: the module versions
// are those of the model schemas, not of the npm packages.
const (
	// Target is the comm target every widget model is opened on.
	Target = "jupyter.widget"
	// ControlTarget is the comm a front end opens to fetch all states at once
	// (protocol 2.1), on reconnecting to a kernel whose widgets it has not seen.
	ControlTarget = "jupyter.widget.control"
	// ProtocolVersion goes into every comm_open's metadata.version.
	ProtocolVersion = "2.1.0"

	BaseModule      = "@jupyter-widgets/base"
	BaseVersion     = "2.0.0"
	ControlsModule  = "@jupyter-widgets/controls"
	ControlsVersion = "2.0.0"
	OutputModule    = "@jupyter-widgets/output"
	OutputVersion   = "1.0.0"

	// ViewMIME is the MIME type of a widget's view in a display bundle.
	ViewMIME = "application/vnd.jupyter.widget-view+json"
	// StateMIME is the key of the widget states in a notebook's metadata.widgets.
	StateMIME = "application/vnd.jupyter.widget-state+json"
)

// Host carries widget messages to the front end. The gograd kernel's session
// installs one with SetHost; without one (a plain Go program, a unit test of
// another package) widgets work as Go values and nothing is sent.
type Host interface {
	// Send publishes a comm message on iopub: msgType is comm_open, comm_msg or
	// comm_close, content its content and metadata its metadata (nil: empty).
	Send(msgType string, content, metadata map[string]any)
	// Flush sends the output the running cell or callback has buffered, so that
	// what was printed before an Output widget starts or stops capturing lands on
	// the right side of it.
	Flush()
}

var (
	hostMu sync.RWMutex
	host   Host

	regMu   sync.Mutex
	models  = map[string]*model{}
	control = map[string]bool{} // open jupyter.widget.control comms
	// hasManager is set once a front end opened a control comm.
	hasManager bool

	// Logger receives a line for every message the package refuses (unknown
	// comm, bad state) and every callback that panicked. Default: the standard
	// logger, which in the kernel goes to its log.
	Logger = log.Default()
)

// SetHost installs h; nil stops sending.
func SetHost(h Host) {
	hostMu.Lock()
	host = h
	hostMu.Unlock()
}

func currentHost() Host {
	hostMu.RLock()
	defer hostMu.RUnlock()
	return host
}

func send(msgType string, content, metadata map[string]any) {
	if h := currentHost(); h != nil {
		h.Send(msgType, content, metadata)
	}
}

func flushHost() {
	if h := currentHost(); h != nil {
		h.Flush()
	}
}

func register(m *model) {
	regMu.Lock()
	models[m.id] = m
	regMu.Unlock()
}

func lookup(id string) *model {
	regMu.Lock()
	defer regMu.Unlock()
	return models[id]
}

// Open handles a comm the front end opens. It reports whether target is one of
// the package's (the kernel closes other comms at once).
func Open(commID, target string) bool {
	if target != ControlTarget {
		return false
	}
	regMu.Lock()
	control[commID] = true
	hasManager = true
	regMu.Unlock()
	return true
}

// FrontendHasWidgets reports whether a front end with a widget manager has
// connected to this kernel: JupyterLab's manager opens a control comm on every
// kernel it connects to. nbconvert and consoles do not, and display/progress
// then keeps its text and HTML form.
func FrontendHasWidgets() bool {
	regMu.Lock()
	defer regMu.Unlock()
	return hasManager
}

// Close forgets a comm the front end closed.
func Close(commID string) {
	regMu.Lock()
	defer regMu.Unlock()
	delete(control, commID)
	if m := models[commID]; m != nil {
		m.mu.Lock()
		m.closed = true
		m.mu.Unlock()
		delete(models, commID)
	}
}

// Comms lists the open comms whose target is target (all of them for ""), as
// comm_info_reply reports them: comm id to target name.
func Comms(target string) map[string]string {
	regMu.Lock()
	defer regMu.Unlock()
	out := map[string]string{}
	if target == "" || target == Target {
		for id := range models {
			out[id] = Target
		}
	}
	if target == "" || target == ControlTarget {
		for id := range control {
			out[id] = ControlTarget
		}
	}
	return out
}

// Handle processes a comm_msg from the front end: data is the message's content
// "data" field decoded from JSON. An update sets values and runs the observers of
// those that changed; request_state sends the whole state back; a custom message
// goes to the widget (a Button's click). It reports false, after logging why, for
// a comm the package does not know or a message it refuses; the widget is then
// unchanged.
//
// Observers run on the caller's goroutine: the kernel calls Handle in turn with
// cells, so a callback never runs beside a cell. Work that may be coalesced
// (Interact's redraws) waits for Flush.
func Handle(commID string, data map[string]any) bool {
	method, _ := data["method"].(string)
	regMu.Lock()
	isControl := control[commID]
	regMu.Unlock()
	if isControl {
		if method != "request_states" {
			Logger.Printf("widget: control comm %s: unknown method %q", commID, method)
			return false
		}
		sendStates(commID)
		return true
	}
	m := lookup(commID)
	if m == nil {
		Logger.Printf("widget: comm_msg for unknown comm %s (method %q) ignored", commID, method)
		return false
	}
	handling.Lock()
	inHandle++
	handling.Unlock()
	defer func() {
		handling.Lock()
		inHandle--
		handling.Unlock()
	}()
	switch method {
	case "update":
		state, ok := data["state"].(map[string]any)
		if !ok {
			Logger.Printf("widget: %s: update without a state object ignored", commID)
			return false
		}
		if err := m.update(state); err != nil {
			Logger.Printf("widget: %s (%v): update ignored: %v", commID, m.get("_model_name"), err)
			return false
		}
	case "request_state":
		send("comm_msg", map[string]any{"comm_id": m.id, "data": map[string]any{"method": "update", "state": m.snapshot(), "buffer_paths": []any{}}}, nil)
	case "custom":
		content, _ := data["content"].(map[string]any)
		m.mu.Lock()
		f := m.onMsg
		m.mu.Unlock()
		if f == nil {
			Logger.Printf("widget: %s: custom message for a widget that takes none ignored", commID)
			return false
		}
		guard(func() { f(content) })
	default:
		Logger.Printf("widget: %s: unknown method %q ignored", commID, method)
		return false
	}
	return true
}

// sendStates answers a control comm's request_states with every model's state.
func sendStates(commID string) {
	states := map[string]any{}
	regMu.Lock()
	ms := make([]*model, 0, len(models))
	for _, m := range models {
		ms = append(ms, m)
	}
	regMu.Unlock()
	for _, m := range ms {
		states[m.id] = m.snapshot()
	}
	send("comm_msg", map[string]any{"comm_id": commID, "data": map[string]any{
		"method": "update_states", "states": states, "buffer_paths": map[string]any{},
	}}, nil)
}

// State is every open widget's state in the form a notebook keeps in
// metadata.widgets[StateMIME], which nbconvert's HTML export embeds so that the
// widgets render, in their last state, without a kernel.
func State() map[string]any {
	regMu.Lock()
	ms := make([]*model, 0, len(models))
	for _, m := range models {
		ms = append(ms, m)
	}
	regMu.Unlock()
	sort.Slice(ms, func(i, j int) bool { return ms[i].id < ms[j].id })
	state := map[string]any{}
	for _, m := range ms {
		s := m.snapshot()
		state[m.id] = map[string]any{
			"model_name":           s["_model_name"],
			"model_module":         s["_model_module"],
			"model_module_version": s["_model_module_version"],
			"state":                s,
		}
	}
	return map[string]any{"version_major": 2, "version_minor": 0, "state": state}
}

// handling counts Handle calls in progress: a change made while one runs comes
// from the front end, and Interact defers its redraw to Flush.
var (
	handling sync.Mutex
	inHandle int
	pending  []func()
)

func inFrontendUpdate() bool {
	handling.Lock()
	defer handling.Unlock()
	return inHandle > 0
}

// later queues f for Flush, once per key.
func later(key *bool, f func()) {
	handling.Lock()
	defer handling.Unlock()
	if *key {
		return
	}
	*key = true
	pending = append(pending, func() { *key = false; f() })
}

// Flush runs the work Handle deferred: the redraws of Interact outputs whose
// controls changed. The kernel calls it once no more front-end messages wait,
// so that a slider dragged faster than the function redraws costs one redraw
// per batch of messages, not one per message.
func Flush() {
	for {
		handling.Lock()
		work := pending
		pending = nil
		handling.Unlock()
		if len(work) == 0 {
			return
		}
		for _, f := range work {
			guard(f)
		}
	}
}

// guard runs a callback, turning its panic into an error shown in the Output
// widget capturing at the time (an Interact's output) or, without one, on the
// cell's standard error and in the log: a failing callback costs its own work,
// not the kernel's.
func guard(f func()) {
	defer func() {
		p := recover()
		if p == nil {
			return
		}
		msg := fmt.Sprint(p)
		if e, ok := p.(error); ok {
			msg = e.Error()
		}
		Logger.Printf("widget: callback panicked: %s\n%s", msg, debug.Stack())
		if o := Capturing(); o != nil {
			o.AppendError("panic", msg, []string{"panic in widget callback: " + msg})
			return
		}
		if h := currentHost(); h != nil {
			h.Send("stream", map[string]any{"name": "stderr", "text": "panic in widget callback: " + strings.TrimSpace(msg) + "\n"}, nil)
		}
	}()
	f()
}
