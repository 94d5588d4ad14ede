package tensor

import (
	"testing"
	"unsafe"

	"golang.org/x/sys/unix"
)

// resident reports how many of the pages d spans are mapped (mincore), and how many
// it spans.
func resident[T elem](t *testing.T, d []T) (mapped, pages int) {
	t.Helper()
	size := int(unsafe.Sizeof(d[0]))
	start := uintptr(unsafe.Pointer(&d[0])) &^ (pageBytes - 1)
	end := uintptr(unsafe.Pointer(&d[len(d)-1])) + uintptr(size)
	vec := make([]byte, (end-start+pageBytes-1)/pageBytes)
	_, _, errno := unix.Syscall(unix.SYS_MINCORE, start, end-start, uintptr(unsafe.Pointer(&vec[0])))
	if errno != 0 {
		t.Skipf("mincore: %v", errno)
	}
	for _, v := range vec {
		mapped += int(v & 1)
	}
	return mapped, len(vec)
}

// TestZerosMapsEveryPage: a large array from zeros, fresh from the system (more than
// the test's heap has held), has every page mapped when it is handed out. make alone
// leaves such memory untouched, so the first read of a kernel adding into it would map
// the shared zero page (see zeros.go).
func TestZerosMapsEveryPage(t *testing.T) {
	for _, n := range []int{16 << 20, 24<<20 + 3} {
		d := zeros[float32](n)
		if mapped, pages := resident(t, d); mapped != pages {
			t.Errorf("%d elements: %d of %d pages mapped", n, mapped, pages)
		}
		for i := 0; i < len(d); i += 4099 {
			if d[i] != 0 {
				t.Fatalf("element %d is %v", i, d[i])
			}
		}
	}
}

// TestTouchPagesWritesOnlyZeros: touchPages stores zeros only, within d, on slices
// starting anywhere in a page and of any length, including a single element.
func TestTouchPagesWritesOnlyZeros(t *testing.T) {
	for _, c := range []struct{ off, n int }{{0, 1}, {0, 1024}, {1, 1023}, {1000, 1025}, {3, 5000}, {1023, 2}} {
		buf := make([]float32, 8192)
		for i := range buf {
			buf[i] = 7
		}
		d := buf[c.off : c.off+c.n]
		clear(d)
		touchPages(d)
		for i, v := range buf {
			inside := i >= c.off && i < c.off+c.n
			if inside && v != 0 || !inside && v != 7 {
				t.Fatalf("off %d n %d: element %d is %v", c.off, c.n, i, v)
			}
		}
	}
	touchPages([]int64{}) // no elements: nothing to touch
}
