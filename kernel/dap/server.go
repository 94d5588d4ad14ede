package dap

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// Request is a DAP request.
type Request struct {
	Seq       int             `json:"seq"`
	Type      string          `json:"type"`
	Command   string          `json:"command"`
	Arguments json.RawMessage `json:"arguments"`
}

// Response is a DAP response.
type Response struct {
	Seq        int    `json:"seq"`
	Type       string `json:"type"`
	RequestSeq int    `json:"request_seq"`
	Success    bool   `json:"success"`
	Command    string `json:"command"`
	Message    string `json:"message,omitempty"`
	Body       any    `json:"body"`
}

// Event is a DAP event.
type Event struct {
	Seq   int    `json:"seq"`
	Type  string `json:"type"`
	Event string `json:"event"`
	Body  any    `json:"body"`
}

// Server answers DAP requests for a Target. Handle may be called from one
// goroutine at a time (the control channel's); stops arrive from others.
type Server struct {
	t     Target
	files Files
	emit  func(Event) // sends a debug_event

	mu          sync.Mutex
	seq         int
	started     bool
	breakpoints map[string][]map[string]any // as the front end sent them, for debugInfo
	filters     []string
	stopped     map[int]bool
	frames      map[int]*Frame // frame ids of the current stop
	nextFrame   int
	refs        map[int]func() []Named // variable references of the current stop
	nextRef     int
}

// NewServer serves t; emit publishes events (debug_event on iopub).
func NewServer(t Target, files Files, emit func(Event)) *Server {
	s := &Server{t: t, files: files, emit: emit, breakpoints: map[string][]map[string]any{}, stopped: map[int]bool{}}
	s.reset()
	return s
}

// PanicFilter is the exception filter for panics: the only kind of
// exception Go has.
const PanicFilter = "panic"

// reset forgets the frames and variable references of a stop: DAP makes
// them valid while the thread stays stopped only.
func (s *Server) reset() {
	s.frames = map[int]*Frame{}
	s.refs = map[int]func() []Named{}
	s.nextFrame, s.nextRef = 1, 1
}

func (s *Server) event(name string, body any) {
	s.mu.Lock()
	s.seq++
	e := Event{Seq: s.seq, Type: "event", Event: name, Body: body}
	s.mu.Unlock()
	s.emit(e)
}

// onStop is the Target's stop callback.
func (s *Server) onStop(st Stop) {
	s.mu.Lock()
	s.stopped[st.Thread] = true
	s.reset()
	s.mu.Unlock()
	body := map[string]any{"reason": st.Reason, "threadId": st.Thread, "allThreadsStopped": true}
	if st.Text != "" {
		body["text"] = st.Text
		body["description"] = st.Text
	}
	s.event("stopped", body)
}

func (s *Server) resumed(thread int) {
	s.mu.Lock()
	delete(s.stopped, thread)
	s.reset()
	s.mu.Unlock()
	s.event("continued", map[string]any{"threadId": thread, "allThreadsContinued": true})
}

// Handle answers one request (the content of a debug_request), doing all it
// asks before it returns.
func (s *Server) Handle(raw json.RawMessage) Response {
	r, then := s.HandleThen(raw)
	then()
	return r
}

// HandleThen answers one request, and returns what is left to do once the
// response has been sent. A request that resumes a stopped thread (continue,
// next, stepIn, stepOut) is answered first and resumes the thread in then:
// the thread may stop again at once, and a front end that saw that stop
// before the response would take the response for the end of the new stop
// (JupyterLab's clears its stopped state when the response comes), leaving
// a stopped thread shown as running. debugpy answers before resuming too.
func (s *Server) HandleThen(raw json.RawMessage) (Response, func()) {
	var req Request
	if err := json.Unmarshal(raw, &req); err != nil {
		return s.response(req, nil, fmt.Errorf("bad debug request: %v", err)), func() {}
	}
	if how, ok := resumeSteps[req.Command]; ok {
		return s.resume(req, how)
	}
	body, err := s.dispatch(req)
	return s.response(req, body, err), func() {}
}

// resumeSteps are the requests that resume a stopped thread.
var resumeSteps = map[string]Step{"continue": Run, "next": StepOver, "stepIn": StepIn, "stepOut": StepOut}

// resume answers a request that resumes a thread: an error when the thread
// is not stopped, else success, and then resumes it. The continued event
// goes out before the thread runs, so that a stop at once comes after it.
func (s *Server) resume(req Request, how Step) (Response, func()) {
	var a struct {
		ThreadID int `json:"threadId"`
	}
	if len(req.Arguments) > 0 {
		if err := json.Unmarshal(req.Arguments, &a); err != nil {
			return s.response(req, nil, fmt.Errorf("bad arguments to %s: %v", req.Command, err)), func() {}
		}
	}
	s.mu.Lock()
	stopped := s.stopped[a.ThreadID]
	s.mu.Unlock()
	if !stopped {
		return s.response(req, nil, fmt.Errorf("thread %d is not stopped", a.ThreadID)), func() {}
	}
	body := map[string]any{}
	if req.Command == "continue" {
		body["allThreadsContinued"] = true
	}
	return s.response(req, body, nil), func() {
		s.resumed(a.ThreadID)
		if err := s.t.Resume(a.ThreadID, how); err != nil {
			// Answered already: say it where the front end shows output.
			s.event("output", map[string]any{"category": "console", "output": req.Command + ": " + err.Error() + "\n"})
		}
	}
}

func (s *Server) response(req Request, body any, err error) Response {
	s.mu.Lock()
	s.seq++
	r := Response{Seq: s.seq, Type: "response", RequestSeq: req.Seq, Command: req.Command, Success: err == nil, Body: body}
	s.mu.Unlock()
	if err != nil {
		r.Message = err.Error()
		if body == nil {
			r.Body = map[string]any{}
		}
	}
	if r.Body == nil {
		r.Body = map[string]any{}
	}
	return r
}

func (s *Server) dispatch(req Request) (any, error) {
	args := func(v any) error {
		if len(req.Arguments) == 0 {
			return nil
		}
		return json.Unmarshal(req.Arguments, v)
	}
	switch req.Command {
	case "initialize":
		return map[string]any{
			"supportsConfigurationDoneRequest": true,
			"supportsEvaluateForHovers":        true,
			"supportsSetVariable":              false,
			"supportsStepBack":                 false,
			"supportsDelayedStackTraceLoading": false,
			"exceptionBreakpointFilters": []map[string]any{
				{"filter": PanicFilter, "label": "Panics", "description": "Break when a cell panics", "default": false},
			},
		}, nil
	case "attach":
		s.mu.Lock()
		s.started = true
		s.mu.Unlock()
		s.t.Attach(s.files, s.onStop)
		s.event("initialized", map[string]any{})
		return map[string]any{}, nil
	case "disconnect":
		s.mu.Lock()
		s.started = false
		s.breakpoints = map[string][]map[string]any{}
		s.filters = nil
		stopped := s.stopped
		s.stopped = map[int]bool{}
		s.reset()
		s.mu.Unlock()
		s.t.BreakOnPanic(false)
		s.t.Detach()
		for th := range stopped {
			s.event("continued", map[string]any{"threadId": th, "allThreadsContinued": true})
		}
		return map[string]any{}, nil
	case "configurationDone":
		return map[string]any{}, nil
	case "debugInfo":
		return s.debugInfo(), nil
	case "dumpCell":
		var a struct {
			Code string `json:"code"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		p, err := s.files.Dump(a.Code)
		if err != nil {
			return nil, err
		}
		return map[string]any{"sourcePath": p}, nil
	case "source":
		var a struct {
			Source struct {
				Path string `json:"path"`
			} `json:"source"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		return s.source(a.Source.Path)
	case "setBreakpoints":
		return s.setBreakpoints(args)
	case "setExceptionBreakpoints":
		var a struct {
			Filters []string `json:"filters"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		on := false
		for _, f := range a.Filters {
			on = on || f == PanicFilter
		}
		s.mu.Lock()
		s.filters = a.Filters
		s.mu.Unlock()
		s.t.BreakOnPanic(on)
		return map[string]any{}, nil
	case "threads":
		threads := []map[string]any{}
		for _, th := range s.t.Threads() {
			threads = append(threads, map[string]any{"id": th.ID, "name": th.Name})
		}
		return map[string]any{"threads": threads}, nil
	case "stackTrace":
		var a struct {
			ThreadID int `json:"threadId"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		return s.stackTrace(a.ThreadID), nil
	case "scopes":
		var a struct {
			FrameID int `json:"frameId"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		return s.scopes(a.FrameID)
	case "variables":
		var a struct {
			Ref   int `json:"variablesReference"`
			Start int `json:"start"`
			Count int `json:"count"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		return s.variables(a.Ref, a.Start, a.Count)
	case "evaluate":
		var a struct {
			Expression string `json:"expression"`
			FrameID    int    `json:"frameId"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		return s.evaluate(a.Expression, a.FrameID)
	case "pause":
		var a struct {
			ThreadID int `json:"threadId"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		return map[string]any{}, s.t.Pause(a.ThreadID)
	case "inspectVariables":
		s.mu.Lock()
		s.reset()
		s.mu.Unlock()
		return map[string]any{"variables": s.list(s.t.Globals())}, nil
	case "richInspectVariables":
		var a struct {
			VariableName string `json:"variableName"`
			FrameID      int    `json:"frameId"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		return s.richInspect(a.VariableName, a.FrameID)
	case "copyToGlobals":
		var a struct {
			Src     string `json:"srcVariableName"`
			Dst     string `json:"dstVariableName"`
			FrameID int    `json:"srcFrameId"`
		}
		if err := args(&a); err != nil {
			return nil, err
		}
		v, err := s.t.Eval(a.Src, s.frame(a.FrameID))
		if err != nil {
			return nil, err
		}
		return map[string]any{}, s.t.SetGlobal(a.Dst, v)
	case "modules":
		return map[string]any{"modules": []any{}, "totalModules": 0}, nil
	case "loadedSources":
		return map[string]any{"sources": []any{}}, nil
	case "exceptionInfo":
		return map[string]any{"exceptionId": "panic", "breakMode": "always"}, nil
	}
	return nil, fmt.Errorf("unsupported debug request %q", req.Command)
}

// debugInfo is Jupyter's state query, shaped as ipykernel answers it.
func (s *Server) debugInfo() map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	bps := []map[string]any{}
	for path, list := range s.breakpoints {
		bps = append(bps, map[string]any{"source": path, "breakpoints": list})
	}
	stopped := []int{}
	for th := range s.stopped {
		stopped = append(stopped, th)
	}
	filters := []string{}
	if s.filters != nil {
		filters = s.filters
	}
	return map[string]any{
		"isStarted":        s.started,
		"hashMethod":       "Murmur2",
		"hashSeed":         HashSeed,
		"tmpFilePrefix":    s.files.Prefix,
		"tmpFileSuffix":    s.files.Suffix,
		"breakpoints":      bps,
		"stoppedThreads":   stopped,
		"richRendering":    true,
		"exceptionPaths":   []string{"Go panics"},
		"copyToGlobals":    true,
		"exceptionFilters": filters,
	}
}

func (s *Server) source(path string) (any, error) {
	if !strings.HasPrefix(path, s.files.Prefix) {
		return nil, fmt.Errorf("no source %s", path)
	}
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return map[string]any{"content": string(b)}, nil
}

func (s *Server) setBreakpoints(args func(any) error) (any, error) {
	var a struct {
		Source struct {
			Path string `json:"path"`
		} `json:"source"`
		Breakpoints []map[string]any `json:"breakpoints"`
	}
	if err := args(&a); err != nil {
		return nil, err
	}
	lines := make([]int, len(a.Breakpoints))
	for i, b := range a.Breakpoints {
		if l, ok := b["line"].(float64); ok {
			lines[i] = int(l)
		}
	}
	s.mu.Lock()
	if len(a.Breakpoints) == 0 {
		delete(s.breakpoints, a.Source.Path)
	} else {
		s.breakpoints[a.Source.Path] = a.Breakpoints
	}
	s.mu.Unlock()
	placed := s.t.SetBreakpoints(a.Source.Path, lines)
	out := []map[string]any{}
	for i, l := range lines {
		out = append(out, map[string]any{"verified": placed[i], "line": l,
			"source": map[string]any{"path": a.Source.Path}})
	}
	return map[string]any{"breakpoints": out}, nil
}

func (s *Server) stackTrace(thread int) map[string]any {
	frames := s.t.Frames(thread)
	out := []map[string]any{}
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range frames {
		f := &frames[i]
		id := s.nextFrame
		s.nextFrame++
		s.frames[id] = f
		sf := map[string]any{"id": id, "name": f.Name, "line": f.Line, "column": 1}
		if f.Code != "" {
			sf["source"] = map[string]any{"path": s.files.Path(f.Code)}
		}
		out = append(out, sf)
	}
	return map[string]any{"stackFrames": out, "totalFrames": len(out)}
}

func (s *Server) frame(id int) *Frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.frames[id]
}

func (s *Server) scopes(frameID int) (any, error) {
	f := s.frame(frameID)
	if f == nil {
		return nil, fmt.Errorf("no frame %d", frameID)
	}
	locals := s.ref(func() []Named { return f.Locals })
	globals := s.ref(s.t.Globals)
	return map[string]any{"scopes": []map[string]any{
		{"name": "Locals", "presentationHint": "locals", "variablesReference": locals, "expensive": false},
		{"name": "Globals", "presentationHint": "globals", "variablesReference": globals, "expensive": false},
	}}, nil
}

// ref registers children to be listed by a variables request.
func (s *Server) ref(children func() []Named) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := s.nextRef
	s.nextRef++
	s.refs[id] = children
	return id
}

func (s *Server) variables(ref, start, count int) (any, error) {
	s.mu.Lock()
	children := s.refs[ref]
	s.mu.Unlock()
	if children == nil {
		return nil, fmt.Errorf("no variables reference %d", ref)
	}
	list := children()
	if start > 0 && start < len(list) {
		list = list[start:]
	} else if start >= len(list) && start > 0 {
		list = nil
	}
	if count > 0 && count < len(list) {
		list = list[:count]
	}
	return map[string]any{"variables": s.list(list)}, nil
}

func (s *Server) evaluate(expr string, frameID int) (any, error) {
	v, err := s.t.Eval(expr, s.frame(frameID))
	if err != nil {
		return nil, err
	}
	p := s.present(v, "")
	body := map[string]any{"result": p.Value, "type": p.Type, "variablesReference": 0}
	if len(p.Children) > 0 || p.lazy != nil {
		body["variablesReference"] = s.ref(p.children)
	}
	return body, nil
}

func (s *Server) richInspect(name string, frameID int) (any, error) {
	empty := map[string]any{"data": map[string]any{}, "metadata": map[string]any{}}
	v, err := s.t.Eval(name, s.frame(frameID))
	if err != nil {
		return empty, nil
	}
	data, meta := s.t.Rich(v)
	if data == nil {
		return empty, nil
	}
	if meta == nil {
		meta = map[string]any{}
	}
	return map[string]any{"data": data, "metadata": meta}, nil
}
