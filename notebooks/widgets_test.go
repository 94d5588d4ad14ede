package notebooks

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const (
	viewMIME  = "application/vnd.jupyter.widget-view+json"
	stateMIME = "application/vnd.jupyter.widget-state+json"
)

// TestWidgetStateSaved checks the interactive cells of the notebooks that have them:
// the widget each shows is in the notebook's saved widget state (nbclient writes it
// from the kernel's comm messages while nbconvert executes the notebook), its Output
// holds the plot, and `jupyter nbconvert --to html` embeds that state with the views,
// which is what lets the HTML show the widgets as they were last.
func TestWidgetStateSaved(t *testing.T) {
	for _, tc := range []struct{ notebook, marker string }{
		{"vector_jacobian_products.ipynb", "widget.Interact(sinTangent"},
		{"computation_graphs_and_gradient_descent.ipynb", "widget.Interact(descentPath"},
	} {
		t.Run(tc.notebook, func(t *testing.T) {
			raw, err := os.ReadFile(tc.notebook)
			if err != nil {
				t.Fatal(err)
			}
			var nb struct {
				Metadata struct {
					Widgets map[string]struct {
						State map[string]struct {
							ModelName string         `json:"model_name"`
							State     map[string]any `json:"state"`
						} `json:"state"`
					} `json:"widgets"`
				} `json:"metadata"`
				Cells []struct {
					Source  json.RawMessage `json:"source"`
					Outputs []struct {
						Data map[string]json.RawMessage `json:"data"`
					} `json:"outputs"`
				} `json:"cells"`
			}
			if err := json.Unmarshal(raw, &nb); err != nil {
				t.Fatal(err)
			}
			state := nb.Metadata.Widgets[stateMIME].State
			var shown string
			for _, c := range nb.Cells {
				if !strings.Contains(multiline(c.Source), tc.marker) {
					continue
				}
				for _, o := range c.Outputs {
					var view struct {
						ModelID string `json:"model_id"`
					}
					if json.Unmarshal(o.Data[viewMIME], &view) == nil && view.ModelID != "" {
						shown = view.ModelID
					}
				}
			}
			if shown == "" {
				t.Fatalf("no cell with %s shows a widget", tc.marker)
			}
			box, ok := state[shown]
			if !ok || box.ModelName != "VBoxModel" {
				t.Fatalf("the shown model %s is not a saved VBox: %+v", shown, box)
			}
			// The box's last child is the Output; its saved outputs hold the plot.
			children, _ := box.State["children"].([]any)
			if len(children) < 2 {
				t.Fatalf("box children %v", children)
			}
			outID := strings.TrimPrefix(children[len(children)-1].(string), "IPY_MODEL_")
			out := state[outID]
			outs, _ := out.State["outputs"].([]any)
			if out.ModelName != "OutputModel" || len(outs) != 1 {
				t.Fatalf("output model %s: %s with %d outputs", outID, out.ModelName, len(outs))
			}
			// nbconvert executed it without a widget manager: the plot is kept as
			// PNG only, which survives nbconvert 6's escaping of the state.
			var o Output
			b, _ := json.Marshal(outs[0])
			if err := json.Unmarshal(b, &o); err != nil {
				t.Fatal(err)
			}
			if _, ok := o.Data["image/png"]; !ok || len(RichProblems(o)) > 0 {
				t.Errorf("the saved plot: MIME types %s, problems %v", mimeKeys(o), RichProblems(o))
			}
			for _, c := range children[:len(children)-1] {
				id := strings.TrimPrefix(c.(string), "IPY_MODEL_")
				if _, ok := state[id]; !ok {
					t.Errorf("control %s is not in the saved state", id)
				}
			}

			nbconvert := needTool(t, "jupyter-nbconvert", "apt-get install jupyter-nbconvert")
			dir := t.TempDir()
			cmd := exec.Command(nbconvert, "--to", "html", "--output-dir", dir, tc.notebook)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("nbconvert --to html: %v\n%s", err, out)
			}
			html, err := os.ReadFile(filepath.Join(dir, strings.TrimSuffix(tc.notebook, ".ipynb")+".html"))
			if err != nil {
				t.Fatal(err)
			}
			page := string(html)
			if !strings.Contains(page, `<script type="`+stateMIME+`">`) || !strings.Contains(page, `"`+outID+`"`) {
				t.Error("the HTML does not embed the widget state")
			}
			if !strings.Contains(page, `<script type="`+viewMIME+`">`) || !strings.Contains(page, shown) {
				t.Error("the HTML does not place the widget's view")
			}
		})
	}
}
