// Package uuid stands for a release newer than the kernel links.
package uuid

// UUID is a UUID.
type UUID [16]byte

// New returns a zero UUID.
func New() UUID { return UUID{} }
