// Package notebooks holds the source notebooks ported to Go (the five seeds and the
// public PyTorch tutorials whose reference runs are in reference/), and the tests that
// keep them honest by executing them through Jupyter itself.
//
// Each notebook here ports one seed (../shared/seeds) or tutorial cell by cell. Its
// metadata names the seed it ports (a tutorial's seed is its reference's name,
// reference/<seed>.ipynb):
//
//	"metadata": {"gograd": {"seed": "002_65d16deb69b2b679"}, ...}
//
// and every code cell that ports a cell of the reference notebook (the seed executed on
// real PyTorch, ../shared/reference/pytorch) carries that cell's index there:
//
//	"metadata": {"gograd": {"ref_cell": 12}}
//	"metadata": {"gograd": {"ref_cell": 15, "differs": "unseeded randomness"}}
//
// Two tests read these notes:
//
//   - TestNotebooksExecute runs every notebook with `jupyter nbconvert --execute` on the
//     gograd kernel and compares each cell's fresh outputs with the ones saved in the
//     notebook: printed text (streams, results, errors) exactly, rich outputs by MIME
//     type and validity (an SVG must parse and hold the same text labels).
//   - TestReferenceCells pairs each ported cell with its reference cell and requires the
//     printed text to equal PyTorch's, except where the cell says why it differs. It
//     prints how many paired cells match.
//
// The comparison rules live in compare.go so that they are tested on their own.
package notebooks
