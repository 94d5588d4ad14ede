package kernel

import (
	"context"
	"sync"
)

// LazyExecutor builds the real Executor on its own goroutine once started.
// Starting an interpreter costs tens of milliseconds of CPU; done while the
// kernel accepts its first connections, it slows the ZeroMQ handshakes
// down by as much (measured: kernel_info answered 100-400 ms after it was
// sent, against under 10 ms when the interpreter starts later). So the
// kernel starts it right after answering its first request (a frontend's
// kernel_info), or startDelay after binding, whichever comes first; a cell
// that arrives before it is ready waits for it.
type LazyExecutor struct {
	newExec func() Executor
	once    sync.Once
	ready   chan struct{}
	exec    Executor
}

// Lazy returns a LazyExecutor that will build its Executor with newExec.
func Lazy(newExec func() Executor) *LazyExecutor {
	return &LazyExecutor{newExec: newExec, ready: make(chan struct{})}
}

// Start begins building the Executor, once; it does not wait.
func (l *LazyExecutor) Start() {
	l.once.Do(func() {
		go func() {
			defer close(l.ready)
			l.exec = l.newExec()
		}()
	})
}

func (l *LazyExecutor) wait() {
	l.Start()
	<-l.ready
}

func (l *LazyExecutor) Execute(ctx context.Context, code string, out Output) (ExecResult, error) {
	l.Start()
	select {
	case <-l.ready:
	case <-ctx.Done():
		return ExecResult{}, ctx.Err()
	}
	return l.exec.Execute(ctx, code, out)
}

func (l *LazyExecutor) Complete(code string, cursor int) ([]string, int, int) {
	l.wait()
	return l.exec.Complete(code, cursor)
}

func (l *LazyExecutor) Inspect(code string, cursor int, detail int) (map[string]any, bool) {
	l.wait()
	return l.exec.Inspect(code, cursor, detail)
}

func (l *LazyExecutor) IsComplete(code string) (string, string) {
	l.wait()
	return l.exec.IsComplete(code)
}
