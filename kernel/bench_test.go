package kernel_test

import (
	"testing"
	"time"

	"github.com/gograd/gograd/kernel/session"
)

// BenchmarkExecuteRoundTrip is one execute_request of a trivial cell, from
// sending it to having the reply and the idle status, over ipc sockets with
// the real session. bench/kernel_vs_ipykernel.py compares the same against
// ipykernel from Python.
func BenchmarkExecuteRoundTrip(b *testing.B) {
	for _, transport := range []string{"ipc", "tcp"} {
		b.Run(transport, func(b *testing.B) {
			tk := startKernel(b, session.New(), transport, testKey, nil)
			c := connect(b, tk)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				c.execute("1+1", nil)
			}
		})
	}
}

// BenchmarkKernelInfoRoundTrip is the protocol's cheapest request.
func BenchmarkKernelInfoRoundTrip(b *testing.B) {
	tk := startKernel(b, newFake(), "tcp", testKey, nil)
	c := connect(b, tk)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		id := c.request("shell", "kernel_info_request", map[string]any{})
		c.reply(c.shellCh, id, 5*time.Second)
		c.iopubUntilIdle(id, 5*time.Second)
	}
}
