//go:build !unix

package tensor

// cpuTime is 0 where the process's CPU time is not read: no cpu-ns/op is reported.
func cpuTime() int64 { return 0 }
