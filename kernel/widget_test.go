package kernel_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gograd/gograd/kernel"
	"github.com/gograd/gograd/kernel/session"
	"github.com/gograd/gograd/tensor"
)

// These tests drive widgets the way a front end with @jupyter-widgets/jupyterlab-manager
// does, over real sockets: cells make widgets, the test reads their comm_open
// messages and sends comm_msg updates, clicks and state requests back.
//
// The expected model and view names, modules, module versions and default state
// are those of the npm packages' model classes (@jupyter-widgets/base 6.0.12:
// JUPYTER_WIDGETS_VERSION 2.0.0, PROTOCOL_VERSION 2.1.0; @jupyter-widgets/controls
// 5.0.13: JUPYTER_CONTROLS_VERSION 2.0.0; @jupyter-widgets/output 6.0.12:
// OUTPUT_WIDGET_VERSION 1.0.0), read from their sources' defaults().

// commOpens returns the comm_open messages among msgs, by comm id.
func commOpens(t *testing.T, msgs []*kernel.Message) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, m := range msgs {
		if m.Header.MsgType == "comm_open" {
			c := content(t, m)
			out[c["comm_id"].(string)] = c
			if v, _ := m.Metadata["version"].(string); v != "2.1.0" {
				t.Errorf("comm_open metadata.version = %q, want 2.1.0", v)
			}
		}
	}
	return out
}

// shownModel is the model id of the widget view a cell's execute_result shows.
func shownModel(t *testing.T, msgs []*kernel.Message) string {
	t.Helper()
	r := find(msgs, "execute_result")
	if r == nil {
		t.Fatalf("no execute_result: %s", msgTypes(msgs))
	}
	view, ok := content(t, r)["data"].(map[string]any)["application/vnd.jupyter.widget-view+json"].(map[string]any)
	if !ok {
		t.Fatalf("execute_result has no widget view: %v", content(t, r)["data"])
	}
	if view["version_major"] != 2.0 {
		t.Errorf("view version_major = %v", view["version_major"])
	}
	return view["model_id"].(string)
}

// comm sends a comm_msg from the "front end" and returns what the kernel
// published in answer.
func (c *client) comm(id string, data map[string]any) []*kernel.Message {
	msgID := c.request("shell", "comm_msg", map[string]any{"comm_id": id, "data": data})
	return c.iopubUntilIdle(msgID, 30*time.Second)
}

// updates returns the state of every comm_msg update for comm id in msgs, merged.
func updates(t *testing.T, msgs []*kernel.Message, id string) map[string]any {
	state := map[string]any{}
	for _, m := range msgs {
		if m.Header.MsgType != "comm_msg" {
			continue
		}
		c := content(t, m)
		if c["comm_id"] != id {
			continue
		}
		d := c["data"].(map[string]any)
		if d["method"] != "update" {
			continue
		}
		for k, v := range d["state"].(map[string]any) {
			state[k] = v
		}
	}
	return state
}

func TestWidgetCommOpen(t *testing.T) {
	c := sessionKernel(t)
	const ctl, base, out = "@jupyter-widgets/controls", "@jupyter-widgets/base", "@jupyter-widgets/output"
	for _, tc := range []struct {
		cell             string
		model, view, mod string
		version          string
		state            map[string]any
	}{
		{`widget.NewIntSlider("n", 0, 10, 3)`, "IntSliderModel", "IntSliderView", ctl, "2.0.0",
			map[string]any{"value": 3.0, "min": 0.0, "max": 10.0, "step": 1.0, "description": "n", "readout_format": "d",
				"continuous_update": true, "orientation": "horizontal", "readout": true, "disabled": false, "behavior": "drag-tap"}},
		{`widget.NewFloatSlider("x0", -3, 3, 0.1, 1)`, "FloatSliderModel", "FloatSliderView", ctl, "2.0.0",
			map[string]any{"value": 1.0, "min": -3.0, "max": 3.0, "step": 0.1, "readout_format": ".2f"}},
		{`widget.NewFloatLogSlider("lr", 10, -4, 0, 0.1, 0.01)`, "FloatLogSliderModel", "FloatLogSliderView", ctl, "2.0.0",
			map[string]any{"value": 0.01, "base": 10.0, "min": -4.0, "max": 0.0, "readout_format": ".3g"}},
		{`widget.NewIntRangeSlider("r", 0, 100, 25, 75)`, "IntRangeSliderModel", "IntRangeSliderView", ctl, "2.0.0",
			map[string]any{"value": []any{25.0, 75.0}}},
		{`widget.NewDropdown("f", []string{"sin", "cos"}, "cos")`, "DropdownModel", "DropdownView", ctl, "2.0.0",
			map[string]any{"_options_labels": []any{"sin", "cos"}, "index": 1.0}},
		{`widget.NewRadioButtons("f", []string{"a", "b"}, "a")`, "RadioButtonsModel", "RadioButtonsView", ctl, "2.0.0",
			map[string]any{"_options_labels": []any{"a", "b"}, "index": 0.0, "orientation": "vertical"}},
		{`widget.NewCheckbox("on", true)`, "CheckboxModel", "CheckboxView", ctl, "2.0.0", map[string]any{"value": true, "indent": true}},
		{`widget.NewToggleButton("t", false)`, "ToggleButtonModel", "ToggleButtonView", ctl, "2.0.0", map[string]any{"value": false, "button_style": ""}},
		{`widget.NewButton("go")`, "ButtonModel", "ButtonView", ctl, "2.0.0", map[string]any{"description": "go", "button_style": "", "icon": ""}},
		{`widget.NewText("name", "gograd")`, "TextModel", "TextView", ctl, "2.0.0", map[string]any{"value": "gograd", "placeholder": "\u200b"}},
		{`widget.NewTextarea("notes", "a\nb")`, "TextareaModel", "TextareaView", ctl, "2.0.0", map[string]any{"value": "a\nb", "rows": nil}},
		{`widget.NewPlay(0, 20, 1, 100)`, "PlayModel", "PlayView", ctl, "2.0.0",
			map[string]any{"value": 0.0, "min": 0.0, "max": 20.0, "interval": 100.0, "playing": false, "repeat": false, "show_repeat": true}},
		{`widget.NewIntProgress("train", 0, 50, 10)`, "IntProgressModel", "ProgressView", ctl, "2.0.0",
			map[string]any{"value": 10.0, "max": 50.0, "bar_style": "", "orientation": "horizontal"}},
		{`widget.NewLabel("hello")`, "LabelModel", "LabelView", ctl, "2.0.0", map[string]any{"value": "hello"}},
		{`widget.NewHTML("<b>hi</b>")`, "HTMLModel", "HTMLView", ctl, "2.0.0", map[string]any{"value": "<b>hi</b>"}},
		{`widget.NewOutput()`, "OutputModel", "OutputView", out, "1.0.0", map[string]any{"outputs": []any{}, "msg_id": ""}},
		{`widget.HBox(widget.NewLabel("a"))`, "HBoxModel", "HBoxView", ctl, "2.0.0", map[string]any{"box_style": ""}},
		{`widget.VBox()`, "VBoxModel", "VBoxView", ctl, "2.0.0", map[string]any{"children": []any{}}},
		{`widget.NewLayout("width", "300px")`, "LayoutModel", "LayoutView", base, "2.0.0", map[string]any{"width": "300px", "height": nil}},
	} {
		t.Run(tc.model, func(t *testing.T) {
			msgs := ok(t, c, tc.cell)
			opens := commOpens(t, msgs)
			id := shownModel(t, msgs)
			open, found := opens[id]
			if !found {
				t.Fatalf("no comm_open for the shown model %s: %s", id, msgTypes(msgs))
			}
			if open["target_name"] != "jupyter.widget" {
				t.Errorf("target_name = %v", open["target_name"])
			}
			data := open["data"].(map[string]any)
			if bp, ok := data["buffer_paths"].([]any); !ok || len(bp) != 0 {
				t.Errorf("buffer_paths = %v", data["buffer_paths"])
			}
			st := data["state"].(map[string]any)
			want := map[string]any{
				"_model_name": tc.model, "_view_name": tc.view,
				"_model_module": tc.mod, "_view_module": tc.mod,
				"_model_module_version": tc.version, "_view_module_version": tc.version,
			}
			for k, v := range tc.state {
				want[k] = v
			}
			for k, v := range want {
				if got, _ := json.Marshal(st[k]); string(got) != mustJSON(v) {
					t.Errorf("state[%s] = %s, want %s", k, got, mustJSON(v))
				}
			}
			if tc.model != "LayoutModel" {
				for _, k := range []string{"layout", "_dom_classes", "tooltip", "tabbable"} {
					if _, ok := st[k]; !ok {
						t.Errorf("state lacks %s", k)
					}
				}
			}
		})
	}
	// A box names its children by model reference.
	msgs := ok(t, c, "lbl := widget.NewLabel(\"a\")\nwidget.HBox(lbl)")
	box := commOpens(t, msgs)[shownModel(t, msgs)]
	children := box["data"].(map[string]any)["state"].(map[string]any)["children"].([]any)
	if len(children) != 1 || !strings.HasPrefix(children[0].(string), "IPY_MODEL_") {
		t.Errorf("children = %v", children)
	}
	if id := strings.TrimPrefix(children[0].(string), "IPY_MODEL_"); strings.Trim(result(t, c, "lbl.ModelID()"), `"`) != id {
		t.Errorf("child reference %s is not the label's model id", id)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestWidgetUpdateFromFrontEnd(t *testing.T) {
	c := sessionKernel(t)
	id := strings.Trim(result(t, c, "s := widget.NewIntSlider(\"n\", 0, 10, 3)\nvar seen []string\n"+
		"s.Observe(func(old, new int) { seen = append(seen, fmt.Sprint(old, \"->\", new)) })\ns.ModelID()"), `"`)
	c.comm(id, map[string]any{"method": "update", "state": map[string]any{"value": 7}, "buffer_paths": []any{}})
	if got := result(t, c, "fmt.Sprint(s.Value(), seen)"); got != `"7 [3->7]"` {
		t.Errorf("after an update to 7: %s", got)
	}
	// Beyond max: clamped, and the front end is told the value it must show.
	msgs := c.comm(id, map[string]any{"method": "update", "state": map[string]any{"value": 99}, "buffer_paths": []any{}})
	if st := updates(t, msgs, id); st["value"] != 10.0 {
		t.Errorf("clamped update sent back %v, want value 10", st)
	}
	// A bad state changes nothing and runs no callback; nor does an unknown comm.
	c.comm(id, map[string]any{"method": "update", "state": map[string]any{"value": "seven"}})
	c.comm(id, map[string]any{"method": "update", "state": map[string]any{"no_such": 1}})
	c.comm("no-such-comm", map[string]any{"method": "update", "state": map[string]any{"value": 1}})
	if got := result(t, c, "fmt.Sprint(s.Value(), seen)"); got != `"10 [3->7 7->10]"` {
		t.Errorf("after bad updates: %s", got)
	}
	// Setting from Go tells the front end.
	msgs = ok(t, c, "s.SetValue(4)")
	if st := updates(t, msgs, id); st["value"] != 4.0 {
		t.Errorf("SetValue(4) sent %v", st)
	}
	// request_state answers with the whole state.
	msgs = c.comm(id, map[string]any{"method": "request_state"})
	if st := updates(t, msgs, id); st["value"] != 4.0 || st["_model_name"] != "IntSliderModel" {
		t.Errorf("request_state answered %v", st)
	}
	// The control comm (protocol 2.1) sends every state at once.
	ctl := "control-1"
	openID := c.request("shell", "comm_open", map[string]any{"comm_id": ctl, "target_name": "jupyter.widget.control", "data": map[string]any{}})
	if closed := find(c.iopubUntilIdle(openID, 10*time.Second), "comm_close"); closed != nil {
		t.Fatal("the control comm was closed")
	}
	msgs = c.comm(ctl, map[string]any{"method": "request_states"})
	var states map[string]any
	for _, m := range msgs {
		if m.Header.MsgType == "comm_msg" {
			d := content(t, m)["data"].(map[string]any)
			if d["method"] == "update_states" {
				states = d["states"].(map[string]any)
			}
		}
	}
	if st, ok := states[id].(map[string]any); !ok || st["value"] != 4.0 {
		t.Errorf("update_states lacks the slider at 4: %v", states[id])
	}
	// comm_info lists the widget's comm under its target.
	infoID := c.request("shell", "comm_info_request", map[string]any{"target_name": "jupyter.widget"})
	info := content(t, c.reply(c.shellCh, infoID, 10*time.Second))["comms"].(map[string]any)
	if e, ok := info[id].(map[string]any); !ok || e["target_name"] != "jupyter.widget" {
		t.Errorf("comm_info_reply lacks %s: %v", id, info)
	}
}

func TestWidgetClicksAndTypedValues(t *testing.T) {
	c := sessionKernel(t)
	ids := strings.Split(strings.Trim(result(t, c, `b := widget.NewButton("go")
clicks := 0
b.OnClick(func() { clicks++ })
d := widget.NewDropdown("f", []string{"sin", "cos", "tanh"}, "sin")
var picked string
d.Observe(func(old, new string) { picked = old + ">" + new })
cb := widget.NewCheckbox("on", false)
r := widget.NewIntRangeSlider("r", 0, 10, 2, 5)
tx := widget.NewText("t", "")
b.ModelID() + " " + d.ModelID() + " " + cb.ModelID() + " " + r.ModelID() + " " + tx.ModelID()`), `"`), " ")
	button, dropdown, check, rng, text := ids[0], ids[1], ids[2], ids[3], ids[4]
	for i := 0; i < 3; i++ {
		c.comm(button, map[string]any{"method": "custom", "content": map[string]any{"event": "click"}})
	}
	c.comm(dropdown, map[string]any{"method": "update", "state": map[string]any{"index": 2}})
	c.comm(check, map[string]any{"method": "update", "state": map[string]any{"value": true}})
	c.comm(rng, map[string]any{"method": "update", "state": map[string]any{"value": []any{7, 3}}})
	c.comm(text, map[string]any{"method": "update", "state": map[string]any{"value": "héllo"}})
	if got := result(t, c, `fmt.Sprint(clicks, " ", d.Value(), " ", picked, " ", cb.Value(), " ", tx.Value())`); got != `"3 tanh sin>tanh true héllo"` {
		t.Errorf("got %s", got)
	}
	if got := result(t, c, "r.Value()"); got != "(3, 7)" {
		t.Errorf("range after [7, 3]: %s", got)
	}
}

func TestWidgetOutputCapturesPlot(t *testing.T) {
	c := sessionKernel(t)
	// As JupyterLab's widget manager does on connecting: then plots keep their SVG.
	openID := c.request("shell", "comm_open", map[string]any{"comm_id": "control-plot", "target_name": "jupyter.widget.control", "data": map[string]any{}})
	c.iopubUntilIdle(openID, 10*time.Second)
	msgs := ok(t, c, `o := widget.NewOutput()
o.Capture(func() {
	fmt.Println("before the plot")
	fig := plot.New()
	fig.Plot([]float64{0, 1, 2}, []float64{0, 1, 4})
	display.Show(fig)
})
o`)
	id := shownModel(t, msgs)
	if s := streamText(t, msgs, "stdout"); s != "" {
		t.Errorf("captured text reached the cell: %q", s)
	}
	if find(msgs, "display_data") != nil {
		t.Error("the captured plot reached the cell")
	}
	outs, _ := updates(t, msgs, id)["outputs"].([]any)
	if len(outs) != 2 {
		t.Fatalf("outputs = %v", outs)
	}
	first, second := outs[0].(map[string]any), outs[1].(map[string]any)
	if first["output_type"] != "stream" || first["text"] != "before the plot\n" {
		t.Errorf("first output %v", first)
	}
	data, _ := second["data"].(map[string]any)
	if second["output_type"] != "display_data" || !strings.Contains(data["image/svg+xml"].(string), "<svg") {
		t.Errorf("second output is not the plot: %v", second["output_type"])
	}
}

func TestWidgetInteractRedraws(t *testing.T) {
	c := sessionKernel(t)
	msgs := ok(t, c, `x := widget.NewIntSlider("x", 0, 10, 2)
w := widget.Interact(func(n int) string { return fmt.Sprint("square: ", n*n) }, x)
w`)
	box := commOpens(t, msgs)[shownModel(t, msgs)]
	if box["data"].(map[string]any)["state"].(map[string]any)["_model_name"] != "VBoxModel" {
		t.Fatalf("Interact shows %v", box)
	}
	outID := strings.Trim(result(t, c, "w.Out.ModelID()"), `"`)
	sliderID := strings.Trim(result(t, c, "x.ModelID()"), `"`)
	msgs = c.comm(sliderID, map[string]any{"method": "update", "state": map[string]any{"value": 7}})
	outs, _ := updates(t, msgs, outID)["outputs"].([]any)
	if len(outs) != 1 || !strings.Contains(mustJSON(outs[0]), "square: 49") {
		t.Errorf("after x=7 the output is %v", outs)
	}
	// A panicking f shows its error in the output; the kernel lives on.
	ok(t, c, `bad := widget.NewIntSlider("b", 0, 10, 1)
wb := widget.Interact(func(n int) int { if n > 5 { panic("too big") }; return n }, bad)`)
	badID := strings.Trim(result(t, c, "bad.ModelID()"), `"`)
	wbOut := strings.Trim(result(t, c, "wb.Out.ModelID()"), `"`)
	msgs = c.comm(badID, map[string]any{"method": "update", "state": map[string]any{"value": 9}})
	outs, _ = updates(t, msgs, wbOut)["outputs"].([]any)
	if len(outs) != 1 || outs[0].(map[string]any)["output_type"] != "error" || !strings.Contains(mustJSON(outs[0]), "too big") {
		t.Errorf("panicking f shows %v", outs)
	}
	if got := result(t, c, "1 + 1"); got != "2" {
		t.Errorf("kernel after a panicking callback: %s", got)
	}
}

func TestWidgetMessagesWaitForRunningCell(t *testing.T) {
	c := sessionKernel(t)
	id := strings.Trim(result(t, c, "b := widget.NewButton(\"go\")\nclicks := 0\nb.OnClick(func() { clicks++ })\nb.ModelID()"), `"`)
	// The click arrives while a cell sleeps: it waits, and is not lost.
	execID := c.request("shell", "execute_request", map[string]any{"code": "import \"time\"\ntime.Sleep(400 * time.Millisecond)\nfmt.Println(clicks)",
		"silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
	time.Sleep(100 * time.Millisecond)
	clickID := c.request("shell", "comm_msg", map[string]any{"comm_id": id, "data": map[string]any{"method": "custom", "content": map[string]any{"event": "click"}}})
	cell := c.iopubUntilIdle(execID, 30*time.Second)
	if s := streamText(t, cell, "stdout"); s != "0\n" {
		t.Errorf("the click ran beside the cell: it printed %q", s)
	}
	c.iopubUntilIdle(clickID, 30*time.Second)
	if got := result(t, c, "clicks"); got != "1" {
		t.Errorf("clicks after the cell = %s", got)
	}
}

// The gograd command serves a LazyExecutor: comm messages reach the session
// through it.
func TestWidgetThroughLazyExecutor(t *testing.T) {
	tk := startKernel(t, kernel.Lazy(func() kernel.Executor { return session.New() }), "ipc", testKey, tensor.SetInterrupt)
	c := connect(t, tk)
	id := strings.Trim(result(t, c, "cb := widget.NewCheckbox(\"on\", false)\ncb.ModelID()"), `"`)
	c.comm(id, map[string]any{"method": "update", "state": map[string]any{"value": true}})
	if got := result(t, c, "cb.Value()"); got != "true" {
		t.Errorf("after the front end ticked the box: %s", got)
	}
}

// A redraw a slider change left waiting because a cell was queued behind it runs
// before that cell, not at some later front-end message.
func TestWidgetRedrawBeforeQueuedCell(t *testing.T) {
	c := sessionKernel(t)
	id := strings.Trim(result(t, c, "x := widget.NewIntSlider(\"x\", 0, 10, 1)\nw := widget.Interact(func(n int) int { return n * n }, x)\nx.ModelID()"), `"`)
	req := func(code string) string {
		return c.request("shell", "execute_request", map[string]any{"code": code, "silent": false, "store_history": true,
			"user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true})
	}
	sleep := req("import \"time\"\ntime.Sleep(300 * time.Millisecond)")
	time.Sleep(50 * time.Millisecond)
	update := c.request("shell", "comm_msg", map[string]any{"comm_id": id, "data": map[string]any{"method": "update", "state": map[string]any{"value": 4}}})
	draws := req("w.Draws()")
	for _, m := range []string{sleep, update} {
		c.iopubUntilIdle(m, 30*time.Second)
	}
	msgs := c.iopubUntilIdle(draws, 30*time.Second)
	r := find(msgs, "execute_result")
	if r == nil {
		t.Fatalf("no result: %s", msgTypes(msgs))
	}
	if got := content(t, r)["data"].(map[string]any)["text/plain"]; got != "2" {
		t.Errorf("draws when the queued cell runs = %v, want 2 (the first draw and the one for x=4)", got)
	}
}

// The hooks connecting widgets to the session are not in the cells' symbol
// tables: a cell cannot cut the widgets off.
func TestWidgetPlumbingHidden(t *testing.T) {
	c := sessionKernel(t)
	for _, code := range []string{"widget.SetHost(nil)", `widget.Handle("x", nil)`, "widget.Flush()"} {
		// The whole-cell type check finds the name missing from widget's table.
		if e := failing(t, c, code); !strings.Contains(fmt.Sprint(e["evalue"]), "undefined: widget.") {
			t.Errorf("%s: %v", code, e["evalue"])
		}
	}
	if got := result(t, c, `widget.NewLabel("still here").Value()`); got != `"still here"` {
		t.Errorf("after the refused cells: %s", got)
	}
}
