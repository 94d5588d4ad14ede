// Package widget makes Jupyter widgets from Go: sliders, drop-downs, buttons,
// text fields, progress bars and output areas that render in JupyterLab, Notebook
// and VS Code through their widget manager (@jupyter-widgets/jupyterlab-manager),
// with their values live in Go.
//
//	x0 := widget.NewFloatSlider("x0", -3, 3, 0.1, 1)
//	widget.Interact(func(x0 float64) *plot.Figure { return tangentPlot(x0) }, x0)
//
// shows the slider above the plot tangentPlot draws; dragging it redraws the plot
// in place.
//
// # The protocol
//
// A widget is a model on each side, kept in step over a comm (see package
// kernel): the kernel opens a comm with target "jupyter.widget", metadata
// {"version": "2.1.0"} and data {"state": {...}, "buffer_paths": []}. The state
// names the JavaScript classes that draw the widget (_model_name, _view_name,
// from the npm modules _model_module at _model_module_version) and holds its
// attributes: a slider's value, min, max, step, description... Showing a widget
// is a display message whose bundle carries
// "application/vnd.jupyter.widget-view+json" {"model_id": <comm id>}; every view
// follows the one model.
//
// After that, each side sends the attributes that changed as comm_msg
// {"method": "update", "state": {...}}. The front end also sends
// {"method": "request_state"} (send everything again), and {"method": "custom",
// "content": {"event": "click"}} for a Button's clicks; a front end that
// reconnects opens a "jupyter.widget.control" comm and asks for every state at
// once (request_states, answered by update_states).
//
// The names, versions and default attributes here are those of ipywidgets 8's
// models, as the npm packages @jupyter-widgets/base (module version 2.0.0),
// @jupyter-widgets/controls (2.0.0) and @jupyter-widgets/output (1.0.0) declare
// them. Layout and style are null unless SetLayout gives a Layout: the views
// cope with their absence, and each would cost a model of its own.
//
// # Values and callbacks
//
// Every control has a typed Value and SetValue (int for IntSlider, float64 for
// FloatSlider, string for Dropdown, bool for Checkbox...) and Observe, which
// takes a func(old, new T) called after each change, whether the front end or
// Go made it. The API has no type parameters: notebook cells run in the yaegi
// interpreter, which cannot call compiled generic code.
//
// A change from the front end is checked before it is applied: an attribute the
// front end may not set, or a value of the wrong type, is logged and the whole
// message ignored; a value beyond a slider's bounds is clamped and the front end
// told. Messages for comms the package does not know are logged and ignored.
//
// The kernel hands front-end messages to Handle one at a time, in turn with
// cells: a callback never runs beside a cell, and a click made while a long cell
// runs waits until the cell ends. A callback that panics costs its own work: the
// error goes into the Output capturing at the time (an Interact's output), or to
// the standard error of the request that fired it, and the kernel goes on.
//
// # Output and Interact
//
// Output is an area of outputs: Capture(f) sends what f prints and displays
// (fmt, display.Show, a live plot's redraws) into it instead of the cell. Its
// outputs travel in its state ("outputs", in nbformat's form), so a callback run
// long after its cell can redraw it, and the notebook's saved widget state holds
// the last picture.
//
// A callback that should redraw something draws into an Output:
//
//	out := widget.NewOutput()
//	s.Observe(func(old, new int) {
//		out.Clear(true)
//		out.Capture(func() { display.Show(draw(new)) })
//	})
//
// rather than calling display.Update on an earlier cell's output: JupyterLab
// routes a display update only to cells whose execution it still follows, which
// a finished cell is not.
//
// Interact(f, controls...) lays the controls above an Output and fills it with
// f's results; f runs again whenever a control changes. Redraws for front-end
// changes wait until the kernel has no more messages waiting (Flush), so dragging
// a slider faster than f draws skips positions rather than queuing redraws. Link
// keeps two controls' values equal.
//
// # Saved state
//
// State returns every widget's state in the form notebooks keep under
// metadata.widgets["application/vnd.jupyter.widget-state+json"]; with it,
// nbconvert's HTML shows the widgets as they were last.
//
// # Plumbing
//
// SetHost, Handle, Open, Close, Comms, Flush, Capturing and Logger connect the
// package to the kernel's session; the interpreter's symbol tables leave them
// out, so cells cannot reach them.
package widget
