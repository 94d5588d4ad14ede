package kernel

import (
	"encoding/json"
	"sync"

	"github.com/gograd/gograd/kernel/dap"
)

// Debuggable is an Executor whose cells JupyterLab's debugger can stop,
// step and inspect (see package dap). A kernel whose Executor is
// Debuggable says "debugger": true in kernel_info and answers
// debug_request on the control channel; its events go out as debug_event
// on iopub.
type Debuggable interface {
	DebugTarget() dap.Target
}

// DebugTarget is the target of the Executor LazyExecutor builds, or nil.
func (l *LazyExecutor) DebugTarget() dap.Target {
	l.wait()
	if d, ok := l.exec.(Debuggable); ok {
		return d.DebugTarget()
	}
	return nil
}

// debugger is the kernel's DAP server, made on the first debug_request.
type debugger struct {
	once   sync.Once
	server *dap.Server
	mu     sync.Mutex
	parent *Message // the latest debug_request: ipykernel parents events to it
}

func debuggable(e Executor) bool {
	_, ok := e.(Debuggable)
	return ok
}

// debugRequest answers a debug_request: its content is a DAP request, the
// debug_reply's content the DAP response. It runs on the control channel,
// so it is answered while a cell runs or is stopped.
func debugRequest(r *Request) {
	k := r.k
	d, ok := k.exec.(Debuggable)
	if !ok {
		r.Reply("debug_reply", map[string]any{"type": "response", "success": false, "message": "this kernel has no debugger"})
		return
	}
	k.dbg.once.Do(func() {
		if t := d.DebugTarget(); t != nil {
			k.dbg.server = dap.NewServer(t, dap.DefaultFiles(), func(e dap.Event) {
				k.dbg.mu.Lock()
				parent := k.dbg.parent
				k.dbg.mu.Unlock()
				k.publish(parent, "debug_event", e)
			})
		}
	})
	if k.dbg.server == nil {
		r.Reply("debug_reply", map[string]any{"type": "response", "success": false, "message": "this kernel has no debugger"})
		return
	}
	k.dbg.mu.Lock()
	k.dbg.parent = r.Msg
	k.dbg.mu.Unlock()
	resp, then := k.dbg.server.HandleThen(json.RawMessage(r.Msg.Content))
	r.Reply("debug_reply", resp)
	then()
}
