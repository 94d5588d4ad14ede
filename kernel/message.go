package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"time"

	"github.com/google/uuid"
)

// ProtocolVersion is the Jupyter messaging protocol version the kernel speaks.
const ProtocolVersion = "5.3"

// delimiter separates the routing identities from the signed part of a message.
var delimiter = []byte("<IDS|MSG>")

// Header is a message header. Requests' headers come back verbatim as the
// parent_header of everything the kernel sends in answer.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. Parent is kept as raw JSON so that a
// request's header is echoed exactly as the client sent it (clients match
// replies on parent_header.msg_id and some look at other fields).
type Message struct {
	Identities [][]byte
	Header     Header
	Parent     json.RawMessage
	Metadata   map[string]any
	Content    json.RawMessage
	Buffers    [][]byte

	rawHeader json.RawMessage // the header frame as received, echoed as parent
}

// Signer signs and verifies messages with the connection file's key.
// A nil key means the client asked for no authentication.
type Signer struct {
	newHash func() hash.Hash
	key     []byte
}

// NewSigner returns a signer for scheme ("hmac-sha256" or "hmac-sha512";
// empty means hmac-sha256) and key. An empty key disables signing,
// as the protocol says.
func NewSigner(scheme string, key []byte) (*Signer, error) {
	s := &Signer{}
	if len(key) == 0 {
		return s, nil
	}
	switch scheme {
	case "", "hmac-sha256":
		s.newHash = sha256.New
	case "hmac-sha512":
		s.newHash = sha512.New
	default:
		return nil, fmt.Errorf("kernel: unsupported signature_scheme %q", scheme)
	}
	s.key = key
	return s, nil
}

// sign returns the hex HMAC of the four signed frames (empty when signing is off).
func (s *Signer) sign(frames ...[]byte) []byte {
	if s == nil || len(s.key) == 0 {
		return nil
	}
	mac := hmac.New(s.newHash, s.key)
	for _, f := range frames {
		mac.Write(f)
	}
	sum := mac.Sum(nil)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// verify compares in constant time so that a client cannot learn the
// signature byte by byte from response timing.
func (s *Signer) verify(sig []byte, frames ...[]byte) bool {
	if s == nil || len(s.key) == 0 {
		return true
	}
	return hmac.Equal(sig, s.sign(frames...))
}

// Errors of DecodeMessage.
var (
	ErrNoDelimiter  = errors.New("kernel: message has no <IDS|MSG> delimiter")
	ErrShortMessage = errors.New("kernel: message has fewer than 4 frames after the delimiter")
	ErrBadSignature = errors.New("kernel: message signature does not verify")
)

// DecodeMessage parses the frames of a multipart message as received on a
// ROUTER socket (identities first). It verifies the signature before it
// parses any JSON.
func DecodeMessage(frames [][]byte, s *Signer) (*Message, error) {
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return nil, ErrNoDelimiter
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, ErrShortMessage
	}
	sig, header, parent, metadata, content := rest[0], rest[1], rest[2], rest[3], rest[4]
	if !s.verify(sig, header, parent, metadata, content) {
		return nil, ErrBadSignature
	}
	m := &Message{Identities: frames[:i], Buffers: rest[5:]}
	if err := json.Unmarshal(header, &m.Header); err != nil {
		return nil, fmt.Errorf("kernel: bad header: %w", err)
	}
	if m.Header.MsgType == "" {
		return nil, errors.New("kernel: header has no msg_type")
	}
	m.rawHeader = json.RawMessage(header)
	if !json.Valid(parent) {
		return nil, errors.New("kernel: bad parent_header")
	}
	m.Parent = json.RawMessage(parent)
	if len(metadata) > 0 {
		if err := json.Unmarshal(metadata, &m.Metadata); err != nil {
			return nil, fmt.Errorf("kernel: bad metadata: %w", err)
		}
	}
	if !json.Valid(content) || len(bytes.TrimSpace(content)) == 0 || bytes.TrimSpace(content)[0] != '{' {
		return nil, errors.New("kernel: content is not a JSON object")
	}
	m.Content = json.RawMessage(content)
	return m, nil
}

// Encode returns the frames of m, signed with s.
func (m *Message) Encode(s *Signer) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, err
	}
	parent := []byte(m.Parent)
	if len(parent) == 0 {
		parent = []byte("{}")
	}
	metadata := []byte("{}")
	if len(m.Metadata) > 0 {
		if metadata, err = json.Marshal(m.Metadata); err != nil {
			return nil, err
		}
	}
	content := []byte(m.Content)
	if len(content) == 0 {
		content = []byte("{}")
	}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, s.sign(header, parent, metadata, content), header, parent, metadata, content)
	frames = append(frames, m.Buffers...)
	return frames, nil
}

// newHeader returns a fresh header of msgType in session.
func newHeader(msgType, session string) Header {
	return Header{
		MsgID:    uuid.NewString(),
		Session:  session,
		Username: "kernel",
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// reply builds a message answering parent (nil parent: an unsolicited
// message such as the first "starting" status).
func reply(parent *Message, msgType, session string, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, err
	}
	m := &Message{Header: newHeader(msgType, session), Content: c}
	if parent != nil {
		m.Parent = parent.rawHeader
		m.Identities = parent.Identities
	}
	return m, nil
}
