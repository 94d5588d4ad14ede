package widget

import (
	"fmt"
	"strings"
)

// Box lays its children out in a row (HBox) or a column (VBox).
type Box struct {
	core
	children []Widget
}

// HBox shows children side by side.
func HBox(children ...Widget) *Box { return newBox("HBoxModel", "HBoxView", "HBox", children) }

// VBox shows children one below the other.
func VBox(children ...Widget) *Box { return newBox("VBoxModel", "VBoxView", "VBox", children) }

func newBox(modelName, viewName, class string, children []Widget) *Box {
	b := &Box{children: children}
	b.m = newModel(modelName, viewName, ControlsModule, domState("box_style", "", "children", refs(children)), map[string]kind{})
	b.class = class
	b.repr = func() []any { return []any{"children", len(b.children)} }
	return b
}

func refs(ws []Widget) []any {
	out := make([]any, len(ws))
	for i, w := range ws {
		out[i] = "IPY_MODEL_" + w.ModelID()
	}
	return out
}

// Children are the box's widgets.
func (b *Box) Children() []Widget { return append([]Widget(nil), b.children...) }

// SetChildren replaces the box's widgets.
func (b *Box) SetChildren(children ...Widget) {
	b.children = children
	b.m.set("children", refs(children))
}

// Layout holds CSS layout properties (width, height, margin, flex_flow...) for
// the widgets given it with SetLayout. Properties are named as in ipywidgets,
// with underscores: "max_width", "justify_content".
type Layout struct{ core }

// layoutProperties are the CSS properties of @jupyter-widgets/base's LayoutModel.
var layoutProperties = strings.Fields(`align_content align_items align_self border_top border_right
	border_bottom border_left bottom display flex flex_flow height justify_content justify_items left
	margin max_height max_width min_height min_width overflow order padding right top visibility width
	object_fit object_position grid_auto_columns grid_auto_flow grid_auto_rows grid_gap
	grid_template_rows grid_template_columns grid_template_areas grid_row grid_column grid_area`)

// NewLayout returns a Layout; pairs are property names and values, such as
// NewLayout("width", "300px", "border_top", "1px solid gray").
func NewLayout(pairs ...string) *Layout {
	st := map[string]any{}
	for _, p := range layoutProperties {
		st[p] = nil
	}
	l := &Layout{}
	for i := 0; i+1 < len(pairs); i += 2 {
		if _, ok := st[pairs[i]]; !ok {
			panic(fmt.Sprintf("widget.NewLayout: no layout property %q", pairs[i]))
		}
		st[pairs[i]] = pairs[i+1]
	}
	l.m = newModel("LayoutModel", "LayoutView", BaseModule, st, map[string]kind{})
	l.class = "Layout"
	return l
}

// SetProperty sets a CSS property ("" removes it).
func (l *Layout) SetProperty(name, value string) {
	var v any = value
	if value == "" {
		v = nil
	}
	l.m.set(name, v)
}
