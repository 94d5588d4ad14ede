//go:build !unix

package kernel

import "os"

// dupStderr has nothing to do where the session does not capture
// descriptors.
func dupStderr() *os.File { return nil }
