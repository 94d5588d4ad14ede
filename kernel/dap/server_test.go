package dap

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// restopper is a Target whose thread stops again as soon as it resumes, as
// a loop's breakpoint does.
type restopper struct {
	stopped func(Stop)
}

func (r *restopper) Attach(_ Files, stopped func(Stop)) { r.stopped = stopped }
func (r *restopper) Detach()                            {}
func (r *restopper) SetBreakpoints(_ string, lines []int) []bool {
	return make([]bool, len(lines))
}
func (r *restopper) BreakOnPanic(bool) {}
func (r *restopper) Resume(thread int, _ Step) error {
	r.stopped(Stop{Reason: "breakpoint", Thread: thread})
	return nil
}
func (r *restopper) Pause(int) error    { return nil }
func (r *restopper) Threads() []Thread  { return []Thread{{ID: 1, Name: "cell"}} }
func (r *restopper) Frames(int) []Frame { return []Frame{{Name: "<cell>", Code: "x := 1", Line: 1}} }
func (r *restopper) Globals() []Named {
	return []Named{{Name: "m", Value: reflect.ValueOf(map[string][]int{"b": {2}, "a": {1, 3}})}}
}
func (r *restopper) Eval(string, *Frame) (reflect.Value, error) { return reflect.ValueOf(7), nil }
func (r *restopper) SetGlobal(string, reflect.Value) error      { return nil }
func (r *restopper) Present(reflect.Value) (Presentation, bool) { return Presentation{}, false }
func (r *restopper) Rich(reflect.Value) (map[string]any, map[string]any) {
	return nil, nil
}

func request(t *testing.T, s *Server, command string, args any) Response {
	t.Helper()
	b, _ := json.Marshal(map[string]any{"seq": 1, "type": "request", "command": command, "arguments": args})
	return s.Handle(b)
}

// A thread that stops again at once is seen continuing, then stopping: a
// front end that got them the other way round would think it running.
func TestServerContinuedBeforeTheNextStop(t *testing.T) {
	var events []string
	rs := &restopper{}
	s := NewServer(rs, Files{Prefix: "/tmp/x/", Suffix: ".go"}, func(e Event) { events = append(events, e.Event) })
	request(t, s, "attach", nil)
	rs.stopped(Stop{Reason: "breakpoint", Thread: 1})
	for _, cmd := range []string{"continue", "next", "stepIn", "stepOut"} {
		events = nil
		if r := request(t, s, cmd, map[string]any{"threadId": 1}); !r.Success {
			t.Fatalf("%s: %s", cmd, r.Message)
		}
		if got := strings.Join(events, " "); got != "continued stopped" {
			t.Errorf("%s: events %q, want continued then stopped", cmd, got)
		}
	}
}

// Variables expand by reference: a map by its sorted keys, a slice by its
// indices; an unknown reference is an error.
func TestServerVariablesExpand(t *testing.T) {
	s := NewServer(&restopper{}, Files{Prefix: "/tmp/x/", Suffix: ".go"}, func(Event) {})
	body := request(t, s, "inspectVariables", nil).Body.(map[string]any)
	vars := body["variables"].([]map[string]any)
	if len(vars) != 1 || vars[0]["name"] != "m" || vars[0]["value"] != "len 2: map[a:[1 3] b:[2]]" || vars[0]["type"] != "map[string][]int" {
		t.Fatalf("variables %v", vars)
	}
	kids := request(t, s, "variables", map[string]any{"variablesReference": vars[0]["variablesReference"]}).Body.(map[string]any)["variables"].([]map[string]any)
	if len(kids) != 2 || kids[0]["name"] != "a" || kids[1]["name"] != "b" || kids[0]["value"] != "len 2: [1 3]" {
		t.Fatalf("children %v", kids)
	}
	elems := request(t, s, "variables", map[string]any{"variablesReference": kids[0]["variablesReference"]}).Body.(map[string]any)["variables"].([]map[string]any)
	if len(elems) != 2 || elems[1]["name"] != "1" || elems[1]["value"] != "3" {
		t.Fatalf("elements %v", elems)
	}
	if r := request(t, s, "variables", map[string]any{"variablesReference": 999}); r.Success {
		t.Errorf("an unknown reference answered %v", r.Body)
	}
}

// A request that resumes a thread is answered before the thread runs (and
// can stop again): HandleThen's response comes with no event yet, and the
// resume, in then, sends continued and the next stop. A thread that is not
// stopped is not resumed.
func TestServerAnswersBeforeResuming(t *testing.T) {
	var events []string
	rs := &restopper{}
	s := NewServer(rs, Files{Prefix: "/tmp/x/", Suffix: ".go"}, func(e Event) { events = append(events, e.Event) })
	request(t, s, "attach", nil)
	continueReq, _ := json.Marshal(map[string]any{"seq": 2, "type": "request", "command": "continue", "arguments": map[string]any{"threadId": 1}})
	if r := s.Handle(continueReq); r.Success {
		t.Errorf("continue with no thread stopped succeeded")
	}
	rs.stopped(Stop{Reason: "breakpoint", Thread: 1})
	events = nil
	r, then := s.HandleThen(continueReq)
	if !r.Success || len(events) != 0 {
		t.Fatalf("response %+v with events %q before then, want success and none", r, events)
	}
	then()
	if got := strings.Join(events, " "); got != "continued stopped" {
		t.Errorf("events after then %q, want continued then stopped", got)
	}
}
