package kernel

// Comms are the protocol's two-way channels between kernel-side objects and the
// front end (Jupyter widgets run on them). The front end's comm messages arrive
// on the shell socket like execute requests and are served by the same goroutine,
// one at a time: a comm callback never runs beside a cell, and a click made
// while a long cell runs waits in the shell queue until the cell ends.

// Comms is implemented by an Executor whose values talk over comms. The kernel
// calls it for every comm message; an Executor without it has no comm targets,
// and the kernel closes every comm the front end opens, as ipykernel does for an
// unknown target.
type Comms interface {
	// CommOpen handles a comm the front end opens and reports whether target is
	// known; the kernel closes the comm when it is not.
	CommOpen(out CommOutput, commID, target string, data map[string]any) bool
	// CommMsg handles a message on an open comm and reports whether the comm is
	// known. more tells that further shell requests already wait: work that can
	// be coalesced (a redraw) may wait for a call with more false.
	CommMsg(out CommOutput, commID string, data map[string]any, more bool) bool
	// CommClose handles the front end closing a comm.
	CommClose(out CommOutput, commID string, data map[string]any)
	// CommInfo lists the open comms with target (all for ""): id to target name.
	CommInfo(target string) map[string]string
}

// CommOutput is the Output of a request that can also publish comm messages
// (comm_open, comm_msg, comm_close) with the request as their parent. The
// Output a cell's Execute receives is one too.
type CommOutput interface {
	Output
	// Comm publishes msgType with content and message metadata (nil: empty).
	Comm(msgType string, content, metadata map[string]any)
}

// Comm publishes a comm message parented to the output's request.
func (o *cellOutput) Comm(msgType string, content, metadata map[string]any) {
	o.flush()
	m, err := reply(o.r.Msg, msgType, o.r.k.session, content)
	if err != nil {
		o.r.k.log.Printf("publish %s: %v", msgType, err)
		return
	}
	m.Metadata = metadata
	m.Identities = [][]byte{[]byte("kernel." + o.r.k.session + "." + msgType)}
	o.r.k.send(o.r.k.iopub, &o.r.k.iopubMu, m)
}

// commRequest is the content of comm_open, comm_msg and comm_close.
type commRequest struct {
	CommID     string         `json:"comm_id"`
	TargetName string         `json:"target_name"`
	Data       map[string]any `json:"data"`
}

func (r *Request) comms() (Comms, bool) {
	if l, ok := r.k.exec.(*LazyExecutor); ok {
		l.wait()
		c, ok := l.exec.(Comms)
		return c, ok
	}
	c, ok := r.k.exec.(Comms)
	return c, ok
}

// commRun calls f with an Output for r, closing the output afterwards so that
// everything f printed is published before the request's idle status.
func commRun(r *Request, f func(out CommOutput)) {
	out := newCellOutput(r, r.k.ctx, false)
	defer out.close()
	f(out)
}

func commInfo(r *Request) {
	var req struct {
		TargetName string `json:"target_name"`
	}
	_ = r.Decode(&req)
	comms := map[string]any{}
	if c, ok := r.comms(); ok {
		for id, target := range c.CommInfo(req.TargetName) {
			comms[id] = map[string]any{"target_name": target}
		}
	}
	r.Reply("comm_info_reply", map[string]any{"status": "ok", "comms": comms})
}

func commOpen(r *Request) {
	var req commRequest
	if err := r.Decode(&req); err != nil {
		r.k.log.Printf("comm_open: %v", err)
		return
	}
	known := false
	if c, ok := r.comms(); ok {
		commRun(r, func(out CommOutput) { known = c.CommOpen(out, req.CommID, req.TargetName, req.Data) })
	}
	if !known {
		r.k.log.Printf("comm_open: no target %q, closing comm %s", req.TargetName, req.CommID)
		r.Publish("comm_close", map[string]any{"comm_id": req.CommID, "data": map[string]any{}})
	}
}

func commMsg(r *Request) {
	var req commRequest
	if err := r.Decode(&req); err != nil {
		r.k.log.Printf("comm_msg: %v", err)
		return
	}
	c, ok := r.comms()
	if !ok {
		r.k.log.Printf("comm_msg: no comm %q", req.CommID)
		return
	}
	commRun(r, func(out CommOutput) {
		if !c.CommMsg(out, req.CommID, req.Data, r.k.shellWaiting()) {
			r.k.log.Printf("comm_msg: comm %q refused the message", req.CommID)
		}
	})
}

func commClose(r *Request) {
	var req commRequest
	if err := r.Decode(&req); err != nil {
		r.k.log.Printf("comm_close: %v", err)
		return
	}
	if c, ok := r.comms(); ok {
		commRun(r, func(out CommOutput) { c.CommClose(out, req.CommID, req.Data) })
	}
}

// shellWaiting reports whether shell requests wait behind the one being served.
func (k *Kernel) shellWaiting() bool { return len(k.shellQueue) > 0 }
