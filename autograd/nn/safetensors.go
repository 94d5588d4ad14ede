package nn

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"sort"

	"github.com/gograd/gograd/autograd"
	"github.com/gograd/gograd/tensor"
)

// The safetensors format is described in doc.go ("Files: the safetensors format").

// safetensorsMaxHeader is the reference implementation's limit on a header's size, so
// that a corrupt length cannot make a reader allocate without bound.
const safetensorsMaxHeader = 100_000_000

// safetensorsDTypes are the dtypes a file is written in, with their element sizes.
var safetensorsDTypes = map[tensor.DType]struct {
	name string
	size int
}{
	tensor.Float32: {"F32", 4},
	tensor.Float64: {"F64", 8},
	tensor.Int64:   {"I64", 8},
	tensor.Bool:    {"BOOL", 1},
}

// SaveSafetensors writes sd to the file path in the safetensors format, with optional
// metadata (the header's __metadata__), as safetensors.torch.save_file(sd, path,
// metadata) does. The tensors keep sd's order in the file, so LoadSafetensors gives
// them back in it.
func SaveSafetensors(path string, sd StateDict, metadata ...map[string]string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	if err := WriteSafetensors(w, sd, metadata...); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// WriteSafetensors writes sd to w in the safetensors format.
func WriteSafetensors(w io.Writer, sd StateDict, metadata ...map[string]string) error {
	var hdr bytes.Buffer
	hdr.WriteByte('{')
	if len(metadata) > 0 && len(metadata[0]) > 0 {
		m, err := json.Marshal(metadata[0])
		if err != nil {
			return err
		}
		hdr.WriteString(`"__metadata__":`)
		hdr.Write(m)
	}
	seen := map[string]bool{}
	offset := 0
	for _, e := range sd {
		if seen[e.Name] {
			return fmt.Errorf("safetensors: tensor %q appears twice", e.Name)
		}
		seen[e.Name] = true
		a := e.Tensor.Array()
		dt, ok := safetensorsDTypes[a.DType()]
		if !ok {
			return fmt.Errorf("safetensors: tensor %q: dtype %v is not supported", e.Name, a.DType())
		}
		name, _ := json.Marshal(e.Name)
		shape, _ := json.Marshal(append([]int{}, a.Shape()...))
		if hdr.Len() > 1 {
			hdr.WriteByte(',')
		}
		end := offset + a.Numel()*dt.size
		fmt.Fprintf(&hdr, `%s:{"dtype":"%s","shape":%s,"data_offsets":[%d,%d]}`, name, dt.name, shape, offset, end)
		offset = end
	}
	hdr.WriteByte('}')
	for hdr.Len()%8 != 0 {
		hdr.WriteByte(' ')
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(hdr.Len()))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(hdr.Bytes()); err != nil {
		return err
	}
	for _, e := range sd {
		if _, err := w.Write(littleEndian(e.Tensor.Array())); err != nil {
			return err
		}
	}
	return nil
}

// littleEndian is a's elements in row-major order as little-endian bytes.
func littleEndian(a *tensor.Array) []byte {
	var out []byte
	switch a.DType() {
	case tensor.Float32:
		for _, v := range a.Float32s() {
			out = binary.LittleEndian.AppendUint32(out, math.Float32bits(v))
		}
	case tensor.Float64:
		for _, v := range a.Float64s() {
			out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
		}
	case tensor.Int64:
		for _, v := range a.Int64s() {
			out = binary.LittleEndian.AppendUint64(out, uint64(v))
		}
	case tensor.Bool:
		for _, v := range a.Bools() {
			b := byte(0)
			if v {
				b = 1
			}
			out = append(out, b)
		}
	}
	return out
}

// LoadSafetensors reads a safetensors file into a state dict (safetensors.torch's
// load_file), its tensors in the order of their data in the file, with the header's
// metadata. A file that breaks the format (a header longer than the file or not JSON,
// an unknown dtype, ranges that do not match the shapes or do not tile the data)
// gives an error saying which rule.
func LoadSafetensors(path string) (StateDict, map[string]string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	return ReadSafetensors(raw)
}

// safetensorsEntry is one tensor's record in the header.
type safetensorsEntry struct {
	DType       string `json:"dtype"`
	Shape       []int  `json:"shape"`
	DataOffsets []int  `json:"data_offsets"`
}

// ReadSafetensors decodes the bytes of a safetensors file.
func ReadSafetensors(raw []byte) (StateDict, map[string]string, error) {
	bad := func(format string, a ...any) (StateDict, map[string]string, error) {
		return nil, nil, fmt.Errorf("safetensors: "+format, a...)
	}
	if len(raw) < 8 {
		return bad("file of %d bytes has no header length", len(raw))
	}
	n := binary.LittleEndian.Uint64(raw[:8])
	if n > safetensorsMaxHeader || n > uint64(len(raw)-8) {
		return bad("header length %d exceeds the file (%d bytes) or the limit", n, len(raw))
	}
	header, data := raw[8:8+n], raw[8+n:]
	if len(header) == 0 || header[0] != '{' {
		return bad("header is not a JSON object")
	}
	names, entries, meta, err := decodeSafetensorsHeader(header)
	if err != nil {
		return bad("header: %v", err)
	}
	order := make([]int, len(names))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := entries[order[i]].DataOffsets, entries[order[j]].DataOffsets
		return len(a) == 2 && len(b) == 2 && a[0] < b[0]
	})
	var sd StateDict
	end := 0
	for _, i := range order {
		name, e := names[i], entries[i]
		rd, ok := safetensorsReaders[e.DType]
		if !ok {
			return bad("tensor %q: dtype %q is not supported", name, e.DType)
		}
		if len(e.DataOffsets) != 2 {
			return bad("tensor %q: data_offsets must be [begin, end]", name)
		}
		numel := 1
		for _, d := range e.Shape {
			if d < 0 {
				return bad("tensor %q: negative dimension in shape %v", name, e.Shape)
			}
			numel *= d
		}
		b, f := e.DataOffsets[0], e.DataOffsets[1]
		if b != end || f < b || f > len(data) {
			return bad("tensor %q: data_offsets [%d, %d] do not follow the previous tensor's end %d within %d bytes of data", name, b, f, end, len(data))
		}
		if f-b != numel*rd.size {
			return bad("tensor %q: %d bytes for shape %v of %s", name, f-b, e.Shape, e.DType)
		}
		end = f
		sd = append(sd, StateEntry{name, autograd.FromArray(rd.read(data[b:f], slices.Clone(e.Shape)))})
	}
	if end != len(data) {
		return bad("the tensors cover %d of the %d bytes of data", end, len(data))
	}
	return sd, meta, nil
}

// decodeSafetensorsHeader reads the header's object in order, refusing repeated names.
func decodeSafetensorsHeader(header []byte) (names []string, entries []safetensorsEntry, meta map[string]string, err error) {
	dec := json.NewDecoder(bytes.NewReader(header))
	if _, err := dec.Token(); err != nil {
		return nil, nil, nil, err
	}
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, nil, err
		}
		name := tok.(string)
		if seen[name] {
			return nil, nil, nil, fmt.Errorf("%q appears twice", name)
		}
		seen[name] = true
		if name == "__metadata__" {
			if err := dec.Decode(&meta); err != nil {
				return nil, nil, nil, fmt.Errorf("__metadata__: %v", err)
			}
			continue
		}
		var e safetensorsEntry
		if err := dec.Decode(&e); err != nil {
			return nil, nil, nil, fmt.Errorf("tensor %q: %v", name, err)
		}
		names, entries = append(names, name), append(entries, e)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, nil, err
	}
	if rest := bytes.TrimRight(header[dec.InputOffset():], " "); len(rest) > 0 {
		return nil, nil, nil, fmt.Errorf("%d bytes after the object", len(rest))
	}
	return names, entries, meta, nil
}

// safetensorsReaders decode each dtype a file may hold. The dtypes gograd lacks are
// widened without loss: F16 and BF16 to float32, the smaller integers to int64.
var safetensorsReaders = map[string]struct {
	size int
	read func(b []byte, shape []int) *tensor.Array
}{
	"F32": {4, func(b []byte, shape []int) *tensor.Array {
		return floats32(b, 4, func(b []byte) float32 { return math.Float32frombits(binary.LittleEndian.Uint32(b)) }, shape)
	}},
	"F16": {2, func(b []byte, shape []int) *tensor.Array {
		return floats32(b, 2, func(b []byte) float32 { return halfToFloat32(binary.LittleEndian.Uint16(b)) }, shape)
	}},
	"BF16": {2, func(b []byte, shape []int) *tensor.Array {
		return floats32(b, 2, func(b []byte) float32 { return math.Float32frombits(uint32(binary.LittleEndian.Uint16(b)) << 16) }, shape)
	}},
	"F64": {8, func(b []byte, shape []int) *tensor.Array {
		v := make([]float64, len(b)/8)
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		return tensor.FromFloat64(v).Reshape(shape...)
	}},
	"I64": {8, ints(8, func(b []byte) int64 { return int64(binary.LittleEndian.Uint64(b)) })},
	"I32": {4, ints(4, func(b []byte) int64 { return int64(int32(binary.LittleEndian.Uint32(b))) })},
	"I16": {2, ints(2, func(b []byte) int64 { return int64(int16(binary.LittleEndian.Uint16(b))) })},
	"I8":  {1, ints(1, func(b []byte) int64 { return int64(int8(b[0])) })},
	"U8":  {1, ints(1, func(b []byte) int64 { return int64(b[0]) })},
	"BOOL": {1, func(b []byte, shape []int) *tensor.Array {
		v := make([]bool, len(b))
		for i := range v {
			v[i] = b[i] != 0
		}
		return tensor.New(v, tensor.Bool).Reshape(shape...)
	}},
}

func floats32(b []byte, size int, conv func([]byte) float32, shape []int) *tensor.Array {
	v := make([]float32, len(b)/size)
	for i := range v {
		v[i] = conv(b[size*i:])
	}
	return tensor.FromFloat32(v).Reshape(shape...)
}

func ints(size int, conv func([]byte) int64) func(b []byte, shape []int) *tensor.Array {
	return func(b []byte, shape []int) *tensor.Array {
		v := make([]int64, len(b)/size)
		for i := range v {
			v[i] = conv(b[size*i:])
		}
		return tensor.New(v, tensor.Int64).Reshape(shape...)
	}
}

// halfToFloat32 is the IEEE 754 binary16 value h as a float32 (exactly: every half is
// a float32).
func halfToFloat32(h uint16) float32 {
	sign := uint32(h>>15) << 31
	exp := uint32(h>>10) & 0x1f
	frac := uint32(h) & 0x3ff
	switch {
	case exp == 0x1f: // inf, nan
		return math.Float32frombits(sign | 0xff<<23 | frac<<13)
	case exp == 0 && frac == 0:
		return math.Float32frombits(sign)
	case exp == 0: // subnormal: frac·2⁻²⁴
		v := float32(frac) / (1 << 24)
		if sign != 0 {
			v = -v
		}
		return v
	}
	return math.Float32frombits(sign | (exp+127-15)<<23 | frac<<13)
}
