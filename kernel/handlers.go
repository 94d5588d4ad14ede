package kernel

import (
	"runtime"
	"strings"
	"unicode/utf8"
)

// Version is the gograd kernel's implementation_version.
const Version = "0.1.0"

// defaultHandlers maps each request type to the handler that answers it.
func defaultHandlers() map[string]Handler {
	return map[string]Handler{
		"kernel_info_request": HandlerFunc(kernelInfo),
		"execute_request":     HandlerFunc(execute),
		"complete_request":    HandlerFunc(complete),
		"inspect_request":     HandlerFunc(inspect),
		"is_complete_request": HandlerFunc(isComplete),
		"history_request":     HandlerFunc(history),
		"comm_info_request":   HandlerFunc(commInfo),
		"comm_open":           HandlerFunc(commOpen),
		"comm_msg":            HandlerFunc(commMsg),
		"comm_close":          HandlerFunc(commClose),
		"interrupt_request":   HandlerFunc(interrupt),
		"shutdown_request":    HandlerFunc(shutdown),
		"debug_request":       HandlerFunc(debugRequest),
	}
}

// KernelInfo is the content of kernel_info_reply.
func KernelInfo() map[string]any {
	goVersion := strings.TrimPrefix(runtime.Version(), "go")
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         "gograd",
		"implementation_version": Version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            goVersion,
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner": "gograd " + Version + ": Go " + goVersion + " cells (interpreted by yaegi) with PyTorch-style tensors and autograd.\n" +
			"Values live on between cells.",
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "yaegi (the interpreter)", "url": "https://github.com/traefik/yaegi"},
		},
		"debugger": false,
	}
}

func kernelInfo(r *Request) {
	info := KernelInfo()
	info["debugger"] = debuggable(r.k.exec)
	r.Reply("kernel_info_reply", info)
}

// cursor returns the cursor_pos of a request, defaulting to the end of code
// (the protocol counts it in Unicode code points).
func cursor(code string, pos *int) int {
	n := utf8.RuneCountInString(code)
	if pos == nil || *pos > n || *pos < 0 {
		return n
	}
	return *pos
}

func complete(r *Request) {
	var req struct {
		Code      string `json:"code"`
		CursorPos *int   `json:"cursor_pos"`
	}
	if err := r.Decode(&req); err != nil {
		r.Reply("complete_reply", errorContent("ValueError", err.Error()))
		return
	}
	pos := cursor(req.Code, req.CursorPos)
	matches, start, end := r.k.exec.Complete(req.Code, pos)
	if matches == nil {
		matches = []string{}
		start, end = pos, pos
	}
	r.Reply("complete_reply", map[string]any{
		"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end, "metadata": map[string]any{},
	})
}

func inspect(r *Request) {
	var req struct {
		Code        string `json:"code"`
		CursorPos   *int   `json:"cursor_pos"`
		DetailLevel int    `json:"detail_level"`
	}
	if err := r.Decode(&req); err != nil {
		r.Reply("inspect_reply", errorContent("ValueError", err.Error()))
		return
	}
	data, found := r.k.exec.Inspect(req.Code, cursor(req.Code, req.CursorPos), req.DetailLevel)
	if data == nil || !found {
		data = map[string]any{}
	}
	r.Reply("inspect_reply", map[string]any{"status": "ok", "found": found, "data": data, "metadata": map[string]any{}})
}

func isComplete(r *Request) {
	var req struct {
		Code string `json:"code"`
	}
	if err := r.Decode(&req); err != nil {
		r.Reply("is_complete_reply", map[string]any{"status": "unknown"})
		return
	}
	status, indent := r.k.exec.IsComplete(req.Code)
	content := map[string]any{"status": status}
	if status == "incomplete" {
		content["indent"] = indent
	}
	r.Reply("is_complete_reply", content)
}

func interrupt(r *Request) {
	r.k.Interrupt()
	r.Reply("interrupt_reply", map[string]any{"status": "ok"})
}

// shutdown replies on the request's channel and, as ipykernel does, on
// iopub too, so every client learns the kernel is going away; then Run
// returns. With restart true the kernel manager starts a fresh process.
func shutdown(r *Request) {
	var req struct {
		Restart bool `json:"restart"`
	}
	_ = r.Decode(&req)
	content := map[string]any{"status": "ok", "restart": req.Restart}
	r.Reply("shutdown_reply", content)
	r.Publish("shutdown_reply", content)
	r.k.Interrupt()
	r.k.Shutdown()
}

// errorContent is the content of a reply whose status is error.
func errorContent(ename, evalue string, traceback ...string) map[string]any {
	if traceback == nil {
		traceback = []string{ename + ": " + evalue}
	}
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": traceback}
}
