package display

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"
)

// Publisher sends display messages to the front end. The kernel installs one per
// session with SetPublisher.
type Publisher interface {
	// Display sends display_data. A non-empty displayID goes into the message's
	// transient field so that Update can replace this output later.
	Display(b Bundle, displayID string)
	// Update sends update_display_data: every output shown with displayID is redrawn
	// with b.
	Update(b Bundle, displayID string)
	// ClearOutput clears the cell's output; with wait, only when new output arrives.
	ClearOutput(wait bool)
}

var (
	pubMu sync.RWMutex
	pub   Publisher
)

// SetPublisher installs p as the destination of Show, ShowID, Update and ClearOutput.
// nil restores the default, which prints text/plain to standard output.
func SetPublisher(p Publisher) {
	pubMu.Lock()
	pub = p
	pubMu.Unlock()
}

// CurrentPublisher returns the installed Publisher, or the standard-output one.
func CurrentPublisher() Publisher {
	pubMu.RLock()
	p := pub
	pubMu.RUnlock()
	if p == nil {
		return TextPublisher{W: os.Stdout}
	}
	return p
}

// Show sends v's bundle (see BundleOf) as display_data.
func Show(v any) { CurrentPublisher().Display(BundleOf(v), "") }

// ShowID sends v's bundle as display_data tagged with displayID, to be replaced by
// later calls to Update with the same id.
func ShowID(v any, displayID string) { CurrentPublisher().Display(BundleOf(v), displayID) }

// Update redraws every output tagged with displayID with v's bundle.
func Update(v any, displayID string) { CurrentPublisher().Update(BundleOf(v), displayID) }

// ClearOutput clears the current cell's output (after new output arrives, with wait).
func ClearOutput(wait bool) { CurrentPublisher().ClearOutput(wait) }

// NewDisplayID returns a fresh random display id.
func NewDisplayID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return hex.EncodeToString(b[:])
}

// TextPublisher writes each bundle's text/plain to W, one output per line. Updates are
// written as new lines too: a plain stream cannot redraw in place, and the callers
// that update (progress bars, live plots) throttle themselves.
type TextPublisher struct{ W io.Writer }

// Display writes b's text.
func (t TextPublisher) Display(b Bundle, _ string) { fmt.Fprintln(t.W, b.Text()) }

// Update writes b's text.
func (t TextPublisher) Update(b Bundle, _ string) { fmt.Fprintln(t.W, b.Text()) }

// ClearOutput does nothing: a stream cannot be cleared.
func (TextPublisher) ClearOutput(bool) {}
