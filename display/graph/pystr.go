package graph

import "github.com/gograd/gograd/autograd"

// pyStr formats a saved attribute's value the way Python's str() does, because
// torchviz prints str(value) and the pictures must read the same: None, True/False,
// tuples as (1,) and (100, 5), floats in repr form (2.0, 1e-05). autograd holds the
// rules; the one case it cannot know is a tuple of this package's Tensor nodes, which
// is only reached when every entry is None.
func pyStr(v any) string {
	if x, ok := v.([]Tensor); ok {
		items := make([]string, len(x))
		for i := range x {
			items[i] = "None"
		}
		return autograd.PyTuple(items)
	}
	return autograd.FormatValue(v)
}
