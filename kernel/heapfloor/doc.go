// Package heapfloor paces the garbage collector as the gograd kernel needs it.
//
// A notebook's heap is mostly small (a few MB of tensors and the
// interpreter's trees) while its cells allocate at a high rate: every call
// from a cell into compiled code goes through reflect, which allocates its
// argument and result slices. With Go's default pacing (the next collection
// when the heap has doubled) a small heap is collected every few MB, and a
// cell's loop spends much of its time in the collector. Set puts a
// floor under the heap goal instead: the next collection comes when the heap
// has grown by the larger of its live size (Go's default, GOGC=100) and the
// floor. A large heap is paced as Go paces it; a small one collects every
// floor bytes. The price is memory: up to floor bytes of garbage may wait for
// the collector, and the resident set of a small session rises by up to that
// much.
//
// The goal is adjusted after each collection, when the live heap is known: a
// finalizer of an object that lives for one cycle sets GOGC for the next.
package heapfloor
