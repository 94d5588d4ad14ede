package kernel

import (
	"context"
	"errors"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

const (
	// streamWindow batches a cell's writes into stream messages: output
	// appears while the cell runs without a message per Print call.
	streamWindow = 50 * time.Millisecond
	// maxStreamChunk caps one stream message; a cell printing megabytes
	// becomes a series of messages instead of one the frontend chokes on.
	maxStreamChunk = 1 << 20
)

// ErrStdinNotAllowed is what Output.Input returns when the frontend sent the
// execute_request with allow_stdin false (ipykernel raises
// StdinNotImplementedError there).
var ErrStdinNotAllowed = errors.New("StdinNotImplementedError: input was called, but this frontend does not support input requests")

// cellOutput is the Output of one execute_request. Text is buffered per
// stream and flushed by a timer, when the other stream or a display message
// comes next (to keep their order), and when the cell ends.
type cellOutput struct {
	r          *Request
	ctx        context.Context
	allowStdin bool

	mu      sync.Mutex
	name    string // stream whose text is in buf
	buf     strings.Builder
	pending *time.Timer
}

func newCellOutput(r *Request, ctx context.Context, allowStdin bool) *cellOutput {
	return &cellOutput{r: r, ctx: ctx, allowStdin: allowStdin}
}

func (o *cellOutput) Stdout(text string) { o.write("stdout", text) }
func (o *cellOutput) Stderr(text string) { o.write("stderr", text) }

func (o *cellOutput) write(name, text string) {
	if text == "" {
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.name != name {
		o.flushLocked()
		o.name = name
	}
	o.buf.WriteString(text)
	if o.buf.Len() >= maxStreamChunk {
		o.flushLocked()
		return
	}
	if o.pending == nil {
		o.pending = time.AfterFunc(streamWindow, o.flush)
	}
}

func (o *cellOutput) flush() {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.flushLocked()
}

// flushLocked publishes the buffered text, in chunks that end on UTF-8
// character boundaries.
func (o *cellOutput) flushLocked() {
	if o.pending != nil {
		o.pending.Stop()
		o.pending = nil
	}
	text := o.buf.String()
	o.buf.Reset()
	for len(text) > 0 {
		n := len(text)
		if n > maxStreamChunk {
			n = maxStreamChunk
			for n > 0 && !utf8.RuneStart(text[n]) {
				n--
			}
			if n == 0 {
				n = maxStreamChunk
			}
		}
		o.r.Publish("stream", map[string]any{"name": o.name, "text": text[:n]})
		text = text[n:]
	}
}

// close flushes what is left; the cell's iopub messages that follow
// (execute_result, error, idle) must come after its text.
func (o *cellOutput) close() { o.flush() }

func (o *cellOutput) Display(bundle map[string]any, displayID string, update bool) {
	o.flush()
	msgType := "display_data"
	if update {
		msgType = "update_display_data"
	}
	content := map[string]any{"data": bundle, "metadata": map[string]any{}, "transient": map[string]any{}}
	if displayID != "" {
		content["transient"] = map[string]any{"display_id": displayID}
	}
	o.r.Publish(msgType, content)
}

func (o *cellOutput) ClearOutput(wait bool) {
	o.flush()
	o.r.Publish("clear_output", map[string]any{"wait": wait})
}

// Input sends input_request on the stdin channel to the client that sent
// the execute_request and waits for its input_reply, or for an interrupt.
func (o *cellOutput) Input(prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrStdinNotAllowed
	}
	o.flush()
	k := o.r.k
	for { // drop a reply left over from an interrupted request
		select {
		case <-k.inputs:
			continue
		default:
		}
		break
	}
	m, err := reply(o.r.Msg, "input_request", k.session, map[string]any{"prompt": prompt, "password": password})
	if err != nil {
		return "", err
	}
	k.send(k.stdin, &k.stdinMu, m)
	select {
	case rep := <-k.inputs:
		var c struct {
			Value string `json:"value"`
		}
		if err := (&Request{Msg: rep}).Decode(&c); err != nil {
			return "", err
		}
		return c.Value, nil
	case <-o.ctx.Done():
		return "", o.ctx.Err()
	}
}
