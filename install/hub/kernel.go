package hub

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"github.com/gograd/gograd/notebooks"
)

// Kernel is one kernel of a student's server, driven over the server's kernel
// channel WebSocket (/api/kernels/<id>/channels) as JupyterLab drives it: one
// socket carries all channels, each JSON message naming its channel.
type Kernel struct {
	ID      string
	ws      *wsConn
	session string

	mu      sync.Mutex
	waiting map[string]*pending // by request msg_id
	status  []string            // execution states seen without a parent we wait for
	readErr error
	done    chan struct{}
}

// pending collects what a request's parent id brings back.
type pending struct {
	outputs []notebooks.Output
	reply   map[string]any
	idle    bool
	states  []string // execution_state values with this parent: "busy", "idle", "restarting", "dead"
	changed chan struct{}
}

type wireMsg struct {
	Header       map[string]any  `json:"header"`
	ParentHeader map[string]any  `json:"parent_header"`
	Metadata     map[string]any  `json:"metadata"`
	Content      json.RawMessage `json:"content"`
	Channel      string          `json:"channel"`
	Buffers      []any           `json:"buffers"`
}

func newID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// openKernel connects to the kernel's channels through the hub's proxy.
func openKernel(wsBase, id, token string) (*Kernel, error) {
	session := newID()
	h := http.Header{"Authorization": {"token " + token}}
	ws, err := dialWS(fmt.Sprintf("%s/api/kernels/%s/channels?session_id=%s", wsBase, id, session), h, 60*time.Second)
	if err != nil {
		return nil, err
	}
	k := &Kernel{ID: id, ws: ws, session: session, waiting: map[string]*pending{}, done: make(chan struct{})}
	go k.read()
	return k, nil
}

func (k *Kernel) read() {
	defer close(k.done)
	for {
		b, err := k.ws.ReadMessage()
		if err != nil {
			k.mu.Lock()
			k.readErr = err
			for _, p := range k.waiting {
				close(p.changed)
				p.changed = nil
			}
			k.waiting = map[string]*pending{}
			k.mu.Unlock()
			return
		}
		var m wireMsg
		if json.Unmarshal(b, &m) != nil {
			continue
		}
		msgType, _ := m.Header["msg_type"].(string)
		parent, _ := m.ParentHeader["msg_id"].(string)
		k.mu.Lock()
		p := k.waiting[parent]
		if msgType == "status" {
			var st struct {
				State string `json:"execution_state"`
			}
			json.Unmarshal(m.Content, &st)
			if p == nil {
				// The server's own notices (restarting, dead) have no parent we
				// sent; every waiting request hears them.
				k.status = append(k.status, st.State)
				if st.State == "restarting" || st.State == "dead" {
					for _, q := range k.waiting {
						q.states = append(q.states, st.State)
						q.notify()
					}
				}
			} else {
				p.states = append(p.states, st.State)
				if st.State == "idle" {
					p.idle = true
				}
				p.notify()
			}
			k.mu.Unlock()
			continue
		}
		if p != nil {
			switch m.Channel {
			case "shell":
				var c map[string]any
				json.Unmarshal(m.Content, &c)
				p.reply = c
				p.notify()
			case "iopub":
				if o, ok := toOutput(msgType, m.Content); ok {
					p.outputs = append(p.outputs, o)
				}
			}
		}
		k.mu.Unlock()
	}
}

func (p *pending) notify() {
	select {
	case p.changed <- struct{}{}:
	default:
	}
}

// toOutput turns an iopub message into the nbformat output it stands for, as
// nbclient does when it saves a notebook.
func toOutput(msgType string, content json.RawMessage) (notebooks.Output, bool) {
	var c struct {
		Name   string                     `json:"name"`
		Text   json.RawMessage            `json:"text"`
		Data   map[string]json.RawMessage `json:"data"`
		EName  string                     `json:"ename"`
		EValue string                     `json:"evalue"`
	}
	if json.Unmarshal(content, &c) != nil {
		return notebooks.Output{}, false
	}
	switch msgType {
	case "stream":
		return notebooks.Output{Type: "stream", Name: c.Name, Text: c.Text}, true
	case "execute_result", "display_data":
		return notebooks.Output{Type: msgType, Data: c.Data}, true
	case "error":
		return notebooks.Output{Type: "error", EName: c.EName, EVal: c.EValue}, true
	}
	return notebooks.Output{}, false
}

// ErrKernelDied is returned when the server reports the kernel restarting or
// dead while a request waits for its reply.
var ErrKernelDied = errors.New("the kernel died (the server reports it restarting)")

// request sends a shell message and waits for its reply and for the kernel
// to be idle again.
func (k *Kernel) request(msgType string, content any, timeout time.Duration) (*pending, error) {
	id := newID()
	msg := map[string]any{
		"header": map[string]any{
			"msg_id": id, "msg_type": msgType, "session": k.session, "username": "student",
			"date": time.Now().UTC().Format(time.RFC3339Nano), "version": "5.3",
		},
		"parent_header": map[string]any{},
		"metadata":      map[string]any{},
		"content":       content,
		"channel":       "shell",
		"buffers":       []any{},
	}
	b, err := json.Marshal(msg)
	if err != nil {
		return nil, err
	}
	p := &pending{changed: make(chan struct{}, 1)}
	k.mu.Lock()
	if k.readErr != nil {
		k.mu.Unlock()
		return nil, fmt.Errorf("kernel channel closed: %w", k.readErr)
	}
	k.waiting[id] = p
	k.mu.Unlock()
	defer func() {
		k.mu.Lock()
		delete(k.waiting, id)
		k.mu.Unlock()
	}()
	if err := k.ws.WriteText(b); err != nil {
		return nil, err
	}
	deadline := time.After(timeout)
	for {
		k.mu.Lock()
		done := p.reply != nil && p.idle
		var died bool
		for _, s := range p.states {
			died = died || s == "restarting" || s == "dead"
		}
		ch, rerr := p.changed, k.readErr
		k.mu.Unlock()
		switch {
		case done:
			return p, nil
		case died:
			return p, ErrKernelDied
		case ch == nil:
			return p, fmt.Errorf("kernel channel closed: %w", rerr)
		}
		select {
		case _, ok := <-ch:
			if !ok {
				return p, fmt.Errorf("kernel channel closed: %w", k.readErr)
			}
		case <-deadline:
			return p, fmt.Errorf("no %s reply within %v", msgType, timeout)
		}
	}
}

// Info asks for kernel_info until the kernel answers: a kernel that has just
// been started may not be listening yet.
func (k *Kernel) Info(timeout time.Duration) error {
	end := time.Now().Add(timeout)
	for {
		_, err := k.request("kernel_info_request", map[string]any{}, 5*time.Second)
		if err == nil || time.Now().After(end) {
			return err
		}
	}
}

// Result is one executed cell.
type Result struct {
	Outputs []notebooks.Output
	Status  string // the execute_reply's status: "ok", "error" or "aborted"
	Latency time.Duration
}

// Execute runs code and returns its outputs once the kernel is idle again.
func (k *Kernel) Execute(code string, timeout time.Duration) (Result, error) {
	start := time.Now()
	p, err := k.request("execute_request", map[string]any{
		"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true,
	}, timeout)
	res := Result{Latency: time.Since(start)}
	if p != nil {
		k.mu.Lock()
		res.Outputs = append([]notebooks.Output(nil), p.outputs...)
		if p.reply != nil {
			res.Status, _ = p.reply["status"].(string)
		}
		k.mu.Unlock()
	}
	return res, err
}

// Close closes the channel socket (the kernel keeps running on the server).
func (k *Kernel) Close() error {
	err := k.ws.Close()
	<-k.done
	return err
}
