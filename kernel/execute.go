package kernel

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"time"
)

type executeRequest struct {
	Code            string         `json:"code"`
	Silent          bool           `json:"silent"`
	StoreHistory    *bool          `json:"store_history"`
	UserExpressions map[string]any `json:"user_expressions"`
	AllowStdin      *bool          `json:"allow_stdin"`
	StopOnError     *bool          `json:"stop_on_error"`
}

// orTrue reads an optional protocol flag whose default is true.
func orTrue(b *bool) bool { return b == nil || *b }

// execute runs one cell. The shell goroutine calls it, so cells never
// overlap; the control goroutine may cancel the cell meanwhile.
func execute(r *Request) {
	k := r.k
	var req executeRequest
	if err := r.Decode(&req); err != nil {
		r.Reply("execute_reply", errorContent("ValueError", "bad execute_request: "+err.Error()))
		return
	}
	// After a failed cell with stop_on_error, the execute requests the
	// client sent before it learnt of the failure are aborted (see abortMark).
	if k.abort.covers(r) {
		r.Reply("execute_reply", map[string]any{"status": "aborted", "execution_count": k.execCount})
		return
	}
	storeHistory := orTrue(req.StoreHistory) && !req.Silent
	if storeHistory {
		k.execCount++
	}
	count := k.execCount
	if !req.Silent {
		r.Publish("execute_input", map[string]any{"code": req.Code, "execution_count": count})
	}

	ctx, cancel := context.WithCancel(k.ctx)
	if k.opts.SetInterrupt != nil {
		k.opts.SetInterrupt(false)
	}
	k.cellMu.Lock()
	k.cellCancel = cancel
	k.cellMu.Unlock()

	out := newCellOutput(r, ctx, orTrue(req.AllowStdin))
	res, err := k.run(ctx, req.Code, out)
	out.close()

	k.cellMu.Lock()
	k.cellCancel = nil
	k.cellMu.Unlock()
	interrupted := ctx.Err() != nil
	cancel()

	var output *string
	if err != nil {
		// Abort what was sent before the client saw this reply: so mark the
		// time before replying.
		if orTrue(req.StopOnError) {
			k.abort = markAbort(r, time.Now())
		}
		ce := cellError(err, interrupted)
		r.Publish("error", map[string]any{"ename": ce.Name, "evalue": ce.Value, "traceback": ce.Traceback})
		content := errorContent(ce.Name, ce.Value, ce.Traceback...)
		content["execution_count"] = count
		content["user_expressions"] = map[string]any{}
		content["payload"] = []any{}
		r.Reply("execute_reply", content)
	} else {
		if res.Data != nil && !req.Silent {
			r.Publish("execute_result", map[string]any{"execution_count": count, "data": res.Data, "metadata": map[string]any{}})
			if s, ok := res.Data["text/plain"].(string); ok {
				output = &s
			}
		}
		r.Reply("execute_reply", map[string]any{
			"status": "ok", "execution_count": count,
			// user_expressions are Python-specific; a Go kernel answers each
			// with an error rather than silently dropping them.
			"user_expressions": userExpressions(req.UserExpressions),
			"payload":          []any{},
		})
	}
	if storeHistory {
		k.history.Add(count, req.Code, output)
	}
}

// run calls the Executor, turning a panic that escapes it into a cell error.
func (k *Kernel) run(ctx context.Context, code string, out Output) (res ExecResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			k.log.Printf("executor panicked: %v\n%s", p, debug.Stack())
			err = &CellError{Name: "panic", Value: fmt.Sprint(p), Traceback: []string{fmt.Sprintf("panic: %v", p)}}
		}
	}()
	return k.exec.Execute(ctx, code, out)
}

// cellError turns what Execute returned into ename/evalue/traceback.
func cellError(err error, interrupted bool) *CellError {
	var ce *CellError
	if errors.As(err, &ce) {
		if ce.Traceback == nil {
			ce.Traceback = []string{ce.Error()}
		}
		return ce
	}
	if interrupted || errors.Is(err, context.Canceled) {
		return &CellError{Name: "KeyboardInterrupt", Value: "", Traceback: []string{"KeyboardInterrupt"}}
	}
	return &CellError{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
}

func userExpressions(exprs map[string]any) map[string]any {
	out := make(map[string]any, len(exprs))
	for name := range exprs {
		out[name] = errorContent("NotImplementedError", "user_expressions are not evaluated by the Go kernel")
	}
	return out
}

// abortMark says which execute requests a failed cell's stop_on_error aborts:
// those its client sent before it could have seen the failure. ipykernel
// aborts what has reached its queue when the error happens, and so does the
// first rule here (received before the error). But a client's burst, such as
// JupyterLab's Run All, sends every cell's request at once, and under load the
// server can forward the later ones after the kernel has failed the earlier
// cell: run on, they meet the state the failed cell left (a definition it
// never made). The second rule catches them by the client's own clock, so
// that no skew between the machines matters: the header's date of a request
// from the same session, against the failing request's date plus the time the
// kernel held that request until it failed. Transit times are left out, so a
// request the client made after seeing the reply is never aborted.
type abortMark struct {
	before  time.Time // kernel clock: the error
	session string    // the failing request's session ("": no second rule)
	sentBy  time.Time // client clock: the failing request's date plus its time in the kernel
}

// markAbort is the mark of a request r that failed at now.
func markAbort(r *Request, now time.Time) abortMark {
	m := abortMark{before: now}
	if sent, ok := r.sent(); ok && r.Msg.Header.Session != "" {
		m.session, m.sentBy = r.Msg.Header.Session, sent.Add(now.Sub(r.Received))
	}
	return m
}

// covers reports whether the mark aborts r.
func (m abortMark) covers(r *Request) bool {
	if r.Received.Before(m.before) {
		return true
	}
	if m.session == "" || r.Msg.Header.Session != m.session {
		return false
	}
	sent, ok := r.sent()
	return ok && sent.Before(m.sentBy)
}

// sent is the request's header date, the client's time of sending.
func (r *Request) sent() (time.Time, bool) {
	t, err := time.Parse(time.RFC3339Nano, r.Msg.Header.Date)
	return t, err == nil
}
