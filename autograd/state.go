package autograd

// The package's mutable state: everything autograd keeps outside the tensors and nodes
// it hands out is declared in this file.
//
// The contract: the package is used from one goroutine at a time. A notebook runs one
// cell at a time, and library code (nn, optim, functional) runs inside the cell that
// called it. torch keeps grad mode per thread; here a cell that starts goroutines which
// build graphs or run backward passes concurrently breaks the contract: grad mode would
// flip under another goroutine's feet, node numbers could repeat (the engine orders
// nodes by them) and two passes would hand out the same rooms. Such a cell must
// serialise its autograd work itself.
//
// The state below is plain variables, not atomics or per-goroutine values, because of
// that contract: a small graph's ops read or bump them once per op.
var (
	// gradEnabled is torch's grad mode: whether ops record the graph (gradmode.go).
	gradEnabled = true

	// nodeSeq numbers nodes in creation order (nextSeq); the engine runs the newest
	// ready node first, as torch does.
	nodeSeq uint64

	// rooms hands out room for the small results computed while a backward pass runs
	// (roomy, passRooms in tensor.go). A pass started inside another (a hook calling
	// Backward) saves and puts back the outer pass's rooms.
	rooms roomChunks

	// freeTasks are the graphTasks of finished backward passes, kept so that the next
	// passes reuse their tables (graphtask.go). Each pass takes one for itself alone,
	// so passes nested in hooks share nothing.
	freeTasks []*graphTask

	// savedNames is indexed by savedName (graph.go): the package's own names first, in
	// the order of the savedName constants; ops defined outside the package (NewOp)
	// add the names they use on first use (savedNameOf).
	savedNames = []string{"", "self", "other", "result", "vec", "tensor", "mat2", "indices", "exponent", "condition", "mat1"}
)

// nextSeq returns the next node number.
func nextSeq() uint64 {
	nodeSeq++
	return nodeSeq
}
