package hub

import (
	"bufio"
	"bytes"
	"crypto/sha1"
	"encoding/base64"
	"encoding/binary"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// serverFrame writes one unmasked frame, as a server sends it.
func serverFrame(w io.Writer, fin bool, op byte, payload []byte) {
	b0 := op
	if fin {
		b0 |= 0x80
	}
	hdr := []byte{b0}
	switch n := len(payload); {
	case n < 126:
		hdr = append(hdr, byte(n))
	case n <= 0xFFFF:
		hdr = append(hdr, 126, byte(n>>8), byte(n))
	default:
		hdr = append(hdr, 127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	w.Write(append(hdr, payload...))
}

// readClientFrame reads one frame from the client, which must be masked.
func readClientFrame(t *testing.T, r *bufio.Reader) (op byte, payload []byte) {
	var h [2]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		t.Errorf("server read: %v", err)
		return 0, nil
	}
	if h[1]&0x80 == 0 {
		t.Error("client frame not masked (RFC 6455 §5.3 requires it)")
	}
	n := uint64(h[1] & 0x7F)
	switch n {
	case 126:
		var b [2]byte
		io.ReadFull(r, b[:])
		n = uint64(binary.BigEndian.Uint16(b[:]))
	case 127:
		var b [8]byte
		io.ReadFull(r, b[:])
		n = binary.BigEndian.Uint64(b[:])
	}
	var mask [4]byte
	io.ReadFull(r, mask[:])
	payload = make([]byte, n)
	io.ReadFull(r, payload)
	for i := range payload {
		payload[i] ^= mask[i%4]
	}
	return h[0] & 0x0F, payload
}

// TestWebSocket runs the client against a hand-written server: the handshake
// with the accept key of RFC 6455 §4.2.2, masked client frames of each length
// encoding, a message in fragments, a ping answered in the middle of one, and
// the close handshake.
func TestWebSocket(t *testing.T) {
	long := bytes.Repeat([]byte("x"), 70000) // 64-bit length from the client
	mid := bytes.Repeat([]byte("y"), 300)    // 16-bit length
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "token abc" || r.Header.Get("Upgrade") != "websocket" {
			http.Error(w, "bad request", 400)
			return
		}
		sum := sha1.Sum([]byte(r.Header.Get("Sec-WebSocket-Key") + wsGUID))
		conn, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		rw.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
		rw.WriteString("Sec-WebSocket-Accept: " + base64.StdEncoding.EncodeToString(sum[:]) + "\r\n\r\n")
		rw.Flush()
		for _, want := range [][]byte{[]byte("hi"), mid, long} {
			if op, got := readClientFrame(t, rw.Reader); op != opText || !bytes.Equal(got, want) {
				t.Errorf("server got op %d, %d bytes; want a text frame of %d", op, len(got), len(want))
			}
		}
		// "hello world" in three fragments, a ping between the first two.
		serverFrame(conn, false, opText, []byte("hello"))
		serverFrame(conn, true, opPing, []byte("p1"))
		serverFrame(conn, false, opCont, []byte(" wor"))
		serverFrame(conn, true, opCont, []byte("ld"))
		if op, got := readClientFrame(t, rw.Reader); op != opPong || string(got) != "p1" {
			t.Errorf("after a ping the client sent op %d %q, want a pong with its payload", op, got)
		}
		serverFrame(conn, true, opText, long)
		serverFrame(conn, true, opClose, []byte{0x03, 0xE8})
		if op, _ := readClientFrame(t, rw.Reader); op != opClose {
			t.Errorf("client answered a close with op %d", op)
		}
	}))
	defer srv.Close()
	url := "ws" + strings.TrimPrefix(srv.URL, "http") + "/api/kernels/k/channels"
	if _, err := dialWS(url, nil, 5*time.Second); err == nil || !strings.Contains(err.Error(), "400") {
		t.Errorf("handshake without the token: %v, want the server's 400", err)
	}
	c, err := dialWS(url, http.Header{"Authorization": {"token abc"}}, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for _, m := range [][]byte{[]byte("hi"), mid, long} {
		if err := c.WriteText(m); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"hello world", string(long)} {
		got, err := c.ReadMessage()
		if err != nil || string(got) != want {
			t.Fatalf("ReadMessage: %d bytes, %v; want %d bytes", len(got), err, len(want))
		}
	}
	if _, err := c.ReadMessage(); err != io.EOF {
		t.Errorf("after the server's close: %v, want io.EOF", err)
	}
}

func TestPercentile(t *testing.T) {
	ms := func(n ...int) []time.Duration {
		var d []time.Duration
		for _, x := range n {
			d = append(d, time.Duration(x)*time.Millisecond)
		}
		return d
	}
	for _, c := range []struct {
		sorted []time.Duration
		q      float64
		want   time.Duration
	}{
		{nil, 0.5, 0},
		{ms(7), 0.95, 7 * time.Millisecond},
		{ms(1, 2, 3, 4), 0.5, 2 * time.Millisecond}, // nearest rank: ceil(0.5·4) = 2nd
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), 0.95, 19 * time.Millisecond},
		{ms(1, 2, 3), 1, 3 * time.Millisecond},
	} {
		if got := Percentile(c.sorted, c.q); got != c.want {
			t.Errorf("Percentile(%v, %v) = %v, want %v", c.sorted, c.q, got, c.want)
		}
	}
}
