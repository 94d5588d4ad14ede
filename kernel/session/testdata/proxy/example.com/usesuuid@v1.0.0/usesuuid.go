// Package usesuuid is read from source and uses a package the kernel links.
package usesuuid

import "github.com/google/uuid"

// Python is uuid.uuid5(uuid.NAMESPACE_DNS, "python.org").
func Python() uuid.UUID { return uuid.NewSHA1(uuid.NameSpaceDNS, []byte("python.org")) }
