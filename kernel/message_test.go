package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"
)

// RFC 4231 test case 2: HMAC-SHA256 with key "Jefe". The message is split
// across the four signed frames, which the protocol signs as one stream.
func TestSignerKnownAnswer(t *testing.T) {
	s, err := NewSigner("hmac-sha256", []byte("Jefe"))
	if err != nil {
		t.Fatal(err)
	}
	got := s.sign([]byte("what do ya"), []byte(" want "), []byte("for "), []byte("nothing?"))
	const want = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	if string(got) != want {
		t.Errorf("got %s, want %s", got, want)
	}
	if !s.verify([]byte(want), []byte("what do ya want for nothing?"), nil, nil, nil) {
		t.Error("verify rejects the RFC 4231 MAC")
	}
	if s.verify([]byte(want[:63]+"0"), []byte("what do ya want for nothing?"), nil, nil, nil) {
		t.Error("verify accepts a wrong MAC")
	}
	if _, err := NewSigner("hmac-md5", []byte("k")); err == nil {
		t.Error("unknown scheme accepted")
	}
	open, _ := NewSigner("whatever", nil) // no key: no signing, whatever the scheme
	if sig := open.sign([]byte("x")); len(sig) != 0 || !open.verify(nil, []byte("x")) {
		t.Error("empty key must disable signing")
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret"))
	parentHeader := `{"msg_id":"p1","session":"s","username":"u","date":"2020-01-01T00:00:00Z","msg_type":"execute_request","version":"5.3"}`
	m := &Message{
		Identities: [][]byte{[]byte("client-1"), []byte("client-2")},
		Header:     newHeader("execute_reply", "kernel-session"),
		Parent:     json.RawMessage(parentHeader),
		Metadata:   map[string]any{"started": "now"},
		Content:    json.RawMessage(`{"status":"ok","execution_count":1}`),
		Buffers:    [][]byte{{0, 1, 2}},
	}
	frames, err := m.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	// identities, delimiter, signature, header, parent, metadata, content, buffers
	if len(frames) != 2+1+1+4+1 || string(frames[2]) != "<IDS|MSG>" {
		t.Fatalf("frames %q", frames)
	}
	got, err := DecodeMessage(frames, s)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header != m.Header || string(got.Parent) != parentHeader || got.Metadata["started"] != "now" ||
		string(got.Content) != string(m.Content) || len(got.Identities) != 2 || !bytes.Equal(got.Buffers[0], []byte{0, 1, 2}) {
		t.Errorf("round trip: got %+v", got)
	}
	// A reply carries the request's identities and its header as parent.
	r, err := reply(got, "status", "k", map[string]any{"execution_state": "idle"})
	if err != nil {
		t.Fatal(err)
	}
	var p Header
	if err := json.Unmarshal(r.Parent, &p); err != nil || p != m.Header || len(r.Identities) != 2 {
		t.Errorf("reply parent %s, identities %q", r.Parent, r.Identities)
	}
}

func TestDecodeRejects(t *testing.T) {
	s, _ := NewSigner("hmac-sha256", []byte("secret"))
	good := func() [][]byte {
		m := &Message{Header: newHeader("kernel_info_request", "s"), Content: json.RawMessage(`{}`)}
		f, _ := m.Encode(s)
		return f
	}
	mutate := func(i int, b string) [][]byte { f := good(); f[i] = []byte(b); return f }
	for _, c := range []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"no delimiter", [][]byte{[]byte("x")}, ErrNoDelimiter},
		{"short", good()[:4], ErrShortMessage},
		{"bad signature", mutate(1, "00"), ErrBadSignature},
		{"tampered header", mutate(2, `{"msg_type":"shutdown_request"}`), ErrBadSignature},
		{"tampered content", mutate(5, `{"restart":true}`), ErrBadSignature},
	} {
		if _, err := DecodeMessage(c.frames, s); !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	open, _ := NewSigner("", nil)
	for _, c := range []struct {
		name   string
		header string
		parent string
		meta   string
		cont   string
	}{
		{"header not JSON", `{`, `{}`, `{}`, `{}`},
		{"no msg_type", `{"msg_id":"1"}`, `{}`, `{}`, `{}`},
		{"parent not JSON", `{"msg_type":"a"}`, `nope`, `{}`, `{}`},
		{"metadata not an object", `{"msg_type":"a"}`, `{}`, `[1]`, `{}`},
		{"content not an object", `{"msg_type":"a"}`, `{}`, `{}`, `"x"`},
	} {
		frames := [][]byte{delimiter, nil, []byte(c.header), []byte(c.parent), []byte(c.meta), []byte(c.cont)}
		if _, err := DecodeMessage(frames, open); err == nil {
			t.Errorf("%s: accepted", c.name)
		}
	}
}

// FuzzDecodeMessage feeds arbitrary frames to the decoder: it must return a
// message or an error, never panic, and whatever it accepts must survive a
// re-encode and decode unchanged.
func FuzzDecodeMessage(f *testing.F) {
	s, _ := NewSigner("hmac-sha256", []byte("fuzz"))
	m := &Message{Header: newHeader("execute_request", "s"), Content: json.RawMessage(`{"code":"1+1"}`)}
	frames, _ := m.Encode(s)
	f.Add(frames[2], frames[3], frames[4], frames[5], true)
	f.Add([]byte(`{"msg_type":"x"}`), []byte(`{}`), []byte(`{}`), []byte(`{}`), false)
	f.Add([]byte(`{`), []byte(``), []byte(`null`), []byte(`[]`), false)
	f.Fuzz(func(t *testing.T, header, parent, metadata, content []byte, sign bool) {
		sig := []byte("bogus")
		if sign {
			sig = s.sign(header, parent, metadata, content)
		}
		in := [][]byte{[]byte("id"), delimiter, sig, header, parent, metadata, content}
		got, err := DecodeMessage(in, s)
		if err != nil {
			return
		}
		if !sign {
			t.Fatal("accepted a bad signature")
		}
		out, err := got.Encode(s)
		if err != nil {
			t.Fatalf("re-encode: %v", err)
		}
		again, err := DecodeMessage(out, s)
		if err != nil {
			t.Fatalf("re-decode: %v", err)
		}
		if again.Header != got.Header || string(again.Content) != string(got.Content) {
			t.Fatalf("round trip changed %+v to %+v", got, again)
		}
	})
}
