// Package needsnew needs a github.com/google/uuid newer than the kernel links.
package needsnew

import "github.com/google/uuid"

// Zero is a zero UUID.
func Zero() uuid.UUID { return uuid.New() }
