package dap

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"strconv"
)

// HashSeed is ipykernel's seed for naming cell files; JupyterLab hashes
// with whatever seed debugInfo reports, and using ipykernel's keeps a
// cell's name the same under both kernels' conventions.
const HashSeed = 0xC70F6907

// Murmur2 is MurmurHash2 (x86, 32 bits) of data with seed, the hash
// JupyterLab calls "Murmur2".
func Murmur2(data []byte, seed uint32) uint32 {
	const m = 0x5bd1e995
	h := seed ^ uint32(len(data))
	for len(data) >= 4 {
		k := binary.LittleEndian.Uint32(data)
		k *= m
		k ^= k >> 24
		k *= m
		h = h*m ^ k
		data = data[4:]
	}
	switch len(data) {
	case 3:
		h ^= uint32(data[2]) << 16
		fallthrough
	case 2:
		h ^= uint32(data[1]) << 8
		fallthrough
	case 1:
		h ^= uint32(data[0])
		h *= m
	}
	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return h
}

// Files names the source files of cells: Prefix + hash + Suffix.
type Files struct {
	Prefix, Suffix string
}

// DefaultFiles puts cell files in a directory of this process under the
// system's temporary directory, as ipykernel does (ipykernel_<pid>).
func DefaultFiles() Files {
	dir := filepath.Join(os.TempDir(), "gograd_"+strconv.Itoa(os.Getpid()))
	return Files{Prefix: dir + string(filepath.Separator), Suffix: ".go"}
}

// Path is the file name of a cell with this code.
func (f Files) Path(code string) string {
	return f.Prefix + strconv.FormatUint(uint64(Murmur2([]byte(code), HashSeed)), 10) + f.Suffix
}

// Dump writes code to its file and returns the path (dumpCell).
func (f Files) Dump(code string) (string, error) {
	p := f.Path(code)
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return "", err
	}
	return p, os.WriteFile(p, []byte(code), 0o600)
}
