// Package kernel is the wire side of the Go (gograd) Jupyter kernel: it
// speaks the Jupyter messaging protocol (version 5.3) over ZeroMQ and hands
// cells to an Executor.
//
// # Sockets
//
// A kernel manager (JupyterLab, nbclient, jupyter console) writes a
// connection file naming five ports and a key, and starts the kernel with
// it. The kernel binds:
//
//	shell    ROUTER  requests and their replies: execute, complete, inspect, ...
//	control  ROUTER  the same, served on its own goroutine, so interrupt_request
//	                 and shutdown_request are heard while a cell runs
//	iopub    PUB     everything a frontend displays: status, stream,
//	                 execute_input, execute_result, display_data, error
//	stdin    ROUTER  input_request to the client that sent the execute_request
//	hb       ROUTER  echoes every message (the heartbeat)
//
// # Messages
//
// A message on the wire is a list of frames:
//
//	identities... "<IDS|MSG>" signature header parent_header metadata content buffers...
//
// The signature is the hex HMAC (signature_scheme, normally hmac-sha256) of
// the four JSON frames with the connection file's key; an empty key turns
// signing off. DecodeMessage checks it with hmac.Equal (constant time)
// before it parses anything, and the kernel drops, with a log line, every
// message that fails: a bad message never costs the kernel. Below that,
// the kernel's connections follow the ZMTP framing and drop a peer that
// announces a frame over 1 GiB, which zmq4 would otherwise try to allocate.
//
// Every request is answered between two iopub status messages, busy and
// idle, parented to the request; that is how clients know the outputs of a
// request are complete. An execute_request goes:
//
//	iopub: status busy, execute_input, stream..., display_data..., execute_result | error, status idle
//	shell: execute_reply
//
// # Handlers
//
// As in net/http, each message type has a Handler; Kernel.Handle replaces
// one. A handler reads the request with Request.Decode and answers with
// Request.Reply (on the channel the request came from) and
// Request.Publish (on iopub).
//
// # Cells
//
// The Executor runs cells. The kernel calls Execute for one cell at a
// time (the shell goroutine serves requests in order), with an Output
// that streams the cell's text in batches of at most streamWindow while the
// cell runs, publishes its display data, and asks the frontend for input.
// An interrupt cancels the cell's context and raises the compiled-op flag
// (Options.SetInterrupt), because interpreted code sees the context but a
// compiled tensor loop sees only the flag. A cell that fails returns a
// *CellError, which becomes an error message and an execute_reply with
// status "error"; with stop_on_error the execute requests already queued
// behind it are answered "aborted", as ipykernel does, and so are those of the
// same client session dated before the failure reached it (a Run All whose
// later requests arrive after the failure; see abortMark).
//
// # Comms
//
// comm_open, comm_msg and comm_close from the frontend are shell requests
// too, served in turn with cells: an Executor that implements Comms (the
// session, for Jupyter widgets) gets them with an Output parented to the
// request, through which it also publishes its own comm messages, and a
// click made while a cell runs waits in the shell queue until the cell
// ends. Without Comms, or for an unknown target, a comm_open is answered
// with comm_close, as ipykernel does.
//
// # Debugging
//
// An Executor that is Debuggable gets JupyterLab's debugger: kernel_info
// says "debugger": true (the kernelspec's metadata says so too, which is
// what JupyterLab 4 reads), and debug_request on the control channel
// carries Debug Adapter Protocol requests to package dap, whose events go
// out as debug_event on iopub. The control channel answers while a cell is
// stopped at a breakpoint, as it answers interrupts while a cell runs; an
// interrupt ends the stop and the cell.
//
// # Start-up
//
// A frontend waits for the kernel_info reply before it calls a kernel
// ready. Two things keep that wait short: cmd/gograd imports
// kernel/internal/prebind, which listens on the connection file's ports
// during package initialisation (a client that finds a port closed waits
// libzmq's 100 ms reconnect interval), and a LazyExecutor starts the
// interpreter only after the first request is answered, so that its CPU
// burst does not slow the ZeroMQ handshakes.
//
// History is kept per session in memory and appended to
// DefaultHistoryFile, answering tail, range and glob search requests.
package kernel
