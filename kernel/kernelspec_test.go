package kernel

import (
	"encoding/json"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteKernelSpec(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "kernels", "gograd")
	if err := WriteKernelSpec(dir, "/opt/gograd/bin/gograd"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	argv, _ := json.Marshal(spec["argv"])
	if string(argv) != `["/opt/gograd/bin/gograd","--connection-file","{connection_file}"]` ||
		spec["interrupt_mode"] != "message" || spec["language"] != "go" || spec["display_name"] != "Go (gograd)" {
		t.Errorf("kernel.json %s", b)
	}
	for _, size := range []int{32, 64} {
		f, err := os.Open(filepath.Join(dir, "logo-"+map[int]string{32: "32x32", 64: "64x64"}[size]+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("logo %d is %v", size, b)
		}
		// Centre of the nabla's top bar is white, the corner transparent.
		if r, g, bl, _ := img.At(size/2, size*28/100).RGBA(); r>>8 < 200 || g>>8 < 200 || bl>>8 < 200 {
			t.Errorf("logo %d: top bar not white", size)
		}
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("logo %d: corner not transparent", size)
		}
	}
}
