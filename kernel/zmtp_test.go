package kernel

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// zmtpFrame encodes one ZMTP 3 frame.
func zmtpFrame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(body)))
		return append(append([]byte{flags | 0x02}, n[:]...), body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// The framing follower accepts any chunking of a valid stream and stops a
// frame that announces more than maxFrame, whatever the chunking.
func TestGuardedConnFollow(t *testing.T) {
	var stream []byte
	stream = append(stream, make([]byte, 64)...) // greeting
	stream = append(stream, zmtpFrame(0x04, []byte("\x05READY"))...)
	stream = append(stream, zmtpFrame(0x01, []byte("id"))...)
	stream = append(stream, zmtpFrame(0x01, nil)...)
	stream = append(stream, zmtpFrame(0x01, bytes.Repeat([]byte("x"), 300))...) // long
	stream = append(stream, zmtpFrame(0x00, []byte("{}"))...)
	huge := append(append([]byte{}, stream...), 0x02, 0, 0, 0, 0x40, 0, 0, 0, 1) // 1 GiB + 1

	for chunk := 1; chunk <= len(stream); chunk++ {
		g := &guardedConn{greeting: 64}
		for i := 0; i < len(stream); i += chunk {
			if err := g.follow(stream[i:min(i+chunk, len(stream))]); err != nil {
				t.Fatalf("chunk %d: valid stream rejected at %d: %v", chunk, i, err)
			}
		}
		if g.state != stFlags || g.greeting != 0 {
			t.Fatalf("chunk %d: ends in state %d", chunk, g.state)
		}
		g = &guardedConn{greeting: 64}
		var err error
		for i := 0; i < len(huge) && err == nil; i += chunk {
			err = g.follow(huge[i:min(i+chunk, len(huge))])
		}
		if !errors.Is(err, errFrameTooBig) {
			t.Fatalf("chunk %d: a 1 GiB + 1 frame passed (%v)", chunk, err)
		}
	}
}
