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
	byName := map[string]tensor.DType{}
	for dt, d := range safetensorsDTypes {
		byName[d.name] = dt
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
		dt, ok := byName[e.DType]
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
		if f-b != numel*safetensorsDTypes[dt].size {
			return bad("tensor %q: %d bytes for shape %v of %s", name, f-b, e.Shape, e.DType)
		}
		end = f
		sd = append(sd, StateEntry{name, autograd.FromArray(fromLittleEndian(data[b:f], dt, e.Shape))})
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

// fromLittleEndian is the array of dtype dt and shape that b holds.
func fromLittleEndian(b []byte, dt tensor.DType, shape []int) *tensor.Array {
	shape = slices.Clone(shape)
	switch dt {
	case tensor.Float32:
		v := make([]float32, len(b)/4)
		for i := range v {
			v[i] = math.Float32frombits(binary.LittleEndian.Uint32(b[4*i:]))
		}
		return tensor.FromFloat32(v).Reshape(shape...)
	case tensor.Float64:
		v := make([]float64, len(b)/8)
		for i := range v {
			v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
		}
		return tensor.FromFloat64(v).Reshape(shape...)
	case tensor.Int64:
		v := make([]int64, len(b)/8)
		for i := range v {
			v[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
		}
		return tensor.New(v, tensor.Int64).Reshape(shape...)
	}
	v := make([]bool, len(b))
	for i := range v {
		v[i] = b[i] != 0
	}
	return tensor.New(v, tensor.Bool).Reshape(shape...)
}
