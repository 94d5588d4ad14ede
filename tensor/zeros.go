package tensor

import "unsafe"

// Zeroed memory that is read before it is written.
//
// Go hands out memory fresh from the system without clearing it: the system's pages
// are zero until touched. How they are first touched matters. A write maps a new zero
// page. A read maps the system's shared zero page, and the first write after it copies
// that page and must then flush the old mapping from every core that may hold it in its
// TLB: an interrupt to the other cores, which on a virtual machine traps to the
// hypervisor. An accumulator or a result that a kernel adds into (acc[i] += x) reads
// each page before writing it, so on fresh memory every page costs such a flush. This
// happens through the first cycle of a session's heap (the kernel's 64 MB floor) and
// again after the runtime returns idle pages to the system, and on a virtual machine it
// can cost a small reduction more than the reduction itself (the figures are in the
// commit that brought zeros).
//
// zeros and allocT therefore write a zero into every page of what they hand out, so
// that the first touch is a write. On memory that is already mapped (any reused span,
// which Go clears itself) that is one store a page.

// pageBytes is the smallest page size of the systems Go runs on; touching every
// pageBytes covers larger pages too.
const pageBytes = 4096

// zeros returns n zero elements for a kernel to accumulate into.
func zeros[T elem](n int) []T {
	d := make([]T, n)
	touchPages(d)
	return d
}

// touchPages writes a zero into each page d spans: the stores are pageBytes apart, so
// each page from d's first element's to its last holds one, and the last element is
// written too. d must hold zeros (it is meant for memory just allocated).
func touchPages[T elem](d []T) {
	if len(d) == 0 {
		return
	}
	var z T
	step := max(1, pageBytes/int(unsafe.Sizeof(z)))
	for i := 0; i < len(d); i += step {
		d[i] = z
	}
	d[len(d)-1] = z
}
